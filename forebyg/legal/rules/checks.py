# mypy: disallow-untyped-defs, disallow-incomplete-defs, disallow-any-generics, warn-return-any
"""Does one rule cover a proposal? Its checks run in a fixed order (context, parties, membership,
person, purpose, categories, conditions); the first that fails says why, in both languages, and
how far the rule got tells the engine which rule came nearest (for the explanation)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from forebyg.legal.rules import texts
from forebyg.legal.rules.facts import Facts
from forebyg.legal.rules.texts import Text
from forebyg.legal.rules.vocabulary import (
    FOLLOW_UP_MEETING,
    MEMBER,
    Condition,
    CooperationContext,
    DataCategory,
    PersonScope,
    in_order,
)

if TYPE_CHECKING:
    import datetime

    from forebyg.actors.models import Organisation
    from forebyg.legal.models import DisclosureRule
    from forebyg.legal.rules.proposal import ConsentOnRecord, ProposedDisclosure


@dataclass(frozen=True)
class Outcome:
    """One rule against one proposal: satisfied or not, how many checks it passed, why not."""

    rule: DisclosureRule
    ok: bool
    stage: int
    reason: Text | None = None
    failed_condition: str = ""
    consent_id: int | None = None

    @property
    def specific(self) -> bool:
        """The rule names the proposal's context (rather than applying anywhere)."""
        return bool(self.rule.contexts) and self.stage > 0

    def rank(self) -> tuple[bool, int, int]:
        """Higher is nearer: a rule made for this context, then further along, then earlier."""
        return self.specific, self.stage, -self.rule.priority


@dataclass(frozen=True)
class Subject:
    """What is checked: the proposal, the categories in question, and the facts about it."""

    proposal: ProposedDisclosure
    categories: frozenset[str]
    facts: Facts


Check = Callable[["DisclosureRule", Subject], Text | None]


def evaluate(rule: DisclosureRule, subject: Subject) -> Outcome:
    """Run the rule's checks in order; the first failure ends it."""
    for stage, check in enumerate(SCOPE_CHECKS):
        reason = check(rule, subject)
        if reason is not None:
            return Outcome(rule, ok=False, stage=stage, reason=reason)
    return _conditions(rule, subject, stage=len(SCOPE_CHECKS))


def forbids(rule: DisclosureRule, subject: Subject) -> bool:
    """A forbid rule matches when its scope does and it names one of the categories (or none)."""
    scope = SCOPE_CHECKS[:-1]  # every check but the categories, which match on overlap here
    if any(check(rule, subject) is not None for check in scope):
        return False
    return not rule.categories or bool(set(rule.categories) & subject.categories)


def _context(rule: DisclosureRule, subject: Subject) -> Text | None:
    if not rule.contexts or subject.proposal.context in rule.contexts:
        return None
    names = [texts.where(context, None) for context in rule.contexts]
    return Text(
        f"den gælder kun {texts.join([n.da for n in names], 'eller')}",
        f"it applies only {texts.join([n.en for n in names], 'or')}",
    )


def _party(kinds: Collection[str], organisation: Organisation, role: Text) -> Text | None:
    wanted = set(kinds) - {MEMBER}
    if not wanted or organisation.kind in wanted:
        return None
    who = texts.name(organisation)
    return Text(
        f"den omfatter ikke {who.da} som {role.da}", f"it does not cover {who.en} as {role.en}"
    )


def _discloser(rule: DisclosureRule, subject: Subject) -> Text | None:
    role = Text("den, der videregiver", "the disclosing party")
    return _party(rule.discloser_kinds, subject.proposal.discloser, role)


def _recipient(rule: DisclosureRule, subject: Subject) -> Text | None:
    return _party(rule.recipient_kinds, subject.proposal.recipient, Text("modtager", "recipient"))


def _membership(rule: DisclosureRule, subject: Subject) -> Text | None:
    if MEMBER not in rule.discloser_kinds and MEMBER not in rule.recipient_kinds:
        return None
    proposal = subject.proposal
    if proposal.context == CooperationContext.NONE:
        return Text(
            "den kræver et samarbejde, og videregivelsen sker uden for et",
            "it requires a cooperation, and the disclosure happens outside any",
        )
    membership = subject.facts.membership(proposal.context)
    if membership.together:
        return None
    where = texts.group(proposal.context, proposal.municipality)
    if not membership.discloser_in or not membership.recipient_in:
        outsider = texts.name(
            proposal.discloser if not membership.discloser_in else proposal.recipient
        )
        return Text(
            f"{outsider.da} er ikke medlem af {where.da}",
            f"{outsider.en} is not a member of {where.en}",
        )
    discloser, recipient = texts.name(proposal.discloser), texts.name(proposal.recipient)
    return Text(
        f"{discloser.da} og {recipient.da} er ikke med i det samme samarbejde ({where.da})",
        f"{discloser.en} and {recipient.en} are not members of the same cooperation ({where.en})",
    )


def _person(rule: DisclosureRule, subject: Subject) -> Text | None:
    is_child = subject.proposal.person_is_child
    if rule.person == PersonScope.CHILD and is_child is not True:
        limit = Text("den gælder kun børn under 18 år", "it covers only children under 18")
    elif rule.person == PersonScope.ADULT and is_child is not False:
        limit = Text("den gælder kun voksne", "it covers only adults")
    else:
        return None
    if is_child is None:
        return Text("personens alder er ikke kendt, og", "the person's age is not known, and") + (
            limit
        )
    return limit


def _purpose(rule: DisclosureRule, subject: Subject) -> Text | None:
    purpose = subject.proposal.purpose
    if not rule.purposes or purpose in rule.purposes:
        return None
    named = texts.label(purpose)
    return Text(f"den omfatter ikke formålet {named.da}", f"it does not cover {named.en}")


