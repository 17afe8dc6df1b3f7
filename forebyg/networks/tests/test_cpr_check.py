"""What counts as a CPR number in a network note (the rule is in core/cpr.py: find_cpr)."""

import datetime

import pytest

from forebyg.core.cpr import find_cpr

TODAY = datetime.date(2026, 11, 25)


@pytest.mark.parametrize(
    "text",
    [
        "010190-1234",
        "0101901234",
        "Han (010190 1234) kom igen",
        "01.01.90-1234",
        "01.01.90 - 1234",
        "01 01 90 1234",
        "010190\u00a01234",
        "010190 – 1234",
        "010190.1234",
        "CPR:010190-1234.",
        "290200-4001",  # 29 February 2000
    ],
)
def test_cpr_numbers_are_found_in_their_usual_spellings(text):
    assert find_cpr(text, today=TODAY) is not None


def test_the_finding_is_masked():
    assert find_cpr("se 010190-1234", today=TODAY) == "010190-xxxx"


@pytest.mark.parametrize(
    "text",
    [
        "Ring 12 34 56 78 eller 87654321",  # Danish phone numbers have eight digits
        "+45 2012345678",  # a country code in front
        "0045 12345678",
        "+4520123456",
        "Kontonummer 1234 0101901234567",  # longer numbers are not split up
        "12345678901",
        "320190-1234",  # no 32nd day
        "011390-1234",  # no 13th month
        "290201-4001",  # 2001 is no leap year
        "010130-5000",  # the 7th digit puts the birth in 2030: the future
        "Mødet 01.02.2024 kl. 14.30",
        "Sag 2024-1234",
        "Postnummer 8000 Aarhus, 25 deltagere, 2 kommuner",
        "01.01-90 1234",  # the date's pairs are split differently
        "",
    ],
)
def test_ordinary_numbers_pass(text):
    assert find_cpr(text, today=TODAY) is None
