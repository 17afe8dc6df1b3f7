# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Moving a case through the workflow table, the police screening, and classifying a case."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.audit import services as audit
from forebyg.cases import permissions, workflow
from forebyg.cases.models import (
    Assessment,
    Attachment,
    Case,
    CaseMeasure,
    ClosureOutcome,
    ClosureReason,
    Concern,
    StatusChange,
)
from forebyg.cases.services.common import Errors, lock_case
from forebyg.cases.workflow import Status
from forebyg.prevention.models import ExtremismCategory, PreventionLevel

NOTE_MAX_LENGTH = 2000
# Case fields whose new value goes into the audit event of a status change (no personal data).
LOGGED = ("screening_outcome", "closure_reason", "closure_outcome")


@transaction.atomic
def change_status(
    case: Case,
    *,
    to: str,
    by: User,
    expected_version: int,
    note: str = "",
    closure_reason: str = "",
    closure_outcome: str = "",
) -> Case:
    """Move a case along the table; the only code path that changes Case.status. From screening
    this is the police screening (see record_screening); closing needs a reason and an outcome."""
    case = lock_case(case, by=by, expected_version=expected_version)
    if case.status == Status.SCREENING:
        return _screen(case, outcome=to, by=by, note=note)
    errors = Errors()
    note = errors.text("note", note, max_length=NOTE_MAX_LENGTH, required=False)
    _check_move(errors, case.status, to)
    if workflow.needs_closure_details(to):
        _check_closure(errors, closure_reason, closure_outcome)
    errors.raise_if_any()
    if to == Status.CLOSED:
        case.closure_reason, case.closure_outcome = closure_reason, closure_outcome
        return _move(case, to=to, by=by, note=note, extra=["closure_reason", "closure_outcome"])
    return _move(case, to=to, by=by, note=note)


@transaction.atomic
def record_screening(
    case: Case, *, outcome: str, by: User, expected_version: int, note: str = ""
) -> Case:
    """Record the police screening's outcome; only a police coordinator of the district may."""
    case = lock_case(case, by=by, expected_version=expected_version)
    if case.status != Status.SCREENING:
        raise ValidationError(
            {"outcome": _("The case is not waiting for a police screening.")},
            code="not_screening",
        )
    return _screen(case, outcome=outcome, by=by, note=note)


def _screen(case: Case, *, outcome: str, by: User, note: str) -> Case:
    if not permissions.can_record_screening(by, case):
        raise PermissionDenied(_("Only a police coordinator of the district records screenings."))
    errors = Errors()
    note = errors.text("note", note, max_length=NOTE_MAX_LENGTH, required=False)
    if outcome not in workflow.SCREENING_OUTCOMES:
        errors.add("outcome", ValidationError(_("Choose a screening outcome."), code="invalid"))
    elif outcome == Status.POLICE_ONLY and note:
        errors.add(
            "note",
            ValidationError(
                _(
                    "Leave the note empty when the police take over the case: the shared case "
                    "keeps only the minimum."
                ),
                code="note_not_kept",
            ),
        )
    errors.raise_if_any()
    case.screening_outcome, case.screened_at = outcome, timezone.now()
    case = _move(case, to=outcome, by=by, note=note, extra=["screening_outcome", "screened_at"])
    if outcome == Status.POLICE_ONLY:
        _remove_content(case, by=by)
    return case


def _check_move(errors: Errors, current: str, target: str) -> None:
    if not workflow.can_move(current, target):
        errors.add(
            "to",
            ValidationError(
                _("A case cannot go from “%(current)s” to “%(target)s”."),
                code="transition",
                params={"current": _label(current), "target": _label(target)},
            ),
        )


def _label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def _check_closure(errors: Errors, reason: str, outcome: str) -> None:
    if reason not in ClosureReason.values:
        errors.add("closure_reason", ValidationError(_("Choose why the case is closed.")))
    if outcome not in ClosureOutcome.values:
        errors.add("closure_outcome", ValidationError(_("Choose the outcome of the case.")))


def _move(case: Case, *, to: str, by: User, note: str, extra: list[str] | None = None) -> Case:
    """Save the new status on the locked case, log it on the timeline and in the audit log."""
    before = case.status
    case.status, case.version = to, case.version + 1
    fields = ["status", "version", "updated_at", *(extra or [])]
    if workflow.is_closed(to):
        case.closed_at = timezone.now()
        fields.append("closed_at")
    case.save(update_fields=fields)
    StatusChange.objects.create(case=case, from_status=before, to_status=to, by=by, note=note)
    after = {"status": to, **{name: getattr(case, name) for name in extra or [] if name in LOGGED}}
    audit.record(
        by,
        "case.status_changed",
        case,
        organisation=case.municipality,
        purpose="case_work",
        before={"status": before},
        after=after,
    )
    return case


def _remove_content(case: Case, *, by: User) -> None:
    """Police alone: keep a stub (reference, dates, outcome); remove everything else shared."""
    removed = {
        "concerns": Concern.objects.filter(case=case).update(description="", reporter_contact=""),
        "signs": Concern.signs.through.objects.filter(concern__case=case).delete()[0],
        "attachments": _delete_attachments(case),
        "assessments": _delete(Assessment.objects.filter(case=case)),
        "measures": _delete(CaseMeasure.objects.filter(case=case)),
        "notes": StatusChange.objects.filter(case=case).exclude(note="").update(note=""),
    }
    case.content_removed_at = timezone.now()
    case.save(update_fields=["content_removed_at", "updated_at"])
    audit.record(
        by,
        "case.content_removed",
        case,
        organisation=case.municipality,
        purpose="police_only",
        after={"reason": "handled by the police alone", "removed": removed},
    )


def _delete(queryset: QuerySet[Assessment] | QuerySet[CaseMeasure]) -> int:
    """Delete the rows (and what cascades from them); return how many of the rows went."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def _delete_attachments(case: Case) -> int:
    attachments = Attachment.objects.filter(concern__case=case)
    names = [a.file.name for a in attachments if a.file.name]
    count = attachments.delete()[0]  # nothing cascades from an attachment
    storage = Attachment._meta.get_field("file").storage  # type: ignore[union-attr]

    # Files go only once the rows are really gone; a rolled-back change keeps them.
    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return count


@transaction.atomic
def classify_case(
    case: Case,
    *,
    by: User,
    expected_version: int,
    category: ExtremismCategory | None,
    level: PreventionLevel | None,
    acute: bool,
) -> Case:
    """Set the case's category (None = not yet known), prevention level and acute flag."""
    case = lock_case(case, by=by, expected_version=expected_version)
    before = {"category": case.category_id, "level": case.level_id, "acute": case.acute}
    case.category, case.level, case.acute = category, level, bool(acute)
    case.version += 1
    case.save(update_fields=["category", "level", "acute", "version", "updated_at"])
    after = {"category": case.category_id, "level": case.level_id, "acute": case.acute}
    audit.record(
        by,
        "case.classified",
        case,
        organisation=case.municipality,
        purpose="case_work",
        before=before,
        after=after,
    )
    return case
