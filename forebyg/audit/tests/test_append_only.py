"""The database itself refuses to change or remove an audit event, whatever the application does.

SQLite raises IntegrityError from the trigger, PostgreSQL an InternalError: both are DatabaseError.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from forebyg.audit.models import AuditEvent
from forebyg.audit.services import record


@pytest.fixture
def event(db) -> AuditEvent:
    return record(None, "test.recorded", purpose="testing", after={"n": 1})


def _refused(action) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        action()


def _unchanged(event: AuditEvent) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.verb, stored.purpose, stored.after) == ("test.recorded", "testing", {"n": 1})


def test_an_orm_update_is_refused(event):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(verb="test.changed"))

    _unchanged(event)


def test_saving_a_changed_event_is_refused(event):
    event.purpose = "something else"

    _refused(event.save)

    _unchanged(event)


def test_an_orm_delete_is_refused(event):
    _refused(AuditEvent.objects.filter(pk=event.pk).delete)

    _unchanged(event)


def test_deleting_the_instance_is_refused(event):
    _refused(event.delete)

    _unchanged(event)


def _execute(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_raw_sql_update_is_refused(event):
    _refused(
        lambda: _execute("UPDATE audit_auditevent SET verb = %s WHERE id = %s", ["x", event.pk])
    )

    _unchanged(event)


def test_a_raw_sql_delete_is_refused(event):
    _refused(lambda: _execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk]))

    _unchanged(event)


def test_a_raw_sql_delete_of_the_whole_table_is_refused(event):
    _refused(lambda: _execute("DELETE FROM audit_auditevent", []))

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_new_events_can_still_be_appended(event):
    record(None, "test.recorded_again", purpose="testing")

    assert AuditEvent.objects.count() == 2
