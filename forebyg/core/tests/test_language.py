from django.urls import reverse


def test_pages_are_danish_even_for_an_english_browser(client, db):
    response = client.get(reverse("prevention:home"), headers={"Accept-Language": "en-US,en"})

    assert '<html lang="da"' in response.text


def test_the_language_switch_gives_english_and_back(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("prevention:home"))
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    danish = client.get(reverse("prevention:home"))

    assert '<html lang="en"' in english.text
    assert '<html lang="da"' in danish.text


def test_an_unknown_language_cookie_falls_back_to_danish(client, db):
    client.cookies["django_language"] = "xx"

    response = client.get(reverse("prevention:home"))

    assert '<html lang="da"' in response.text
