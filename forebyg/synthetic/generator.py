# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Generate a synthetic national dataset: `generate(cases=N, seed=S)`.

Same seed and same anchor date give the same data (names, CPR numbers, references, dates,
statuses; only the random nonces inside the ciphertexts differ). Rows are written in batches of
BATCH cases, one transaction per batch, with bulk_create; audit events follow in time order onto
the hash chain (auditlog.py). The run ends with a marker event, `synthetic.generated`, whose
`after` names the size, seed and anchor date: how the demo and `make bench` recognise the data."""

import datetime
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction

from forebyg.audit import services as audit
from forebyg.audit.models import AuditEvent
from forebyg.core.models import TimeStampedModel
from forebyg.synthetic.auditlog import EventQueue
from forebyg.synthetic.catalogue import MARKER_VERB
from forebyg.synthetic.context import load_context
from forebyg.synthetic.meetings import Meetings
from forebyg.synthetic.paths import draft_cases
from forebyg.synthetic.plans import write_plans
from forebyg.synthetic.writer import CaseModels, CaseWriter

BATCH = 5000


@dataclass(frozen=True)
class Summary:
    cases: int
    events: int
    plans: int
    seconds: float


def marker() -> dict[str, Any] | None:
    """The size, seed and anchor date of the synthetic data in this database, or None."""
    event = AuditEvent.objects.filter(verb=MARKER_VERB).order_by("-sequence").first()
    return event.after if event is not None and isinstance(event.after, dict) else None


def anchor_time(day: datetime.date) -> datetime.datetime:
    """Midnight UTC starting `day`: every synthetic event happened before it."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


@contextmanager
def explicit_timestamps() -> Iterator[None]:
    """Let rows keep the created_at/updated_at they are given (a case opened three years ago
    was created then), instead of auto_now's "now"; restored afterwards."""
    fields = [
        field
        for model in TimeStampedModel.__subclasses__()
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]  # type: ignore[attr-defined]
    for field in fields:
        field.auto_now = field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for field, now, now_add in saved:
            field.auto_now, field.auto_now_add = now, now_add  # type: ignore[attr-defined]


def generate(
    *,
    cases: int,
    seed: int,
    day: datetime.date,
    progress: Callable[[str], None] = print,
    with_plans: bool = True,
) -> Summary:
    """Write `cases` synthetic cases with everything around them; see the module docstring."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    with transaction.atomic():
        ctx = load_context()
    now_us = int(anchor_time(day).timestamp()) * 1_000_000
    drafts = draft_cases(cases, ctx.weights, now_us, rng)
    events = EventQueue(ctx.usernames)
    writer = CaseWriter(ctx, rng, now_us, seed, events)
    with explicit_timestamps():
        for start in range(0, len(drafts), BATCH):
            with transaction.atomic():
                for draft in drafts[start : start + BATCH]:
                    writer.add(draft)
                writer.write()
            rows_done = time.perf_counter()
            following = drafts[start + BATCH].opened_us if start + BATCH < cases else None
            events.flush(following)
            elapsed = time.perf_counter() - started
            progress(
                f"{elapsed:.0f} s: {min(start + BATCH, cases)} cases, {events.written} audit "
                f"events ({time.perf_counter() - rows_done:.0f} s of it on the events)"
            )
    _reset_sequences()
    plans = write_plans(ctx, rng, day) if with_plans else 0
    progress(f"{time.perf_counter() - started:.0f} s: {plans} plans")
    with transaction.atomic():
        audit.record(
            None,
            MARKER_VERB,
            None,
            purpose="synthetic",
            after={"cases": cases, "seed": seed, "day": day.isoformat()},
        )
    _analyse()
    return Summary(cases, events.written, plans, time.perf_counter() - started)


def _analyse() -> None:
    """PostgreSQL plans from table statistics, which a bulk load leaves empty until autovacuum
    comes round (minutes later, if ever during a benchmark): gather them now, as after a
    pg_restore. (At 250,000 cases the case list's SQL went from 107 to 15 ms.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _reset_sequences() -> None:
    """Ids were given by the generator: move PostgreSQL's sequences past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), [*CaseModels, *Meetings.MODELS])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
