"""The disclosure rules of the rules engine (forebyg.legal.rules), seeded from the legal app's own
file forebyg/legal/data/disclosure_rules.csv, row by row as every other file: a rule corrected in
the admin stays corrected until its row in the file changes (see fingerprints).

The file lives with the legal bases' app, not in the shared data set (forebyg/actors/data), so it
is read from there whatever folder the shared files come from (--data-dir)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from forebyg.actors.reference_data.files import ReferenceDataError, Row, pick, split_list
from forebyg.actors.reference_data.fingerprints import Load
from forebyg.legal.models import DisclosureRule, LegalBasis

RULES_DIR = Path(__file__).resolve().parent.parent.parent / "legal" / "data"
RULES_FILE = "disclosure_rules.csv"
LIST_FIELDS = (
    "contexts",
    "discloser_kinds",
    "recipient_kinds",
    "purposes",
    "categories",
    "requires",
)
YES, NO = frozenset({"yes", "true", "1"}), frozenset({"no", "false", "0"})


def load_disclosure_rules(
    load: Load, bases: dict[str, LegalBasis], rules_dir: Path = RULES_DIR
) -> None:
    """Every disclosure rule, by key; a row that names an unknown legal basis, kind, purpose,
    category or condition fails the whole load."""
    rules = Load(rules_dir, force=load.force)

    def values(row: Row) -> dict[str, Any]:
        basis_key = row.get("legal_basis", "")
        fields = {
            "legal_basis": pick(bases, basis_key, "legal basis") if basis_key else None,
            "effect": row["effect"],
            **{field: split_list(row.get(field, "")) for field in LIST_FIELDS},
            "person": row.get("person") or "any",
            "priority": int(row.get("priority") or 100),
            "active": _flag(row.get("active", "yes"), row["key"]),
            "note_da": row.get("note_da", ""),
            "note_en": row.get("note_en", ""),
            "source": row.get("source", ""),
            "confidence": row.get("confidence", ""),
        }
        _validate(row["key"], fields)
        return fields

    rules.sync(RULES_FILE, DisclosureRule, values)
    rules.save()


def _flag(value: str, key: str) -> bool:
    text = value.strip().lower() or "yes"
    if text not in YES | NO:
        raise ReferenceDataError(f"{RULES_FILE} {key}: active must be yes or no, not {value!r}")
    return text in YES


def _validate(key: str, fields: dict[str, Any]) -> None:
    """The model's own checks (known values, a legal basis for every rule that permits)."""
    try:
        rule = DisclosureRule(key=key, **fields)
        rule.clean_fields(exclude=["key", "legal_basis"])
        rule.clean()
    except ValidationError as error:
        raise ReferenceDataError(f"{RULES_FILE} {key}: {'; '.join(error.messages)}") from None
