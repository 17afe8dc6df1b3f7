"""Every write of plans and versions: creating a plan from the template, new versions, section
text and the workflow (draft -> consultation -> adopted -> published -> superseded).

Each service runs in one transaction, locks the version it changes, moves status only along
workflow.TRANSITIONS and writes its audit event in the same transaction, with the municipality
as organisation. Rules broken by the input raise PlanError with a message for the user; the
permission to edit is the views' fetchers' job (permissions.get_*_for_change)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.audit import services as audit
from forebyg.plans import richtext, template, workflow
from forebyg.plans.models import (
    ActionCard,
    ActionPlan,
    PlanInitiative,
    PlanTask,
    PlanVersion,
    Section,
)
from forebyg.plans.workflow import VersionStatus

REFERENCE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 50_000


class PlanError(ValidationError):
    """A rule of the plan workflow the input broke; the message is for the user."""


def _lock(version: PlanVersion) -> PlanVersion:
    """The version re-read under a row lock, so two requests cannot both move it."""
    return (
        PlanVersion.objects.select_for_update()
        .select_related("plan__municipality")
        .get(pk=version.pk)
    )


def _check_revision(version: PlanVersion, revision: int | None) -> None:
    if revision is not None and revision != version.revision:
        raise PlanError(
            _(
                "Someone changed this version after you opened it (perhaps you sent the form "
                "twice). Check the current text, then save again."
            ),
            code="stale",
        )


def _bump(version: PlanVersion, *fields: str) -> None:
    version.revision += 1
    version.save(update_fields=[*fields, "revision", "updated_at"])


def _record(by: User, verb: str, target: Any, plan: ActionPlan, **values: Any) -> None:
    audit.record(by, verb, target, organisation=plan.municipality, **values)


@transaction.atomic
def create_plan(*, municipality: Organisation, by: User) -> ActionPlan:
    """A municipality's plan with version 1: a draft pre-filled from CDE's template."""
    if municipality.kind != OrganisationKind.MUNICIPALITY:
        raise PlanError(_("Only a municipality has a beredskab."), code="not_municipality")
    if ActionPlan.objects.filter(municipality=municipality).exists():
        raise PlanError(_("The municipality already has a plan."), code="exists")
    plan = ActionPlan.objects.create(municipality=municipality)
    version = PlanVersion.objects.create(
        plan=plan, number=1, title=template.default_title(municipality.name_da), created_by=by
    )
    Section.objects.bulk_create(
        Section(version=version, key=s.key, order=i, heading=s.heading, pillar=s.pillar)
        for i, s in enumerate(template.SECTIONS, start=1)
    )
    PlanTask.objects.bulk_create(
        PlanTask(version=version, order=i, title=title)
        for i, title in enumerate(template.DEFAULT_TASKS, start=1)
    )
    _record(by, "plan.created", plan, plan, after={"version": version.number})
    return plan


def version_in_work(plan: ActionPlan) -> PlanVersion | None:
    """The plan's draft or version in consultation, if any (there is at most one)."""
    return plan.versions.filter(status__in=workflow.EDITABLE).first()


@transaction.atomic
def start_new_version(plan: ActionPlan, *, by: User) -> PlanVersion:
    """A new draft copying all content of the newest version; refused while one is in work."""
    ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if version_in_work(plan) is not None:
        raise PlanError(
            _("The plan already has a version in work. Continue that one."), code="in_work"
        )
    newest = plan.versions.order_by("-number").first()
    number = (plan.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        title=newest.title if newest else template.default_title(plan.municipality.name_da),
        based_on=newest,
        created_by=by,
    )
    if newest is not None:
        _copy_content(newest, version)
    _record(by, "plan_version.created", version, plan, after={"number": number})
    return version


def _copy_content(source: PlanVersion, target: PlanVersion) -> None:
    """Sections, roles matrix, initiatives with indicators, action cards with contacts."""
    Section.objects.bulk_create(
        Section(
            version=target,
            key=s.key,
            order=s.order,
            heading=s.heading,
            pillar=s.pillar,
            body=s.body,
        )
        for s in source.sections.all()
    )
    for task in source.tasks.prefetch_related("assignments"):
        assignments = list(task.assignments.all())
        task.pk, task.version = None, target
        task.save()
        for assignment in assignments:
            assignment.pk, assignment.task = None, task
            assignment.save()
    for initiative in source.initiatives.prefetch_related("indicators", "partners", "legal_bases"):
        _copy_initiative(initiative, target)
    for card in source.action_cards.prefetch_related("contacts", "warning_signs"):
        _copy_card(card, target)


def _copy_initiative(initiative: PlanInitiative, target: PlanVersion) -> None:
    indicators = list(initiative.indicators.all())
    partners, legal_bases = list(initiative.partners.all()), list(initiative.legal_bases.all())
    initiative.pk, initiative.version = None, target
    vars(initiative).pop("_prefetched_objects_cache", None)  # else set() sees the old rows
    initiative.save()
    initiative.partners.set(partners)
    initiative.legal_bases.set(legal_bases)
    for indicator in indicators:
        indicator.pk, indicator.initiative = None, initiative
        indicator.save()


def _copy_card(card: ActionCard, target: PlanVersion) -> None:
    contacts, signs = list(card.contacts.all()), list(card.warning_signs.all())
    card.pk, card.version = None, target
    vars(card).pop("_prefetched_objects_cache", None)
    card.save()
    card.warning_signs.set(signs)
    for contact in contacts:
        contact.pk, contact.card = None, card
        contact.save()


