"""The fixes that let the Django admin pass the browser sweep (docs/decisions/0012-admin-csp.md):
the parts a server-side test can see. The browser sweep (tests/browser/test_sweep.py) checks the
pages themselves with axe-core and the CSP."""

from pathlib import Path

import django
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from forebyg.actors.models import Organisation

DJANGO_FORMS_CSS = Path(django.__file__).parent / "contrib/admin/static/admin/css/forms.css"
OUR_FORMS_CSS = Path(settings.BASE_DIR) / "static/admin/css/forms.css"


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_our_admin_forms_css_is_django_s_without_its_import_of_widgets_css():
    """Django's forms.css starts with @import url('widgets.css'); axe-core re-parses an imported
    sheet into a <style> element, which style-src 'self' refuses. If this fails after a Django
    upgrade, copy the new forms.css there again, without its @import line."""
    django_lines = DJANGO_FORMS_CSS.read_text(encoding="utf-8").splitlines()
    ours = OUR_FORMS_CSS.read_text(encoding="utf-8")

    assert django_lines[0] == "@import url('widgets.css');"
    assert "@import" not in ours
    assert ours.endswith("\n".join(django_lines[1:]) + "\n")
    assert finders.find("admin/css/forms.css") == str(OUR_FORMS_CSS)  # ours wins


def test_every_admin_page_links_widgets_css_and_the_accessibility_fixes(admin_client):
    response = admin_client.get(reverse("admin:index"), secure=True)

    assert response.status_code == 200
    for path in ("admin/css/widgets.css", "admin_overrides.css", "admin_overrides.js"):
        assert static(path) in response.text


def test_a_blank_confidence_is_a_filter_choice_with_a_name(admin_client):
    """AllValuesFieldListFilter shows "" as an empty link, which a screen reader cannot name."""
    organisation = Organisation.objects.order_by("pk").first()
    assert organisation is not None
    Organisation.objects.filter(pk=organisation.pk).update(confidence="")

    response = admin_client.get(reverse("admin:actors_organisation_changelist"), secure=True)

    changelist = response.context["cl"]
    spec = next(s for s in changelist.filter_specs if s.field_path == "confidence")
    choices = list(spec.choices(changelist))
    blank = [c for c in choices if c["query_string"].endswith("confidence=")]
    assert blank, "the blank value is offered"
    assert all(str(choice["display"]).strip() for choice in choices)
    assert 'href="?confidence="></a>' not in response.text


def test_a_membership_s_fields_on_the_user_page_have_labels(admin_client, administrator):
    """Stacked, not tabular: a tabular inline's role and delete fields have no label."""
    response = admin_client.get(
        reverse("admin:accounts_user_change", args=[administrator.pk]), secure=True
    )

    assert response.status_code == 200
    for field in ("organisation", "role", "DELETE"):
        assert f'for="id_memberships-0-{field}"' in response.text


def test_the_date_and_time_inputs_of_a_date_time_field_have_labels(admin_client):
    """The field's label points at neither input of Django's split date-and-time widget."""
    response = admin_client.get(reverse("admin:api_apitoken_add"), secure=True)

    assert response.status_code == 200
    assert '<label for="id_expires_at_0">' in response.text
    assert '<label for="id_expires_at_1">' in response.text
