"""The public "who does what" pages: the directory with its filters and search, an organisation's
page, the structure diagram and international cooperation."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from forebyg.actors.models import InternationalCooperation, Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("actors:directory")


def _url(key: str) -> str:
    return reverse("actors:organisation", args=[key])


def _result_links(html: str) -> set[str]:
    """The organisation links in the directory's results table."""
    table = re.search(r"<table.*?</table>", html, re.DOTALL)
    return (
        set(re.findall(r'<a href="(/hvem-goer-hvad/[^/"?]+/)"', table.group(0))) if table else set()
    )


# The directory ----------------------------------------------------------------------------------


def test_the_directory_answers_anonymously_in_danish_and_english(client):
    danish = client.get(DIRECTORY)
    client.cookies["django_language"] = "en"
    english = client.get(DIRECTORY)

    assert danish.status_code == english.status_code == 200
    assert '<html lang="da">' in danish.text
    assert '<html lang="en">' in english.text
    assert "<h1>Who does what</h1>" in english.text


def test_the_directory_shows_fifty_organisations_a_page(client):
    total = Organisation.objects.count()

    first = client.get(DIRECTORY)
    last = client.get(DIRECTORY, {"page": (total + 49) // 50})

    assert len(_result_links(first.text)) == 50
    assert len(_result_links(last.text)) == total - 50 * ((total - 1) // 50)


def test_the_directory_filters_by_kind(client):
    response = client.get(DIRECTORY, {"kind": OrganisationKind.POLICE_DISTRICT})

    links = _result_links(response.text)
    assert _url("oestjyllands-politi") in links
    assert _url("aarhus-kommune") not in links
    districts = Organisation.objects.filter(kind=OrganisationKind.POLICE_DISTRICT).count()
    assert len(links) == districts


def test_the_directory_filters_by_level(client):
    response = client.get(DIRECTORY, {"level": "national"})

    links = _result_links(response.text)
    assert {_url("cde"), _url("pet"), _url("nfc")} <= links
    assert _url("aarhus-kommune") not in links


def test_the_directory_filters_by_prevention_level(client):
    response = client.get(DIRECTORY, {"triangle": "intervening", "level": "national"})

    links = _result_links(response.text)
    assert _url("pet") in links
    assert _url("stuk") not in links  # STUK works at the building level only


def test_the_directory_filters_by_police_district(client):
    response = client.get(DIRECTORY, {"police_district": "oestjyllands-politi"})

    links = _result_links(response.text)
    assert {
        _url("oestjyllands-politi"),
        _url("infohus-oestjyllands-politi"),
        _url("aarhus-kommune"),
        _url("randers-kommune"),
    } <= links
    assert _url("aalborg-kommune") not in links


def test_the_directory_filters_by_municipality(client, aarhus_school):
    response = client.get(DIRECTORY, {"municipality": "aarhus-kommune"})

    assert _result_links(response.text) == {_url("aarhus-kommune"), _url(aarhus_school.key)}


def test_the_directory_searches_names_and_abbreviations(client):
    by_name = client.get(DIRECTORY, {"q": "aarhus"})
    by_abbreviation = client.get(DIRECTORY, {"q": "NFC"})

    assert _result_links(by_name.text) == {_url("aarhus-kommune")}
    assert _url("nfc") in _result_links(by_abbreviation.text)


def test_the_directory_search_folds_case_of_danish_letters(client):
    response = client.get(DIRECTORY, {"q": "østjyllands"})

    links = _result_links(response.text)
    assert {_url("oestjyllands-politi"), _url("infohus-oestjyllands-politi")} <= links


def test_the_directory_combines_filters_with_search(client):
    response = client.get(DIRECTORY, {"q": "kommune", "police_district": "oestjyllands-politi"})

    links = _result_links(response.text)
    assert _url("aarhus-kommune") in links
    assert _url("oestjyllands-politi") not in links
    assert _url("aalborg-kommune") not in links


def test_the_directory_says_so_when_nothing_matches(client):
    client.cookies["django_language"] = "en"

    response = client.get(DIRECTORY, {"q": "no organisation is called this"})

    assert response.status_code == 200
    assert "No organisations match the filters." in response.text
    assert not _result_links(response.text)


def test_the_htmx_request_gets_only_the_results(client):
    response = client.get(DIRECTORY, {"q": "aarhus"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="directory-results"')
    assert "<html" not in response.text
    assert "<form" not in response.text
    assert _result_links(response.text) == {_url("aarhus-kommune")}


def test_the_filter_form_works_without_javascript(client):
    response = client.get(DIRECTORY)

    form = re.search(r"<form[^>]*directory-filter[^>]*>", response.text)
    assert form and 'method="get"' in form.group(0)
    for name in ("q", "level", "kind", "triangle", "police_district", "municipality"):
        assert re.search(rf'<label class="form-label" for="id_{name}">', response.text), name
    assert 'type="submit"' in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"kind": "no-such-kind"},
        {"level": "galactic"},
        {"police_district": "no-such-district"},
        {"municipality": "aarhus-kommune' OR 1=1"},
        {"triangle": "0"},
        {"q": "x" * 500},
    ],
)
def test_bad_page_numbers_and_filter_values_are_no_error(client, params):
    response = client.get(DIRECTORY, params)

    assert response.status_code == 200
    assert "directory-results" in response.text


def test_an_invalid_filter_is_ignored_and_reported(client):
    client.cookies["django_language"] = "en"

    response = client.get(DIRECTORY, {"kind": "no-such-kind", "q": "aarhus"})

    assert _result_links(response.text) == {_url("aarhus-kommune")}
    assert 'aria-invalid="true"' in response.text


def test_the_directory_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(DIRECTORY)
    with django_assert_max_num_queries(9):
        client.get(
            DIRECTORY,
            {
                "q": "kommune",
                "kind": "municipality",
                "police_district": "oestjyllands-politi",
                "municipality": "aarhus-kommune",
                "triangle": "anticipatory",
                "page": "1",
            },
        )
    with django_assert_max_num_queries(2):
        client.get(DIRECTORY, {"kind": "municipality"}, headers={"HX-Request": "true"})


# An organisation's page ------------------------------------------------------------------------


def test_a_municipality_names_its_police_district_infohus_and_region(client):
    response = client.get(_url("aarhus-kommune"))

    assert response.status_code == 200
    assert "<h1>Aarhus Kommune</h1>" in response.text
    for key in ("oestjyllands-politi", "infohus-oestjyllands-politi", "region-midtjylland"):
        organisation = Organisation.objects.get(key=key)
        assert f'<a href="{_url(key)}">{organisation.name_da}</a>' in response.text
    assert "Østjyllands Politi" in response.text
    assert "Region Midtjylland" in response.text
    assert "751" in response.text


def test_a_municipality_shows_its_cooperations_with_their_members(client, aarhus):
    cooperations = list(aarhus.cooperations.prefetch_related("members"))
    assert cooperations

    response = client.get(_url("aarhus-kommune"))

    for cooperation in cooperations:
        assert cooperation.get_kind_display() in response.text
        for member in cooperation.members.all():
            assert _url(member.key) in response.text


def test_a_municipality_shows_the_legal_bases_it_acts_under(client, aarhus):
    bases = list(aarhus.legal_bases.all())
    assert bases

    response = client.get(_url("aarhus-kommune"))

    for basis in bases:
        assert basis.get_absolute_url() in response.text


def test_a_police_district_lists_its_municipalities_and_infohus(client, east_jutland_police):
    response = client.get(_url("oestjyllands-politi"))

    assert _url("infohus-oestjyllands-politi") in response.text
    for municipality in east_jutland_police.district_municipalities.all():
        assert _url(municipality.key) in response.text
    assert _url("aalborg-kommune") not in response.text


def test_an_infohus_lists_the_municipalities_of_its_network(client):
    response = client.get(_url("infohus-oestjyllands-politi"))

    assert response.status_code == 200
    assert _url("oestjyllands-politi") in response.text
    assert _url("aarhus-kommune") in response.text
    assert _url("randers-kommune") in response.text


def test_ncfe_shows_that_cde_succeeded_it(client):
    client.cookies["django_language"] = "en"

    response = client.get(_url("ncfe"))

    cde = Organisation.objects.get(key="cde")
    assert f'<a href="{_url("cde")}">{cde.name_en}</a>' in response.text
    assert "Successor" in response.text
    assert "Valid to" in response.text


def test_cde_shows_ncfe_as_its_predecessor(client):
    response = client.get(_url("cde"))

    assert _url("ncfe") in response.text


def test_a_national_authority_shows_its_parent_and_prevention_levels(client):
    response = client.get(_url("nfc"))

    assert _url("rigspolitiet") in response.text
    assert reverse("prevention:level", args=["intervening"]) in response.text


def test_the_organisation_page_shows_source_and_confidence_discreetly(client):
    cde = Organisation.objects.get(key="cde")
    client.cookies["django_language"] = "en"

    response = client.get(_url("cde"))

    assert re.search(r'<p class="small-text[^"]*">\s*Source:', response.text)
    assert cde.source.split(";")[0] in response.text


def test_an_organisation_page_answers_in_english(client):
    client.cookies["django_language"] = "en"

    response = client.get(_url("aarhus-kommune"))

    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "Police district" in response.text


def test_an_unknown_organisation_is_a_danish_404(client):
    response = client.get(_url("no-such-organisation"))

    assert response.status_code == 404
    assert '<html lang="da">' in response.text
    assert "Traceback" not in response.text
    with translation.override("da"):
        assert translation.gettext("Page not found") in response.text


def test_an_organisation_page_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(_url("aarhus-kommune"))
    with django_assert_max_num_queries(12):
        client.get(_url("oestjyllands-politi"))


# The structure diagram ------------------------------------------------------------------------


def test_the_structure_is_drawn_as_an_svg_from_the_data(client):
    response = client.get(reverse("actors:structure"))

    assert response.status_code == 200
    svg = re.search(r"<svg viewBox.*?</svg>", response.text, re.DOTALL)
    assert svg, "no diagram"
    diagram = svg.group(0)
    assert 'role="group"' in diagram and "<title" in diagram and "<desc" in diagram
    for key in ("cde", "nfc", "pet", "stuk"):
        assert f'<a href="{_url(key)}"' in diagram, key
    assert f'{DIRECTORY}?kind=municipality"' in diagram
    assert f'{DIRECTORY}?kind=police_district"' in diagram
    assert "<path" in diagram
    assert _url("ncfe") not in diagram  # NCFE closed in 2022


def test_the_structure_has_a_table_equivalent(client):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("actors:structure"))

    table = re.search(
        r"<caption>National authorities and the actors they support</caption>.*?</table>",
        response.text,
        re.DOTALL,
    )
    assert table
    rows = {
        key: re.search(rf'<a href="{_url(key)}">.*?</tr>', table.group(0), re.DOTALL)
        for key in ("cde", "nfc", "pet")
    }
    assert rows["cde"] and "Municipality" in rows["cde"].group(0)
    assert rows["nfc"] and "Police district" in rows["nfc"].group(0)
    assert rows["nfc"] and "Infohus" in rows["nfc"].group(0)
    assert rows["pet"] and "Police district" in rows["pet"].group(0)


def test_a_new_national_authority_appears_in_the_structure_by_itself(client):
    authority = Organisation.objects.create(
        key="ny-styrelse",
        kind=OrganisationKind.KNOWLEDGE_CENTRE,
        level="national",
        name_da="Ny Styrelse",
        name_en="New Agency",
    )
    authority.triangle_levels.add(*authority.triangle_levels.model.objects.filter(key="building"))

    response = client.get(reverse("actors:structure"))

    assert f'<a href="{_url("ny-styrelse")}"' in response.text


def test_the_structure_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(reverse("actors:structure"))


# International cooperation -------------------------------------------------------------------


def test_international_cooperation_lists_every_forum(client):
    danish = client.get(reverse("actors:international"))
    client.cookies["django_language"] = "en"
    english = client.get(reverse("actors:international"))

    assert danish.status_code == english.status_code == 200
    for cooperation in InternationalCooperation.objects.all():
        assert cooperation.name.replace("&", "&amp;") in danish.text
    ran = InternationalCooperation.objects.get(key="ran")
    assert ran.summary_en[:40] in english.text


def test_the_chosen_filters_stay_selected_in_the_form(client):
    response = client.get(
        DIRECTORY, {"kind": "municipality", "police_district": "oestjyllands-politi", "q": "kom"}
    )

    assert '<option value="municipality" selected>' in response.text
    assert '<option value="oestjyllands-politi" selected>' in response.text
    assert 'name="q" id="id_q" value="kom"' in response.text
