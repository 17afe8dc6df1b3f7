import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from forebyg.core.env import env_bool, env_int, env_list, env_secret


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("off", False), ("", False)]
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


def test_env_bool_fails_loudly_on_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")


def test_env_int_fails_loudly_on_nonsense(monkeypatch):
    monkeypatch.setenv("NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="NUMBER"):
        env_int("NUMBER", 3)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.dk, b.dk ,,")
    assert env_list("HOSTS") == ["a.dk", "b.dk"]


def test_env_secret_prefers_the_variable_then_the_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "s"
    secret_file.write_text("from-file\n")
    monkeypatch.setenv("MY_SECRET_FILE", str(secret_file))
    assert env_secret("MY_SECRET") == "from-file"
    monkeypatch.setenv("MY_SECRET", "from-env")
    assert env_secret("MY_SECRET") == "from-env"


def test_env_secret_generates_once_into_a_private_file(monkeypatch, tmp_path):
    monkeypatch.delenv("MY_SECRET", raising=False)
    monkeypatch.delenv("MY_SECRET_FILE", raising=False)
    target = tmp_path / "var" / "my_secret"

    first = env_secret("MY_SECRET", generated_into=target)

    assert len(first) >= 50
    assert env_secret("MY_SECRET", generated_into=target) == first
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_env_secret_without_a_fallback_fails_loudly(monkeypatch):
    monkeypatch.delenv("MY_SECRET", raising=False)
    monkeypatch.delenv("MY_SECRET_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="MY_SECRET"):
        env_secret("MY_SECRET")
