"""CPR numbers never in URLs: anything that looks like one in the path or the query string is
refused with our Danish 400 page, and the refusal is logged without the URL."""

import logging

import pytest
from django.urls import reverse
from django.utils import translation

from forebyg.core.urlguard import looks_like_cpr


def _danish(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


@pytest.mark.parametrize(
    "text",
    [
        "0101901234",
        "010190-1234",
        "010190 1234",
        "x=3112991234&y",
        "/sager/2802004321/",
        "290296-4321",
    ],
)
def test_ten_digits_starting_with_a_real_date_look_like_a_cpr_number(text):
    assert looks_like_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "3201901234",  # day 32
        "0113901234",  # month 13
        "2902011234",  # 29 February 2001 did not exist
        "12345",
        "01019012345",  # eleven digits: not a CPR number
        "/sager/12/?page=3",
        "2026-11-26",
    ],
)
def test_other_numbers_do_not(text):
    assert not looks_like_cpr(text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/sager/?q=0101901234",
        "/sager/?q=010190-1234",
        "/sager/?q=010190%2D1234",
        "/0101901234/",
        "/udveksling/kendt-andetsteds/?cpr=010190+1234",
    ],
)
def test_a_url_with_a_cpr_number_gets_the_danish_400_page(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert _danish("Bad request") in response.text
    assert "0101901234" not in response.text and "010190" not in response.text
    assert "Traceback" not in response.text


@pytest.mark.django_db
def test_the_refusal_is_logged_without_the_number(client, caplog):
    with caplog.at_level(logging.WARNING, logger="forebyg.core.urlguard"):
        client.get("/sager/?q=0101901234")

    assert caplog.records
    assert all("010190" not in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_the_guard_refuses_a_post_to_such_a_url_too(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    response = client.post(reverse("cases:person_search") + "?cpr=0101901234")

    assert response.status_code == 400


@pytest.mark.django_db
def test_an_ordinary_url_passes(client):
    assert client.get(reverse("legal:list") + "?page=2").status_code == 200


@pytest.mark.django_db
def test_the_person_search_posts_its_cpr_and_name(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:person_search"))

    assert 'method="post"' in response.text.lower()
    assert 'method="get"' not in response.text.lower()
