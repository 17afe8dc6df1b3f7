"""The disclosure rules are data: an administrator corrects them in the admin (every change
audited, only known values accepted), the next decision follows the correction, and the
correction survives a reload of the seed file until that row of the file changes."""

import csv
import shutil
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from forebyg.actors.models import Organisation
from forebyg.actors.reference_data import DATA_DIR, ReferenceDataError
from forebyg.actors.reference_data.disclosure_rules import (
    RULES_DIR,
    RULES_FILE,
    load_disclosure_rules,
)
from forebyg.actors.reference_data.fingerprints import Load
from forebyg.audit.models import AuditEvent
from forebyg.legal.models import DisclosureRule, LegalBasis
from forebyg.legal.rules import CooperationContext, DataCategory, ProposedDisclosure, Purpose
from forebyg.legal.rules.engine import decide


def _url(view: str, *args: Any) -> str:
    return reverse(f"admin:legal_disclosurerule_{view}", args=args)


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


@pytest.fixture
def admin_client(client: Client, administrator) -> Client:
    client.force_login(administrator)
    client.get = partial(client.get, secure=True)  # type: ignore[method-assign]
    client.post = partial(client.post, secure=True)  # type: ignore[method-assign]
    return client


def _police_to_aarhus_for_a_measure() -> ProposedDisclosure:
    return ProposedDisclosure(
        discloser=Organisation.objects.get(key="oestjyllands-politi"),
        recipient=Organisation.objects.get(key="aarhus-kommune"),
        person_is_child=False,
        categories=frozenset({DataCategory.IDENTITY, DataCategory.CONCERN}),
        purpose=Purpose.MEASURE,
        context=CooperationContext.SSP,
        necessity_note="Nødvendigt for mentorindsatsen.",
    )


def test_an_administrator_opens_the_rule_list_and_a_rule(admin_client):
    rule = DisclosureRule.objects.get(key="sel-49a")

    changelist = admin_client.get(_url("changelist"))
    change = admin_client.get(_url("change", rule.pk))

    assert changelist.status_code == 200
    assert "rpl-115-1" in changelist.text
    assert change.status_code == 200
    assert change.context["adminform"].form["contexts"].value() == ["meeting_49a"]


def test_the_rule_admin_is_closed_to_others(client, analyst):
    client.force_login(analyst)

    response = client.get(_url("changelist"), secure=True)

    assert response.status_code == 302


def test_a_rule_changed_in_the_admin_is_audited_and_changes_the_next_decision(admin_client):
    rule = DisclosureRule.objects.get(key="rpl-115-1")
    assert decide(_police_to_aarhus_for_a_measure()).allowed
    page = admin_client.get(_url("change", rule.pk))

    response = admin_client.post(_url("change", rule.pk), _form_data(page, purposes=["prevention"]))

    assert response.status_code == 302, response.context and response.context["errors"]
    rule.refresh_from_db()
    assert rule.purposes == ["prevention"]
    event = AuditEvent.objects.get(verb="disclosurerule.changed", target_id=str(rule.pk))
    assert event.before is not None and event.before["purposes"] == ["prevention", "measure"]
    assert event.after is not None and event.after["purposes"] == ["prevention"]
    decision = decide(_police_to_aarhus_for_a_measure())
    assert not decision.allowed
    assert "it does not cover a measure or decision" in decision.explanation_en


def test_the_admin_accepts_only_known_values_and_then_saves_nothing(admin_client):
    rule = DisclosureRule.objects.get(key="rpl-115-1")
    page = admin_client.get(_url("change", rule.pk))

    response = admin_client.post(
        _url("change", rule.pk), _form_data(page, contexts=["ssp", "the-pub"])
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["contexts"]
    rule.refresh_from_db()
    assert rule.contexts == ["ssp", "psp", "ksp"]
    assert not AuditEvent.objects.filter(verb="disclosurerule.changed").exists()


def test_a_rule_that_permits_needs_a_legal_basis(admin_client):
    rule = DisclosureRule.objects.get(key="fvl-28")
    page = admin_client.get(_url("change", rule.pk))

    response = admin_client.post(_url("change", rule.pk), _form_data(page, legal_basis=""))

    assert response.status_code == 200
    assert (
        escape(gettext("A rule that permits needs the legal basis it rests on.")) in response.text
    )
    rule.refresh_from_db()
    assert rule.legal_basis is not None


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(RULES_DIR, tmp_path / "rules"))


def _rewrite(folder: Path, key: str, **changes: str) -> None:
    with (folder / RULES_FILE).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    hit = next(row for row in rows if row["key"] == key)
    hit.update(changes)
    with (folder / RULES_FILE).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _load(rules_dir: Path = RULES_DIR) -> None:
    bases = {basis.key: basis for basis in LegalBasis.objects.all()}
    load_disclosure_rules(Load(DATA_DIR), bases, rules_dir=rules_dir)


def test_a_correction_in_the_admin_survives_a_reload_until_the_row_changes(db, rules_copy):
    DisclosureRule.objects.filter(key="fvl-28").update(active=False)

    _load(rules_copy)

    assert DisclosureRule.objects.get(key="fvl-28").active is False
    _rewrite(rules_copy, "fvl-28", priority="85")
    _load(rules_copy)
    rule = DisclosureRule.objects.get(key="fvl-28")
    assert (rule.active, rule.priority) == (True, 85)


def test_a_deleted_rule_is_recreated_at_the_next_load(db):
    DisclosureRule.objects.filter(key="consent").delete()

    _load()

    assert DisclosureRule.objects.get(key="consent").requires == ["consent"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contexts": "ssp|pub"}, "unknown value pub"),
        ({"legal_basis": "no-such-basis"}, "no-such-basis"),
        ({"legal_basis": ""}, "needs the legal basis"),
        ({"active": "perhaps"}, "active must be yes or no"),
    ],
)
def test_a_seed_file_with_a_bad_row_is_refused(db, rules_copy, changes, message):
    _rewrite(rules_copy, "fvl-28", **changes)

    # The loader's messages are checked in English, the language they are written in.
    with translation.override("en"), pytest.raises(ReferenceDataError, match=message):
        _load(rules_copy)
