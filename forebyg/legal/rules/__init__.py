"""The disclosure rules engine: may one organisation disclose personal data about a person to
another, on which legal basis, on which conditions, and why (in Danish and English)?

    from forebyg.legal.rules import ProposedDisclosure, DataCategory, Purpose, CooperationContext
    from forebyg.legal.rules.engine import decide

    decision = decide(ProposedDisclosure(discloser=..., recipient=..., person_is_child=True, ...))

The rules are data (forebyg.legal.models.DisclosureRule, seeded from
forebyg/legal/data/disclosure_rules.csv, corrected by administrators in the admin). `decide`
lives in `engine`, which this package does not import: the models import the vocabulary below,
and the engine imports the models. The exchange app records what happens under the decisions."""

from forebyg.legal.rules.proposal import ConsentOnRecord, Decision, ProposedDisclosure
from forebyg.legal.rules.vocabulary import (
    MEMBER,
    SENSITIVE_CATEGORIES,
    Condition,
    CooperationContext,
    DataCategory,
    Effect,
    PersonScope,
    Purpose,
)

__all__ = [
    "MEMBER",
    "SENSITIVE_CATEGORIES",
    "Condition",
    "ConsentOnRecord",
    "CooperationContext",
    "DataCategory",
    "Decision",
    "Effect",
    "PersonScope",
    "ProposedDisclosure",
    "Purpose",
]
