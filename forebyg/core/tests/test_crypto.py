import pytest
from django.core.exceptions import ImproperlyConfigured

from forebyg.core import crypto


def test_encrypt_then_decrypt_gives_the_text_back():
    sealed = crypto.encrypt("Jens Jensen, 010203-1234", context="cases.person.name")

    assert "Jens" not in sealed
    assert sealed.startswith("v1:")
    assert crypto.decrypt(sealed, context="cases.person.name") == "Jens Jensen, 010203-1234"


def test_the_same_text_encrypts_differently_each_time():
    assert crypto.encrypt("x", context="c") != crypto.encrypt("x", context="c")


def test_a_value_moved_to_another_field_does_not_open():
    sealed = crypto.encrypt("secret", context="cases.person.name")

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(sealed, context="cases.concern.description")


def test_a_tampered_value_does_not_open():
    sealed = crypto.encrypt("secret", context="c")
    tampered = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered, context="c")


def test_an_old_key_still_decrypts_after_a_new_key_is_put_first(settings):
    old = "old:" + "o" * 40
    settings.FIELD_ENCRYPTION_KEYS = [old]
    sealed = crypto.encrypt("kept", context="c")

    settings.FIELD_ENCRYPTION_KEYS = ["new:" + "n" * 40, old]

    assert crypto.decrypt(sealed, context="c") == "kept"
    assert crypto.key_id_of(crypto.encrypt("fresh", context="c")) == "new"


def test_an_unknown_key_id_is_refused(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["gone:" + "g" * 40]
    sealed = crypto.encrypt("x", context="c")
    settings.FIELD_ENCRYPTION_KEYS = ["other:" + "z" * 40]

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(sealed, context="c")


def test_a_short_key_is_refused(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["k:short"]

    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x", context="c")


def test_blind_index_is_stable_keyed_and_purpose_bound(settings):
    first = crypto.blind_index("0102031234", purpose="cpr")

    assert first == crypto.blind_index("0102031234", purpose="cpr")
    assert first != crypto.blind_index("0102031234", purpose="name")
    settings.BLIND_INDEX_KEY = "another-key-" + "x" * 30
    assert first != crypto.blind_index("0102031234", purpose="cpr")
