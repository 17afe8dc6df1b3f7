"""The GDPR art. 30 record of processing, generated from the data classification
(forebyg.core.classification) and the disclosure rules table (forebyg.legal). English, no dates,
everything sorted: the same data gives the same file, so a test can tell when it is stale."""

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.db import models
from django.utils import translation

from forebyg.actors.models import OrganisationKind
from forebyg.actors.reference_data.disclosure_rules import RULES_DIR, RULES_FILE
from forebyg.actors.reference_data.files import split_list
from forebyg.core.classification import (
    STORED_IN_CLEAR,
    Category,
    Classification,
    Retention,
    Subjects,
    classify,
)
from forebyg.core.fields import EncryptedTextField
from forebyg.legal.rules.vocabulary import MEMBER, CooperationContext, DataCategory, Purpose

CATEGORY_TEXT = {
    Category.IDENTITY: "Identity: names, contact details, user names, case references",
    Category.CPR: "CPR number (and its keyed hash for look-ups)",
    Category.ART9: "Special categories, GDPR art. 9 (political or religious beliefs, health)",
    Category.ART10: "Criminal offences, GDPR art. 10 (databeskyttelsesloven § 8)",
    Category.POLICE: "Police material (the police district remains controller)",
    Category.FREE_TEXT: "Free text (concerns, notes, minutes, assessments): may hold any category",
    Category.OTHER: "Other personal data: dates, status and outcome of a case, log-in times",
}
SUBJECT_TEXT = {
    Subjects.CONCERNED: "Persons a concern is about: children, young people and adults at risk "
    "of radicalisation or extremism",
    Subjects.REPORTER: "People who report a concern (citizens and professionals)",
    Subjects.STAFF: "Employees of the participating authorities and partners who use Forebyg",
}
RETENTION_TEXT = {
    Retention.CASE: "Kept until the retention period the organisation sets for the closure "
    "outcome and legal basis has passed, counted from the case's closure; then deleted or "
    "anonymised (`manage.py purge_expired`), leaving anonymous statistics",
    Retention.AUDIT: "Audit and access log: kept at least 12 months, hash-chained",
    Retention.ACCOUNT: "While the user account exists; removed when the user is deprovisioned",
    Retention.OPERATIONAL: "Kept while the organisation needs it for its work, reviewed by it",
    Retention.PUBLIC: "Public or reference information: kept",
}
LEGAL_BASES_FILE = Path(__file__).resolve().parent.parent / "actors" / "data" / "legal_bases.csv"
SECURITY_MEASURES = (
    "Encryption at rest in the application: CPR numbers, names of the persons concerned, free "
    "text and attachment files are sealed with AES-256-GCM; every ciphertext carries its key id "
    "and is bound to its field.",
    "Keys come from the environment or key files, never the repository or the database; "
    "`manage.py check --deploy` refuses the development keys; `manage.py rotate_keys` "
    "re-encrypts everything with a new key (audited).",
    "CPR numbers are looked up through a keyed hash (HMAC-SHA256) and shown masked "
    "(DDMMYY-xxxx) until a coordinator reveals one with a purpose; the reveal is audited.",
    "Access by role and organisation; a case outside one's scope answers 404. Every read and "
    "write of personal data writes an audit event in the same transaction.",
    "Login through MitID Erhverv (OIDC) or local passwords with lockout; HTTPS with HSTS; strict "
    "Content Security Policy; sessions ended at deprovisioning.",
    "Disclosures are decided by the rules engine against the disclosure rules and written to a "
    "ledger with the legal basis.",
)


def inventory() -> Iterator[tuple[str, Classification | None, str]]:
    """(field key, classification, how it is stored) for every field of every Forebyg model."""
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if not model.__module__.startswith("forebyg."):
            continue
        for model_field in model._meta.concrete_fields:
            key = f"{model._meta.label}.{model_field.name}"
            yield key, classify(model_field), _storage(key, model_field)


def _storage(key: str, model_field: models.Field) -> str:  # type: ignore[type-arg]
    if isinstance(model_field, EncryptedTextField):
        return "encrypted"
    if isinstance(model_field, models.FileField):
        return "encrypted file"
    if key in STORED_IN_CLEAR:
        return f"clear: {STORED_IN_CLEAR[key]}"
    return "clear"


def personal_fields() -> list[tuple[str, Classification, str]]:
    """The inventory's fields that hold personal data."""
    return [(k, c, s) for k, c, s in inventory() if c is not None and c.is_personal]


