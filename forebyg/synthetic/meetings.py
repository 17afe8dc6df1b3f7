# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Synthetic infohus conferences and the disclosures they carry. About half of the cases that
reach analysis are discussed at their municipality's weekly conference with the police district;
each discussion is an agenda item plus a line in the exchange ledger (the police district
discloses to the municipality under retsplejeloven § 115 in the infohus), each with its audit
event, as conferences.services and exchange.services would write them."""

import datetime
import random
from typing import TYPE_CHECKING, Any

from django.db import models

from forebyg.cases.workflow import Status
from forebyg.conferences.models import AgendaItem, Conference, ConferenceStatus, Participant
from forebyg.exchange.models import DisclosureKind, DisclosureRecord
from forebyg.legal.rules.vocabulary import CooperationContext, DataCategory, Purpose
from forebyg.synthetic.auditlog import EventQueue
from forebyg.synthetic.bulk import Table
from forebyg.synthetic.catalogue import SYNTHETIC_MARK
from forebyg.synthetic.context import Context
from forebyg.synthetic.paths import DAY_US, Draft, as_time

if TYPE_CHECKING:
    from forebyg.synthetic.writer import CaseRow

DISCUSSED = 0.5
RULE_KEY = "rpl-115-1-infohus"
EXPLANATION_DA = "Tilladt efter retsplejelovens § 115 i infohuset (syntetiske data)."
EXPLANATION_EN = "Allowed under retsplejeloven § 115 in the infohus (synthetic data)."
CATEGORIES = [DataCategory.IDENTITY.value, DataCategory.CONCERN.value]
WEEK_US = 7 * DAY_US


def _date(at_us: int) -> datetime.date:
    return as_time(at_us).date()


class Meetings:
    MODELS: tuple[type[models.Model], ...] = (Conference, Participant, AgendaItem, DisclosureRecord)

    def __init__(
        self,
        ctx: Context,
        rng: random.Random,
        ids: Any,
        tables: dict[type[models.Model], Table],
        events: EventQueue,
        now_us: int,
    ) -> None:
        self.ctx, self.rng, self.ids, self.tables, self.events = ctx, rng, ids, tables, events
        self.today = _date(now_us)
        self.conferences: dict[tuple[int, int], tuple[int, int]] = {}  # (muni, week) -> (pk, items)

    def maybe_discuss(self, draft: Draft, case: "CaseRow") -> None:
        """Put the case on its municipality's conference in the week it went into analysis."""
        if self.rng.random() >= DISCUSSED:
            return
        at_us = draft.steps_us[draft.path.index(Status.ANALYSIS)]
        conference, order = self._conference(draft.municipality, case, at_us)
        police = self.ctx.police[case.police_district_id]
        item = self.ids.take(AgendaItem)
        self.tables[AgendaItem].add(
            id=item,
            conference_id=conference,
            case_id=case.pk,
            order=order,
            reason=f"Drøftelse af sagen {SYNTHETIC_MARK}",
        )
        self.events.add(
            at_us + 3,
            police,
            case.municipality_id,
            "conference.case_added",
            ("conferences.agendaitem", item),
            "",
            after={"conference": conference, "case": case.reference, "order": order},
        )
        self._disclose(case, at_us + 4, police)

    def _conference(self, municipality: int, case: "CaseRow", at_us: int) -> tuple[int, int]:
        week = at_us // WEEK_US
        known = self.conferences.get((municipality, week))
        if known is not None:
            self.conferences[(municipality, week)] = (known[0], known[1] + 1)
            return known[0], known[1] + 1
        held_on = _date((week + 1) * WEEK_US - DAY_US)  # the last day of that week
        coordinator = self.ctx.coordinators[municipality]
        stamp = as_time(at_us)
        pk = self.ids.take(Conference)
        self.tables[Conference].add(
            id=pk,
            municipality_id=case.municipality_id,
            police_district_id=case.police_district_id,
            held_on=held_on,
            location="Infohus (syntetisk)",
            status=ConferenceStatus.HELD if held_on < self.today else ConferenceStatus.PLANNED,
            created_by_id=coordinator,
            created_at=stamp,
            updated_at=stamp,
        )
        for organisation, role in (
            (case.municipality_id, "Tovholder"),
            (case.police_district_id, "Politi"),
        ):
            self.tables[Participant].add(
                id=self.ids.take(Participant),
                conference_id=pk,
                organisation_id=organisation,
                name=f"{role} {SYNTHETIC_MARK}",
                role=role,
            )
        self.events.add(
            at_us + 2,
            coordinator,
            case.municipality_id,
            "conference.created",
            ("conferences.conference", pk),
            "",
            after={
                "municipality": self.ctx.keys.get(case.municipality_id, ""),
                "held_on": held_on.isoformat(),
            },
        )
        self.conferences[(municipality, week)] = (pk, 1)
        return pk, 1

    def _disclose(self, case: "CaseRow", at_us: int, police: int) -> None:
        record = self.ids.take(DisclosureRecord)
        self.tables[DisclosureRecord].add(
            id=record,
            at=as_time(at_us),
            by_id=police,
            discloser_id=case.police_district_id,
            recipient_id=case.municipality_id,
            case_id=case.pk,
            person_id=case.person_id,
            kind=DisclosureKind.CONFERENCE,
            categories=CATEGORIES,
            purpose=Purpose.PREVENTION,
            context=CooperationContext.INFOHOUSE,
            legal_basis_id=self.ctx.legal_basis,
            rule_key=RULE_KEY,
            allowed=True,
            conditions=["necessity_note"],
            necessity_note=f"Nødvendigt for drøftelsen {SYNTHETIC_MARK}",
            explanation_da=EXPLANATION_DA,
            explanation_en=EXPLANATION_EN,
        )
        keys = self.ctx.keys
        self.events.add(
            at_us,
            police,
            case.police_district_id,
            "disclosure.allowed",
            ("exchange.disclosurerecord", record),
            Purpose.PREVENTION.value,
            after={
                "from": keys.get(case.police_district_id, ""),
                "to": keys.get(case.municipality_id, ""),
                "case": case.reference,
                "kind": DisclosureKind.CONFERENCE.value,
                "categories": CATEGORIES,
                "context": CooperationContext.INFOHOUSE.value,
                "legal_basis": "rpl-115-1" if self.ctx.legal_basis else None,
                "rule": RULE_KEY,
                "conditions": ["necessity_note"],
                "failed_condition": "",
            },
        )
