# mypy: disallow-untyped-defs, disallow-incomplete-defs, disallow-any-generics, warn-return-any
"""decide(): may this disclosure happen, on which legal basis, on which conditions, and why.

The order is the law's: a rule that forbids (§ 115 never for investigation ...) refuses first,
whatever else applies; then every sensitive category (health and special categories under GDPR
art. 9, criminal-offence data under art. 10 / databeskyttelsesloven § 8) needs a category rule
that opens it; then one rule must permit the disclosure itself, tried in priority order. A
refusal names the rule that came nearest and the check it failed, and whether consent could
have carried it instead. Reads the active rules once (one query) and the membership of the
parties in the proposal's cooperation once (one query); writes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from forebyg.legal.models import DisclosureRule, LegalBasis
from forebyg.legal.rules import texts
from forebyg.legal.rules.checks import Outcome, Subject, evaluate, forbids
from forebyg.legal.rules.facts import Facts
from forebyg.legal.rules.proposal import Decision, ProposedDisclosure
from forebyg.legal.rules.texts import Text
from forebyg.legal.rules.vocabulary import (
    SENSITIVE_CATEGORIES,
    Condition,
    DataCategory,
    Effect,
    in_order,
)


def decide(proposal: ProposedDisclosure) -> Decision:
    """The decision on one proposed disclosure under the active rules."""
    rules = list(
        DisclosureRule.objects.filter(active=True)
        .select_related("legal_basis")
        .order_by("priority", "key")
    )
    return decide_under(proposal, rules)


def decide_under(proposal: ProposedDisclosure, rules: Sequence[DisclosureRule]) -> Decision:
    """The decision under these rules (in priority order): forbid, then categories, then permit."""
    facts = Facts(proposal)
    subject = Subject(proposal, frozenset(proposal.categories), facts)
    for rule in _of(rules, Effect.FORBID):
        if forbids(rule, subject):
            return _forbidden(rule)
    opened: list[tuple[str, Outcome]] = []
    for category in in_order(proposal.categories, DataCategory):
        if category not in SENSITIVE_CATEGORIES:
            continue
        outcomes = _evaluate(_of(rules, Effect.CATEGORY, category), proposal, facts, {category})
        granted = next((outcome for outcome in outcomes if outcome.ok), None)
        if granted is None:
            return _category_refused(category, outcomes, proposal)
        opened.append((category, granted))
    outcomes = _evaluate(_of(rules, Effect.PERMIT), proposal, facts, proposal.categories)
    permitted = next((outcome for outcome in outcomes if outcome.ok), None)
    if permitted is None:
        return _refused(outcomes, proposal)
    return _allowed(proposal, permitted, opened)


def _of(
    rules: Sequence[DisclosureRule], effect: str, category: str | None = None
) -> list[DisclosureRule]:
    """The rules with this effect (naming this category, if given), in priority order. A rule
    that would permit without naming its legal basis is left out: it cannot carry a decision."""
    return [
        rule
        for rule in rules
        if rule.effect == effect
        and (category is None or category in rule.categories)
        and (effect == Effect.FORBID or rule.legal_basis is not None)
    ]


def _evaluate(
    rules: list[DisclosureRule],
    proposal: ProposedDisclosure,
    facts: Facts,
    categories: Iterable[str],
) -> list[Outcome]:
    subject = Subject(proposal, frozenset(categories), facts)
    return [evaluate(rule, subject) for rule in rules]


def _forbidden(rule: DisclosureRule) -> Decision:
    if rule.legal_basis is not None:
        named = texts.basis(rule.legal_basis)
        lead = Text(f"Afvist efter {named.da}:", f"Refused under {named.en}:")
    else:
        lead = Text("Afvist:", "Refused:")
    explanation = lead + texts.sentence(Text(rule.note_da, rule.note_en))
    return _refusal(rule, explanation)


def _category_refused(
    category: str, outcomes: list[Outcome], proposal: ProposedDisclosure
) -> Decision:
    """A sensitive category that no category rule opens: name the nearest and why it failed."""
    what = texts.label(category)
    nearest, runner_up = _nearest(outcomes, proposal)
    if nearest is None:
        return _refusal(
            None,
            Text(
                f"Afvist. {_capital(what.da)} må ikke videregives: ingen aktiv regel tillader det.",
                f"Refused. {_capital(what.en)} may not be disclosed: no active rule allows it.",
            ),
        )
    named = _basis_of(nearest.rule)
    explanation = Text(
        f"Afvist. {_capital(what.da)} må kun videregives efter {named.da}, og den finder ikke "
        f"anvendelse: {_reason(nearest).da}.",
        f"Refused. {_capital(what.en)} may be disclosed only under {named.en}, which does not "
        f"apply: {_reason(nearest).en}.",
    )
    return _refusal(nearest.rule, explanation + _nor(runner_up, nearest), nearest.failed_condition)


def _refused(outcomes: list[Outcome], proposal: ProposedDisclosure) -> Decision:
    """No rule permits: name the nearest rule and what it lacked, and the next alternative."""
    nearest, runner_up = _nearest(outcomes, proposal)
    if nearest is None:
        return _refusal(
            None,
            Text(
                "Afvist. Ingen aktiv regel tillader denne videregivelse.",
                "Refused. No active rule permits this disclosure.",
            ),
        )
    named = _basis_of(nearest.rule)
    explanation = Text(
        f"Afvist. {named.da} finder ikke anvendelse: {_reason(nearest).da}.",
        f"Refused. {named.en} does not apply: {_reason(nearest).en}.",
    )
    note = Text(nearest.rule.note_da, nearest.rule.note_en)
    return _refusal(
        nearest.rule, explanation + _nor(runner_up, nearest) + note, nearest.failed_condition
    )


def _nearest(
    outcomes: list[Outcome], proposal: ProposedDisclosure
) -> tuple[Outcome | None, Outcome | None]:
    """The failed rule the refusal is about, and the best alternative to mention. Rules that
    failed only for want of consent are one group, the others another; when the person has
    consents on record, the refusal is about consent first (e.g. it was withdrawn)."""
    failed = [outcome for outcome in outcomes if not outcome.ok]
    on_consent = [o for o in failed if o.failed_condition == Condition.CONSENT]
    others = [o for o in failed if o.failed_condition != Condition.CONSENT]
    best_consent = max(on_consent, key=Outcome.rank, default=None)
    best_other = max(others, key=Outcome.rank, default=None)
    if best_consent is not None and (proposal.consents or best_other is None):
        return best_consent, best_other
    return best_other, best_consent


def _nor(outcome: Outcome | None, nearest: Outcome) -> Text:
    """A sentence on the alternative that failed too."""
    if outcome is None:
        return Text("", "")
    reason = _reason(outcome)
    if outcome.failed_condition == Condition.CONSENT:
        return Text(
            f"Der kan heller ikke bygges på samtykke: {reason.da}.",
            f"Nor can it rest on consent: {reason.en}.",
        )
    same_basis = outcome.rule.legal_basis_id == nearest.rule.legal_basis_id
    if same_basis and nearest.failed_condition == Condition.CONSENT:
        return Text(
            f"Uden samtykke finder den heller ikke anvendelse: {reason.da}.",
            f"Without consent it does not apply either: {reason.en}.",
        )
    named = _basis_of(outcome.rule)
    return Text(
        f"Heller ikke {named.da} finder anvendelse: {reason.da}.",
        f"Nor does {named.en} apply: {reason.en}.",
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _reason(outcome: Outcome) -> Text:
    return outcome.reason or Text("", "")


def _basis_of(rule: DisclosureRule) -> Text:
    if rule.legal_basis is None:
        return Text(f"reglen {rule.key}", f"the rule {rule.key}")
    return texts.basis(rule.legal_basis)


def _refusal(rule: DisclosureRule | None, explanation: Text, failed: str = "") -> Decision:
    return Decision(
        allowed=False,
        legal_basis=rule.legal_basis if rule is not None else None,
        conditions=(),
        explanation_da=explanation.da,
        explanation_en=explanation.en,
        rule=rule,
        failed_condition=failed,
    )


def _allowed(
    proposal: ProposedDisclosure, permitted: Outcome, opened: list[tuple[str, Outcome]]
) -> Decision:
    used = [permitted, *(outcome for _, outcome in opened)]
    basis = permitted.rule.legal_basis
    if basis is None:  # _of() leaves such rules out; this tells mypy
        return _refused([permitted], proposal)
    conditions = _conditions(used)
    explanation = (
        Text(f"Tilladt efter {texts.basis(basis).da}.", f"Allowed under {texts.basis(basis).en}.")
        + _what(proposal)
        + _categories_opened(opened)
        + _to_record(conditions)
        + Text(permitted.rule.note_da, permitted.rule.note_en)
    )
    consent_ids = [outcome.consent_id for outcome in used if outcome.consent_id is not None]
    return Decision(
        allowed=True,
        legal_basis=basis,
        conditions=conditions,
        explanation_da=explanation.da,
        explanation_en=explanation.en,
        rule=permitted.rule,
        category_bases=_category_bases([outcome for _, outcome in opened]),
        consent_id=consent_ids[0] if consent_ids else None,
    )


def _conditions(outcomes: list[Outcome]) -> tuple[str, ...]:
    """The conditions of the rules used, each once, in the vocabulary's order."""
    required = {code for outcome in outcomes for code in outcome.rule.requires}
    return tuple(in_order(required, Condition))


