# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Purging one expired case: remove the personal data of the case (and of its person, once no
case of theirs is left unpurged) and keep the statistical residue (see residue.RESIDUE).

Rows the statistics count (the case, its concerns and measures, the person) and rows of the
disclosure ledger and of conferences are kept and emptied in place; rows only of content
(attachments with their files, assessments with their observations, measure reviews) are
deleted. The caller holds the transaction: a case is purged entirely or not at all."""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from forebyg.cases import references
from forebyg.cases.models import (
    Assessment,
    Attachment,
    Case,
    Concern,
    MeasureReview,
    Person,
    StatusChange,
)
from forebyg.conferences.models import AgendaItem, AuthorityDecision, Minutes
from forebyg.exchange.models import Consent, DisclosureRecord, PartnerInvitation
from forebyg.retention import residue
from forebyg.retention.models import PurgeItem


def _count(queryset: QuerySet[Assessment] | QuerySet[MeasureReview]) -> int:
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def _delete_attachments(case: Case) -> int:
    """Delete the case's attachments; their files go once the transaction has committed, so a
    rolled-back purge keeps them (they are encrypted at rest meanwhile)."""
    attachments = Attachment.objects.filter(concern__case=case)
    names = [name for name in attachments.values_list("file", flat=True) if name]
    count = attachments.delete()[0]
    storage = Attachment._meta.get_field("file").storage  # type: ignore[union-attr]

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return count


def _empty_case_content(case: Case) -> dict[str, int]:
    """Empty or delete every piece of free text and contact detail about the case."""
    concerns = Concern.objects.filter(case=case)
    items = AgendaItem.objects.filter(case=case)
    return {
        "attachments": _delete_attachments(case),
        "signs": Concern.signs.through.objects.filter(concern__case=case).delete()[0],
        "concerns": concerns.update(
            description="", reporter_contact="", reporter_organisation=None
        ),
        "notes": StatusChange.objects.filter(case=case).exclude(note="").update(note=""),
        "assessments": _count(Assessment.objects.filter(case=case)),
        "reviews": _count(MeasureReview.objects.filter(measure__case=case)),
        "disclosures": DisclosureRecord.objects.filter(case=case).update(necessity_note=""),
        "invitations": PartnerInvitation.objects.filter(case=case).update(summary=""),
        "agenda_items": items.update(reason=""),
        "minutes": Minutes.objects.filter(item__case=case).update(text=""),
        "decisions": AuthorityDecision.objects.filter(item__case=case).update(text=""),
    }


def _person_still_needed(person_id: int, purged_case_id: int) -> bool:
    """True while the person has a case (other than this one) that is not yet purged: open,
    or closed and not expired. Then they keep their identity."""
    purged = PurgeItem.objects.filter(purged_at__isnull=False).values("case_id")
    others = Case.objects.filter(person_id=person_id).exclude(pk=purged_case_id)
    return others.exclude(pk__in=purged).exists()


def _age_days(person: Person) -> list[datetime.date]:
    """The local days the statistics compute this person's age on (concerns, case openings)."""
    received = Concern.objects.filter(case__person=person).values_list("received_at", flat=True)
    opened = Case.objects.filter(person=person).values_list("opened_at", flat=True)
    return [timezone.localdate(moment) for moment in [*received, *opened]]


def _anonymise_person(person: Person) -> None:
    person = Person.objects.select_for_update().get(pk=person.pk)
    person.name, person.cpr, person.cpr_index = "", "", ""
    person.pseudonym = references.random_code("P", 6)
    person.birth_date = residue.coarsen_birth_date(person.birth_date, _age_days(person))
    person.save(update_fields=["name", "cpr", "cpr_index", "pseudonym", "birth_date"])
    Consent.objects.filter(person=person).exclude(note="").update(note="")
    DisclosureRecord.objects.filter(person=person).exclude(necessity_note="").update(
        necessity_note=""
    )


def purge_case(case: Case) -> dict[str, int]:
    """Remove the personal data of one case (call inside a transaction holding the case's
    lock); return how many rows of each kind were emptied or deleted."""
    removed = _empty_case_content(case)
    anonymise = not _person_still_needed(case.person_id, case.pk)
    if anonymise:
        _anonymise_person(case.person)
    removed["person"] = int(anonymise)
    return removed
