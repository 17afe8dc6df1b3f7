"""load_reference_data: every file, in one transaction, in the order their links need; only the
rows that changed since the last load are written (see fingerprints)."""

from pathlib import Path

from django.db import transaction

from forebyg.actors.models import Level, Organisation, OrganisationKind
from forebyg.actors.reference_data import (
    disclosure_rules,
    national_plan,
    organisations,
    vocabulary,
)
from forebyg.actors.reference_data.files import DATA_DIR
from forebyg.actors.reference_data.fingerprints import Load
from forebyg.legal.models import LegalBasis
from forebyg.national.models import Initiative
from forebyg.prevention.models import AssessmentDimension, Measure, PreventionLevel

COUNT_KEYS = (
    "municipalities",
    "regions",
    "police_districts",
    "infohouses",
    "national_actors",
    "legal_bases",
    "prevention_levels",
    "assessment_dimensions",
    "measures",
    "national_plan_initiatives",
)


@transaction.atomic
def load_reference_data(data_dir: Path | None = None, *, force: bool = False) -> dict[str, int]:
    """Apply every new or changed CSV row, or every row with force; return the database counts.
    A row unchanged since the last load leaves its record, and any correction to it, alone."""
    load = Load(Path(data_dir) if data_dir else DATA_DIR, force=force)
    levels = vocabulary.load_prevention_levels(load)
    bases = vocabulary.load_legal_bases(load)
    vocabulary.load_model_characteristics(load)
    vocabulary.load_assessment_dimensions(load)
    vocabulary.load_extremism_categories(load)
    vocabulary.load_measures(load, levels, bases)
    vocabulary.load_warning_signs(load)
    vocabulary.load_international_cooperation(load)
    _load_organisations(load, levels)
    organisations.load_organisation_legal_bases(load, bases)
    national_plan.load_initiatives(load, national_plan.load_focus_areas(load))
    disclosure_rules.load_disclosure_rules(load, bases)
    load.save()
    return reference_counts()


def _load_organisations(load: Load, levels: organisations.Levels) -> None:
    """Organisations, national actors first (Rigspolitiet and Kriminalforsorgen are needed)."""
    national = organisations.load_national_actors(load, levels)
    regions = organisations.load_regions(load, levels)
    districts = organisations.load_police_districts(load, levels, national)
    municipalities = organisations.load_municipalities(load, levels, regions, districts)
    organisations.load_cooperations(load, municipalities, national)


def reference_counts() -> dict[str, int]:
    """How many of each kind of reference record the database holds, in COUNT_KEYS order."""
    kinds = Organisation.objects
    counts = {
        "municipalities": kinds.filter(kind=OrganisationKind.MUNICIPALITY).count(),
        "regions": kinds.filter(kind=OrganisationKind.REGION).count(),
        "police_districts": kinds.filter(kind=OrganisationKind.POLICE_DISTRICT).count(),
        "infohouses": kinds.filter(kind=OrganisationKind.INFOHOUSE).count(),
        "national_actors": kinds.filter(level=Level.NATIONAL).count(),
        "legal_bases": LegalBasis.objects.count(),
        "prevention_levels": PreventionLevel.objects.count(),
        "assessment_dimensions": AssessmentDimension.objects.count(),
        "measures": Measure.objects.count(),
        "national_plan_initiatives": Initiative.objects.count(),
    }
    return {key: counts[key] for key in COUNT_KEYS}


def format_counts(counts: dict[str, int]) -> str:
    """The one line the command ends with: key=value pairs joined by single spaces."""
    return " ".join(f"{key}={value}" for key, value in counts.items())
