"""Every write of the exchange app: proposing a disclosure (decided by the rules engine and always
recorded in the ledger, allowed or refused), giving and withdrawing consent, and logging an
export of the ledger. Each runs in one transaction with its audit event.

Errors: ValidationError with a dict keyed by the service's keyword arguments (as in cases); a
refusal by the rules is not an error but a Decision with allowed=False, recorded like any other.
PermissionDenied means the view let through someone it should not have."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.audit import services as audit
from forebyg.cases import ages
from forebyg.cases.models import Case, Person
from forebyg.exchange import permissions
from forebyg.exchange.models import (
    NOTE_MAX_LENGTH,
    Consent,
    ConsentGiver,
    DisclosureKind,
    DisclosureRecord,
)
from forebyg.legal.rules import (
    ConsentOnRecord,
    CooperationContext,
    DataCategory,
    Decision,
    ProposedDisclosure,
    Purpose,
)
from forebyg.legal.rules.engine import decide

CHILD_GIVERS = frozenset({ConsentGiver.CUSTODY_HOLDERS, ConsentGiver.PERSON_AND_CUSTODY_HOLDERS})


class Errors:
    """Collects field errors so one ValidationError reports every problem at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: Any, code: str) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=code))

    def choices(self, field: str, values: Iterable[str], allowed: Iterable[str]) -> list[str]:
        """The values, each once and in order; an error when empty or one is unknown."""
        chosen = list(dict.fromkeys(values))
        if not chosen:
            self.add(field, _("Choose at least one."), "required")
        elif set(chosen) - set(allowed):
            self.add(field, _("Choose among the values offered."), "invalid_choice")
        return chosen

    def choice(self, field: str, value: str, allowed: Iterable[str]) -> str:
        if value not in set(allowed):
            self.add(field, _("Choose among the values offered."), "invalid_choice")
        return value

    def note(self, field: str, value: str) -> str:
        text = (value or "").strip()
        if "\x00" in text:  # PostgreSQL cannot store NUL in text; forms refuse it alike
            self.add(field, ProhibitNullCharactersValidator.message, "null_characters")
        elif len(text) > NOTE_MAX_LENGTH:
            self.add(
                field,
                _("Keep this to at most %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH},
                "max_length",
            )
        return text

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


@transaction.atomic
def propose_disclosure(
    *,
    by: User,
    discloser: Organisation,
    recipient: Organisation,
    person: Person | None,
    case: Case | None = None,
    kind: str,
    categories: Iterable[str],
    purpose: str,
    context: str,
    necessity_note: str = "",
    meeting_49a_number: int | None = None,
    special_follow_up: bool = False,
) -> tuple[Decision, DisclosureRecord]:
    """Decide a disclosure under the rules and record it in the ledger, allowed or refused; a
    missing condition (a necessity note ...) is a refusal that says so."""
    if not permissions.can_disclose_for(by, discloser):
        raise PermissionDenied(_("You may not disclose on behalf of this organisation."))
    person = _person_of(person, case)
    errors = Errors()
    chosen = errors.choices("categories", categories, DataCategory.values)
    errors.choice("kind", kind, DisclosureKind.values)
    errors.choice("purpose", purpose, Purpose.values)
    errors.choice("context", context, CooperationContext.values)
    note = errors.note("necessity_note", necessity_note)
    if recipient.pk == discloser.pk:
        errors.add("recipient", _("Choose another organisation than the one disclosing."), "same")
    if meeting_49a_number is not None and meeting_49a_number < 1:
        errors.add("meeting_49a_number", _("Meetings are numbered from 1."), "min_value")
    errors.raise_if_any()
    proposal = ProposedDisclosure(
        discloser=discloser,
        recipient=recipient,
        person_is_child=ages.is_child(person.birth_date, timezone.localdate()),
        categories=frozenset(DataCategory(value) for value in chosen),
        purpose=Purpose(purpose),
        context=CooperationContext(context),
        municipality=case.municipality if case is not None else person.municipality,
        consents=_consents_on_record(person),
        meeting_49a_number=meeting_49a_number,
        special_follow_up=special_follow_up,
        necessity_note=note,
    )
    decision = decide(proposal)
    record = _record(by, proposal, decision, person=person, case=case, kind=kind)
    return decision, record


def _person_of(person: Person | None, case: Case | None) -> Person:
    """The person the disclosure is about: given, or the case's; they must agree."""
    if case is not None and person is not None and case.person_id != person.pk:
        raise ValidationError(
            {"person": ValidationError(_("The case is about another person."), code="mismatch")}
        )
    found = person or (case.person if case is not None else None)
    if found is None:
        raise ValidationError(
            {"person": ValidationError(_("Say whom the disclosure is about."), code="required")}
        )
    return found


def _consents_on_record(person: Person) -> tuple[ConsentOnRecord, ...]:
    """Every consent of the person, withdrawn ones too. Locked, so that a withdrawal and a
    disclosure relying on the consent cannot interleave: one of them waits for the other."""
    consents = list(
        Consent.objects.select_for_update().filter(person=person).order_by("given_at", "pk")
    )
    recipients: dict[int, set[int]] = {consent.pk: set() for consent in consents}
    links = Consent.recipients.through.objects.filter(consent__in=consents)
    for consent_id, organisation_id in links.values_list("consent_id", "organisation_id"):
        recipients[consent_id].add(organisation_id)
    return tuple(
        ConsentOnRecord(
            consent_id=consent.pk,
            recipient_ids=frozenset(recipients[consent.pk]),
            recipient_kinds=frozenset(consent.recipient_kinds),
            purposes=frozenset(consent.purposes),
            categories=frozenset(consent.categories),
            given_at=consent.given_at,
            withdrawn_at=consent.withdrawn_at,
        )
        for consent in consents
    )


def _record(
    by: User,
    proposal: ProposedDisclosure,
    decision: Decision,
    *,
    person: Person,
    case: Case | None,
    kind: str,
) -> DisclosureRecord:
    """The ledger line and its audit event, in the caller's transaction."""
    record = DisclosureRecord.objects.create(
        by=by,
        discloser=proposal.discloser,
        recipient=proposal.recipient,
        case=case,
        person=person,
        kind=kind,
        categories=[value for value in DataCategory.values if value in proposal.categories],
        purpose=proposal.purpose,
        context=proposal.context,
        legal_basis=decision.legal_basis,
        rule_key=decision.rule.key if decision.rule is not None else "",
        allowed=decision.allowed,
        conditions=list(decision.conditions),
        failed_condition=decision.failed_condition,
        consent_id=decision.consent_id,
        meeting_49a_number=proposal.meeting_49a_number,
        special_follow_up=proposal.special_follow_up,
        necessity_note=proposal.necessity_note,
        explanation_da=decision.explanation_da,
        explanation_en=decision.explanation_en,
    )
    audit.record(
        by,
        "disclosure.allowed" if decision.allowed else "disclosure.refused",
        record,
        organisation=proposal.discloser,
        purpose=proposal.purpose,
        after={  # no note and no identity: the ledger line holds those, encrypted or by pk
            "from": proposal.discloser.key,
            "to": proposal.recipient.key,
            "case": case.reference if case is not None else None,
            "kind": kind,
            "categories": record.categories,
            "context": proposal.context,
            "legal_basis": decision.legal_basis.key if decision.legal_basis else None,
            "rule": record.rule_key,
            "conditions": record.conditions,
            "failed_condition": decision.failed_condition,
        },
    )
    return record


@transaction.atomic
def give_consent(
    person: Person,
    *,
    by: User,
    given_by: str,
    purposes: Iterable[str],
    categories: Iterable[str],
    recipients: Sequence[Organisation] = (),
    recipient_kinds: Iterable[str] = (),
    given_at: datetime.datetime | None = None,
    note: str = "",
) -> Consent:
    """Record a consent: by the person, or for a child by the custody holders; to named
    recipients and/or kinds of recipient, for purposes and categories; given now or earlier."""
    if not permissions.can_record_consent(by, person):
        raise PermissionDenied(_("You may not record consents for this person."))
    now = timezone.now()
    given_at = given_at or now
    errors = Errors()
    chosen_purposes = errors.choices("purposes", purposes, Purpose.values)
    chosen_categories = errors.choices("categories", categories, DataCategory.values)
    kinds = list(dict.fromkeys(recipient_kinds))
    if set(kinds) - set(OrganisationKind.values):
        errors.add("recipient_kinds", _("Choose among the values offered."), "invalid_choice")
    if not recipients and not kinds:
        errors.add("recipients", _("Name at least one recipient or kind of recipient."), "required")
    _check_giver(errors, person, given_by, given_at)
    if given_at > now:
        errors.add("given_at", _("A consent cannot be given in the future."), "future")
    text = errors.note("note", note)
    errors.raise_if_any()
    consent = Consent.objects.create(
        person=person,
        given_by=given_by,
        given_at=given_at,
        recipient_kinds=kinds,
        purposes=chosen_purposes,
        categories=chosen_categories,
        note=text,
        recorded_by=by,
        recorded_at=now,
    )
    consent.recipients.set(recipients)
    audit.record(
        by,
        "consent.given",
        consent,
        organisation=person.municipality,
        after=_scope(consent, recipients),
    )
    return consent


def _check_giver(
    errors: Errors, person: Person, given_by: str, given_at: datetime.datetime
) -> None:
    """A child's consent is given by the custody holders (with the child, if they choose); an
    adult's by the person. A person whose age is unknown consents as an adult would."""
    if given_by not in ConsentGiver.values:
        errors.add("given_by", _("Choose among the values offered."), "invalid_choice")
        return
    child = ages.is_child(person.birth_date, timezone.localdate(given_at))
    if child and given_by not in CHILD_GIVERS:
        errors.add(
            "given_by", _("For a child, the custody holders must give the consent."), "child"
        )
    elif not child and given_by != ConsentGiver.PERSON:
        errors.add("given_by", _("An adult gives consent for themselves."), "adult")


def _scope(consent: Consent, recipients: Sequence[Organisation]) -> dict[str, Any]:
    return {
        "person": consent.person.pseudonym,
        "given_by": consent.given_by,
        "given_at": consent.given_at.isoformat(),
        "recipients": sorted(organisation.key for organisation in recipients),
        "recipient_kinds": consent.recipient_kinds,
        "purposes": consent.purposes,
        "categories": consent.categories,
    }


@transaction.atomic
def withdraw_consent(consent: Consent, *, by: User) -> Consent:
    """Withdraw a consent now: from this moment nothing is disclosed on it; what was disclosed
    before stays in the ledger."""
    consent = Consent.objects.select_for_update().select_related("person").get(pk=consent.pk)
    if not permissions.can_record_consent(by, consent.person):
        raise PermissionDenied(_("You may not record consents for this person."))
    if consent.withdrawn_at is not None:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: ValidationError(
                    _("This consent has already been withdrawn."), code="withdrawn"
                )
            }
        )
    consent.withdrawn_at = max(timezone.now(), consent.given_at)
    consent.withdrawn_by = by
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit.record(
        by,
        "consent.withdrawn",
        consent,
        organisation=consent.person.municipality,
        before={"withdrawn_at": None},
        after={"withdrawn_at": consent.withdrawn_at.isoformat()},
    )
    return consent


@transaction.atomic
def record_ledger_view(*, by: User, filters: dict[str, Any], shown: list[Any]) -> None:
    """Every page of the ledger shown is logged: it lists disclosures of personal data."""
    if not permissions.can_search_ledger(by):
        raise PermissionDenied(_("You may not see the exchange ledger."))
    audit.record(
        by,
        "ledger.viewed",
        None,
        purpose="data protection",
        after={"filters": filters, "disclosures": [record.pk for record in shown]},
    )


@transaction.atomic
def record_ledger_export(
    *, by: User, filters: dict[str, Any], count: int, reason: str = ""
) -> None:
    """Every export of the ledger is logged: by whom, why, with which filters, how many lines."""
    if not permissions.can_search_ledger(by):
        raise PermissionDenied(_("You may not export the exchange ledger."))
    purpose = f"data protection: {reason.strip()}" if reason.strip() else "data protection"
    audit.record(
        by,
        "ledger.exported",
        None,
        purpose=purpose[:300],
        after={"filters": filters, "count": count},
    )
