"""Cases for the coordinators' own systems (cases:read), in scope exactly as in the web app: a
municipality's token sees its municipality's cases, a police district's its district's."""

import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from forebyg.actors.models import Organisation
from forebyg.api.auth import TokenAuth, token_use
from forebyg.api.fields import Id, Key, Reference
from forebyg.api.models import Scope
from forebyg.api.problems import TOKEN_ERRORS, errors_by_status
from forebyg.audit import services as audit
from forebyg.cases import ages, references, selectors, workflow
from forebyg.cases.models import Case
from forebyg.cases.services import reads as case_services

router = Router(auth=TokenAuth())

VIEW_PURPOSE = "case_handling"


class CaseFilters(Schema):
    status: workflow.Status | None = None
    level: Key | None = Field(None, description="Key of a prevention level.")
    category: Key | None = Field(None, description="Key of an extremism category.")
    age_band: ages.AgeBand | None = None
    opened_from: datetime.date | None = None
    opened_to: datetime.date | None = None
    reference: Reference | None = None
    page: Annotated[int, Field(ge=1, le=100_000)] = 1
    page_size: Annotated[int, Field(ge=1, le=100)] = 25


class CaseOut(Schema):
    id: int
    reference: str
    status: str
    status_label: str
    acute: bool
    episode: int
    person: str = Field(description="The person's pseudonym.")
    municipality: str = Field(description="Municipality code.")
    police_district: str = Field(description="Police district code.")
    category: str | None
    level: str | None
    age_band: str | None
    opened_at: datetime.datetime
    screening_due: datetime.date
    screening_overdue: bool
    closed_at: datetime.datetime | None


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseOut]


class CaseConcernOut(Schema):
    received_at: datetime.datetime
    source: str
    acute: bool
    category: str | None
    description: str
    signs: list[str]


class StatusStepOut(Schema):
    from_status: str
    to_status: str
    at: datetime.datetime


class CasePersonOut(Schema):
    pseudonym: str
    name: str
    birth_date: datetime.date | None
    gender: str


class CaseDetailOut(CaseOut):
    person_details: CasePersonOut
    concerns: list[CaseConcernOut]
    status_history: list[StatusStepOut]


def _scoped(organisation: Organisation) -> QuerySet[Case]:
    return selectors.organisation_cases(organisation)


def _filtered(cases: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    """The dashboard's filters (selectors.filtered_cases) on the token's cases."""
    if filters.opened_from and filters.opened_to and filters.opened_from > filters.opened_to:
        raise ValidationError({"opened_to": _("The first date is after the last.")}, code="dates")
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.level:
        cases = cases.filter(level__key=filters.level)
    if filters.category:
        cases = cases.filter(category__key=filters.category)
    if filters.age_band:
        cases = cases.filter(selectors._age_band_filter(filters.age_band, timezone.localdate()))
    if filters.opened_from:
        cases = cases.filter(opened_at__date__gte=filters.opened_from)
    if filters.opened_to:
        cases = cases.filter(opened_at__date__lte=filters.opened_to)
    if filters.reference:
        cases = cases.filter(reference=references.normalise(filters.reference))
    return cases.order_by("-opened_at", "-id")


def _case_row(case: Case, today: datetime.date) -> dict[str, Any]:
    band = case.age_band(today)
    return {
        "id": case.pk,
        "reference": case.reference,
        "status": case.status,
        "status_label": str(case.get_status_display()),
        "acute": case.acute,
        "episode": case.episode,
        "person": case.person.pseudonym,
        "municipality": case.municipality.code,
        "police_district": case.police_district.code,
        "category": case.category.key if case.category else None,
        "level": case.level.key if case.level else None,
        "age_band": str(band.value) if band else None,
        "opened_at": case.opened_at,
        "screening_due": case.screening_due,
        "screening_overdue": case.is_screening_overdue(today),
        "closed_at": case.closed_at,
    }


@router.get(
    "",
    response={200: CasePage, **TOKEN_ERRORS, **errors_by_status(422)},
    summary="Cases in the token's scope",
)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    with token_use(request, Scope.CASES_READ) as token:
        cases = _filtered(_scoped(token.organisation), filters)
        start = (filters.page - 1) * filters.page_size
        rows = list(cases[start : start + filters.page_size])
        count = cases.count()
        shown = filters.model_dump(exclude={"page_size"}, exclude_none=True)
        case_services.record_case_list(rows, by=token.account, filters=shown)
    today = timezone.localdate()
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [_case_row(case, today) for case in rows],
    }


@router.get(
    "/{case_id}",
    response={200: CaseDetailOut, **TOKEN_ERRORS, **errors_by_status(404, 422)},
    summary="One case in the token's scope (logged as a case view)",
)
def read_case(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    with token_use(request, Scope.CASES_READ) as token:
        case = _scoped(token.organisation).filter(pk=case_id).first()
        if case is None:
            raise Http404(_("No such case."))
        # As services.record_case_view does for a coordinator, with the token's account.
        audit.record(
            token.account, "case.viewed", case, organisation=case.municipality, purpose=VIEW_PURPOSE
        )
        row = _case_row(case, timezone.localdate())
        row["person_details"] = {
            "pseudonym": case.person.pseudonym,
            "name": case.person.name,
            "birth_date": case.person.birth_date,
            "gender": case.person.gender,
        }
        row["concerns"] = [
            {
                "received_at": concern.received_at,
                "source": concern.source,
                "acute": concern.acute,
                "category": concern.category.key if concern.category else None,
                "description": concern.description,
                "signs": [sign.key for sign in concern.signs.all()],
            }
            for concern in selectors.case_concerns(case)
        ]
        row["status_history"] = [
            {"from_status": step.from_status, "to_status": step.to_status, "at": step.at}
            for step in selectors.case_status_history(case)
        ]
    return row
