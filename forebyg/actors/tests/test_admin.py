"""Reference data in the administration: every model opens for an administrator, shows source and
confidence, and every change made there is audited."""

from functools import partial
from typing import Any

import pytest
from django.db import models
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from forebyg.accounts.admin_site import admin_site
from forebyg.actors.models import Cooperation, InternationalCooperation, Organisation
from forebyg.audit.models import AuditEvent
from forebyg.legal.models import LegalBasis
from forebyg.national.models import FocusArea, Initiative
from forebyg.prevention.models import (
    AssessmentDimension,
    ExtremismCategory,
    Measure,
    ModelCharacteristic,
    PreventionLevel,
    WarningSign,
)

REFERENCE_MODELS: list[type[models.Model]] = [
    Organisation,
    Cooperation,
    InternationalCooperation,
    ModelCharacteristic,
    PreventionLevel,
    AssessmentDimension,
    ExtremismCategory,
    Measure,
    WarningSign,
    LegalBasis,
    FocusArea,
    Initiative,
]
SOURCED_MODELS = [model for model in REFERENCE_MODELS if model is not Cooperation]


def _url(model: type[models.Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _form_data(response: HttpResponse, **changes: Any) -> dict[str, Any]:
    """The values of a rendered admin change form, as a browser would post them, plus changes."""
    form = response.context["adminform"].form  # type: ignore[attr-defined]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value)
    return data | changes


def _over_https(client: Client) -> Client:
    """The client with every request over HTTPS, as in production (no redirect to https://)."""
    client.get = partial(client.get, secure=True)  # type: ignore[method-assign]
    client.post = partial(client.post, secure=True)  # type: ignore[method-assign]
    return client


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return _over_https(client)


def test_every_reference_model_is_registered_on_the_project_admin_site():
    assert set(REFERENCE_MODELS) <= set(admin_site._registry)


@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda model: model.__name__)
def test_an_administrator_opens_the_changelist_and_change_page(admin_client, model):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, "the reference data has a row of every model"

    changelist = admin_client.get(_url(model, "changelist"))
    change = admin_client.get(_url(model, "change", obj.pk))

    assert changelist.status_code == 200
    assert change.status_code == 200
    assert change.context["adminform"].form.instance == obj


@pytest.mark.parametrize("model", SOURCED_MODELS, ids=lambda model: model.__name__)
def test_the_changelist_shows_source_and_confidence(admin_client, model):
    sourced = model._default_manager.exclude(source="").order_by("pk").first()
    assert sourced is not None

    response = admin_client.get(_url(model, "changelist"))

    columns = response.context["cl"].list_display
    assert "source" in columns
    assert "confidence" in columns or (model is LegalBasis and "status" in columns)
    assert sourced.source in response.text


def test_a_municipality_changelist_row_shows_its_source_and_confidence(admin_client):
    response = admin_client.get(_url(Organisation, "changelist"), {"q": "Ballerup"})

    assert "Ballerup Kommune" in response.text
    assert "DAGI/DAWA code lists; Statistics Denmark" in response.text
    assert "medium-high" in response.text


def test_the_organisation_changelist_filters_by_police_district_and_region(admin_client):
    district = Organisation.objects.get(key="oestjyllands-politi")

    response = admin_client.get(
        _url(Organisation, "changelist"), {"police_district__id__exact": district.pk}
    )

    names = {org.name_da for org in response.context["cl"].result_list}
    assert "Aarhus Kommune" in names
    assert "Randers Kommune" in names
    assert "Odense Kommune" not in names


def test_a_change_in_the_admin_writes_an_audit_event_with_before_and_after(admin_client):
    aarhus = Organisation.objects.get(key="aarhus-kommune")
    page = admin_client.get(_url(Organisation, "change", aarhus.pk))

    response = admin_client.post(
        _url(Organisation, "change", aarhus.pk), _form_data(page, name_en="City of Aarhus")
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    aarhus.refresh_from_db()
    assert aarhus.name_en == "City of Aarhus"
    event = AuditEvent.objects.get(verb="organisation.changed", target_id=str(aarhus.pk))
    assert isinstance(event.before, dict) and isinstance(event.after, dict)
    assert event.before["name_en"] == "Aarhus Municipality"
    assert event.after["name_en"] == "City of Aarhus"
    assert event.actor is not None and event.actor.username == "admin"


def test_a_changed_link_in_the_admin_is_audited_too(admin_client):
    measure = Measure.objects.get(key="mentor")
    building = PreventionLevel.objects.get(key="building")
    page = admin_client.get(_url(Measure, "change", measure.pk))
    levels = [str(pk) for pk in measure.typical_levels.values_list("pk", flat=True)]

    admin_client.post(
        _url(Measure, "change", measure.pk),
        _form_data(page, typical_levels=[*levels, str(building.pk)]),
    )

    assert building in measure.typical_levels.all()
    event = AuditEvent.objects.get(verb="measure.links_changed", target_id=str(measure.pk))
    assert isinstance(event.before, dict) and isinstance(event.after, dict)
    assert building.pk not in event.before["typical_levels"]
    assert building.pk in event.after["typical_levels"]


def test_a_legal_basis_corrected_in_the_admin_is_audited(admin_client):
    basis = LegalBasis.objects.get(key="sel-49a")
    page = admin_client.get(_url(LegalBasis, "change", basis.pk))

    admin_client.post(
        _url(LegalBasis, "change", basis.pk), _form_data(page, status="verified (new numbering)")
    )

    basis.refresh_from_db()
    assert basis.status == "verified (new numbering)"
    event = AuditEvent.objects.get(verb="legalbasis.changed", target_id=str(basis.pk))
    assert isinstance(event.before, dict) and isinstance(event.after, dict)
    assert (event.before["status"], event.after["status"]) == (
        "verified (old numbering)",
        "verified (new numbering)",
    )


def test_a_key_cannot_be_changed_in_the_admin(admin_client):
    aarhus = Organisation.objects.get(key="aarhus-kommune")
    page = admin_client.get(_url(Organisation, "change", aarhus.pk))

    admin_client.post(_url(Organisation, "change", aarhus.pk), _form_data(page, key="aros"))

    aarhus.refresh_from_db()
    assert aarhus.key == "aarhus-kommune"


def test_an_administrator_may_not_delete_reference_data(admin_client):
    category = ExtremismCategory.objects.get(key="unclear")

    response = admin_client.post(_url(ExtremismCategory, "delete", category.pk), {"post": "yes"})

    assert response.status_code == 403
    assert ExtremismCategory.objects.filter(pk=category.pk).exists()
    assert not AuditEvent.objects.filter(verb="extremismcategory.deleted").exists()


def test_staff_without_the_administrator_role_cannot_open_reference_data(client, analyst):
    analyst.is_staff = True
    analyst.save(update_fields=["is_staff"])
    client.force_login(analyst)

    response = _over_https(client).get(_url(Organisation, "changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
