"""Factories for plans. They write rows directly (for arranging tests); the code under test always
goes through services. Call them as `PlanFactory.create(...)`: that form is typed.

    plan = PlanFactory.create(municipality=aarhus)              # a plan without versions
    version = VersionFactory.create(plan=plan)                  # version 1, a draft, no sections
    adopted = VersionFactory.create(plan=plan, status="adopted")  # council date and reference set
    SectionFactory.create(version=version, key="formaal", body="<p>Tekst</p>")

`VersionFactory(status=...)` fills what the status needs (decision date and reference for adopted,
published_at for published, superseded_at for superseded); pass them yourself to choose."""

import datetime

import factory
from django.utils import timezone

from forebyg.actors.models import Organisation
from forebyg.plans.models import ActionPlan, PlanTask, PlanVersion, Section
from forebyg.plans.workflow import VersionStatus

ADOPTED_STATUSES = {VersionStatus.ADOPTED, VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED}


def municipality(key: str = "aarhus-kommune") -> Organisation:
    return Organisation.objects.get(key=key)


class PlanFactory(factory.django.DjangoModelFactory[ActionPlan]):
    class Meta:
        model = ActionPlan
        django_get_or_create = ("municipality",)

    municipality = factory.LazyFunction(municipality)


def _decision_date(version: PlanVersion) -> datetime.date | None:
    if version.status not in ADOPTED_STATUSES:
        return None
    return timezone.localdate() - datetime.timedelta(days=30)


def _published_at(version: PlanVersion) -> datetime.datetime | None:
    if version.status in (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED):
        return timezone.now() - datetime.timedelta(days=20)
    return None


def _next_number(version: PlanVersion) -> int:
    last = version.plan.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


class VersionFactory(factory.django.DjangoModelFactory[PlanVersion]):
    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(PlanFactory)
    number = factory.LazyAttribute(_next_number)
    title = factory.LazyAttribute(lambda v: f"Beredskab mod ekstremisme, version {v.number}")
    status = VersionStatus.DRAFT
    council_decision_date = factory.LazyAttribute(_decision_date)
    council_reference = factory.LazyAttribute(
        lambda v: "KB sag 12/2026" if v.status in ADOPTED_STATUSES else ""
    )
    published_at = factory.LazyAttribute(_published_at)
    superseded_at = factory.LazyAttribute(
        lambda v: timezone.now() if v.status == VersionStatus.SUPERSEDED else None
    )


class SectionFactory(factory.django.DjangoModelFactory[Section]):
    class Meta:
        model = Section

    version = factory.SubFactory(VersionFactory)
    key = factory.Sequence(lambda n: f"afsnit-{n}")
    order = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Afsnit {n}")
    pillar = ""
    body = "<p>Kommunens tekst.</p>"


class TaskFactory(factory.django.DjangoModelFactory[PlanTask]):
    class Meta:
        model = PlanTask

    version = factory.SubFactory(VersionFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Opgave {n}")
