import factory

from forebyg.actors.models import Level, Organisation, OrganisationKind


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    """A municipal unit (a school unless told otherwise); pass parent= its municipality."""

    class Meta:
        model = Organisation
        django_get_or_create = ("key",)
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"test-organisation-{n}")
    kind = OrganisationKind.SCHOOL
    level = Level.LOCAL
    name_da = factory.Sequence(lambda n: f"Testskole {n}")
    name_en = factory.Sequence(lambda n: f"Test School {n}")
    source = "test"
