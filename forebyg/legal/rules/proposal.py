# mypy: disallow-untyped-defs, disallow-incomplete-defs, disallow-any-generics, warn-return-any
"""What the rules engine is asked (ProposedDisclosure, with the consents on record) and what it
answers (Decision). Frozen values: the engine never changes them and never writes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from forebyg.legal.rules.vocabulary import CooperationContext, DataCategory, Purpose

if TYPE_CHECKING:  # the models import this package's vocabulary
    from forebyg.actors.models import Organisation
    from forebyg.legal.models import DisclosureRule, LegalBasis


@dataclass(frozen=True)
class ConsentOnRecord:
    """One consent the person (or the custody holders) gave, as the engine needs it: to whom
    (organisations by primary key, or kinds of organisation), for which purposes and categories,
    and whether and when it was withdrawn. A withdrawn consent covers nothing."""

    consent_id: int | None
    recipient_ids: frozenset[int]
    recipient_kinds: frozenset[str]
    purposes: frozenset[str]
    categories: frozenset[str]
    given_at: datetime.datetime | None = None
    withdrawn_at: datetime.datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    def covers_recipient(self, recipient: Organisation) -> bool:
        return recipient.pk in self.recipient_ids or recipient.kind in self.recipient_kinds


@dataclass(frozen=True)
class ProposedDisclosure:
    """A disclosure of personal data from one organisation to another, before it happens.

    `person_is_child` is None when the person's age is not known: then no rule limited to
    children or to adults applies. `municipality` is the municipality whose cooperation (SSP,
    PSP, KSP, infohus, § 49 a group) it happens in: the case's, else the person's; None means
    any cooperation that has both parties as members. `consents` are all the consents on record
    for the person, withdrawn ones included (so that a refusal can say it was withdrawn)."""

    discloser: Organisation
    recipient: Organisation
    person_is_child: bool | None
    categories: frozenset[DataCategory]
    purpose: Purpose
    context: CooperationContext
    municipality: Organisation | None = None
    consents: tuple[ConsentOnRecord, ...] = ()
    meeting_49a_number: int | None = None
    special_follow_up: bool = False
    necessity_note: str = ""


@dataclass(frozen=True)
class Decision:
    """The answer: allowed or refused, the legal basis used (for a refusal: the rule whose
    condition failed or that forbids, if any came near), the conditions to record, and why, in
    Danish and English. `category_bases` are the bases that open the sensitive categories
    (GDPR art. 9 / art. 10); `consent_id` is the consent the decision rests on, if any; a refusal
    for want of a condition (a necessity note, consent ...) names it in `failed_condition`."""

    allowed: bool
    legal_basis: LegalBasis | None
    conditions: tuple[str, ...]
    explanation_da: str
    explanation_en: str
    rule: DisclosureRule | None
    category_bases: tuple[LegalBasis, ...] = field(default=())
    consent_id: int | None = None
    failed_condition: str = ""
