"""Reads of the case domain, always scoped to the user (permissions.case_filter). Nothing here
writes: a search that must be logged goes through services.search_persons, and a case view
through services.record_case_view."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.cases import ages, permissions, references, workflow
from forebyg.cases.models import (
    Assessment,
    Case,
    CaseMeasure,
    Concern,
    Observation,
    Person,
    StatusChange,
)
from forebyg.cases.models.measures import RUNNING_MEASURE_STATUSES
from forebyg.cases.permissions import UserLike
from forebyg.cases.reports import ReportStatus, report_status_of, with_last_move
from forebyg.core import crypto
from forebyg.prevention.models import AssessmentDimension, ExtremismCategory, PreventionLevel

UPCOMING_REVIEW_DAYS = 14
DASHBOARD_LIMIT = 10

# Encrypted and not on the dashboard's review lists: left unread, so never decrypted.
NOT_SHOWN = ("responsible_person", "case__person__name", "case__person__cpr")

# What every case list needs beside the case row, so that a list costs one query.
CASE_RELATED = ("person", "municipality", "police_district", "category", "level")


def visible_cases(user: UserLike) -> QuerySet[Case]:
    """The cases `user` may see: their municipality's, or their police district's."""
    return Case.objects.filter(permissions.case_filter(user)).select_related(*CASE_RELATED)


def organisation_cases(organisation: Organisation) -> QuerySet[Case]:
    """The cases an organisation's API token reads: as its coordinators would see them."""
    return Case.objects.filter(permissions.organisation_case_filter(organisation)).select_related(
        *CASE_RELATED
    )


def concern_by_key(idempotency_key: str) -> Concern | None:
    """The concern recorded with this idempotency key (keys are stored per token or user)."""
    return Concern.objects.filter(idempotency_key=idempotency_key).first()


def concern_sent_by(organisation: Organisation, reference: str) -> Concern | None:
    """A concern the organisation's API tokens sent, with its case's last move, or None."""
    return (
        with_last_move(
            Concern.objects.filter(
                recorded_by__api_token__organisation=organisation,
                reporter_reference=references.normalise(reference),
            )
        )
        .select_related("case")
        .first()
    )


def visible_measures(user: UserLike) -> QuerySet[CaseMeasure]:
    """The measures on the cases `user` may see."""
    return CaseMeasure.objects.filter(permissions.case_filter(user, "case__")).select_related(
        "case", "case__person", "measure_type", "owner", "legal_basis"
    )


class Attention(models.TextChoices):
    """What a case may need now: the dashboard's four lists, and the case list filter each one's
    "show all" link sets, so a list's total and its full list are one rule."""

    SCREENING_OVERDUE = "screening_overdue", _("Overdue screenings")
    ACUTE = "acute", _("Acute open cases")
    REVIEW_OVERDUE = "review_overdue", _("Overdue reviews")
    REVIEW_SOON = "review_soon", _("Reviews in the next 14 days")


def attention_filter(attention: str, today: datetime.date) -> Q:
    """The cases needing this kind of attention today (open cases only)."""
    if attention == Attention.SCREENING_OVERDUE:
        return Q(status__in=workflow.AWAITING_SCREENING, screening_due__lt=today)
    if attention == Attention.ACUTE:
        return Q(status__in=workflow.OPEN_STATUSES, acute=True)
    if attention in (Attention.REVIEW_OVERDUE, Attention.REVIEW_SOON):
        reviews = CaseMeasure.objects.filter(
            _review_window(attention, today),
            case=OuterRef("pk"),
            status__in=RUNNING_MEASURE_STATUSES,
        )
        return Q(status__in=workflow.OPEN_STATUSES) & Q(Exists(reviews))
    raise ValidationError({"attention": _("Choose what needs attention.")}, code="invalid")


def _review_window(attention: str, today: datetime.date) -> Q:
    if attention == Attention.REVIEW_OVERDUE:
        return Q(next_review__lt=today)
    soon = today + datetime.timedelta(days=UPCOMING_REVIEW_DAYS)
    return Q(next_review__gte=today, next_review__lte=soon)


