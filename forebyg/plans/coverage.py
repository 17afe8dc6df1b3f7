"""What a plan version lacks (issue 5, point 8): the coverage check.

The check runs on a `Snapshot`: the few facts it needs of one version. `snapshots()` loads them for
any number of versions in a constant number of queries, so the national overview checks 98 plans
as cheaply as the version page checks one."""

import datetime
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from forebyg.plans import workflow
from forebyg.plans.models import (
    ActionCard,
    Pillar,
    PlanInitiative,
    PlanVersion,
    RoleAssignment,
    Section,
)
from forebyg.plans.selectors import revision_state
from forebyg.prevention.models import PreventionLevel


class Severity(StrEnum):
    ERROR = "error"  # the plan falls short of the law or CDE's concept
    WARNING = "warning"  # worth fixing before the next version


@dataclass(frozen=True)
class Gap:
    code: str
    severity: Severity
    message: str
    url: str = ""  # where to fix it, if the user can go somewhere to do so


@dataclass(frozen=True)
class InitiativeFacts:
    pk: int
    title: str
    pillar: str
    level_id: int
    has_responsible: bool


@dataclass(frozen=True)
class CardFacts:
    pk: int
    title: str
    contacts: int


@dataclass
class Snapshot:
    """The facts of one version the check reads; nothing here queries the database."""

    version: PlanVersion
    # key and whether it has text, per pillar, in the template's order
    sections: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    initiatives: list[InitiativeFacts] = field(default_factory=list)
    cards: list[CardFacts] = field(default_factory=list)
    assignments: int = 0


def has_text(body: str) -> bool:
    """Whether sanitised HTML holds any words (an empty paragraph is no content)."""
    return bool(html.unescape(strip_tags(body)).strip())


def snapshots(versions: Sequence[PlanVersion]) -> dict[int, Snapshot]:
    """The snapshots of `versions` by pk, in four queries whatever their number."""
    result = {version.pk: Snapshot(version) for version in versions}
    pillar_sections = (
        Section.objects.filter(version__in=result)
        .exclude(pillar="")
        .order_by("version", "order")
        .values_list("version_id", "key", "pillar", "body")
    )
    for version_id, key, pillar, body in pillar_sections:
        result[version_id].sections.setdefault(pillar, []).append((key, has_text(body)))
    initiatives = PlanInitiative.objects.filter(version__in=result).order_by("title", "pk")
    for pk, version_id, title, pillar, level_id, responsible_id in initiatives.values_list(
        "pk", "version_id", "title", "pillar", "level_id", "responsible_id"
    ):
        result[version_id].initiatives.append(
            InitiativeFacts(pk, title, pillar, level_id, responsible_id is not None)
        )
    cards = (
        ActionCard.objects.filter(version__in=result)
        .order_by("audience", "pk")
        .annotate(contact_count=Count("contacts"))
        .values_list("pk", "version_id", "title", "contact_count")
    )
    for pk, version_id, title, contacts in cards:
        result[version_id].cards.append(CardFacts(pk, title, contacts))
    assignments = (
        RoleAssignment.objects.filter(task__version__in=result)
        .order_by()
        .values_list("task__version_id")
        .annotate(count=Count("pk"))
    )
    for version_id, count in assignments:
        result[version_id].assignments = count
    return result


def check(version: PlanVersion, *, today: datetime.date) -> list[Gap]:
    """Every gap of `version` on `today`, most serious first."""
    levels = list(PreventionLevel.objects.order_by("order"))
    return evaluate(snapshots([version])[version.pk], today=today, levels=levels)


def evaluate(
    snapshot: Snapshot, *, today: datetime.date, levels: Sequence[PreventionLevel]
) -> list[Gap]:
    """The gaps of one snapshot, errors before warnings, without a query."""
    gaps = [
        *_status_gaps(snapshot.version, today),
        *_pillar_gaps(snapshot),
        *_level_gaps(snapshot, levels),
        *_initiative_gaps(snapshot),
        *_card_gaps(snapshot),
        *_matrix_gaps(snapshot),
    ]
    return sorted(gaps, key=lambda gap: gap.severity != Severity.ERROR)


