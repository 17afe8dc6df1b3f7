"""The public pages about the legal bases: the list grouped by rationale, and one page per basis."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from forebyg.legal.models import LegalBasis

pytestmark = pytest.mark.django_db


def test_the_list_answers_anonymously_in_danish_and_english(client):
    danish = client.get(reverse("legal:list"))
    client.cookies["django_language"] = "en"
    english = client.get(reverse("legal:list"))

    assert danish.status_code == english.status_code == 200
    assert '<html lang="da">' in danish.text
    assert '<html lang="en">' in english.text


def test_the_list_links_every_legal_basis(client):
    response = client.get(reverse("legal:list"))

    for basis in LegalBasis.objects.all():
        assert f'<a href="{basis.get_absolute_url()}">' in response.text


def test_the_list_is_grouped_by_rationale(client):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("legal:list"))

    headings = re.findall(r'<h2 id="rationale-\d+">([^<]+)</h2>', response.text)
    assert headings[:3] == ["Security", "Social", "School"]
    security = response.text.split(">Security</h2>")[1].split("</table>")[0]
    assert reverse("legal:detail", args=["rpl-115-1"]) in security
    assert reverse("legal:detail", args=["sel-49a"]) not in security


def test_the_list_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get(reverse("legal:list"))


def test_a_legal_basis_shows_what_it_permits_between_whom_and_on_which_conditions(client):
    basis = LegalBasis.objects.get(key="rpl-115-2")
    client.cookies["django_language"] = "en"

    response = client.get(basis.get_absolute_url())

    assert response.status_code == 200
    assert f"<h1>{escape(basis.title_en)}</h1>" in response.text
    for text in (
        basis.summary_en,
        basis.conditions_en,
        basis.disclosing_parties,
        basis.receiving_parties,
        basis.forbidden_purposes,
        basis.status,
    ):
        assert text and escape(text) in response.text, text
    assert "SSP, PSP, KSP" in response.text
    assert "Forbidden purposes" in response.text


def test_a_legal_basis_page_answers_in_danish(client):
    basis = LegalBasis.objects.get(key="fvl-28")

    response = client.get(basis.get_absolute_url())

    assert response.status_code == 200
    assert '<html lang="da">' in response.text
    assert f"<h1>{escape(basis.title_da)}</h1>" in response.text


def test_a_legal_basis_lists_the_organisations_acting_under_it(client):
    basis = LegalBasis.objects.get(key="rpl-115-1")
    organisations = list(basis.organisations.all())
    assert organisations

    response = client.get(basis.get_absolute_url())

    for organisation in organisations:
        assert organisation.get_absolute_url() in response.text


def test_a_legal_basis_page_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(reverse("legal:detail", args=["rpl-115-1"]))


def test_an_unknown_legal_basis_is_a_danish_404(client):
    response = client.get(reverse("legal:detail", args=["no-such-rule"]))

    assert response.status_code == 404
    assert '<html lang="da">' in response.text
    with translation.override("da"):
        assert translation.gettext("Page not found") in response.text
