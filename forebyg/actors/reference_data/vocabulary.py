"""The vocabulary of the Danish model: legal bases, the prevention triangle, assessment
dimensions, extremism categories, measures, warning signs and international cooperation."""

from pathlib import Path

from forebyg.actors.models import InternationalCooperation
from forebyg.actors.reference_data.files import danish_slug, pick, read_rows, split_list
from forebyg.legal.models import LegalBasis
from forebyg.prevention.models import (
    AssessmentDimension,
    ExtremismCategory,
    Measure,
    ModelCharacteristic,
    PreventionLevel,
    WarningSign,
)

LEGAL_BASIS_FIELDS = (
    "law_da",
    "section",
    "title_da",
    "title_en",
    "rationale",
    "kind",
    "summary_da",
    "summary_en",
    "disclosing_parties",
    "receiving_parties",
    "conditions_da",
    "conditions_en",
    "forbidden_purposes",
    "status",
    "source",
)
PREVENTION_LEVEL_FIELDS = (
    "name_da",
    "name_en",
    "target_group_da",
    "target_group_en",
    "aim_da",
    "aim_en",
    "settings_and_actors_da",
    "settings_and_actors_en",
    "typical_efforts_da",
    "typical_efforts_en",
    "source",
)


def load_legal_bases(data_dir: Path) -> dict[str, LegalBasis]:
    """Every legal basis, by key."""
    bases = {}
    for row in read_rows(data_dir, "legal_bases.csv"):
        values: dict[str, object] = {field: row.get(field, "") for field in LEGAL_BASIS_FIELDS}
        values["cooperations"] = split_list(row.get("cooperations", ""))
        bases[row["key"]] = LegalBasis.objects.update_or_create(key=row["key"], defaults=values)[0]
    return bases


def load_prevention_levels(data_dir: Path) -> dict[str, PreventionLevel]:
    """The three levels of the prevention triangle, by key."""
    levels = {}
    for row in read_rows(data_dir, "prevention_levels.csv"):
        values: dict[str, object] = {field: row.get(field, "") for field in PREVENTION_LEVEL_FIELDS}
        values["order"] = int(row["order"])
        levels[row["key"]] = PreventionLevel.objects.update_or_create(
            key=row["key"], defaults=values
        )[0]
    return levels


def load_model_characteristics(data_dir: Path) -> None:
    """The four characteristics of the Danish model, by their order."""
    for row in read_rows(data_dir, "model_characteristics.csv"):
        ModelCharacteristic.objects.update_or_create(
            order=int(row["order"]),
            defaults={
                "title_da": row["title_da"],
                "title_en": row["title_en"],
                "summary_da": row.get("summary_da", ""),
                "summary_en": row.get("summary_en", ""),
                "source": row.get("source", ""),
                "confidence": row.get("confidence", ""),
            },
        )


def load_assessment_dimensions(data_dir: Path) -> None:
    """The nine dimensions of the assessment tool; their Danish names and parts are unverified."""
    for row in read_rows(data_dir, "assessment_dimensions.csv"):
        AssessmentDimension.objects.update_or_create(
            key=row["key"],
            defaults={
                "order": int(row["order"]),
                "name_en": row["name_en"],
                "name_da": row["name_da_unverified"],
                "part": row["part_unverified"],
                "source": row.get("source", ""),
                "confidence": row.get("confidence") or "not verified",
            },
        )


def load_extremism_categories(data_dir: Path) -> None:
    """The categories of extremism used for registration and statistics."""
    for row in read_rows(data_dir, "extremism_categories.csv"):
        ExtremismCategory.objects.update_or_create(
            key=row["key"],
            defaults={
                "name_da": row["name_da"],
                "name_en": row["name_en"],
                "note": row.get("note", ""),
                "source": row.get("source", ""),
                "confidence": row.get("confidence", ""),
            },
        )


def load_measures(
    data_dir: Path, levels: dict[str, PreventionLevel], bases: dict[str, LegalBasis]
) -> None:
    """The kinds of follow-up measure, with their usual levels, owners and legal basis."""
    for row in read_rows(data_dir, "measures.csv"):
        basis_key = row.get("typical_basis", "")
        measure = Measure.objects.update_or_create(
            key=row["key"],
            defaults={
                "name_da": row["name_da"],
                "name_en": row["name_en"],
                "owner_kinds": split_list(row.get("owner_kinds", "")),
                "typical_basis": pick(bases, basis_key, "legal basis") if basis_key else None,
                "source": row.get("source", ""),
                "confidence": row.get("confidence", ""),
            },
        )[0]
        keys = split_list(row.get("typical_levels", ""))
        measure.typical_levels.set([pick(levels, key, "prevention level") for key in keys])


def load_warning_signs(data_dir: Path) -> None:
    """The public warning signs, by the file's stable key (or group and sign if it has none)."""
    for row in read_rows(data_dir, "warning_signs.csv"):
        key = row.get("key") or danish_slug(f"{row['group']} {row['sign_en']}")[:120]
        WarningSign.objects.update_or_create(
            key=key,
            defaults={
                "group": row["group"],
                "sign_da": row.get("sign_da") or row["sign_en"],
                "sign_en": row["sign_en"],
                "source": row.get("source", ""),
                "confidence": row.get("confidence", ""),
            },
        )


def load_international_cooperation(data_dir: Path) -> None:
    """The international forums Denmark takes part in."""
    for row in read_rows(data_dir, "international_cooperation.csv"):
        InternationalCooperation.objects.update_or_create(
            key=row["key"],
            defaults={
                "name": row["name"],
                "kind_da": row.get("kind_da", ""),
                "kind_en": row.get("kind", ""),
                "summary_da": row.get("summary_da", ""),
                "summary_en": row.get("summary_en", ""),
                "source": row.get("source", ""),
                "confidence": row.get("confidence", ""),
            },
        )
