from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from forebyg.audit.models import AuditEvent
from forebyg.cases.models import Attachment, Person
from forebyg.cases.tests.factories import ConcernFactory, PersonFactory
from forebyg.core import crypto, rotation

OLD = "old:" + "o" * 40
NEW = "new:" + "n" * 40


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _raw_name(person: Person) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM cases_person WHERE id = %s", [person.pk])
        return str(cursor.fetchone()[0])


def _arrange_with_old_key(settings) -> tuple[Person, Attachment]:
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    person = PersonFactory.create(name="Aage Andersen", cpr_number="010203-1234")
    concern = ConcernFactory.create(case__person=person, description="Bekymring om Aage")
    attachment = Attachment(concern=concern, original_name="brev.pdf", size=4, sha256="x")
    attachment.file.save("upload", ContentFile(b"%PDF"), save=False)
    attachment.save()
    return person, attachment


def test_rotate_then_everything_opens_with_only_the_new_key(settings, db, capsys):
    person, attachment = _arrange_with_old_key(settings)
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]

    call_command("rotate_keys", "--batch-size", "1")
    settings.FIELD_ENCRYPTION_KEYS = [NEW]

    reloaded = Person.objects.get(pk=person.pk)
    assert (reloaded.name, reloaded.cpr) == ("Aage Andersen", "0102031234")
    assert reloaded.cases.get().concerns.get().description == "Bekymring om Aage"
    stored = Attachment.objects.get(pk=attachment.pk)
    assert stored.original_name == "brev.pdf"
    with stored.file.open("rb") as handle:
        assert handle.read() == b"%PDF"
    assert crypto.key_id_of(_raw_name(person)) == "new"


def test_rotation_reports_counts_per_model_and_audits_one_event(settings, db, capsys):
    _arrange_with_old_key(settings)
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]

    call_command("rotate_keys")

    out = capsys.readouterr().out
    assert "cases.Person: 2 values re-encrypted" in out  # name and CPR
    assert "cases.Attachment: 1 files re-encrypted" in out
    event = AuditEvent.objects.get(verb="encryption.keys_rotated")
    after = event.after or {}
    assert after["key_id"] == "new"
    assert after["values"]["cases.Person"] == 2


def test_a_second_rotation_changes_nothing(settings, db, capsys):
    person, _attachment = _arrange_with_old_key(settings)
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    call_command("rotate_keys")
    sealed = _raw_name(person)

    call_command("rotate_keys")

    assert _raw_name(person) == sealed
    assert "Total: 0" in capsys.readouterr().out.splitlines()[-1]


def test_a_file_stored_in_clear_before_encryption_is_encrypted_by_rotation(settings, db):
    _person, attachment = _arrange_with_old_key(settings)
    path = Path(settings.MEDIA_ROOT) / attachment.file.name
    path.write_bytes(b"legacy clear file")

    call_command("rotate_keys")

    assert crypto.is_encrypted_bytes(path.read_bytes())
    with Attachment.objects.get(pk=attachment.pk).file.open("rb") as handle:
        assert handle.read() == b"legacy clear file"


def test_without_the_old_key_unrotated_data_does_not_open(settings, db):
    person, _attachment = _arrange_with_old_key(settings)
    settings.FIELD_ENCRYPTION_KEYS = [NEW]

    with pytest.raises(crypto.DecryptionError):
        Person.objects.get(pk=person.pk)


def test_an_interrupted_rotation_resumes_where_it_stopped(settings, db, monkeypatch):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    people = [PersonFactory.create(name=f"Person {n}") for n in range(3)]
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    calls = {"rows": 0}
    original = rotation._rotate_row

    def failing_after_two(*args, **kwargs):
        calls["rows"] += 1
        if calls["rows"] > 2:
            raise RuntimeError("power cut")
        return original(*args, **kwargs)

    monkeypatch.setattr(rotation, "_rotate_row", failing_after_two)
    with pytest.raises(RuntimeError):
        rotation.rotate_all(batch_size=1)
    assert [crypto.key_id_of(_raw_name(p)) for p in people] == ["new", "new", "old"]

    monkeypatch.setattr(rotation, "_rotate_row", original)
    report = rotation.rotate_all(batch_size=1)

    assert report.values["cases.Person"] == 1
    assert {crypto.key_id_of(_raw_name(p)) for p in people} == {"new"}
