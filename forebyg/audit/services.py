from typing import Any

from django.db import models

from forebyg.audit.models import AuditEvent
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
    """Write one audit event; call it inside the transaction of the change it describes."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=user.get_username() if user else "",
        organisation=organisation,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        purpose=purpose,
        request_id=current_request_id.get(),
        before=before,
        after=after,
    )
