"""The case flow of DESIGN.md §3 as a transition table. The table is the documentation.

Pure Python: nothing here touches the database. Services call `can_move` before every status
change; the view offers only `NEXT[case.status]` (filtered by permissions.allowed_targets).

    received -> screening -+-> police_only  (closed; the shared case keeps only a stub)
                           +-> unfounded    (closed)
                           +-> signposted   (closed; an ordinary social or school effort)
                           +-> information_gathering <-> analysis <-> assessment -> follow_up
                               (each of these four can also go to closed)

* Only a police coordinator leaves `screening` (the four SCREENING_OUTCOMES).
* Going back (analysis -> information_gathering, assessment -> analysis) is allowed: an analysis
  often shows that more information is needed, and a recommendation may send the case back.
* `closed` is reachable from every infohus step, because a case can end early (the person moves,
  the concern is dispelled); closing always needs a reason and an outcome.
* Closed statuses are final. A new concern about the person opens a new episode (a new Case on
  the same person's timeline) instead of reopening the old one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    SCREENING = "screening", _("Police screening")
    POLICE_ONLY = "police_only", _("Handled by the police alone")
    UNFOUNDED = "unfounded", _("Unfounded")
    SIGNPOSTED = "signposted", _("Signposted to an ordinary effort")
    INFORMATION_GATHERING = "information_gathering", _("Information gathering")
    ANALYSIS = "analysis", _("Analysis")
    ASSESSMENT = "assessment", _("Assessment and recommendation")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


class ReporterStatus(models.TextChoices):
    """The only thing a reporter learns about the case their concern went into."""

    RECEIVED = "received", _("Received")
    BEING_HANDLED = "being_handled", _("Being handled")
    CONCLUDED = "concluded", _("Concluded")


NEXT: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.SCREENING}),
    Status.SCREENING: frozenset(
        {Status.POLICE_ONLY, Status.UNFOUNDED, Status.SIGNPOSTED, Status.INFORMATION_GATHERING}
    ),
    Status.INFORMATION_GATHERING: frozenset({Status.ANALYSIS, Status.CLOSED}),
    Status.ANALYSIS: frozenset({Status.ASSESSMENT, Status.INFORMATION_GATHERING, Status.CLOSED}),
    Status.ASSESSMENT: frozenset({Status.FOLLOW_UP, Status.ANALYSIS, Status.CLOSED}),
    Status.FOLLOW_UP: frozenset({Status.CLOSED}),
    Status.POLICE_ONLY: frozenset(),
    Status.UNFOUNDED: frozenset(),
    Status.SIGNPOSTED: frozenset(),
    Status.CLOSED: frozenset(),
}

# Where a police screening can send a case; only a police coordinator chooses one.
SCREENING_OUTCOMES: frozenset[str] = NEXT[Status.SCREENING]

# A case in one of these is over: nothing about it changes any more.
CLOSED_STATUSES: frozenset[str] = frozenset(
    {Status.POLICE_ONLY, Status.UNFOUNDED, Status.SIGNPOSTED, Status.CLOSED}
)
OPEN_STATUSES: frozenset[str] = frozenset(Status.values) - CLOSED_STATUSES

# Before screening; a case here counts against the screening deadline.
AWAITING_SCREENING: frozenset[str] = frozenset({Status.RECEIVED, Status.SCREENING})

# The infohus steps, after screening sent the case on: assessments and measures belong here.
INFOHUS_STATUSES: frozenset[str] = frozenset(
    {Status.INFORMATION_GATHERING, Status.ANALYSIS, Status.ASSESSMENT, Status.FOLLOW_UP}
)


def can_move(current: str, target: str) -> bool:
    """True when the table allows a case to go from `current` to `target`."""
    return target in NEXT.get(current, frozenset())


def is_closed(status: str) -> bool:
    """True for the statuses in which a case is over."""
    return status in CLOSED_STATUSES


def needs_closure_details(target: str) -> bool:
    """Closing after the infohus steps needs a reason and an outcome."""
    return target == Status.CLOSED


def reporter_status(status: str, *, moved_since_report: bool = True) -> ReporterStatus:
    """What a reporter sees: received until the case moves after their report arrived, then being
    handled, then concluded. A report that joins a case already under way therefore starts as
    received too, so the reporter cannot tell that a case existed before their report."""
    if status in CLOSED_STATUSES:
        return ReporterStatus.CONCLUDED
    if status == Status.RECEIVED or not moved_since_report:
        return ReporterStatus.RECEIVED
    return ReporterStatus.BEING_HANDLED
