# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Turn case drafts (paths.py) into rows: person, case, concerns and their signs, status steps,
assessments with observations, measures, and the audit events of each. Rows are collected per
batch and inserted in bulk (bulk.py); ids are given here, counting on from the highest id in each
table, so rows can point at each other before anything is written."""

import datetime
import random
from dataclasses import dataclass

from django.db import models

from forebyg.cases.models import (
    Assessment,
    Case,
    CaseMeasure,
    ClosureOutcome,
    ClosureReason,
    Concern,
    CustodyInformed,
    MeasureStatus,
    Observation,
    ObservationKind,
    Person,
    Source,
    StatusChange,
)
from forebyg.cases.workflow import CLOSED_STATUSES, SCREENING_OUTCOMES, Status
from forebyg.synthetic import catalogue as text
from forebyg.synthetic.auditlog import EventQueue
from forebyg.synthetic.bulk import Table
from forebyg.synthetic.context import Context
from forebyg.synthetic.meetings import Meetings
from forebyg.synthetic.paths import Draft, as_time
from forebyg.synthetic.people import Codes, make_person

SOURCES = {
    Source.PROFESSIONAL: 50,
    Source.HOTLINE: 15,
    Source.CITIZEN: 15,
    Source.COORDINATOR: 15,
    Source.POLICE: 5,
}
SECOND_EPISODE, SECOND_CONCERN, ACUTE = 0.10, 0.12, 0.03
CaseModels: tuple[type[models.Model], ...] = (
    Person,
    Case,
    Concern,
    StatusChange,
    Assessment,
    Observation,
    CaseMeasure,
)
Signs = Concern.signs.through


@dataclass(frozen=True)
class CaseRow:
    """What the rows around a case need to know of it."""

    pk: int
    person_id: int
    episode: int
    municipality_id: int
    police_district_id: int
    reference: str
    status: str
    acute: bool
    category_id: int | None
    closed_at: datetime.datetime | None


class Ids:
    """The next free id of each model, from the highest id already stored."""

    def __init__(self, models_: tuple[type[models.Model], ...]) -> None:
        self.next: dict[type[models.Model], int] = {}
        for model in models_:
            top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
            self.next[model] = (top or 0) + 1

    def take(self, model: type[models.Model]) -> int:
        pk = self.next[model]
        self.next[model] = pk + 1
        return pk


class CaseWriter:
    def __init__(
        self, ctx: Context, rng: random.Random, now_us: int, seed: int, events: EventQueue
    ) -> None:
        self.ctx, self.rng, self.now_us, self.seed, self.events = ctx, rng, now_us, seed, events
        self.codes = Codes(rng)
        self.ids = Ids((*CaseModels, *Meetings.MODELS))
        self.tables = {model: Table(model) for model in (*CaseModels, *Meetings.MODELS)}
        self.tables[Signs] = Table(Signs, with_pk=False)
        # Per municipality: people whose last case is closed, (person id, closed at, episode).
        self.returning: dict[int, list[tuple[int, int, int]]] = {}
        self.meetings = Meetings(ctx, rng, self.ids, self.tables, events, now_us)
        self.concerns = 0
        self.m = 0  # the municipality index of the case being written

    def write(self) -> None:
        """Insert this batch's rows, parents first; call inside a transaction."""
        for table in self.tables.values():
            table.write()

    def add(self, draft: Draft) -> None:
        self.m = draft.municipality
        person_id, episode = self._person(draft)
        case = self._case(draft, person_id, episode)
        recorder = self._concerns(draft, case)
        self._steps(draft, case, recorder)
        if Status.ASSESSMENT in draft.path:
            self._assessments(draft, case)
        if Status.FOLLOW_UP in draft.path:
            self._measures(draft, case)
        if Status.ANALYSIS in draft.path:
            self.meetings.maybe_discuss(draft, case)
        if case.status in CLOSED_STATUSES:
            pool = self.returning.setdefault(self.m, [])
            pool.append((person_id, draft.steps_us[-1], episode))

    def _person(self, draft: Draft) -> tuple[int, int]:
        """A returning person (a new episode on their timeline) or a new one."""
        pool = self.returning.get(self.m)
        if pool and self.rng.random() < SECOND_EPISODE:
            index = self.rng.randrange(max(0, len(pool) - 200), len(pool))
            person_id, closed_us, episode = pool[index]
            if closed_us < draft.opened_us:
                pool.pop(index)
                return person_id, episode + 1
        opened = as_time(draft.opened_us)
        pk = self.ids.take(Person)
        municipality = self.ctx.municipalities[self.m].pk
        fields = make_person(municipality, opened.date(), self.rng, self.codes)
        self.tables[Person].add(id=pk, created_at=opened, updated_at=opened, **fields)
        return pk, 1

    def _case(self, draft: Draft, person_id: int, episode: int) -> CaseRow:
        municipality = self.ctx.municipalities[self.m]
        final, rng, path = draft.path[-1], self.rng, draft.path
        screened, closed = len(path) > 2, final in CLOSED_STATUSES
        opened, last = as_time(draft.opened_us), as_time(draft.steps_us[-1])
        case = CaseRow(
            pk=self.ids.take(Case),
            person_id=person_id,
            episode=episode,
            municipality_id=municipality.pk,
            # Every municipality has one (a check constraint in actors).
            police_district_id=municipality.police_district_id or 0,
            reference=self.codes.new("FB", 4, 4),
            status=final,
            acute=rng.random() < ACUTE,
            category_id=rng.choice(self.ctx.categories) if screened or rng.random() < 0.4 else None,
            closed_at=last if closed else None,
        )
        self.tables[Case].add(
            **{
                name: getattr(case, name)
                for name in (
                    "person_id",
                    "episode",
                    "municipality_id",
                    "police_district_id",
                    "reference",
                    "status",
                    "acute",
                    "category_id",
                    "closed_at",
                )
            },
            id=case.pk,
            opened_at=opened,
            created_at=opened,
            updated_at=last,
            version=len(path),
            level_id=rng.choice(self.ctx.levels) if screened and self.ctx.levels else None,
            screening_due=opened.date() + datetime.timedelta(days=10),
            screening_outcome=path[2] if screened and path[2] in SCREENING_OUTCOMES else "",
            screened_at=as_time(draft.steps_us[2]) if screened else None,
            closure_reason=rng.choice(ClosureReason.values) if final == Status.CLOSED else "",
            closure_outcome=rng.choice(ClosureOutcome.values) if final == Status.CLOSED else "",
            content_removed_at=last if final == Status.POLICE_ONLY else None,
        )
        return case

    def _concerns(self, draft: Draft, case: CaseRow) -> int:
        """The concerns of the case (one, sometimes two); returns who recorded the first."""
        times = [draft.opened_us]
        if self.rng.random() < SECOND_CONCERN:
            times.append(self.rng.randint(draft.opened_us, draft.steps_us[-1]))
        recorders = [self._concern(case, at_us, first=i == 0) for i, at_us in enumerate(times)]
        return recorders[0]

    def _concern(self, case: CaseRow, at_us: int, *, first: bool) -> int:
        rng, ctx = self.rng, self.ctx
        source = rng.choices(list(SOURCES), weights=list(SOURCES.values()))[0]
        recorder = {Source.PROFESSIONAL: ctx.professionals[self.m], Source.HOTLINE: ctx.hotline}
        by = recorder.get(source, ctx.coordinators[self.m])
        reporter = by if source == Source.PROFESSIONAL else None
        stub = case.status == Status.POLICE_ONLY  # the police took over: the content is gone
        received, pk = as_time(at_us), self.ids.take(Concern)
        self.concerns += 1
        self.tables[Concern].add(
            id=pk,
            case_id=case.pk,
            source=source,
            recorded_by_id=by,
            reporter_id=reporter,
            reporter_organisation_id=case.municipality_id if reporter else None,
            description="" if stub else rng.choice(text.DESCRIPTIONS),
            category_id=case.category_id,
            acute=case.acute,
            custody_informed=rng.choice(CustodyInformed.values),
            received_at=received,
            idempotency_key=f"synthetic-{self.seed}-{self.concerns}",
            reporter_reference=self.codes.new("BH", 4, 4),
            created_at=received,
            updated_at=received,
        )
        for sign in [] if stub else rng.sample(ctx.signs, k=min(len(ctx.signs), rng.randint(0, 3))):
            self.tables[Signs].add(concern_id=pk, warningsign_id=sign)
        add, municipality = self.events.add, case.municipality_id
        if first:
            add(
                at_us,
                by,
                municipality,
                "case.opened",
                ("cases.case", case.pk),
                "intake",
                after={"reference": case.reference, "episode": case.episode, "acute": case.acute},
            )
        add(
            at_us + 1,
            by,
            municipality,
            "concern.received",
            ("cases.concern", pk),
            "intake",
            after={
                "case": case.reference,
                "source": source,
                "acute": case.acute,
                "known_person": case.episode > 1,
                "new_episode": first,
                "attachments": 0,
            },
        )
        return by

    def _steps(self, draft: Draft, case: CaseRow, recorder: int) -> None:
        coordinator = self.ctx.coordinators[self.m]
        police = self.ctx.police[case.police_district_id]
        stub = case.status == Status.POLICE_ONLY
        for i, (status, at_us) in enumerate(zip(draft.path, draft.steps_us, strict=True)):
            by = recorder if i == 0 else police if i == 2 else coordinator
            before = draft.path[i - 1] if i else ""
            note = "" if i == 0 or stub else self.rng.choice(text.NOTES)
            self.tables[StatusChange].add(
                id=self.ids.take(StatusChange),
                case_id=case.pk,
                from_status=before,
                to_status=status,
                by_id=by,
                at=as_time(at_us),
                note=note,
            )
            if i:
                self.events.add(
                    at_us,
                    by,
                    case.municipality_id,
                    "case.status_changed",
                    ("cases.case", case.pk),
                    "case_work",
                    before={"status": before},
                    after={"status": status},
                )
        if stub:
            self.events.add(
                draft.steps_us[-1] + 1,
                police,
                case.municipality_id,
                "case.content_removed",
                ("cases.case", case.pk),
                "police_only",
                after={"reason": "handled by the police alone"},
            )

    def _assessments(self, draft: Draft, case: CaseRow) -> None:
        step = draft.path.index(Status.ASSESSMENT)
        start = draft.steps_us[step]
        end = draft.steps_us[step + 1] if step + 1 < len(draft.path) else self.now_us
        versions = 2 if self.rng.random() < 0.3 else 1
        for version in range(1, versions + 1):
            self._assessment(case, version, start + (end - start) * version // (versions + 2))

    def _assessment(self, case: CaseRow, version: int, at_us: int) -> None:
        rng, at, by = self.rng, as_time(at_us), self.ctx.coordinators[self.m]
        pk = self.ids.take(Assessment)
        self.tables[Assessment].add(
            id=pk,
            case_id=case.pk,
            version=version,
            summary=rng.choice(text.SUMMARIES),
            recommendation=rng.choice(text.RECOMMENDATIONS),
            created_by_id=by,
            created_at=at,
            updated_at=at,
        )
        dimensions = rng.sample(
            self.ctx.dimensions, k=min(rng.randint(2, 5), len(self.ctx.dimensions))
        )
        for dimension in dimensions:
            self.tables[Observation].add(
                id=self.ids.take(Observation),
                assessment_id=pk,
                dimension_id=dimension,
                kind=rng.choice(ObservationKind.values),
                text=rng.choice(text.OBSERVATIONS),
            )
        self.events.add(
            at_us,
            by,
            case.municipality_id,
            "assessment.created",
            ("cases.assessment", pk),
            "case_work",
            after={"case": case.reference, "version": version, "observations": len(dimensions)},
        )

    def _measures(self, draft: Draft, case: CaseRow) -> None:
        rng, by = self.rng, self.ctx.coordinators[self.m]
        start_us = draft.steps_us[draft.path.index(Status.FOLLOW_UP)]
        start, today = as_time(start_us), as_time(self.now_us).date()
        running = case.closed_at is None
        for number in range(1, rng.randint(1, 2) + 1):
            status = (
                rng.choice((MeasureStatus.ACTIVE, MeasureStatus.PLANNED))
                if running
                else MeasureStatus.COMPLETED
            )
            review = today + datetime.timedelta(days=rng.randint(-30, 60)) if running else None
            pk = self.ids.take(CaseMeasure)
            self.tables[CaseMeasure].add(
                id=pk,
                case_id=case.pk,
                measure_type_id=rng.choice(self.ctx.measures),
                owner_id=case.municipality_id,
                legal_basis_id=None,
                responsible_person=f"Sagsbehandler {number} {text.SYNTHETIC_MARK}",
                start=start.date(),
                end=case.closed_at.date() if case.closed_at else None,
                status=status,
                next_review=review,
                created_by_id=by,
                created_at=start,
                updated_at=start,
            )
            self.events.add(
                start_us + number,
                by,
                case.municipality_id,
                "measure.added",
                ("cases.casemeasure", pk),
                "case_work",
                after={
                    "case": case.reference,
                    "status": status,
                    "next_review": review.isoformat() if review else None,
                },
            )
