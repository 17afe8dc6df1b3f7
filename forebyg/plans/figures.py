"""Figures Forebyg already knows about a municipality (issue 5, point 4). An indicator bound to one
fills itself: the value is computed on read, as one aggregate (a count or a sum, never rows), so a
plan owner who sees it sees no personal data.

- concerns received in the last complete quarter (the municipality's concerns, by received_at);
- the share (per cent) of the cases opened in that quarter that the police screened within the
  case's own deadline (Case.screening_due, set from the municipality's ScreeningPolicy at intake).
  A case still waiting whose deadline has passed counts as late; one still waiting within its
  deadline is left out, because its outcome is not known yet;
- open cases with an overdue review: the coordinators' dashboard rule (cases.selectors.
  dashboard_summary: a running measure of an open case whose next review is before today),
  counted per case;
- staff reached: the sum of ActionCard.staff_reached over the version's action cards."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum

from forebyg.actors.models import Organisation
from forebyg.cases import workflow as case_workflow
from forebyg.cases.models import Case, Concern
from forebyg.cases.models.measures import RUNNING_MEASURE_STATUSES
from forebyg.plans.models import ActionCard, Figure, PlanVersion

PER_CENT = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int
    first_day: datetime.date
    last_day: datetime.date


def last_complete_quarter(today: datetime.date) -> Quarter:
    """The calendar quarter before the one `today` falls in."""
    current = (today.month - 1) // 3
    year, number = (today.year, current) if current else (today.year - 1, 4)
    first_day = datetime.date(year, 3 * (number - 1) + 1, 1)
    next_first = (
        datetime.date(year + 1, 1, 1) if number == 4 else datetime.date(year, 3 * number + 1, 1)
    )
    return Quarter(year, number, first_day, next_first - datetime.timedelta(days=1))


def concerns_in_quarter(municipality: Organisation, quarter: Quarter) -> int:
    """How many concerns about the municipality's cases arrived in the quarter."""
    return Concern.objects.filter(
        case__municipality=municipality,
        received_at__date__gte=quarter.first_day,
        received_at__date__lte=quarter.last_day,
    ).count()


def screened_in_time_share(
    municipality: Organisation, quarter: Quarter, today: datetime.date
) -> Decimal | None:
    """Per cent of the quarter's decided cases screened by their deadline; None without any."""
    waiting = Q(status__in=case_workflow.AWAITING_SCREENING)
    decided = Q(screened_at__isnull=False) | (waiting & Q(screening_due__lt=today))
    counts = Case.objects.filter(
        municipality=municipality,
        opened_at__date__gte=quarter.first_day,
        opened_at__date__lte=quarter.last_day,
    ).aggregate(
        decided=Count("id", filter=decided),
        in_time=Count(
            "id",
            filter=Q(screened_at__isnull=False, screened_at__date__lte=F("screening_due")),
        ),
    )
    if not counts["decided"]:
        return None
    share = PER_CENT * counts["in_time"] / counts["decided"]
    return share.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def open_cases_with_overdue_review(municipality: Organisation, today: datetime.date) -> int:
    """Open cases with a running measure whose next review is past (the dashboard's rule)."""
    return (
        Case.objects.filter(
            municipality=municipality,
            status__in=case_workflow.OPEN_STATUSES,
            measures__status__in=RUNNING_MEASURE_STATUSES,
            measures__next_review__lt=today,
        )
        .values("id")
        .distinct()
        .count()
    )


def staff_reached(version: PlanVersion) -> int | None:
    """The staff the version's action cards reached; None when no card has a number."""
    total = ActionCard.objects.filter(version=version).aggregate(n=Sum("staff_reached"))["n"]
    return None if total is None else int(total)


def value(
    figure: str,
    municipality: Organisation,
    today: datetime.date,
    *,
    version: PlanVersion | None = None,
) -> Decimal | None:
    """The figure's current value for the municipality (staff reached: for `version`)."""
    quarter = last_complete_quarter(today)
    if figure == Figure.CONCERNS_PER_QUARTER:
        return Decimal(concerns_in_quarter(municipality, quarter))
    if figure == Figure.SCREENED_IN_TIME:
        return screened_in_time_share(municipality, quarter, today)
    if figure == Figure.OVERDUE_REVIEWS:
        return Decimal(open_cases_with_overdue_review(municipality, today))
    if figure == Figure.STAFF_REACHED:
        reached = staff_reached(version) if version is not None else None
        return None if reached is None else Decimal(reached)
    raise ValueError(f"Unknown figure: {figure}")


def period_of(figure: str, today: datetime.date) -> Quarter | None:
    """The quarter a figure is counted over, or None for a figure that is counted today."""
    if figure in (Figure.CONCERNS_PER_QUARTER, Figure.SCREENED_IN_TIME):
        return last_complete_quarter(today)
    return None
