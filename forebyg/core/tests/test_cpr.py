import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from forebyg.core.cpr import century, parse_cpr

TODAY = datetime.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("raw", "born"),
    [
        ("010203-1234", datetime.date(1903, 2, 1)),
        ("0102031234", datetime.date(1903, 2, 1)),
        ("311299-3999", datetime.date(1999, 12, 31)),
        ("010110-4000", datetime.date(2010, 1, 1)),
        ("010150-4000", datetime.date(1950, 1, 1)),
        ("010110-5000", datetime.date(2010, 1, 1)),
        ("010170-5000", datetime.date(1870, 1, 1)),
        ("290200-4001", datetime.date(2000, 2, 29)),
        ("010120-9002", datetime.date(2020, 1, 1)),
    ],
)
def test_valid_numbers_give_the_birth_date_with_the_right_century(raw, born):
    assert parse_cpr(raw, today=TODAY).birth_date == born


@pytest.mark.parametrize(
    "raw",
    ["", "123", "01020312345", "0102-031234", "ab0203-1234", "010203 1234", "010203--1234"],
)
def test_malformed_numbers_are_refused(raw):
    with pytest.raises(ValidationError) as error:
        parse_cpr(raw, today=TODAY)
    assert error.value.code == "cpr_format"


@pytest.mark.parametrize("raw", ["320103-1234", "311103-1234", "290201-1234", "000103-1234"])
def test_impossible_dates_are_refused(raw):
    with pytest.raises(ValidationError) as error:
        parse_cpr(raw, today=TODAY)
    assert error.value.code == "cpr_date"


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(ValidationError) as error:
        parse_cpr("010130-4000", today=TODAY)
    assert error.value.code == "cpr_future"


def test_masked_and_formatted_forms():
    cpr = parse_cpr("0102031234", today=TODAY)
    assert cpr.formatted == "010203-1234"
    assert cpr.masked == "010203-xxxx"
    assert cpr.is_female


@given(st.text(max_size=30))
def test_any_text_either_parses_or_raises_a_validation_error(raw):
    try:
        cpr = parse_cpr(raw, today=TODAY)
    except ValidationError:
        return
    assert len(cpr.digits) == 10


@given(st.integers(0, 99), st.integers(0, 9))
def test_the_century_table_covers_every_year_and_digit(year, digit):
    assert century(year, digit) in (1800, 1900, 2000)


def test_a_child_born_after_midnight_in_denmark_is_not_in_the_future_at_23_30_utc():
    # 23:30 UTC on 26 November is 00:30 on 27 November in Copenhagen (the site's TIME_ZONE).
    with time_machine.travel(datetime.datetime(2026, 11, 26, 23, 30, tzinfo=datetime.UTC)):
        assert parse_cpr("271126-4000").birth_date == datetime.date(2026, 11, 27)
        with pytest.raises(ValidationError):
            parse_cpr("281126-4000")  # tomorrow in Denmark too
