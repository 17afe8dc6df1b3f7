import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from forebyg.audit.chain import link_hash
from forebyg.audit.models import AuditChainHead, AuditEvent
from forebyg.core.request_context import current_request_id

Json = dict[str, Any] | list[Any] | str | int | float | bool | None


def record(
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    *,
    organisation: Any = None,
    purpose: str = "",
    before: Json = None,
    after: Json = None,
) -> AuditEvent:
    """Write one audit event; call it inside the transaction of the change it describes.

    The event is appended to the hash chain under a lock on the chain head, so concurrent
    writers queue here instead of forking the chain. If this fails, the caller's transaction
    fails with it: an action that cannot be logged does not happen (fails closed)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=user,
        actor_label=user.get_username() if user else "",
        organisation=organisation,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        purpose=purpose,
        request_id=current_request_id.get(),
        # Hash what the database gives back: a JSON round trip turns tuples into lists and
        # number keys into strings, as reading the stored value later does.
        before=_as_stored(before),
        after=_as_stored(after),
    )
    # savepoint=False: inside the caller's transaction no savepoint (two queries) is needed, as
    # a failure here must fail the whole transaction anyway.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        event.sequence = head.sequence + 1
        event.previous_hash = head.hash
        event.hash = link_hash(*_link_fields(event))
        event.save(force_insert=True)  # a database trigger moves the head to this event
    return event


def _as_stored(value: Json) -> Json:
    return None if value is None else _without_nul(json.loads(json.dumps(value)))


def _without_nul(value: Any) -> Any:
    """NUL as U+FFFD in every string: PostgreSQL's jsonb refuses NUL, and an event that records
    what someone typed (a failed login's username) must not fail on it, on either database."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the transaction ends (a no-op lock on SQLite, where the
    IMMEDIATE transaction already holds the database's single write lock)."""
    heads = AuditChainHead.objects.select_for_update()
    head = heads.filter(pk=1).first()
    if head is None:  # only after a test flush emptied every table; the migration creates it
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=1)], ignore_conflicts=True)
        head = heads.get(pk=1)
    return head


def _link_fields(event: AuditEvent) -> tuple[Any, ...]:
    return (
        event.sequence,
        event.previous_hash,
        event.occurred_at,
        event.actor_id,
        event.actor_label,
        event.organisation_id,
        event.verb,
        event.target_type,
        event.target_id,
        event.purpose,
        event.request_id,
        event.before,
        event.after,
    )
