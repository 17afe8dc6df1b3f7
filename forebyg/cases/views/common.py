"""Plumbing shared by the coordinators' case views: who gets in, the purpose of a logged view,
and the context of the case page.

The purpose of a view is "case_handling" unless the user came from a person search: the search
(a POST) keeps its stated purpose and the people it found in the session, so a view of one of
those people or their cases is logged with that purpose. Neither ever appears in a URL."""

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.cases import ages, permissions, selectors, workflow
from forebyg.cases.forms.handling import ClassifyForm, StatusForm
from forebyg.cases.models import Case, Person
from forebyg.cases.models.measures import RUNNING_MEASURE_STATUSES

DEFAULT_PURPOSE = "case_handling"
SEARCH_SESSION_KEY = "cases.person_search"
SEARCH_LIFETIME = datetime.timedelta(hours=1)

View = Callable[..., HttpResponseBase]


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


def coordinators_only(view: View) -> View:
    """Pages that are not about one case: a 404 for anyone without case scope, never a 403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not permissions.is_coordinator(request.user):
            raise Http404(_("No such page."))
        return view(request, *args, **kwargs)

    return wrapper


# -- The purpose of a logged view ------------------------------------------------------------


def remember_search(request: HttpRequest, *, purpose: str, people: list[Person]) -> None:
    """Keep a search's purpose and the people it found (primary keys only) for the next views."""
    request.session[SEARCH_SESSION_KEY] = {
        "purpose": purpose,
        "people": [person.pk for person in people],
        "until": (timezone.now() + SEARCH_LIFETIME).timestamp(),
    }


def remembered_search(request: HttpRequest) -> dict[str, Any] | None:
    """The latest search of this session, unless it is older than an hour."""
    search = request.session.get(SEARCH_SESSION_KEY)
    if not isinstance(search, dict) or search.get("until", 0) < timezone.now().timestamp():
        return None
    return search


def purpose_for(request: HttpRequest, person_id: int) -> str:
    """The purpose to log for a view of this person or one of their cases."""
    search = remembered_search(request)
    if search is not None and person_id in search.get("people", []):
        return str(search["purpose"])
    return DEFAULT_PURPOSE


# -- Case lists and the case page ----------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """A case in a list, with what depends on today's date."""

    case: Case
    age_band: ages.AgeBand | None
    screening_overdue: bool


def case_rows(cases: Iterable[Case], today: datetime.date) -> list[CaseRow]:
    return [CaseRow(c, c.age_band(today), c.is_screening_overdue(today)) for c in cases]


# -- The case page -----------------------------------------------------------------------------


def panel_context(
    user: User,
    case: Case,
    *,
    status_form: StatusForm | None = None,
    classify_form: ClassifyForm | None = None,
    done: str = "",
) -> dict[str, Any]:
    """What the status panel shows: status, deadlines, classification, history and the forms."""
    status_form = status_form or StatusForm(case=case, user=user)
    today = timezone.localdate()
    return {
        "case": case,
        "today": today,
        "screening_overdue": case.is_screening_overdue(today),
        "waits_for_police": case.status == workflow.Status.SCREENING,
        "can_change": permissions.can_change_case(user, case) and not case.is_closed,
        "status_form": status_form,
        "classify_form": classify_form or ClassifyForm(case=case),
        "status_history": selectors.case_status_history(case),
        "done": done,
    }


def detail_context(user: User, case: Case, **forms: Any) -> dict[str, Any]:
    """Everything on the case page."""
    history = selectors.assessment_history(case)
    context = panel_context(user, case, **forms)
    context.update(
        {
            "concerns": selectors.case_concerns(case),
            "latest": history[-1] if history else None,
            "older": [assessment for assessment, _changes in reversed(history[:-1])],
            "measures": selectors.case_measures(case),
            "running": list(RUNNING_MEASURE_STATUSES),
            "in_infohus": case.status in workflow.INFOHUS_STATUSES,
            "age_band": case.age_band(context["today"]),
        }
    )
    return context