def render_csv() -> str:
    """The field inventory as CSV: field, categories, subjects, retention class, storage."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["field", "categories", "subjects", "retention_class", "storage", "note"])
    for key, found, storage in inventory():
        if found is None:
            writer.writerow([key, "UNTAGGED", "", "", storage, ""])
            continue
        cats = "|".join(sorted(found.categories))
        writer.writerow([key, cats, found.subjects, found.retention_class, storage, found.note])
    return out.getvalue()


def render_markdown() -> str:
    """The whole record of processing as Markdown."""
    with translation.override("en"):
        parts = [
            _header(),
            _subjects_section(),
            _categories_section(),
            _recipients_section(),
            _retention_section(),
            _security_section(),
            _inventory_section(),
        ]
    return "\n".join(parts).rstrip() + "\n"


def _header() -> str:
    return (
        "# Record of processing activities (GDPR art. 30)\n\n"
        "Generated by `python manage.py record_of_processing` from the data classification "
        "(`forebyg/core/classification.py`) and the disclosure rules table. Do not edit by hand: "
        "change the tags or the rules and generate it again.\n\n"
        "## Controller and purposes\n\n"
        "Each organisation using Forebyg (municipality, police district, partner) is controller "
        "of the data it records; the police district remains controller of police material it "
        "shares. Contact: the organisation's data protection officer.\n\n"
        "Purposes: preventing crime and extremism through early, coordinated help to a person at "
        "risk (the SSP, PSP and KSP cooperations, the infohus and § 49 a meetings), recording the "
        "concerns, assessments and measures of a case, disclosing information between the "
        "authorities only as the legal bases below allow, and anonymous statistics.\n"
    )


def _subjects_section() -> str:
    used = {c.subjects for _k, c, _s in personal_fields()}
    lines = [f"- {SUBJECT_TEXT[s]}" for s in Subjects if s in used and s in SUBJECT_TEXT]
    return "## Categories of data subjects\n\n" + "\n".join(lines) + "\n"


def _categories_section() -> str:
    where: dict[Category, list[str]] = defaultdict(list)
    for key, found, _storage_kind in personal_fields():
        for category in found.categories:
            where[category].append(key)
    lines = ["## Categories of personal data\n", "| Category | Fields |", "| --- | --- |"]
    for category, text in CATEGORY_TEXT.items():
        if where[category]:
            lines.append(f"| {text} | {', '.join(f'`{k}`' for k in sorted(where[category]))} |")
    return "\n".join(lines) + "\n"


def _recipients_section() -> str:
    lines = [
        "## Recipients\n",
        "From the disclosure rules table as shipped (`forebyg/legal/data/disclosure_rules.csv`): "
        "the active rules that permit a disclosure. No transfers to countries outside the "
        "EU/EEA.\n",
        "| Rule | Legal basis | Context | Recipients | Purposes | Categories |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    bases = {row["key"]: row for row in _read_csv(LEGAL_BASES_FILE)}
    rules = [
        row
        for row in _read_csv(RULES_DIR / RULES_FILE)
        if row["effect"] == "permit" and row.get("active", "yes").strip().lower() != "no"
    ]
    for rule in sorted(rules, key=lambda r: r["key"]):
        basis = bases.get(rule.get("legal_basis", ""))
        basis_text = f"{basis['law_da']} {basis['section']}".strip() if basis else "–"
        lines.append(
            f"| `{rule['key']}` | {basis_text} | "
            f"{_labels(split_list(rule['contexts']), CooperationContext)} | "
            f"{_recipients(split_list(rule['recipient_kinds']))} | "
            f"{_labels(split_list(rule['purposes']), Purpose)} | "
            f"{_labels(split_list(rule['categories']), DataCategory)} |"
        )
    return "\n".join(lines) + "\n"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _labels(values: list[str], choices: type[models.TextChoices]) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(v, v)) for v in values) or "any"


def _recipients(kinds: list[str]) -> str:
    names = dict(OrganisationKind.choices)
    words = ["members of the cooperation" if k == MEMBER else str(names.get(k, k)) for k in kinds]
    return ", ".join(words) or "any"


def _retention_section() -> str:
    models_by_class: dict[Retention, set[str]] = defaultdict(set)
    for key, found, _storage_kind in personal_fields():
        models_by_class[found.retention_class].add(key.rsplit(".", 1)[0])
    lines = ["## Retention\n", "| Class | Rule | Models |", "| --- | --- | --- |"]
    for retention, text in RETENTION_TEXT.items():
        if models_by_class[retention]:
            names = ", ".join(f"`{m}`" for m in sorted(models_by_class[retention]))
            lines.append(f"| {retention} | {text} | {names} |")
    return "\n".join(lines) + "\n"


def _security_section() -> str:
    lines = ["## Technical and organisational security measures (art. 32)\n"]
    lines += [f"- {measure}" for measure in SECURITY_MEASURES]
    return "\n".join(lines) + "\n"


def _inventory_section() -> str:
    lines = [
        "## Annex: fields holding personal data\n",
        "| Field | Categories | Data subjects | Retention | Stored |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, found, storage in personal_fields():
        cats = ", ".join(sorted(found.categories))
        lines.append(
            f"| `{key}` | {cats} | {found.subjects} | {found.retention_class} | {storage} |"
        )
    return "\n".join(lines) + "\n"
