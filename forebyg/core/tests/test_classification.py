from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models

from forebyg.core import classification
from forebyg.core.classification import REGISTRY, STORED_IN_CLEAR, classify, must_be_encrypted
from forebyg.core.fields import EncryptedTextField
from forebyg.core.record_of_processing import render_csv, render_markdown
from forebyg.core.storage import EncryptedFileSystemStorage

RECORD = Path(settings.BASE_DIR) / "docs" / "record-of-processing.md"
TEXT_COLUMNS = (models.CharField, models.TextField, models.JSONField)


def _forebyg_fields() -> list[models.Field]:  # type: ignore[type-arg]
    return [
        model_field
        for model in apps.get_models()
        if model.__module__.startswith("forebyg.")
        for model_field in model._meta.concrete_fields
    ]


def _key(model_field: models.Field) -> str:  # type: ignore[type-arg]
    return classification.field_key(model_field)


def test_every_field_of_every_forebyg_model_is_tagged():
    untagged = [_key(f) for f in _forebyg_fields() if classify(f) is None]

    assert untagged == [], "tag these in forebyg/core/classification.py: " + ", ".join(untagged)


def test_the_personal_data_apps_tag_each_field_by_name_not_by_model():
    wildcards = [key for key in REGISTRY if key.endswith(".*")]

    assert wildcards
    assert all(key.split(".")[0] in classification.REFERENCE_APPS for key in wildcards)


def test_every_registry_entry_names_a_field_that_exists():
    existing = {_key(f) for f in _forebyg_fields()}
    existing |= {f"{m._meta.label}.*" for m in apps.get_models()}

    assert sorted(set(REGISTRY) - existing) == []
    assert sorted(set(STORED_IN_CLEAR) - existing) == []


def test_cpr_numbers_names_and_free_text_are_encrypted_in_the_database():
    in_clear = []
    for model_field in _forebyg_fields():
        found = classify(model_field)
        if found is None or not must_be_encrypted(found) or _key(model_field) in STORED_IN_CLEAR:
            continue
        if isinstance(model_field, models.FileField):
            assert isinstance(model_field.storage, EncryptedFileSystemStorage)
        elif isinstance(model_field, TEXT_COLUMNS) and not isinstance(
            model_field, EncryptedTextField
        ):
            in_clear.append(_key(model_field))

    assert in_clear == []


@pytest.mark.parametrize(
    ("key", "category"),
    [
        ("cases.Person.cpr", "cpr"),
        ("cases.Person.name", "identity"),
        ("cases.Concern.description", "free_text"),
        ("cases.Case.category", "art9"),
        ("accounts.User.email", "identity"),
        ("api.ApiToken.key_hash", "not_personal"),
    ],
)
def test_fields_carry_the_expected_category(key, category):
    assert category in REGISTRY[key].categories


def test_the_committed_record_of_processing_is_up_to_date(db):
    assert RECORD.read_text(encoding="utf-8") == render_markdown(), (
        "run: python manage.py record_of_processing"
    )


def test_the_record_names_recipients_from_the_disclosure_rules_and_the_retention(db):
    text = render_markdown()

    assert "`rpl-115-1`" in text and "`sel-49a`" in text
    assert "forbid-115-investigation" not in text  # a forbidding rule names no recipient
    assert "12 months" in text
    assert "`cases.Person.cpr`" in text
    assert "`api.ApiToken.key_hash`" not in text


def test_the_csv_inventory_lists_every_field_once(db):
    rows = render_csv().splitlines()

    assert rows[0].startswith("field,categories")
    assert len(rows) - 1 == len(_forebyg_fields())
    assert "cases.Person.cpr,cpr,concerned,case,encrypted," in rows


def test_the_check_option_fails_on_a_stale_record(db, tmp_path):
    stale = tmp_path / "record.md"
    stale.write_text("old", encoding="utf-8")

    with pytest.raises(Exception, match="out of date"):
        call_command("record_of_processing", "--output", str(stale), "--check")
    call_command("record_of_processing", "--output", str(stale))
    call_command("record_of_processing", "--output", str(stale), "--check")
