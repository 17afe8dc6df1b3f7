"""Factories and arrangers for the retention tests. They write rows directly or through the other
apps' services (to arrange); the code under test goes through retention.services."""

import datetime
import uuid

import factory
from django.utils import timezone

from forebyg.accounts.models import Role, User
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation
from forebyg.cases import services as case_services
from forebyg.cases.models import Case, MeasureReview, StatusChange
from forebyg.cases.tests.factories import (
    AssessmentFactory,
    CaseFactory,
    CaseMeasureFactory,
    ObservationFactory,
    cpr_for,
)
from forebyg.cases.tests.helpers import upload
from forebyg.cases.workflow import Status
from forebyg.conferences import services as conference_services
from forebyg.exchange import invitations
from forebyg.exchange.tests.factories import ConsentFactory
from forebyg.retention.models import RetentionPeriod

BORN = datetime.date(2009, 7, 1)


def long_ago(days: int = 3000) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def second_dpo(organisation: Organisation, username: str = "dpo-2") -> User:
    return UserFactory.create(
        username=username, memberships=[(organisation, Role.DATA_PROTECTION_OFFICER)]
    )


class RetentionPeriodFactory(factory.django.DjangoModelFactory[RetentionPeriod]):
    class Meta:
        model = RetentionPeriod

    organisation = factory.LazyFunction(lambda: Organisation.objects.get(key="aarhus-kommune"))
    outcome = "unfounded"
    months = 12
    changed_by = factory.SubFactory(UserFactory)


def closed_case(
    status: str = Status.UNFOUNDED, closed_at: datetime.datetime | None = None, **kwargs
) -> Case:
    """A case closed at `closed_at` (long ago by default), written directly."""
    return CaseFactory.create(status=status, closed_at=closed_at or long_ago(), **kwargs)


def close(case: Case, closed_at: datetime.datetime) -> Case:
    Case.objects.filter(pk=case.pk).update(
        status=Status.CLOSED,
        closed_at=closed_at,
        closure_reason="measures_completed",
        closure_outcome="improved",
    )
    case.refresh_from_db()
    return case


def _conference(case: Case, coordinator: User) -> None:
    conference = conference_services.create_conference(
        by=coordinator,
        municipality=case.municipality,
        held_on=timezone.localdate() + datetime.timedelta(days=7),
        location="Rådhuset",
    )
    conference_services.add_participant(
        conference, by=coordinator, organisation=case.municipality, name="Tove Holst"
    )
    item = conference_services.add_case(
        conference, by=coordinator, case=case, reason="Jonas Hansen skal drøftes."
    )
    conference_services.write_minutes(item, by=coordinator, text="Jonas Hansen har det bedre.")
    conference_services.record_decision(
        item,
        by=coordinator,
        organisation=case.municipality,
        decided_by="Tove Holst",
        text="Mentor til Jonas Hansen.",
    )


def rich_case(coordinator: User, *, serial: str = "123", closed_at=None) -> Case:
    """A closed case with something in every place a case holds personal data: a concern with
    contact details and a file, a partner invitation (ledger), a conference with minutes and a
    decision, an assessment with an observation, a measure with a review, a consent, a note."""
    concern = case_services.receive_concern(
        by=coordinator,
        source="coordinator",
        idempotency_key=uuid.uuid4().hex,
        person_name="Jonas Hansen",
        municipality=coordinator.memberships.get().organisation,
        description="Jonas Hansen deler voldsforherligende videoer.",
        cpr=cpr_for(BORN, serial),
        custody_informed="yes",
        reporter_contact="Lærer Lise, 12 34 56 78",
        attachments=[upload()],
    )
    case = concern.case
    Case.objects.filter(pk=case.pk).update(status=Status.INFORMATION_GATHERING)
    case.refresh_from_db()
    psychiatry = case.municipality.region.children.get(kind="psychiatry")  # type: ignore[union-attr]
    invitations.invite_partner(
        case, by=coordinator, partner=psychiatry, summary="Ung, der deler videoer.",
        necessity_note="Psykiatrien skal vurdere Jonas.",
    )  # fmt: skip
    _conference(case, coordinator)
    ObservationFactory.create(assessment=AssessmentFactory.create(case=case), text="Isoleret.")
    measure = CaseMeasureFactory.create(case=case, created_by=coordinator)
    MeasureReview.objects.create(
        measure=measure, reviewed_on=timezone.localdate(), note="Går godt.", by=coordinator
    )
    ConsentFactory.create(person=case.person, recorded_by=coordinator, note="Mor giver samtykke.")
    StatusChange.objects.create(
        case=case, from_status="follow_up", to_status="closed", by=coordinator, note="Jonas ok."
    )
    return close(case, closed_at or long_ago())
