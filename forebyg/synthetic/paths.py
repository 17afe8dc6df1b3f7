# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Which cases exist and how each travelled through the workflow (cases/workflow.py), as plain
data: no database. A case's final status is drawn first, then an age that fits it (a case still
awaiting screening is days old, a closed one up to five years), then the steps of its path with
realistic gaps. The drafts come back sorted by opening time, so everything written from them, and
the audit events above all, follows the clock."""

import datetime
import itertools
import random
from dataclasses import dataclass

from forebyg.cases.workflow import NEXT, Status

DAY_US = 86_400 * 1_000_000
# Final status -> weight, per 100 cases: most concerns end at the screening.
STATUS_WEIGHTS: dict[str, int] = {
    Status.RECEIVED: 3,
    Status.SCREENING: 3,
    Status.POLICE_ONLY: 8,
    Status.UNFOUNDED: 24,
    Status.SIGNPOSTED: 20,
    Status.INFORMATION_GATHERING: 5,
    Status.ANALYSIS: 4,
    Status.ASSESSMENT: 3,
    Status.FOLLOW_UP: 6,
    Status.CLOSED: 24,
}
INFOHUS: list[str] = [
    Status.INFORMATION_GATHERING,
    Status.ANALYSIS,
    Status.ASSESSMENT,
    Status.FOLLOW_UP,
]
# Age in days of a case by its final status: (youngest, oldest).
AGE_DAYS: dict[str, tuple[float, float]] = {
    Status.RECEIVED: (0.02, 25),
    Status.SCREENING: (1, 25),
    Status.INFORMATION_GATHERING: (20, 200),
    Status.ANALYSIS: (30, 300),
    Status.ASSESSMENT: (45, 400),
    Status.FOLLOW_UP: (60, 700),
}
CLOSED_AGE_DAYS = (30, 5 * 365)
# Days spent in a status before the next step: (shortest, longest).
GAP_DAYS: dict[str, tuple[float, float]] = {
    Status.RECEIVED: (0.05, 3),
    Status.SCREENING: (1, 12),
    Status.INFORMATION_GATHERING: (5, 40),
    Status.ANALYSIS: (5, 40),
    Status.ASSESSMENT: (5, 30),
    Status.FOLLOW_UP: (30, 300),
}


def as_time(at_us: int) -> datetime.datetime:
    """Microseconds since the epoch as an aware UTC datetime (integers keep it exact)."""
    stamp = datetime.datetime.fromtimestamp(at_us // 1_000_000, tz=datetime.UTC)
    return stamp.replace(microsecond=at_us % 1_000_000)


@dataclass(frozen=True)
class Draft:
    opened_us: int  # microseconds since the epoch, UTC
    municipality: int  # index into the municipality list
    path: tuple[str, ...]  # the statuses in order, the first is `received`
    steps_us: tuple[int, ...]  # when each status was entered


def path_to(final: str, rng: random.Random) -> tuple[str, ...]:
    """The statuses a case passed through to end in `final`."""
    if final == Status.RECEIVED:
        return (Status.RECEIVED,)
    if final in (Status.SCREENING, Status.POLICE_ONLY, Status.UNFOUNDED, Status.SIGNPOSTED):
        return (Status.RECEIVED, Status.SCREENING, final)[: 2 if final == Status.SCREENING else 3]
    if final == Status.CLOSED:
        depth = rng.choices((1, 2, 3, 4), weights=(3, 2, 2, 3))[0]
        return (Status.RECEIVED, Status.SCREENING, *INFOHUS[:depth], Status.CLOSED)
    return (Status.RECEIVED, Status.SCREENING, *INFOHUS[: INFOHUS.index(final) + 1])


def _steps(path: tuple[str, ...], opened_us: int, now_us: int, rng: random.Random) -> list[int]:
    gaps = [rng.uniform(*GAP_DAYS[status]) * DAY_US for status in path[:-1]]
    room = (now_us - opened_us) * 0.95  # the last step happened before now
    scale = min(1.0, room / sum(gaps)) if gaps else 1.0
    steps, at = [opened_us], float(opened_us)
    for gap in gaps:
        at += gap * scale
        steps.append(int(at))
    return steps


def draft_cases(count: int, weights: list[int], now_us: int, rng: random.Random) -> list[Draft]:
    """`count` case drafts sorted by opening time; the first ten cover every status once."""
    finals = list(STATUS_WEIGHTS)
    municipalities = rng.choices(range(len(weights)), weights=weights, k=count)
    drafts = []
    for index in range(count):
        if index < len(finals):
            final = finals[index]
        else:
            final = rng.choices(finals, weights=list(STATUS_WEIGHTS.values()))[0]
        youngest, oldest = AGE_DAYS.get(final, CLOSED_AGE_DAYS)
        opened_us = now_us - int(rng.uniform(youngest, oldest) * DAY_US)
        path = path_to(final, rng)
        steps = _steps(path, opened_us, now_us, rng)
        drafts.append(Draft(opened_us, municipalities[index], path, tuple(steps)))
    drafts.sort(key=lambda draft: draft.opened_us)
    return drafts


def is_valid_path(path: tuple[str, ...]) -> bool:
    """Every step of the path is allowed by the workflow table (a test holds drafts to it)."""
    return path[0] == Status.RECEIVED and all(
        after in NEXT[before] for before, after in itertools.pairwise(path)
    )
