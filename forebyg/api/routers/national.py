"""The national action plan of 2016: focus areas, initiatives and their status history (public,
as the tracker's pages are; read through national.selectors as the pages do)."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from forebyg.api.auth import throttle_anonymous
from forebyg.api.fields import Id
from forebyg.api.problems import PUBLIC_ERRORS, errors_by_status
from forebyg.national import selectors
from forebyg.national.models import Initiative

router = Router()


class NationalInitiativeSummaryOut(Schema):
    id: int
    number: int | None
    title_da: str
    title_en: str
    responsible: str | None
    status: str | None
    status_date: datetime.date | None


class FocusAreaOut(Schema):
    number: int
    title_da: str
    title_en: str
    initiatives: list[NationalInitiativeSummaryOut]


class StatusUpdateOut(Schema):
    date: datetime.date
    status: str
    note: str
    source: str


class NationalInitiativeOut(NationalInitiativeSummaryOut):
    focus_area: int
    source: str
    history: list[StatusUpdateOut]


def _initiative(initiative: Initiative) -> dict[str, Any]:
    return {
        "id": initiative.pk,
        "number": initiative.number,
        "title_da": initiative.title_da,
        "title_en": initiative.title_en,
        "responsible": initiative.responsible.key if initiative.responsible else None,
        "status": selectors.current_status(initiative),
        "status_date": getattr(initiative, "current_status_date", None),
    }


@router.get("/focus-areas", response={200: list[FocusAreaOut], **PUBLIC_ERRORS})
def list_focus_areas(request: HttpRequest) -> list[dict[str, Any]]:
    throttle_anonymous(request)
    return [
        {
            "number": area.number,
            "title_da": area.title_da,
            "title_en": area.title_en,
            "initiatives": [_initiative(i) for i in area.initiatives.all()],
        }
        for area in selectors.focus_areas_with_initiatives()
    ]


@router.get(
    "/initiatives/{initiative_id}",
    response={200: NationalInitiativeOut, **PUBLIC_ERRORS, **errors_by_status(404, 422)},
)
def read_initiative(request: HttpRequest, initiative_id: Id) -> dict[str, Any]:
    throttle_anonymous(request)
    found = selectors.initiative_with_history(initiative_id)
    if found is None:
        raise Http404(_("No such initiative."))
    # Who recorded an update is not public: the pages show the date, status, note and source.
    updates = [
        {"date": u.date, "status": u.status, "note": u.note, "source": u.source}
        for u in selectors.history(found)
    ]
    return _initiative(found) | {
        "focus_area": found.focus_area.number,
        "source": found.source,
        "history": updates,
    }
