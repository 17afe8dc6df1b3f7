"""Concerns from municipal intake forms (concerns:create) and their status (concerns:status)."""

import datetime
import hashlib
import secrets
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Router, Schema
from pydantic import Field

from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.api.auth import TokenAuth, token_use
from forebyg.api.fields import Reference, Text
from forebyg.api.models import ApiToken, Scope
from forebyg.api.problems import TOKEN_ERRORS, ApiProblem, errors_by_status
from forebyg.cases import selectors
from forebyg.cases.models import Concern, CustodyInformed, Source
from forebyg.cases.models.concerns import CONTACT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from forebyg.cases.reports import report_status_of
from forebyg.cases.services import intake, reads
from forebyg.prevention.models import ExtremismCategory, WarningSign

router = Router(auth=TokenAuth())


class ConcernIn(Schema):
    person_name: Annotated[str, Field(min_length=1, max_length=intake.NAME_MAX_LENGTH), Text]
    cpr: Annotated[str, Field(max_length=20), Text] = Field(
        "", description="CPR number (ddmmyy-xxxx); give it or the birth date."
    )
    birth_date: datetime.date | None = None
    description: Annotated[str, Field(min_length=1, max_length=DESCRIPTION_MAX_LENGTH), Text]
    reporter_contact: Annotated[str, Field(max_length=CONTACT_MAX_LENGTH), Text] = ""
    acute: bool = False
    custody_informed: Literal["yes", "no", "unknown", "not_relevant"] = Field(
        "not_relevant", description="For a child: do the custody holders know?"
    )
    category: Annotated[str, Field(max_length=80), Text] | None = Field(
        None, description="Key of an extremism category."
    )
    signs: list[Annotated[str, Field(max_length=80), Text]] = Field(
        default_factory=list, max_length=50, description="Keys of observed warning signs."
    )


class ConcernReceiptOut(Schema):
    reference: str
    received_at: datetime.datetime


class ConcernStatusOut(Schema):
    reference: str
    received_at: datetime.datetime
    status: str
    status_label: str


def _municipality_of(organisation: Organisation) -> Organisation:
    """The token's municipality: its organisation, or the municipality a school etc. is under."""
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        return organisation
    parent = organisation.parent
    if parent is not None and parent.kind == OrganisationKind.MUNICIPALITY:
        return parent
    raise ApiProblem(403, _("Only a municipality or one of its units sends concerns."))


def _stored_key(token: ApiToken, header: str | None) -> str:
    """The token's own idempotency key space: another token's key never matches."""
    key = (header or "").strip() or secrets.token_hex(16)
    return hashlib.sha256(f"{token.pk}:{key}".encode()).hexdigest()


def _choices(data: ConcernIn) -> tuple[ExtremismCategory | None, list[WarningSign]]:
    category = None
    if data.category:
        category = ExtremismCategory.objects.filter(key=data.category).first()
        if category is None:
            raise ValidationError({"category": _("Unknown category.")}, code="invalid")
    signs = list(WarningSign.objects.filter(key__in=set(data.signs)))
    if len(signs) != len(set(data.signs)):
        raise ValidationError({"signs": _("Unknown warning sign.")}, code="invalid")
    return category, signs


@router.post(
    "",
    response={
        201: ConcernReceiptOut,
        200: ConcernReceiptOut,
        **TOKEN_ERRORS,
        **errors_by_status(409, 422),
    },
    summary="Send a concern",
    description="Records a concern as the web form does. The same Idempotency-Key again returns "
    "the first concern (200) instead of recording it twice.",
)
def create_concern(
    request: HttpRequest,
    data: ConcernIn,
    idempotency_key: Annotated[str | None, Field(max_length=64), Text] = Header(
        None, alias="Idempotency-Key"
    ),
) -> tuple[int, dict[str, object]]:
    with token_use(request, Scope.CONCERNS_CREATE) as token:
        municipality = _municipality_of(token.organisation)
        key = _stored_key(token, idempotency_key)
        existing = selectors.concern_by_key(key)
        if existing is not None:
            return 200, _receipt(existing)
        category, signs = _choices(data)
        concern = _receive(token, key, municipality, data, category, signs)
    return 201, _receipt(concern)


def _receipt(concern: Concern) -> dict[str, object]:
    return {"reference": concern.reporter_reference, "received_at": concern.received_at}


def _receive(
    token: ApiToken,
    key: str,
    municipality: Organisation,
    data: ConcernIn,
    category: ExtremismCategory | None,
    signs: list[WarningSign],
) -> Concern:
    """The web form's intake without its role check: the token's scope stands in for the role."""
    checked = intake.validate_intake(
        source=Source.API,
        key=key,
        name=data.person_name,
        municipality=municipality,
        description=data.description,
        contact=data.reporter_contact,
        cpr=data.cpr,
        birth_date=data.birth_date,
        custody_informed=data.custody_informed or CustodyInformed.NOT_RELEVANT,
        uploads=(),
    )
    checked.signs, checked.category, checked.acute = signs, category, data.acute
    return intake.record_intake(checked, by=token.account)


@router.get(
    "/{reference}/status",
    response={200: ConcernStatusOut, **TOKEN_ERRORS, **errors_by_status(404, 422)},
    summary="The status of a concern this organisation sent",
)
def concern_status(request: HttpRequest, reference: Reference) -> HttpResponse | dict[str, object]:
    with token_use(request, Scope.CONCERNS_STATUS) as token:
        concern = selectors.concern_sent_by(token.organisation, reference)
        if concern is None:
            raise Http404(_("No such report."))
        status = report_status_of(concern)
        reads.record_own_reports_view("concern.status_viewed", [status.reference], by=token.account)
    return {
        "reference": status.reference,
        "received_at": status.received_at,
        "status": str(status.status),
        "status_label": status.status_label,
    }
