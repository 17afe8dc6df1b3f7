"""The dimensions a statistics table is broken down by: how to read a row's value, and the
ordered categories (key and label) a table shows, including the empty ones (zeros are shown)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.cases.ages import AgeBand
from forebyg.cases.models import ClosureReason, Gender, ScreeningOutcome, Source
from forebyg.prevention.models import ExtremismCategory, Measure, PreventionLevel

# A category: (value as in the extract, label shown, stable key for exports and the API).
Category = tuple[Any, str, str]


@dataclass(frozen=True)
class Geography:
    """The municipalities of a scope, with the police district and region each is counted in."""

    municipalities: list[Organisation]
    districts: list[Organisation]
    regions: list[Organisation]
    district_of: dict[int, int | None]
    region_of: dict[int, int | None]


def load_geography(municipality_filter: Q) -> Geography:
    """The municipalities matching the filter, and their police districts and regions (one
    query: the 12 districts and 5 regions come along and are kept when used)."""
    parents = Q(kind__in=[OrganisationKind.POLICE_DISTRICT, OrganisationKind.REGION])
    organisations = (
        Organisation.objects.filter(
            Q(municipality_filter, kind=OrganisationKind.MUNICIPALITY) | parents
        )
        .only("key", "code", "kind", "name_da", "name_en", "police_district_id", "region_id")
        .order_by("name_da", "pk")
    )
    by_kind: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        by_kind.setdefault(organisation.kind, []).append(organisation)
    municipalities = by_kind.get(OrganisationKind.MUNICIPALITY, [])
    used = {m.police_district_id for m in municipalities} | {m.region_id for m in municipalities}
    return Geography(
        municipalities,
        [o for o in by_kind.get(OrganisationKind.POLICE_DISTRICT, []) if o.pk in used],
        [o for o in by_kind.get(OrganisationKind.REGION, []) if o.pk in used],
        {m.pk: m.police_district_id for m in municipalities},
        {m.pk: m.region_id for m in municipalities},
    )


@dataclass(frozen=True)
class Dimension:
    key: str
    heading: str | Promise
    read: Callable[[Any], Any]  # the row's value in this dimension


def _organisations(organisations: Iterable[Organisation]) -> list[Category]:
    return [(o.pk, o.name, o.code or o.key) for o in organisations]


def _choices(choices: Iterable[tuple[str, Any]], empty_label: str | None) -> list[Category]:
    categories = [(value, str(label), value) for value, label in choices if value]
    if empty_label is not None:
        categories.append(("", empty_label, "unknown"))
    return categories


def _reference(model: Any, empty_label: str) -> list[Category]:
    rows = model.objects.all()
    return [(row.key, str(row), row.key) for row in rows] + [("", empty_label, "unknown")]


def categories(dimension: str, geography: Geography, quarters: list[str]) -> list[Category]:
    """The categories of `dimension` in display order (one reference query at most)."""
    not_recorded = gettext("Not recorded")
    builders: dict[str, Callable[[], list[Category]]] = {
        "quarter": lambda: [(q, q, q) for q in quarters],
        "municipality": lambda: _organisations(geography.municipalities),
        "police_district": lambda: _organisations(geography.districts),
        "region": lambda: _organisations(geography.regions),
        "level": lambda: _reference(PreventionLevel, not_recorded),
        "category": lambda: _reference(ExtremismCategory, not_recorded),
        "age_band": lambda: _choices(AgeBand.choices, gettext("Unknown")),
        "gender": lambda: _choices(Gender.choices, gettext("Unknown")),
        "screening_outcome": lambda: _choices(
            ScreeningOutcome.choices, gettext("Not screened yet")
        ),
        "closure_reason": lambda: _choices(
            ClosureReason.choices, gettext("No closure reason (open, or closed at screening)")
        ),
        "source": lambda: _choices(Source.choices, None),
        "measure_type": lambda: [(m.key, str(m), m.key) for m in Measure.objects.all()],
    }
    return builders[dimension]()


HEADINGS: dict[str, Promise] = {
    "quarter": _("Quarter"),
    "municipality": _("Municipality"),
    "police_district": _("Police district"),
    "region": _("Region"),
    "level": _("Prevention level"),
    "category": _("Category of extremism"),
    "age_band": _("Age band"),
    "gender": _("Gender"),
    "screening_outcome": _("Screening outcome"),
    "closure_reason": _("Closure reason"),
    "source": _("Source of the concern"),
    "measure_type": _("Type of measure"),
}


def dimensions(geography: Geography) -> dict[str, Dimension]:
    """Every dimension, reading case, concern or measure rows of the extract."""
    readers: dict[str, Callable[[Any], Any]] = {
        "municipality": lambda row: row.municipality_id,
        "police_district": lambda row: geography.district_of.get(row.municipality_id) or "",
        "region": lambda row: geography.region_of.get(row.municipality_id) or "",
    }
    return {
        key: Dimension(key, heading, readers.get(key, attrgetter(key)))
        for key, heading in HEADINGS.items()
    }