def _require_editable(version: PlanVersion) -> None:
    if version.status not in workflow.EDITABLE:
        raise PlanError(
            _(
                "This version is adopted by the council and cannot change. Start a new draft "
                "version to change the plan."
            ),
            code="not_editable",
        )


@transaction.atomic
def update_section(
    section: Section, *, body: str, revision: int | None, by: User
) -> richtext.CleanResult:
    """Save a section's text, sanitised; refused on an adopted version or a stale revision."""
    version = _lock(section.version)
    _require_editable(version)
    result = richtext.clean(body)
    if len(result.html) > BODY_MAX_LENGTH:
        raise PlanError(
            {
                "body": _("The text is too long: keep it under %(limit)d characters.")
                % {"limit": BODY_MAX_LENGTH}
            },
            code="max_length",
        )
    section = Section.objects.get(pk=section.pk)
    if result.html == section.body:
        return result  # the same text again (a double submit): nothing changes
    _check_revision(version, revision)
    before = len(section.body)
    section.body = result.html
    section.save(update_fields=["body"])
    _bump(version)
    _record(
        by,
        "plan_section.updated",
        section,
        version.plan,
        before={"length": before},
        after={"key": section.key, "length": len(result.html), "removed": result.removed},
    )
    return result


@transaction.atomic
def move_version(
    version: PlanVersion, *, to: str, by: User, revision: int | None = None
) -> PlanVersion:
    """Send a draft to consultation or take it back to draft; adopting has its own service."""
    version = _lock(version)
    if to not in (VersionStatus.DRAFT, VersionStatus.CONSULTATION):
        raise PlanError(_("Use adoption or publication for that step."), code="wrong_step")
    if version.status == to:
        return version  # already there (a double submit)
    if not workflow.can_move(version.status, to):
        raise PlanError(_("The version cannot go to that status now."), code="not_allowed")
    _check_revision(version, revision)
    before = version.status
    version.status = to
    _bump(version, "status")
    _record(
        by,
        "plan_version.moved",
        version,
        version.plan,
        before={"status": before},
        after={"status": to},
    )
    return version


def _adoption_errors(decision_date: datetime.date | None, reference: str) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if decision_date is None:
        errors["decision_date"] = _("Give the date of the council's decision.")
    elif decision_date > timezone.localdate():
        errors["decision_date"] = _(
            "The council's decision cannot be in the future. Adopt the version once it is made."
        )
    if not reference:
        errors["reference"] = _("Give the reference of the council's decision (e.g. case no.).")
    elif "\x00" in reference:  # PostgreSQL cannot store NUL in text; forms refuse it alike
        errors["reference"] = ProhibitNullCharactersValidator.message
    elif len(reference) > REFERENCE_MAX_LENGTH:
        errors["reference"] = _("Keep the reference to at most %(limit)d characters.") % {
            "limit": REFERENCE_MAX_LENGTH
        }
    return errors


@transaction.atomic
def adopt_version(
    version: PlanVersion,
    *,
    decision_date: datetime.date | None,
    reference: str,
    by: User,
    revision: int | None = None,
) -> PlanVersion:
    """Record the council's adoption (date not in the future, reference); the version in force
    until now is superseded in the same transaction."""
    version = _lock(version)
    if version.status in workflow.IN_FORCE and version.council_reference == reference.strip():
        return version  # already adopted with this decision (a double submit)
    if not workflow.can_move(version.status, VersionStatus.ADOPTED):
        raise PlanError(
            _("Only a draft or a version in consultation can be adopted."), code="not_allowed"
        )
    reference = (reference or "").strip()
    errors = _adoption_errors(decision_date, reference)
    if errors:
        raise PlanError(errors, code="invalid")
    _check_revision(version, revision)
    in_force = version.plan.versions.select_for_update().filter(status__in=workflow.IN_FORCE)
    for old in in_force:
        _supersede(old, by=by)
    before = version.status
    version.status = VersionStatus.ADOPTED
    version.council_decision_date = decision_date
    version.council_reference = reference
    _bump(version, "status", "council_decision_date", "council_reference")
    _record(
        by,
        "plan_version.adopted",
        version,
        version.plan,
        before={"status": before},
        after={"decision_date": str(decision_date), "reference": reference},
    )
    return version


def _supersede(old: PlanVersion, *, by: User) -> None:
    # Superseded first: the database allows one version in force per plan.
    before = old.status
    old.status = VersionStatus.SUPERSEDED
    old.superseded_at = timezone.now()
    _bump(old, "status", "superseded_at")
    _record(
        by,
        "plan_version.superseded",
        old,
        old.plan,
        before={"status": before},
        after={"status": old.status},
    )


@transaction.atomic
def publish_version(version: PlanVersion, *, by: User) -> PlanVersion:
    """Publish an adopted version on its public page; a draft cannot be published."""
    version = _lock(version)
    if version.status == VersionStatus.PUBLISHED:
        return version  # already published (a double submit)
    if not workflow.can_move(version.status, VersionStatus.PUBLISHED):
        raise PlanError(
            _("Only an adopted version can be published: the council adopts it first."),
            code="not_adopted",
        )
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    _bump(version, "status", "published_at")
    _record(
        by,
        "plan_version.published",
        version,
        version.plan,
        before={"status": VersionStatus.ADOPTED},
        after={"status": version.status},
    )
    return version