def _category_bases(opened: list[Outcome]) -> tuple[LegalBasis, ...]:
    bases: list[LegalBasis] = []
    for outcome in opened:
        basis = outcome.rule.legal_basis
        if basis is not None and basis not in bases:
            bases.append(basis)
    return tuple(bases)


def _what(proposal: ProposedDisclosure) -> Text:
    """ "Østjyllands Politi may disclose identity and concern to Aarhus Kommune in ... for ..."."""
    discloser, recipient = texts.name(proposal.discloser), texts.name(proposal.recipient)
    categories = texts.listing(in_order(proposal.categories, DataCategory))
    where = texts.where(proposal.context, proposal.municipality)
    purpose = texts.label(proposal.purpose)
    return Text(
        f"{discloser.da} kan videregive {categories.da} til {recipient.da} {where.da} med henblik "
        f"på {purpose.da}.",
        f"{discloser.en} may disclose {categories.en} to {recipient.en} {where.en} for "
        f"{purpose.en}.",
    )


def _categories_opened(opened: list[tuple[str, Outcome]]) -> Text:
    """One sentence per rule that opened sensitive categories, naming them and its basis."""
    by_rule: dict[str, tuple[Outcome, list[str]]] = {}
    for category, outcome in opened:
        by_rule.setdefault(outcome.rule.key, (outcome, []))[1].append(category)
    sentences = Text("", "")
    for outcome, categories in by_rule.values():
        if outcome.rule.legal_basis is None:
            continue
        named, listed = texts.basis(outcome.rule.legal_basis), texts.listing(categories)
        sentences += Text(
            f"For {listed.da} gælder {named.da}.", f"For {listed.en}, {named.en} applies."
        )
    return sentences


def _to_record(conditions: tuple[str, ...]) -> Text:
    if not conditions:
        return Text("", "")
    labels = [texts.label(code) for code in conditions]
    return Text(
        f"Registrér: {'; '.join(item.da for item in labels)}.",
        f"Record: {'; '.join(item.en for item in labels)}.",
    )
