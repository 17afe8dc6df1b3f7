"""Reads of the 2016 national action plan tracker. Everything here is public (see policy.py), so
the selectors take no user. Each returns its whole page's data in a fixed number of queries.

An initiative read through these selectors carries two annotations: `current_status` (the status
of its latest update, or None when none is recorded) and `current_status_date`."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from forebyg.core.exports import neutralise
from forebyg.national.models import FocusArea, Initiative, InitiativeStatus, StatusUpdate

# The latest update wins; two on the same day are told apart by when they were recorded.
LATEST_FIRST = ("-date", "-recorded_at", "-id")


def _latest(column: str) -> Subquery:
    latest = StatusUpdate.objects.filter(initiative=OuterRef("pk")).order_by(*LATEST_FIRST)
    return Subquery(latest.values(column)[:1])


def initiatives() -> QuerySet[Initiative]:
    """Every initiative with its focus area, responsible authority and current status, in plan
    order (unnumbered initiatives last in their focus area, on every database)."""
    return (
        Initiative.objects.select_related("focus_area", "responsible")
        .annotate(current_status=_latest("status"), current_status_date=_latest("date"))
        .order_by("focus_area__number", F("number").asc(nulls_last=True), "id")
    )


def focus_areas_with_initiatives() -> list[FocusArea]:
    """The nine focus areas in order, each with `initiatives.all()` prefetched and annotated with
    the current status: two queries in all."""
    return list(
        FocusArea.objects.order_by("number").prefetch_related(
            Prefetch("initiatives", queryset=initiatives())
        )
    )


def focus_area(number: int) -> FocusArea | None:
    """One focus area by its number (1-9) with its annotated initiatives, or None."""
    areas = FocusArea.objects.filter(number=number).prefetch_related(
        Prefetch("initiatives", queryset=initiatives())
    )
    return areas.first()


def initiative_with_history(pk: int) -> Initiative | None:
    """One initiative, annotated with its current status, with `history`: its status updates,
    newest first, each with `recorded_by`; None when there is no such initiative. Two queries."""
    history = StatusUpdate.objects.select_related("recorded_by").order_by(*LATEST_FIRST)
    return (
        initiatives()
        .filter(pk=pk)
        .prefetch_related(Prefetch("status_updates", queryset=history, to_attr="history"))
        .first()
    )


def history(initiative: Initiative) -> list[StatusUpdate]:
    """The status updates of an initiative read through initiative_with_history, newest first."""
    return list(getattr(initiative, "history", []))


def current_status(initiative: Initiative) -> str | None:
    """The current status of an initiative read through these selectors (None: none recorded)."""
    value = getattr(initiative, "current_status", None)
    return str(value) if value else None


def free_numbers() -> list[int]:
    """The plan numbers 1-41 no initiative holds yet: what the analysts still have to place."""
    taken = set(Initiative.objects.exclude(number=None).values_list("number", flat=True))
    return [number for number in range(1, 42) if number not in taken]


# -- Counts per status and focus area (the index page) --------------------------------------

NO_STATUS = "none"


@dataclass
class StatusCounts:
    """How many initiatives of one focus area (or of the whole plan) have each current status;
    NO_STATUS counts those without any update yet."""

    focus_area: FocusArea | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def ordered(self) -> list[int]:
        """The counts in the order of status_columns()."""
        return [self.counts.get(key, 0) for key, _label in status_columns()]


def status_columns() -> list[tuple[str, str]]:
    """The columns of the counts table: each status, then "no status recorded"."""
    columns = [(str(key), str(label)) for key, label in InitiativeStatus.choices]
    return [*columns, (NO_STATUS, _("No status recorded"))]


def status_counts(areas: list[FocusArea]) -> tuple[list[StatusCounts], StatusCounts]:
    """Counts per focus area and for the whole plan, from focus_areas_with_initiatives() (no
    further queries)."""
    rows = []
    total = StatusCounts(focus_area=None)
    for area in areas:
        row = StatusCounts(focus_area=area)
        for initiative in area.initiatives.all():
            key = current_status(initiative) or NO_STATUS
            row.counts[key] = row.counts.get(key, 0) + 1
            total.counts[key] = total.counts.get(key, 0) + 1
        rows.append(row)
    return rows, total


# -- Export ------------------------------------------------------------------------------------
# Every cell goes through forebyg.core.exports.neutralise (a formula becomes text).


def export_header() -> list[str]:
    """The column titles of the CSV and XLSX exports."""
    return [
        _("Focus area"),
        _("Number"),
        _("Title (Danish)"),
        _("Title (English)"),
        _("Responsible ministry or authority"),
        _("Current status"),
        _("Status date"),
        _("Latest note"),
        _("Latest source"),
        _("Source of the initiative"),
    ]


def export_rows() -> Iterator[list[str]]:
    """The header, then one row per initiative with its current status; every cell is text that
    a spreadsheet will not run as a formula. Two queries."""
    labels = {str(key): str(label) for key, label in InitiativeStatus.choices}
    latest: dict[int, StatusUpdate] = {}
    for found in StatusUpdate.objects.order_by(*LATEST_FIRST):
        latest.setdefault(found.initiative_id, found)  # the first seen is the latest
    yield [neutralise(title) for title in export_header()]
    for initiative in initiatives():
        update = latest.get(initiative.pk)
        cells: list[object] = [
            initiative.focus_area.number,
            initiative.number,
            initiative.title_da,
            initiative.title_en,
            initiative.responsible.name if initiative.responsible else "",
            labels.get(update.status, update.status) if update else "",
            update.date.isoformat() if update else "",
            update.note if update else "",
            update.source if update else "",
            initiative.source,
        ]
        yield [neutralise(cell) for cell in cells]
