"""The tables of a statistics publication: what each counts and how it is broken down."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CASES, CONCERNS, MEASURES = "cases", "concerns", "measures"

POPULATION_LABELS: dict[str, Promise] = {
    CASES: _("Cases"),
    CONCERNS: _("Concerns"),
    MEASURES: _("Measures"),
}


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str | Promise
    kind: str  # "count" (one dimension) | "trend" (quarter × a dimension)
    population: str = CASES
    row_dimension: str = "quarter"
    column_dimension: str | None = None


def _count(key: str, title: Promise, population: str = CASES) -> TableSpec:
    return TableSpec(key, title, "count", population, key)


def _trend(key: str, title: Promise, dimension: str, population: str = CASES) -> TableSpec:
    return TableSpec(key, title, "trend", population, "quarter", dimension)


CATALOGUE: list[TableSpec] = [
    _count("quarter", _("Cases by quarter")),
    _count("municipality", _("Cases by municipality")),
    _count("police_district", _("Cases by police district")),
    _count("region", _("Cases by region")),
    _count("level", _("Cases by prevention level")),
    _count("category", _("Cases by category of extremism")),
    _count("age_band", _("Cases by age band at the concern")),
    _count("gender", _("Cases by gender")),
    _count("screening_outcome", _("Cases by screening outcome")),
    _count("closure_reason", _("Cases by closure reason")),
    _count("source", _("Concerns by source"), CONCERNS),
    _count("measure_type", _("Measures by type"), MEASURES),
    _trend("trend_level", _("Cases by quarter and prevention level"), "level"),
    _trend("trend_category", _("Cases by quarter and category of extremism"), "category"),
    _trend("trend_age_band", _("Cases by quarter and age band"), "age_band"),
    _trend(
        "trend_screening_outcome", _("Cases by quarter and screening outcome"), "screening_outcome"
    ),
    _trend("trend_source", _("Concerns by quarter and source"), "source", CONCERNS),
    _trend("trend_measure_type", _("Measures by quarter and type"), "measure_type", MEASURES),
]


def catalogue() -> list[TableSpec]:
    """Every table of a publication, in the order pages and exports show them."""
    return list(CATALOGUE)
