"""The rules of the national plan tracker's writes: who writes, numbers 1-41 once each, dated
status updates with a note, nothing stored on bad input, and an audit event for every write."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from forebyg.audit.models import AuditEvent
from forebyg.national import selectors, services
from forebyg.national.models import Initiative, InitiativeStatus, StatusUpdate
from forebyg.national.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _codes(error: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [e.code or "" for e in error.value.error_dict[field]]


def test_an_analyst_adds_an_initiative_with_a_free_number(analyst, area, ministry, free_number):
    created = services.create_initiative(
        by=analyst,
        focus_area=area,
        number=free_number,
        title_da="  Nyt initiativ  ",
        responsible=ministry,
    )

    assert created.title_da == "Nyt initiativ"
    assert created.seed_key is None  # a reload of the reference data leaves it alone
    event = AuditEvent.objects.get(verb="national_initiative.created")
    assert event.actor == analyst
    assert event.target_id == str(created.pk)
    after = event.after or {}
    assert (after["number"], after["responsible"]) == (free_number, "uim")


@pytest.mark.parametrize("persona", ["municipal_coordinator", "plan_owner", "administrator"])
def test_only_national_analysts_write_the_tracker(request, area, initiative, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.create_initiative(by=user, focus_area=area, title_da="X")
    with pytest.raises(PermissionDenied):
        services.update_initiative(initiative, by=user, title_da="Y")
    with pytest.raises(PermissionDenied):
        services.record_status(
            initiative, by=user, status="implemented", date=datetime.date(2020, 1, 1), note="n"
        )
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("number", [0, 42, 1000])
def test_a_number_outside_1_to_41_is_refused_and_nothing_is_stored(analyst, area, number):
    before = Initiative.objects.count()

    with pytest.raises(ValidationError) as error:
        services.create_initiative(by=analyst, focus_area=area, number=number, title_da="X")

    assert _codes(error, "number") == ["number_range"]
    assert Initiative.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_a_taken_number_is_refused_naming_the_initiative_that_holds_it(analyst, area):
    holder = Initiative.objects.exclude(number=None).first()
    assert holder is not None

    with pytest.raises(ValidationError) as error:
        services.create_initiative(by=analyst, focus_area=area, number=holder.number, title_da="X")

    assert _codes(error, "number") == ["number_taken"]
    assert str(holder) in error.value.error_dict["number"][0].messages[0]


def test_an_initiative_keeps_its_own_number_when_other_fields_are_edited(analyst, initiative):
    services.update_initiative(initiative, by=analyst, number=41)

    services.update_initiative(initiative, by=analyst, number=41, title_en="New title")

    initiative.refresh_from_db()
    assert (initiative.number, initiative.title_en) == (41, "New title")


def test_editing_audits_only_what_changed(analyst, initiative, ministry):
    services.update_initiative(
        initiative, by=analyst, title_da=initiative.title_da, responsible=ministry
    )

    event = AuditEvent.objects.get(verb="national_initiative.updated")
    assert event.before == {"responsible": None}
    assert event.after == {"responsible": "uim"}


def test_saving_an_unchanged_initiative_writes_no_audit_event(analyst, initiative):
    services.update_initiative(initiative, by=analyst, title_da=initiative.title_da)

    assert not AuditEvent.objects.exists()


def test_an_empty_or_too_long_title_changes_nothing(analyst, initiative):
    for title, code in (("   ", "required"), ("x" * 301, "max_length")):
        with pytest.raises(ValidationError) as error:
            services.update_initiative(initiative, by=analyst, title_da=title)
        assert _codes(error, "title_da") == [code]
    fresh = Initiative.objects.get(pk=initiative.pk)
    assert fresh.title_da == initiative.title_da
    assert not AuditEvent.objects.exists()


def test_adding_the_same_initiative_twice_is_refused(analyst, area):
    services.create_initiative(by=analyst, focus_area=area, title_da="Dobbelt")

    with pytest.raises(ValidationError):
        services.create_initiative(by=analyst, focus_area=area, title_da="dobbelt")

    assert Initiative.objects.filter(title_da__iexact="dobbelt").count() == 1


def test_an_analyst_s_correction_survives_a_reload_of_the_reference_data(analyst, free_number):
    loaded = Initiative.objects.filter(number=None).exclude(seed_key=None).first()
    assert loaded is not None

    services.update_initiative(loaded, by=analyst, number=free_number, title_en="Corrected")
    call_command("load_reference_data", verbosity=0)

    loaded.refresh_from_db()
    assert (loaded.number, loaded.title_en) == (free_number, "Corrected")


def _status(analyst, initiative, **values):
    defaults = {"status": "in_progress", "date": datetime.date(2020, 1, 1), "note": "Note"}
    return services.record_status(initiative, by=analyst, **{**defaults, **values})


def test_recording_a_status_is_audited(analyst, initiative):
    update = _status(analyst, initiative, status="implemented", source="ft.dk")

    assert (update.recorded_by, update.source) == (analyst, "ft.dk")
    event = AuditEvent.objects.get(verb="national_initiative.status_updated")
    assert event.target_id == str(initiative.pk)
    assert event.after == {"status": "implemented", "date": "2020-01-01", "update": update.pk}


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"date": "tomorrow"}, "date", None),
        ({"date": datetime.date(2016, 10, 10)}, "date", None),
        ({"note": "  "}, "note", "required"),
        ({"note": "x" * 2001}, "note", "max_length"),
        ({"source": "x" * 501}, "source", "max_length"),
        ({"status": "abandoned"}, "status", None),
    ],
)
def test_a_bad_status_update_stores_nothing(analyst, initiative, values, field, code):
    if values.get("date") == "tomorrow":
        values = {"date": timezone.localdate() + datetime.timedelta(days=1)}

    with pytest.raises(ValidationError) as error:
        _status(analyst, initiative, **values)

    assert field in error.value.error_dict
    if code:
        assert _codes(error, field) == [code]
    assert not StatusUpdate.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_status_dated_today_is_accepted(analyst, initiative):
    assert _status(analyst, initiative, date=timezone.localdate()).pk


def test_the_same_status_update_twice_is_refused(analyst, initiative):
    _status(analyst, initiative)

    with pytest.raises(ValidationError):
        _status(analyst, initiative)

    assert StatusUpdate.objects.count() == 1


def test_the_current_status_is_the_latest_by_date_not_by_entry(analyst, initiative):
    _status(analyst, initiative, status="implemented", date=datetime.date(2021, 5, 1))
    _status(analyst, initiative, status="in_progress", date=datetime.date(2018, 1, 1))

    found = selectors.initiative_with_history(initiative.pk)

    assert found is not None
    assert selectors.current_status(found) == InitiativeStatus.IMPLEMENTED
    assert [u.date.year for u in selectors.history(found)] == [2021, 2018]


def test_of_two_updates_on_one_day_the_later_recorded_is_current(analyst, initiative):
    _status(analyst, initiative, status="in_progress", note="first")
    _status(analyst, initiative, status="discontinued", note="second")

    found = selectors.initiative_with_history(initiative.pk)

    assert found is not None
    assert selectors.current_status(found) == InitiativeStatus.DISCONTINUED


def test_an_initiative_without_updates_has_no_current_status(initiative):
    found = selectors.initiative_with_history(InitiativeFactory.create().pk)

    assert found is not None
    assert selectors.current_status(found) is None
    assert selectors.history(found) == []
