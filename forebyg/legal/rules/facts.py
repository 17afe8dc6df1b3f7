# mypy: disallow-untyped-defs, disallow-incomplete-defs, disallow-any-generics, warn-return-any
"""Organisational facts a decision needs, from the actors models: are the two parties members of
the same cooperation? Read at most once per context and decision (one query).

* SSP, PSP, KSP: the Cooperation of that kind (of the proposal's municipality, or any one);
* infohus: the municipality and its police district, with the partners invited from its PSP and
  KSP (the region's psychiatry, Kriminalforsorgen), i.e. the union of the municipality's three
  cooperations, so an administrator's correction of their members counts here too;
* § 49 a meeting: both belong to the same municipality (the municipality itself, or a unit of it).

A municipal unit (school, daycare ...) takes part through its municipality, and an infohus is
its police district's, so each counts as a member where its parent is one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from forebyg.actors.models import MUNICIPAL_UNIT_KINDS, Cooperation, OrganisationKind
from forebyg.legal.rules.vocabulary import CooperationContext

if TYPE_CHECKING:
    from forebyg.actors.models import Organisation
    from forebyg.legal.rules.proposal import ProposedDisclosure

LIFTED_KINDS = frozenset([*MUNICIPAL_UNIT_KINDS, OrganisationKind.INFOHOUSE])
COOPERATION_KINDS: dict[str, tuple[str, ...]] = {
    CooperationContext.SSP: (Cooperation.Kind.SSP,),
    CooperationContext.PSP: (Cooperation.Kind.PSP,),
    CooperationContext.KSP: (Cooperation.Kind.KSP,),
    CooperationContext.INFOHOUSE: tuple(Cooperation.Kind.values),
}


@dataclass(frozen=True)
class Membership:
    """Whether discloser and recipient are in one cooperation together, and each in one at all."""

    together: bool
    discloser_in: bool
    recipient_in: bool


def standing(organisation: Organisation) -> frozenset[int]:
    """The organisation and, for a municipal unit or an infohus, the body it is part of."""
    ids = {organisation.pk}
    if organisation.kind in LIFTED_KINDS and organisation.parent_id is not None:
        ids.add(organisation.parent_id)
    return frozenset(ids)


def home_municipality(organisation: Organisation) -> int | None:
    """The municipality an organisation belongs to (itself, or a unit's parent), if any."""
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        return int(organisation.pk)
    if organisation.kind in MUNICIPAL_UNIT_KINDS:
        return organisation.parent_id
    return None


class Facts:
    """The facts about one proposal, each read once."""

    def __init__(self, proposal: ProposedDisclosure) -> None:
        self.proposal = proposal
        self._memberships: dict[str, Membership] = {}

    def membership(self, context: str) -> Membership:
        if context not in self._memberships:
            self._memberships[context] = self._read_membership(context)
        return self._memberships[context]

    def _read_membership(self, context: str) -> Membership:
        if context == CooperationContext.MEETING_49A:
            return self._same_municipality()
        if context not in COOPERATION_KINDS:
            return Membership(together=False, discloser_in=False, recipient_in=False)
        return self._cooperation_membership(context)

    def _same_municipality(self) -> Membership:
        proposal = self.proposal
        wanted = proposal.municipality.pk if proposal.municipality is not None else None
        discloser = home_municipality(proposal.discloser)
        recipient = home_municipality(proposal.recipient)
        discloser_in = discloser is not None and wanted in (None, discloser)
        recipient_in = recipient is not None and wanted in (None, recipient)
        return Membership(
            together=discloser_in and recipient_in and discloser == recipient,
            discloser_in=discloser_in,
            recipient_in=recipient_in,
        )

    def _cooperation_membership(self, context: str) -> Membership:
        proposal = self.proposal
        discloser, recipient = standing(proposal.discloser), standing(proposal.recipient)
        # The infohus is the municipality's forum: its three cooperations count as one.
        group_by = (
            "cooperation__municipality_id"
            if context == CooperationContext.INFOHOUSE
            else "cooperation_id"
        )
        rows = Cooperation.members.through.objects.filter(
            cooperation__kind__in=COOPERATION_KINDS[context],
            organisation_id__in=discloser | recipient,
        )
        if proposal.municipality is not None:
            rows = rows.filter(cooperation__municipality=proposal.municipality)
        groups: dict[int, set[int]] = defaultdict(set)
        for group, organisation in rows.values_list(group_by, "organisation_id"):
            groups[group].add(organisation)
        with_discloser = {group for group, ids in groups.items() if ids & discloser}
        with_recipient = {group for group, ids in groups.items() if ids & recipient}
        return Membership(
            together=bool(with_discloser & with_recipient),
            discloser_in=bool(with_discloser),
            recipient_in=bool(with_recipient),
        )
