import datetime

import factory

from forebyg.national.models import FocusArea, Initiative, InitiativeStatus, StatusUpdate


class InitiativeFactory(factory.django.DjangoModelFactory):
    """An initiative an analyst added (no seed key), in a focus area of the loaded plan."""

    class Meta:
        model = Initiative

    focus_area = factory.LazyFunction(lambda: FocusArea.objects.get(number=9))
    title_da = factory.Sequence(lambda n: f"Testinitiativ {n}")
    title_en = factory.Sequence(lambda n: f"Test initiative {n}")


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    initiative = factory.SubFactory(InitiativeFactory)
    date = datetime.date(2020, 1, 1)
    status = InitiativeStatus.IN_PROGRESS
    note = factory.Sequence(lambda n: f"Note {n}")