@dataclass(frozen=True)
class DashboardSummary:
    counts_by_status: dict[str, int]
    open_cases: int
    overdue_screenings: list[Case]
    acute_cases: list[Case]
    overdue_reviews: list[CaseMeasure]
    upcoming_reviews: list[CaseMeasure]
    # How many cases each list holds in all, by Attention value (the lists show the first few;
    # a review list's case may have more than one running measure due).
    totals: dict[str, int] = field(default_factory=dict)
    today: datetime.date = field(default_factory=timezone.localdate)

    def listed_cases(self) -> list[Case]:
        """The cases the four lists show, each once, in the order shown."""
        cases = [*self.overdue_screenings, *self.acute_cases]
        cases += [m.case for m in [*self.overdue_reviews, *self.upcoming_reviews]]
        return list({case.pk: case for case in cases}.values())


def dashboard_summary(user: UserLike, *, limit: int = DASHBOARD_LIMIT) -> DashboardSummary:
    """Counts by status; the first `limit` overdue screenings, open acute cases, overdue and
    upcoming reviews, and how many each list holds in all (its link shows them all)."""
    today = timezone.localdate()
    cases = Case.objects.filter(permissions.case_filter(user))
    counts, totals = _dashboard_counts(cases, today)
    # The lists show reference, dates and municipality, never the person: no names decrypted.
    listed = cases.select_related("municipality")
    overdue_screenings = listed.filter(attention_filter(Attention.SCREENING_OVERDUE, today))
    acute = listed.filter(attention_filter(Attention.ACUTE, today))
    overdue_reviews, upcoming_reviews = _first_reviews(user, today, limit, totals)
    return DashboardSummary(
        counts_by_status=counts,
        open_cases=sum(counts[s] for s in workflow.OPEN_STATUSES),
        overdue_screenings=_first(
            overdue_screenings.order_by("screening_due", "id"),
            totals[Attention.SCREENING_OVERDUE],
            limit,
        ),
        acute_cases=_first(acute.order_by("opened_at", "id"), totals[Attention.ACUTE], limit),
        overdue_reviews=overdue_reviews,
        upcoming_reviews=upcoming_reviews,
        totals=totals,
        today=today,
    )


def _dashboard_counts(
    cases: QuerySet[Case], today: datetime.date
) -> tuple[dict[str, int], dict[str, int]]:
    """Cases by status, and the overdue screenings and open acute cases among them: one pass
    over the scope's entries of the index case_municipality_attention, which covers it."""
    rows = list(
        cases.order_by()
        .values("status")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=attention_filter(Attention.SCREENING_OVERDUE, today)),
            acute_open=Count("id", filter=attention_filter(Attention.ACUTE, today)),
        )
    )
    counts = dict.fromkeys(workflow.Status.values, 0) | {r["status"]: r["n"] for r in rows}
    totals = {
        Attention.SCREENING_OVERDUE.value: sum(r["overdue"] for r in rows),
        Attention.ACUTE.value: sum(r["acute_open"] for r in rows),
    }
    return counts, totals


def _first(cases: QuerySet[Case], total: int, limit: int) -> list[Case]:
    return list(cases[:limit]) if total else []  # none there: no query


def _first_reviews(
    user: UserLike, today: datetime.date, limit: int, totals: dict[str, int]
) -> tuple[list[CaseMeasure], list[CaseMeasure]]:
    """The first `limit` overdue and upcoming reviews (running measures of open cases in scope,
    earliest first), and how many there are of each in `totals`.

    One pass finds both lists' measures by id and date (index-only: one probe per open case in
    scope; see CaseMeasure.Meta.indexes), and a second query reads only the rows shown, so the
    measures not shown are never joined to their case, type and owner."""
    horizon = today + datetime.timedelta(days=UPCOMING_REVIEW_DAYS)
    due = CaseMeasure.objects.filter(
        permissions.case_filter(user, "case__"),
        status__in=RUNNING_MEASURE_STATUSES,
        case__status__in=workflow.OPEN_STATUSES,
        next_review__lte=horizon,
    )
    found = due.order_by("next_review", "id").values_list("pk", "next_review", "case_id")
    # (no review date never matches next_review__lte: the None check is for the type checker)
    overdue = [(pk, case) for pk, review, case in found if review is not None and review < today]
    upcoming = [(pk, case) for pk, review, case in found if review is not None and review >= today]
    # Totals count cases, as the "show all" link's filtered case list does.
    totals[Attention.REVIEW_OVERDUE] = len({case for _, case in overdue})
    totals[Attention.REVIEW_SOON] = len({case for _, case in upcoming})
    overdue_ids, upcoming_ids = [pk for pk, _ in overdue], [pk for pk, _ in upcoming]
    shown = [*overdue_ids[:limit], *upcoming_ids[:limit]]
    rows = (
        CaseMeasure.objects.filter(pk__in=shown)
        .select_related("case__person", "measure_type", "owner")
        .defer(*NOT_SHOWN)
    )
    by_pk = {m.pk: m for m in rows} if shown else {}
    return (
        [by_pk[pk] for pk in overdue_ids[:limit] if pk in by_pk],
        [by_pk[pk] for pk in upcoming_ids[:limit] if pk in by_pk],
    )