def _url(name: str, *args: object) -> str:
    # Some targets belong to other parts of the app; a route that is not there yet gives no link.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _fix_url(version: PlanVersion, name: str, *args: object) -> str:
    """Where to fix content: in the version itself while it is editable, else a new version."""
    if version.status in workflow.EDITABLE:
        return _url(name, *args)
    return _url("plans:plan", version.plan_id)


def _status_gaps(version: PlanVersion, today: datetime.date) -> list[Gap]:
    gaps = []
    if version.status == workflow.VersionStatus.ADOPTED:
        gaps.append(
            Gap(
                "not_published",
                Severity.ERROR,
                _("The plan is adopted but not published: the law requires it to be public."),
                _url("plans:version", version.pk),
            )
        )
    due = version.revision_due
    if version.status not in workflow.IN_FORCE or due is None:
        return gaps
    state = revision_state(version, today)
    if state == "overdue":
        message = _("The revision was due on %(date)s: start a new version.")
        gaps.append(Gap("revision_overdue", Severity.ERROR, message % {"date": date_format(due)}))
    elif state == "due_soon":
        message = _("The revision is due on %(date)s: start the next version in time.")
        gaps.append(
            Gap("revision_due_soon", Severity.WARNING, message % {"date": date_format(due)})
        )
    link = _url("plans:plan", version.plan_id)
    return [Gap(g.code, g.severity, g.message, g.url or link) for g in gaps]


def _pillar_gaps(snapshot: Snapshot) -> list[Gap]:
    gaps = []
    with_initiatives = {initiative.pillar for initiative in snapshot.initiatives}
    for pillar in Pillar:
        sections = snapshot.sections.get(pillar.value, [])
        if pillar.value in with_initiatives or any(filled for _key, filled in sections):
            continue
        url = (
            _fix_url(snapshot.version, "plans:section_edit", snapshot.version.pk, sections[0][0])
            if sections
            else _fix_url(snapshot.version, "plans:initiative_new", snapshot.version.pk)
        )
        message = _("The pillar “%(pillar)s” has neither text nor initiatives.")
        gaps.append(
            Gap(
                f"pillar_empty:{pillar.value}",
                Severity.ERROR,
                message % {"pillar": pillar.label},
                url,
            )
        )
    return gaps


def _level_gaps(snapshot: Snapshot, levels: Sequence[PreventionLevel]) -> list[Gap]:
    covered = {initiative.level_id for initiative in snapshot.initiatives}
    url = _fix_url(snapshot.version, "plans:initiative_new", snapshot.version.pk)
    message = _("No initiative on the level “%(level)s” of the prevention triangle.")
    return [
        Gap(f"level_empty:{level.key}", Severity.WARNING, message % {"level": level}, url)
        for level in levels
        if level.pk not in covered
    ]


def _initiative_gaps(snapshot: Snapshot) -> list[Gap]:
    message = _("The initiative “%(title)s” has no responsible actor.")
    return [
        Gap(
            f"initiative_without_responsible:{initiative.pk}",
            Severity.WARNING,
            message % {"title": initiative.title},
            _fix_url(snapshot.version, "plans:initiative_edit", initiative.pk),
        )
        for initiative in snapshot.initiatives
        if not initiative.has_responsible
    ]


def _card_gaps(snapshot: Snapshot) -> list[Gap]:
    version = snapshot.version
    if not snapshot.cards:
        message = _("The plan has no action cards for staff.")
        return [
            Gap(
                "no_cards",
                Severity.WARNING,
                message,
                _fix_url(version, "plans:card_new", version.pk),
            )
        ]
    message = _("The action card “%(title)s” says nobody to contact.")
    return [
        Gap(
            f"card_without_contacts:{card.pk}",
            Severity.ERROR,
            message % {"title": card.title},
            _fix_url(version, "plans:card_edit", card.pk),
        )
        for card in snapshot.cards
        if not card.contacts
    ]


def _matrix_gaps(snapshot: Snapshot) -> list[Gap]:
    if snapshot.assignments:
        return []
    version = snapshot.version
    message = _("The roles matrix is empty: nobody is responsible for any task.")
    return [
        Gap(
            "matrix_empty", Severity.WARNING, message, _fix_url(version, "plans:matrix", version.pk)
        )
    ]
