import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from forebyg.accounts.models import User


def _codes(password: str, user: User | None = None) -> set[str | None]:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return {error.code for error in caught.value.error_list}


def test_a_password_shorter_than_12_characters_is_rejected():
    assert "password_too_short" in _codes("Xq7!vR2#pL9")  # 11 characters


def test_a_common_password_is_rejected_even_when_long_enough():
    assert "password_too_common" in _codes("q1w2e3r4t5y6")


def test_an_all_numeric_password_is_rejected():
    assert "password_entirely_numeric" in _codes("839201746352")


def test_a_password_like_the_username_is_rejected(db):
    user = User(username="tovholder-aarhus", first_name="Tove")

    assert "password_too_similar" in _codes("tovholder-aarhus1", user)


def test_a_long_uncommon_password_is_accepted():
    validate_password("korrekt-hest-batteri-haefteklamme")  # raises if rejected
