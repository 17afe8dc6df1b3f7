"""The public pages about the Danish model: the home page with the triangle, a page per level."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from forebyg.actors.models import Organisation
from forebyg.prevention.models import Measure, ModelCharacteristic, PreventionLevel

pytestmark = pytest.mark.django_db

LEVEL_KEYS = ["building", "anticipatory", "intervening"]


def _svg(html: str, css_class: str) -> str:
    match = re.search(rf'<svg class="{css_class}".*?</svg>', html, re.DOTALL)
    assert match, f"no <svg class={css_class}> on the page"
    return match.group(0)


def test_home_answers_anonymously_in_danish_by_default(client):
    response = client.get(reverse("prevention:home"))

    assert response.status_code == 200
    assert '<html lang="da">' in response.text
    for characteristic in ModelCharacteristic.objects.all():
        assert characteristic.title_da in response.text


def test_home_answers_in_english_when_english_is_chosen(client):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("prevention:home"))

    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    first = ModelCharacteristic.objects.order_by("order").first()
    assert first is not None
    assert first.title_en in response.text


def test_switching_language_with_the_header_form_comes_back_in_english(client):
    home = reverse("prevention:home")

    response = client.post(reverse("set_language"), {"language": "en", "next": home}, follow=True)

    assert response.redirect_chain[-1][0] == home
    assert '<html lang="en">' in response.text


def test_the_triangle_links_every_level_from_the_svg(client):
    response = client.get(reverse("prevention:home"))

    svg = _svg(response.text, "triangle")
    assert 'role="group"' in svg
    assert '<title id="triangle-title">' in svg
    assert '<desc id="triangle-desc">' in svg
    for key in LEVEL_KEYS:
        assert f'<a href="{reverse("prevention:level", args=[key])}"' in svg
    assert svg.count("<polygon") == 3


def test_the_triangle_has_a_text_equivalent_outside_the_svg(client):
    response = client.get(reverse("prevention:home"))

    text_outside_svg = response.text.replace(_svg(response.text, "triangle"), "")
    for level in PreventionLevel.objects.all():
        assert f'<a href="{level.get_absolute_url()}">{level.name_da}</a>' in text_outside_svg


def test_the_triangle_is_drawn_from_the_data(client):
    """A fourth level in the data gives a fourth band, with no change to the code."""
    PreventionLevel.objects.create(key="extra", order=9, name_da="Ekstra", name_en="Extra")

    response = client.get(reverse("prevention:home"))

    svg = _svg(response.text, "triangle")
    assert svg.count("<polygon") == 4
    assert reverse("prevention:level", args=["extra"]) in svg


@pytest.mark.parametrize("key", LEVEL_KEYS)
def test_every_level_page_answers_in_danish_and_english(client, key):
    level = PreventionLevel.objects.get(key=key)
    url = reverse("prevention:level", args=[key])

    danish = client.get(url)
    client.cookies["django_language"] = "en"
    english = client.get(url)

    assert danish.status_code == english.status_code == 200
    assert f"<h1>{level.name_da}</h1>" in danish.text
    assert f"<h1>{level.name_en}</h1>" in english.text


def test_a_level_page_shows_target_group_aim_settings_and_efforts(client):
    level = PreventionLevel.objects.get(key="anticipatory")

    response = client.get(level.get_absolute_url())

    for field in ("target_group", "aim", "settings_and_actors", "typical_efforts"):
        text = getattr(level, f"{field}_da") or getattr(level, f"{field}_en")
        assert text and text in response.text, field


def test_a_level_page_lists_its_measures_and_organisations(client):
    level = PreventionLevel.objects.get(key="intervening")
    measures = Measure.objects.filter(typical_levels=level)
    organisations = Organisation.objects.filter(triangle_levels=level)
    assert measures.exists() and organisations.exists()

    response = client.get(level.get_absolute_url())

    for measure in measures:
        assert measure.name_da in response.text
    for organisation in organisations:
        assert organisation.get_absolute_url() in response.text
    assert Organisation.objects.get(key="pet").name_da in response.text


def test_a_level_page_groups_organisations_by_kind(client):
    level = PreventionLevel.objects.get(key="anticipatory")
    client.cookies["django_language"] = "en"

    response = client.get(level.get_absolute_url())

    assert "<h3>Knowledge centre</h3>" in response.text


def test_the_current_level_is_marked_in_the_triangle(client):
    response = client.get(reverse("prevention:level", args=["anticipatory"]))

    svg = _svg(response.text, "triangle")
    assert svg.count('aria-current="page"') == 1
    current = re.search(r'<a href="([^"]+)" class="triangle-level is-current"', svg)
    assert current and current.group(1) == reverse("prevention:level", args=["anticipatory"])


def test_an_unknown_level_is_a_danish_404(client):
    response = client.get(reverse("prevention:level", args=["no-such-level"]))

    assert response.status_code == 404
    assert '<html lang="da">' in response.text
    with translation.override("da"):
        assert translation.gettext("Page not found") in response.text


def test_the_public_pages_need_no_login(client):
    for url in [reverse("prevention:home"), reverse("prevention:level", args=["building"])]:
        assert client.get(url).status_code == 200


def test_home_and_level_pages_use_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get(reverse("prevention:home"))
    with django_assert_max_num_queries(6):
        client.get(reverse("prevention:level", args=["anticipatory"]))