def filtered_cases(
    user: UserLike,
    *,
    status: str | None = None,
    level: PreventionLevel | None = None,
    category: ExtremismCategory | None = None,
    age_band: str | None = None,
    opened_from: datetime.date | None = None,
    opened_to: datetime.date | None = None,
    reference: str | None = None,
    attention: str | None = None,
) -> QuerySet[Case]:
    """The user's cases narrowed by the dashboard filters; age bands are the person's age today."""
    cases = visible_cases(user)
    if attention:
        cases = cases.filter(attention_filter(attention, timezone.localdate()))
    if status:
        cases = cases.filter(status=status)
    if level is not None:
        cases = cases.filter(level=level)
    if category is not None:
        cases = cases.filter(category=category)
    if age_band:
        cases = cases.filter(_age_band_filter(age_band, timezone.localdate()))
    if opened_from is not None:
        cases = cases.filter(opened_at__date__gte=opened_from)
    if opened_to is not None:
        cases = cases.filter(opened_at__date__lte=opened_to)
    if reference:
        cases = cases.filter(reference=references.normalise(reference))
    return cases


def _age_band_filter(band: str, today: datetime.date) -> Q:
    """Turn an age band into a birth-date range, so the database filters (and can use an index)."""
    if band not in ages.AgeBand.values:
        raise ValidationError({"age_band": _("Choose an age band.")}, code="invalid")
    earliest, latest = ages.birth_date_range(band, today)
    condition = Q(person__birth_date__lte=latest)
    if earliest is not None:
        condition &= Q(person__birth_date__gt=earliest)
    return condition


def person_timeline(user: UserLike, person: Person) -> QuerySet[Case]:
    """All episodes of one person that `user` may see, oldest first, with their status steps."""
    return (
        visible_cases(user)
        .filter(person=person)
        .order_by("opened_at", "id")
        .prefetch_related(
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("by"))
        )
    )


def case_concerns(case: Case) -> QuerySet[Concern]:
    """The concerns of a case the caller already fetched through a permission fetcher."""
    return case.concerns.select_related("category", "reporter_organisation").prefetch_related(
        "signs", "attachments"
    )


def case_status_history(case: Case) -> QuerySet[StatusChange]:
    """The status steps of a case, oldest first."""
    return case.status_changes.select_related("by")


def case_measures(case: Case) -> QuerySet[CaseMeasure]:
    """The measures of a case with their reviews."""
    return case.measures.select_related("measure_type", "owner", "legal_basis").prefetch_related(
        "reviews"
    )


def case_assessments(case: Case) -> list[Assessment]:
    """The assessment versions of a case, oldest first, with observations by dimension order."""
    observations = Observation.objects.select_related("dimension")
    return list(
        case.assessments.order_by("version").prefetch_related(
            Prefetch("observations", queryset=observations)
        )
    )


def reports_by(user: UserLike) -> list[ReportStatus]:
    """The user's own reports with the three-valued reporter status, newest first."""
    if not isinstance(user, User) or not user.is_authenticated:
        return []
    concerns = (
        with_last_move(Concern.objects.filter(reporter=user))
        .select_related("case")
        .only("reporter_reference", "received_at", "case__status")
        .order_by("-received_at", "-id")
    )
    return [report_status_of(concern) for concern in concerns]


