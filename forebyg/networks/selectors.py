"""Reads of the infohus networks' notes, scoped to the user. Reading a note is not audited: the
notes hold no personal data (services refuse what looks like a CPR number)."""

from django.db.models import QuerySet

from forebyg.networks import permissions
from forebyg.networks.models import NetworkNote
from forebyg.networks.permissions import UserLike


def visible_notes(user: UserLike, *, district_id: int | None = None) -> QuerySet[NetworkNote]:
    """The notes of the networks `user` may read (optionally of one of them), newest first."""
    readable = permissions.readable_networks(user)
    if district_id is not None:
        readable = readable.filter(pk=district_id)
    return (
        NetworkNote.objects.filter(police_district__in=readable.values("pk"))
        .select_related("police_district", "written_by")
        .order_by("-date", "-created_at", "-id")
    )
