import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from forebyg.cases.models import Person
from forebyg.cases.tests.factories import PersonFactory
from forebyg.core import crypto
from forebyg.core.checks import development_key_problems
from forebyg.core.storage import EncryptedFileSystemStorage

ROOT = Path(settings.BASE_DIR)


def test_names_and_cpr_numbers_are_stored_as_ciphertexts_with_their_key_id(db):
    person = PersonFactory.create(name="Bodil Bech", cpr_number="020304-1234")

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, cpr, cpr_index FROM cases_person WHERE id = %s", [person.pk])
        name, cpr, index = cursor.fetchone()

    assert "Bodil" not in name and "0203" not in cpr and "0203" not in index
    assert crypto.key_id_of(name) == crypto.key_ring().active_id
    assert Person.objects.get(cpr_index=crypto.blind_index("0203041234", purpose="cpr")) == person


def test_the_blind_index_depends_on_its_key(settings):
    before = crypto.blind_index("0203041234", purpose="cpr")
    settings.BLIND_INDEX_KEY = "another-" + "k" * 40

    assert crypto.blind_index("0203041234", purpose="cpr") != before


def test_stored_files_are_encrypted_on_disk_and_read_back_in_clear(tmp_path):
    storage = EncryptedFileSystemStorage(location=tmp_path)

    name = storage.save("attachments/x", ContentFile(b"%PDF-1.7 secret"))

    raw = (tmp_path / name).read_bytes()
    assert b"secret" not in raw and crypto.is_encrypted_bytes(raw)
    assert crypto.key_id_of_bytes(raw) == crypto.key_ring().active_id
    with storage.open(name) as handle:
        assert handle.read() == b"%PDF-1.7 secret"


def test_a_file_moved_between_contexts_or_altered_does_not_open():
    sealed = crypto.encrypt_bytes(b"content", context="storage.file")

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(sealed, context="other")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(sealed[:-1] + bytes([sealed[-1] ^ 1]), context="storage.file")


def test_a_key_file_lists_keys_one_a_line_with_comments():
    text = "# rotated 2026\nk2:" + "b" * 40 + "\nk1:" + "a" * 40 + "\n"

    assert crypto.parse_key_list(text) == ["k2:" + "b" * 40, "k1:" + "a" * 40]


def test_production_refuses_the_generated_development_keys(settings):
    settings.DEBUG = False
    settings.FIELD_ENCRYPTION_KEYS = ["dev:" + "d" * 40]

    assert any("FIELD_ENCRYPTION_KEYS" in problem for problem in development_key_problems())

    settings.FIELD_ENCRYPTION_KEYS = ["k1:" + "p" * 40]
    settings.BLIND_INDEX_KEY = "production-" + "i" * 40
    assert development_key_problems() == []


def test_development_keys_are_fine_with_debug_on(settings):
    settings.DEBUG = True
    settings.FIELD_ENCRYPTION_KEYS = ["dev:" + "d" * 40]

    assert development_key_problems() == []


def _check_deploy(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if "ENCRYPTION" not in k and "BLIND" not in k}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={
            **base,
            "DEBUG": "false",
            "HTTPS": "true",
            "ALLOWED_HOSTS": "forebyg.example.dk",
            "SECRET_KEY": "check-deploy-" + "a1b2c3d4" * 8,
            "DJANGO_SETTINGS_MODULE": "forebyg.settings",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_fails_with_the_development_key():
    # The accepting case runs in test_headers.py (check --deploy is clean with real keys).
    refused = _check_deploy()

    assert refused.returncode != 0
    assert "forebyg.E301" in refused.stdout + refused.stderr


def test_keys_can_come_from_a_key_file(tmp_path):
    key_file = tmp_path / "keys"
    key_file.write_text("k1:" + "f" * 48 + "\n", encoding="utf-8")

    assert crypto.parse_key_list(crypto.read_key_file(str(key_file))) == ["k1:" + "f" * 48]
    assert crypto.read_key_file("") == ""
