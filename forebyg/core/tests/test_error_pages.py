"""Error pages: a Danish 404 by default, never a traceback, and a 500 page that renders even when
the database is down."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.utils import translation

from forebyg.core import views


def _database_is_down(request: HttpRequest) -> HttpResponse:
    raise DatabaseError("could not connect to server")


def _fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals")


# This module is also the URLconf of the tests marked @pytest.mark.urls(__name__).
urlpatterns = [path("db-down/", _database_is_down), path("fails/", _fails)]
handler404 = "forebyg.core.views.page_not_found"
handler500 = "forebyg.core.views.server_error"


def _danish(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


@pytest.mark.django_db
def test_an_unknown_address_is_a_404_in_danish_by_default(client):
    response = client.get("/this/page/does/not/exist/")

    assert response.status_code == 404
    assert '<html lang="da">' in response.text
    assert _danish("Page not found") in response.text
    assert "Traceback" not in response.text
    assert "Using the URLconf" not in response.text  # Django's debug page lists the URL patterns


@pytest.mark.django_db
def test_the_404_follows_the_chosen_language(client):
    client.cookies["django_language"] = "en"

    response = client.get("/this/page/does/not/exist/")

    assert response.status_code == 404
    assert '<html lang="en">' in response.text
    assert "Page not found" in response.text


@pytest.mark.django_db
def test_the_404_page_has_the_site_chrome_and_one_h1(client):
    response = client.get("/this/page/does/not/exist/")

    assert response.text.count("<h1") == 1
    assert 'class="skipnav"' in response.text
    assert '<main id="main-content"' in response.text


def test_the_500_page_renders_without_touching_the_database():
    """No django_db mark: pytest-django makes any database access in this test raise."""
    request = RequestFactory().get("/")

    response = views.server_error(request)

    assert response.status_code == 500
    assert '<html lang="' in response.content.decode()
    assert "<h1>" in response.content.decode()


def test_the_500_page_is_danish_by_default():
    with translation.override("da"):
        response = views.server_error(RequestFactory().get("/"))

    html = response.content.decode()
    assert '<html lang="da">' in html
    assert _danish("Something went wrong") in html


@pytest.mark.urls(__name__)
def test_a_failing_view_answers_with_the_500_page_and_no_traceback(client):
    client.raise_request_exception = False

    response = client.get("/fails/")

    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert _danish("Something went wrong") in response.text


@pytest.mark.urls(__name__)
def test_the_500_page_renders_when_the_database_is_down(client):
    client.raise_request_exception = False

    response = client.get("/db-down/")

    assert response.status_code == 500
    assert "could not connect" not in response.text
    assert _danish("Something went wrong") in response.text


def test_a_bad_request_gets_the_standalone_400_page():
    response = views.bad_request(RequestFactory().get("/"), Exception("bad"))

    assert response.status_code == 400
    assert "<h1>" in response.content.decode()


@pytest.mark.django_db
def test_permission_denied_gets_the_403_page():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    response = views.permission_denied(request, Exception("no"))

    assert response.status_code == 403
    assert "<h1>" in response.content.decode()