def _categories(rule: DisclosureRule, subject: Subject) -> Text | None:
    missing = subject.categories - set(rule.categories) if rule.categories else set()
    if not missing:
        return None
    named = texts.listing(in_order(missing, DataCategory))
    return Text(f"den omfatter ikke {named.da}", f"it does not cover {named.en}")


SCOPE_CHECKS: tuple[Check, ...] = (
    _context,
    _discloser,
    _recipient,
    _membership,
    _person,
    _purpose,
    _categories,
)


def _conditions(rule: DisclosureRule, subject: Subject, *, stage: int) -> Outcome:
    """The rule's checked conditions; unknown codes fail closed."""
    consent_id = None
    for code in rule.requires:
        if code == Condition.CONSENT:
            reason, consent_id = consent_reason(subject)
        else:
            reason = CONDITION_CHECKS.get(code, _unknown(code))(subject.proposal)
        if reason is not None:
            return Outcome(rule, ok=False, stage=stage, reason=reason, failed_condition=code)
    return Outcome(rule, ok=True, stage=stage, consent_id=consent_id)


def _necessity_note(proposal: ProposedDisclosure) -> Text | None:
    if proposal.necessity_note.strip():
        return None
    return Text(
        "der er ikke skrevet en note om, hvorfor videregivelsen er nødvendig",
        "no note says why the disclosure is necessary",
    )


def _one_meeting(proposal: ProposedDisclosure) -> Text | None:
    number = proposal.meeting_49a_number
    if number == 1 or (number == FOLLOW_UP_MEETING and proposal.special_follow_up):
        return None
    if number is None or number < 1:
        return Text(
            "det er ikke oplyst, hvilket møde efter § 49 a det er",
            "it is not stated which § 49 a meeting this is",
        )
    if number == FOLLOW_UP_MEETING:
        return Text(
            "oplysninger om en mulig sag må kun udveksles på ét møde, og møde 2 er ikke markeret "
            "som et opfølgende møde i et særligt tilfælde",
            "information about a possible case may be exchanged at one meeting only, and meeting "
            "2 is not marked as a follow-up meeting in a special case",
        )
    return Text(
        f"der må højst holdes ét opfølgende møde, og dette er møde {number}",
        f"at most one follow-up meeting is allowed, and this is meeting {number}",
    )


def _unknown(code: str) -> Callable[[ProposedDisclosure], Text | None]:
    def check(proposal: ProposedDisclosure) -> Text | None:
        return Text(
            f"den kræver en ukendt betingelse ({code}), som derfor ikke er opfyldt",
            f"it requires an unknown condition ({code}), which is therefore not met",
        )

    return check


def _recorded(proposal: ProposedDisclosure) -> Text | None:
    """A condition recorded with the disclosure rather than checked before it."""
    return None


CONDITION_CHECKS: dict[str, Callable[[ProposedDisclosure], Text | None]] = {
    Condition.NECESSITY_NOTE: _necessity_note,
    Condition.ONE_MEETING_ONLY: _one_meeting,
    Condition.NOT_FOR_INVESTIGATION: _recorded,
    Condition.DBL8_CONDITIONS: _recorded,
}


def consent_reason(subject: Subject) -> tuple[Text | None, int | None]:
    """(None, the covering consent's id) when an active consent covers the recipient, the
    purpose and the categories; else why not (none on record, withdrawn, or what it lacks)."""
    consents = subject.proposal.consents
    for consent in consents:
        if consent.is_active and _covers(consent, subject):
            return None, consent.consent_id
    withdrawn = [c for c in consents if not c.is_active and _covers(c, subject)]
    if withdrawn:
        return _withdrawn(withdrawn[-1]), None
    active = [c for c in consents if c.is_active]
    if not active:
        return Text(
            "der er ikke registreret et aktivt samtykke", "no active consent is on record"
        ), None
    return _shortfall(subject, active), None


def _shortfall(subject: Subject, active: list[ConsentOnRecord]) -> Text:
    """What the nearest active consent lacks: the recipient, the purpose or some categories."""
    proposal = subject.proposal
    for_recipient = [c for c in active if c.covers_recipient(proposal.recipient)]
    if not for_recipient:
        recipient = texts.name(proposal.recipient)
        return Text(
            f"samtykket omfatter ikke {recipient.da}", f"the consent does not cover {recipient.en}"
        )
    for_purpose = [c for c in for_recipient if proposal.purpose in c.purposes]
    if not for_purpose:
        purpose = texts.label(proposal.purpose)
        return Text(
            f"samtykket omfatter ikke formålet {purpose.da}",
            f"the consent does not cover {purpose.en}",
        )
    missing = min((subject.categories - c.categories for c in for_purpose), key=len)
    named = texts.listing(in_order(missing, DataCategory))
    return Text(f"samtykket omfatter ikke {named.da}", f"the consent does not cover {named.en}")


def _covers(consent: ConsentOnRecord, subject: Subject) -> bool:
    return (
        consent.covers_recipient(subject.proposal.recipient)
        and subject.proposal.purpose in consent.purposes
        and subject.categories <= consent.categories
    )


def _withdrawn(consent: ConsentOnRecord) -> Text:
    when = _moment(consent.withdrawn_at)
    return Text(
        f"samtykket blev tilbagekaldt {when.da}, og fra da af videregives intet på grundlag af det",
        f"the consent was withdrawn on {when.en}, and nothing is disclosed on it from then on",
    )


def _moment(value: datetime.datetime | None) -> Text:
    if value is None:
        return Text("", "")
    local = timezone.localtime(value)
    return Text(f"{local:%d.%m.%Y kl. %H.%M}", f"{local:%Y-%m-%d at %H:%M}")
