"""The life of a plan version (DESIGN.md §4), as a table. Only services move a version, and only
along a row of TRANSITIONS."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


# Versions whose text may still change. An adopted version is the council's decision: changing it
# means a new draft version.
EDITABLE = frozenset({VersionStatus.DRAFT, VersionStatus.CONSULTATION})
# Versions the public may read (a superseded version stays readable if it was ever published).
IN_FORCE = frozenset({VersionStatus.ADOPTED, VersionStatus.PUBLISHED})

TRANSITIONS: dict[VersionStatus, frozenset[VersionStatus]] = {
    VersionStatus.DRAFT: frozenset({VersionStatus.CONSULTATION, VersionStatus.ADOPTED}),
    VersionStatus.CONSULTATION: frozenset({VersionStatus.DRAFT, VersionStatus.ADOPTED}),
    VersionStatus.ADOPTED: frozenset({VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED}),
    VersionStatus.PUBLISHED: frozenset({VersionStatus.SUPERSEDED}),
    VersionStatus.SUPERSEDED: frozenset(),
}


def can_move(current: str, target: str) -> bool:
    """Whether a version may go from `current` to `target`."""
    return VersionStatus(target) in TRANSITIONS[VersionStatus(current)]
