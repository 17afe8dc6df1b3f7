"""The national overview for CDE's analysts (issue 5, point 9): every municipality's beredskab on
one page, and the same rows as CSV and XLSX.

A municipality's status is that of its version in force (adopted or published) or, before the
first adoption, of the version in work. Coverage is checked on the same version, from snapshots
loaded for all rows at once: the page costs the same handful of queries for 1 or 98 plans."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.core.exports import neutralise_cell
from forebyg.plans import coverage
from forebyg.plans.models import PlanVersion
from forebyg.plans.selectors import revision_state
from forebyg.plans.workflow import IN_FORCE, VersionStatus
from forebyg.prevention.models import PreventionLevel


class PlanState(models.TextChoices):
    NONE = "none", gettext_lazy("No plan")
    DRAFT = VersionStatus.DRAFT.value, VersionStatus.DRAFT.label
    CONSULTATION = VersionStatus.CONSULTATION.value, VersionStatus.CONSULTATION.label
    ADOPTED = VersionStatus.ADOPTED.value, gettext_lazy("Adopted, not published")
    PUBLISHED = VersionStatus.PUBLISHED.value, VersionStatus.PUBLISHED.label


@dataclass
class Row:
    municipality: Organisation
    version: PlanVersion | None  # the version the row describes: in force, else in work
    in_work: PlanVersion | None  # a newer draft or consultation beside the version in force
    gaps: list[coverage.Gap]
    revision: str  # selectors.revision_state

    @property
    def state(self) -> str:
        return self.version.status if self.version else PlanState.NONE

    @property
    def state_label(self) -> str:
        return str(PlanState(self.state).label)

    @property
    def published(self) -> bool:
        return self.state == PlanState.PUBLISHED


@dataclass
class Overview:
    rows: list[Row]
    counts: list[tuple[str, str, int]]  # (state, label, number of municipalities)


def municipalities(
    *, today: datetime.date, police_district: Organisation | None, region: Organisation | None
) -> QuerySet[Organisation]:
    """The active municipalities, optionally of one police district and/or one region."""
    found = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )
    if police_district is not None:
        found = found.filter(police_district=police_district)
    if region is not None:
        found = found.filter(region=region)
    return found.select_related("police_district", "region").order_by("name_da")


def _versions_by_municipality(
    found: QuerySet[Organisation],
) -> dict[int, tuple[PlanVersion | None, PlanVersion | None]]:
    """(version in force, version in work) per municipality id, in one query."""
    result: dict[int, tuple[PlanVersion | None, PlanVersion | None]] = {}
    versions = (
        PlanVersion.objects.filter(plan__municipality__in=found)
        .exclude(status=VersionStatus.SUPERSEDED)
        .select_related("plan")
    )
    for version in versions:
        in_force, in_work = result.get(version.plan.municipality_id, (None, None))
        if version.status in IN_FORCE:
            in_force = version
        else:
            in_work = version
        result[version.plan.municipality_id] = (in_force, in_work)
    return result


def national_overview(
    *,
    today: datetime.date,
    police_district: Organisation | None = None,
    region: Organisation | None = None,
) -> Overview:
    """One row per active municipality (filtered), with status, revision and coverage."""
    found = municipalities(today=today, police_district=police_district, region=region)
    by_municipality = _versions_by_municipality(found)
    shown = {
        municipality_id: in_force or in_work
        for municipality_id, (in_force, in_work) in by_municipality.items()
    }
    snapshots = coverage.snapshots([v for v in shown.values() if v is not None])
    levels = list(PreventionLevel.objects.order_by("order"))
    rows = []
    for municipality in found:
        version = shown.get(municipality.pk)
        in_force, in_work = by_municipality.get(municipality.pk, (None, None))
        gaps = (
            coverage.evaluate(snapshots[version.pk], today=today, levels=levels) if version else []
        )
        revision = revision_state(version, today) if version else "none"
        rows.append(Row(municipality, version, in_work if in_force else None, gaps, revision))
    tally = Counter(row.state for row in rows)
    counts = [(state.value, str(state.label), tally[state.value]) for state in PlanState]
    return Overview(rows, counts)


def neutralise(value: object) -> object:
    """A cell a spreadsheet cannot take for a formula (text starting with = + - @ tab or CR gets
    a leading apostrophe, OWASP's advice against CSV injection); numbers stay numbers."""
    return neutralise_cell(value)


def export_header() -> list[str]:
    """The column headings of the CSV and XLSX exports, in the active language."""
    return [
        _("Municipality"),
        _("Municipality code"),
        _("Police district"),
        _("Region"),
        _("Plan status"),
        _("Version"),
        _("Adopted"),
        _("Council decision reference"),
        _("Published"),
        _("Revision due"),
        _("Revision"),
        _("Gaps"),
        _("Version in work"),
    ]


REVISION_LABELS = {
    "none": gettext_lazy("Not adopted"),
    "ok": gettext_lazy("In time"),
    "due_soon": gettext_lazy("Due soon"),
    "overdue": gettext_lazy("Overdue"),
}


def export_row(row: Row) -> list[object]:
    """One municipality as cells for the exports (dates as ISO text, neutralised)."""
    version = row.version
    due = version.revision_due if version else None
    decided = version.council_decision_date if version else None
    cells: list[object] = [
        row.municipality.name,
        row.municipality.code,
        row.municipality.police_district.name if row.municipality.police_district else "",
        row.municipality.region.name if row.municipality.region else "",
        row.state_label,
        version.number if version else "",
        decided.isoformat() if decided else "",
        version.council_reference if version else "",
        _("Yes") if row.published else _("No"),
        due.isoformat() if due else "",
        str(REVISION_LABELS[row.revision]),
        len(row.gaps) if version else "",
        row.in_work.get_status_display() if row.in_work else "",
    ]
    return [neutralise(cell) for cell in cells]