def visible_persons(user: UserLike) -> QuerySet[Person]:
    """The people with at least one case `user` may see.

    A correlated EXISTS: callers narrow by pk or CPR index first, and then each person costs
    one index probe, where `pk IN (subquery)` made SQLite list the whole caseload's people."""
    in_scope = Case.objects.filter(permissions.case_filter(user), person=OuterRef("pk"))
    return Person.objects.filter(Exists(in_scope))


def _all_visible_persons(user: UserLike) -> QuerySet[Person]:
    """visible_persons for reading them all (a name search): from the caseload, not all people."""
    return Person.objects.filter(
        pk__in=Case.objects.filter(permissions.case_filter(user)).values("person_id")
    )


def matching_persons(
    user: UserLike, *, name: str | None = None, cpr: str | None = None
) -> list[Person]:
    """People in scope by CPR (blind index; `cpr` is ten digits) or by every word of the name.

    Names are encrypted, so a name search decrypts the names of the user's in-scope people in
    Python: a municipality's or police district's caseload, which is small enough."""
    if cpr:
        people = visible_persons(user).select_related("municipality")
        return list(people.filter(cpr_index=crypto.blind_index(cpr, purpose="cpr")))
    words = (name or "").casefold().split()
    if not words:
        return []
    people = _all_visible_persons(user).select_related("municipality")
    return [p for p in people.order_by("id") if all(w in p.name.casefold() for w in words)]


# -- What changed between two assessments -------------------------------------------------------


@dataclass(frozen=True)
class DimensionChanges:
    dimension: AssessmentDimension
    added: list[tuple[str, str]]  # (kind, text) now, not before
    removed: list[tuple[str, str]]  # (kind, text) before, not now
    reclassified: list[tuple[str, str, str]]  # (text, kind before, kind now)


@dataclass(frozen=True)
class AssessmentChanges:
    summary_changed: bool
    recommendation_changed: bool
    dimensions: list[DimensionChanges]

    @property
    def has_changes(self) -> bool:
        return self.summary_changed or self.recommendation_changed or bool(self.dimensions)


def assessment_changes(previous: Assessment | None, current: Assessment) -> AssessmentChanges:
    """Per dimension, the observations added, removed or re-marked since `previous`."""
    dimensions: dict[int, AssessmentDimension] = {}
    before = _observations_by_dimension(previous, dimensions) if previous else {}
    now = _observations_by_dimension(current, dimensions)
    changes = []
    for pk, dimension in sorted(dimensions.items(), key=lambda item: item[1].order):
        change = _dimension_changes(dimension, before.get(pk, []), now.get(pk, []))
        if change.added or change.removed or change.reclassified:
            changes.append(change)
    return AssessmentChanges(
        summary_changed=previous is None or previous.summary != current.summary,
        recommendation_changed=previous is None
        or previous.recommendation != current.recommendation,
        dimensions=changes,
    )


def assessment_history(case: Case) -> list[tuple[Assessment, AssessmentChanges]]:
    """Every assessment version of a case with what changed since the one before it."""
    history, previous = [], None
    for assessment in case_assessments(case):
        history.append((assessment, assessment_changes(previous, assessment)))
        previous = assessment
    return history


def _observations_by_dimension(
    assessment: Assessment, dimensions: dict[int, AssessmentDimension]
) -> dict[int, list[tuple[str, str]]]:
    grouped: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for observation in assessment.observations.all():  # uses the prefetch when there is one
        dimensions[observation.dimension_id] = observation.dimension
        grouped[observation.dimension_id].append((observation.kind, observation.text.strip()))
    return grouped


def _dimension_changes(
    dimension: AssessmentDimension, before: list[tuple[str, str]], now: list[tuple[str, str]]
) -> DimensionChanges:
    kind_before = {text: kind for kind, text in before}
    kind_now = {text: kind for kind, text in now}
    reclassified = [
        (text, kind_before[text], kind)
        for text, kind in kind_now.items()
        if text in kind_before and kind_before[text] != kind
    ]
    moved = {text for text, _before, _now in reclassified}
    return DimensionChanges(
        dimension=dimension,
        added=[(k, t) for k, t in now if (k, t) not in before and t not in moved],
        removed=[(k, t) for k, t in before if (k, t) not in now and t not in moved],
        reclassified=reclassified,
    )
