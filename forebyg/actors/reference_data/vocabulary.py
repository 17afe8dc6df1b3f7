"""The vocabulary of the Danish model: legal bases, the prevention triangle, assessment
dimensions, extremism categories, measures, warning signs and international cooperation."""

from typing import Any

from forebyg.actors.models import InternationalCooperation
from forebyg.actors.reference_data.files import Row, danish_slug, pick, split_list
from forebyg.actors.reference_data.fingerprints import Load
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


def load_legal_bases(load: Load) -> dict[str, LegalBasis]:
    """Every legal basis, by key."""

    def values(row: Row) -> dict[str, Any]:
        return {
            **{field: row.get(field, "") for field in LEGAL_BASIS_FIELDS},
            "cooperations": split_list(row.get("cooperations", "")),
        }

    return {row["key"]: basis for row, basis, _ in load.sync("legal_bases.csv", LegalBasis, values)}


def load_prevention_levels(load: Load) -> dict[str, PreventionLevel]:
    """The three levels of the prevention triangle, by key."""

    def values(row: Row) -> dict[str, Any]:
        return {
            **{field: row.get(field, "") for field in PREVENTION_LEVEL_FIELDS},
            "order": int(row["order"]),
        }

    synced = load.sync("prevention_levels.csv", PreventionLevel, values)
    return {row["key"]: level for row, level, _ in synced}


def load_model_characteristics(load: Load) -> None:
    """The four characteristics of the Danish model, by their order."""

    def values(row: Row) -> dict[str, Any]:
        return {
            "title_da": row["title_da"],
            "title_en": row["title_en"],
            "summary_da": row.get("summary_da", ""),
            "summary_en": row.get("summary_en", ""),
            "source": row.get("source", ""),
            "confidence": row.get("confidence", ""),
        }

    load.sync("model_characteristics.csv", ModelCharacteristic, values, field="order")


def load_assessment_dimensions(load: Load) -> None:
    """The nine dimensions of the assessment tool; their Danish names and parts are unverified."""

    def values(row: Row) -> dict[str, Any]:
        return {
            "order": int(row["order"]),
            "name_en": row["name_en"],
            "name_da": row["name_da_unverified"],
            "part": row["part_unverified"],
            "source": row.get("source", ""),
            "confidence": row.get("confidence") or "not verified",
        }

    load.sync("assessment_dimensions.csv", AssessmentDimension, values)


def load_extremism_categories(load: Load) -> None:
    """The categories of extremism used for registration and statistics."""

    def values(row: Row) -> dict[str, Any]:
        return {
            "name_da": row["name_da"],
            "name_en": row["name_en"],
            "note": row.get("note", ""),
            "source": row.get("source", ""),
            "confidence": row.get("confidence", ""),
        }

    load.sync("extremism_categories.csv", ExtremismCategory, values)


def load_measures(
    load: Load, levels: dict[str, PreventionLevel], bases: dict[str, LegalBasis]
) -> None:
    """The kinds of follow-up measure, with their usual levels, owners and legal basis."""

    def values(row: Row) -> dict[str, Any]:
        basis_key = row.get("typical_basis", "")
        return {
            "name_da": row["name_da"],
            "name_en": row["name_en"],
            "owner_kinds": split_list(row.get("owner_kinds", "")),
            "typical_basis": pick(bases, basis_key, "legal basis") if basis_key else None,
            "source": row.get("source", ""),
            "confidence": row.get("confidence", ""),
        }

    for row, measure, applied in load.sync("measures.csv", Measure, values):
        keys = split_list(row.get("typical_levels", ""))
        typical_levels = [pick(levels, key, "prevention level") for key in keys]
        if applied:  # else the levels stay as an administrator may have corrected them
            measure.typical_levels.set(typical_levels)


def warning_sign_key(row: Row) -> str:
    """The file's stable key, or one made from group and sign for a row without one."""
    return row.get("key") or danish_slug(f"{row['group']} {row['sign_en']}")[:120]


def load_warning_signs(load: Load) -> None:
    """The public warning signs, by the file's stable key (or group and sign if it has none)."""

    def values(row: Row) -> dict[str, Any]:
        return {
            "group": row["group"],
            "sign_da": row.get("sign_da") or row["sign_en"],
            "sign_en": row["sign_en"],
            "source": row.get("source", ""),
            "confidence": row.get("confidence", ""),
        }

    load.sync("warning_signs.csv", WarningSign, values, key_of=warning_sign_key)


def load_international_cooperation(load: Load) -> None:
    """The international forums Denmark takes part in."""

    def values(row: Row) -> dict[str, Any]:
        return {
            "name": row["name"],
            "kind_da": row.get("kind_da", ""),
            "kind_en": row.get("kind", ""),
            "summary_da": row.get("summary_da", ""),
            "summary_en": row.get("summary_en", ""),
            "source": row.get("source", ""),
            "confidence": row.get("confidence", ""),
        }

    load.sync("international_cooperation.csv", InternationalCooperation, values)
