"""Disclosure control for one publication: primary and secondary cell suppression.

A publication is a set of *quantities* (counts of cases, concerns or measures that satisfy some
conditions) and a list of *additivity groups* `total = part_1 + ... + part_n` that hold between
them. A quantity shown in several tables (the Q1 row total of a trend table is the Q1 cell of the
quarter table; the municipalities of a police district sum to the district's cell) is ONE
quantity, so every table shows it the same way: linked tables are derived from one pattern.

What a reader sees: a number, "<5" (the count is 0, 1, 2, 3 or 4) or "x" (the count is 5 or
more, hidden so that a "<5" cannot be worked out). Both are true statements, so nothing false is
published, and an attacker may use exactly them: "<5" as the bounds [0, 4], "x" as [5, ∞).

1. **Primary suppression.** Every count from 1 to 4 is hidden ("<5").
2. **Zeros.** A zero is shown, as is normal practice (a zero reveals nothing about a person),
   except (a) in a group whose total is 1-4: there its zeros are hidden too, or a reader could
   count the hidden parts of a small total (a total "<5" split into four "<5" parts would be
   four ones); and (b) as the preferred secondary cell (below). So zeros are suppressed too,
   and a reader cannot tell a hidden 0 from a hidden 1-4: "<5" honestly stands for 0-4.
3. **Secondary suppression, by rule.** Repeated until nothing changes, over every group:
   * a group with exactly one hidden member gives it away by subtraction: hide one more
     (unless that member is a zero: zeros are published anyway);
   * a group whose shown total puts all its hidden "<5" members at 4 each pins them: hide one
     more.
   The extra cell is a shown zero of the group if there is one (hiding a zero loses nothing),
   else the smallest nonzero part ("x"; the least information lost), else the total; ties are
   broken by a fixed order, so the same data always gives the same pattern.
4. **Audit.** The rules are local to one group; across groups a value can still be pinned (a
   cell bridging two cycles of a two-way table; bounds of several groups meeting in a point).
   So the engine plays the attacker itself: every shown number becomes a linear equation, the
   hidden ones get the bounds above, and linear programs (scipy HiGHS, per connected block of
   hidden cells) check that every hidden 1-4 can move by at least 1. A pinned cell gets one
   more cell of its groups hidden, and rules and audit run again. Hiding more only widens what an
   attacker must consider, so a cell once shown to be free stays free and is not re-checked.
   Finally a hidden zero or "x" that a reader can still work out (a zero column total pins
   its cells) is shown again: hiding it protected nothing.
   tests/test_recovery.py repeats the attack, independently, on the published tables.

Known limit: each publication (scope and quarter range) is suppressed on its own; two
publications over overlapping periods can be differenced, so the pages should offer only
whole years or the whole period to analysts.
"""

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy.optimize import linprog

THRESHOLD = 5  # counts from 1 to THRESHOLD - 1 are hidden
SMALL_BOUNDS = (0.0, float(THRESHOLD - 1))  # what "<5" tells a reader
MIN_RANGE = 1.0  # an audited "<5" cell must be able to move by at least this much
TOLERANCE = 1e-6


class Mark(StrEnum):
    PRIMARY = "primary"  # 0-4, shown as "<5"
    SECONDARY = "secondary"  # 5 or more, hidden to protect a "<5", shown as "x"


@dataclass(frozen=True)
class Group:
    """total = sum(parts)."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def members(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


def bounds_of(mark: Mark) -> tuple[float, float | None]:
    """What a reader knows about a hidden value from its mark."""
    return SMALL_BOUNDS if mark == Mark.PRIMARY else (float(THRESHOLD), None)


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def suppress(values: Mapping[Hashable, int], groups: Sequence[Group]) -> dict[Hashable, Mark]:
    """The hidden quantities of one publication and why, so that no "<5" can be worked out."""
    order = {key: index for index, key in enumerate(sorted(values, key=repr))}
    groups = _unique(groups)
    marks = {key: Mark.PRIMARY for key, value in values.items() if is_small(value)}
    for group in groups:
        if is_small(values[group.total]):
            marks.update({m: Mark.PRIMARY for m in group.parts if values[m] == 0})
    by_member = _groups_by_member(groups)
    free: set[Hashable] = set()
    while True:
        _apply_rules(values, groups, marks, order)
        pinned = audit(values, groups, marks, free)
        added = [_protect(values, key, by_member, marks, order) for key in pinned]
        if not any(added):
            # Nothing left to hide around the pinned cells (or nothing pinned): done.
            _show_what_is_known(values, groups, marks)
            return marks


def _unique(groups: Sequence[Group]) -> list[Group]:
    """Each group once, in a fixed order (the order decides which cell is hidden next)."""
    unique = {
        (group.total, frozenset(group.parts)): Group(
            group.total, tuple(sorted(group.parts, key=repr))
        )
        for group in groups
        if group.parts
    }
    return sorted(unique.values(), key=lambda group: repr(group.members))


def _groups_by_member(groups: Sequence[Group]) -> dict[Hashable, list[Group]]:
    by_member: dict[Hashable, list[Group]] = defaultdict(list)
    for group in groups:
        for member in group.members:
            by_member[member].append(group)
    return by_member


def _apply_rules(
    values: Mapping[Hashable, int],
    groups: Sequence[Group],
    marks: dict[Hashable, Mark],
    order: Mapping[Hashable, int],
) -> None:
    changed = True
    while changed:
        changed = False
        for group in groups:
            if _needs_more(values, group, marks):
                candidate = _candidate(values, group, marks, order)
                if candidate is not None:
                    marks[candidate] = _mark_for(values[candidate])
                    changed = True


def _mark_for(value: int) -> Mark:
    return Mark.PRIMARY if value < THRESHOLD else Mark.SECONDARY


def _needs_more(
    values: Mapping[Hashable, int], group: Group, marks: Mapping[Hashable, Mark]
) -> bool:
    hidden = [member for member in group.members if member in marks]
    if len(hidden) == 1:
        # Subtraction gives it away; harmless only for a zero (zeros are published anyway).
        return values[hidden[0]] > 0
    if len(hidden) < 2 or group.total in marks:
        return False
    if any(marks[member] != Mark.PRIMARY for member in hidden):
        return False
    # The shown total fixes the sum of the hidden parts; at 4 each it pins them all.
    return sum(values[member] for member in hidden) == (THRESHOLD - 1) * len(hidden)


def _candidate(
    values: Mapping[Hashable, int],
    group: Group,
    marks: Mapping[Hashable, Mark],
    order: Mapping[Hashable, int],
) -> Hashable | None:
    """The next cell to hide in `group`: a shown zero, else the smallest part, else the total."""
    parts = [part for part in group.parts if part not in marks]
    if parts:
        return min(parts, key=lambda part: (values[part], order[part]))
    return group.total if group.total not in marks else None


def _protect(
    values: Mapping[Hashable, int],
    key: Hashable,
    by_member: Mapping[Hashable, list[Group]],
    marks: dict[Hashable, Mark],
    order: Mapping[Hashable, int],
) -> bool:
    """Hide one more cell next to the pinned `key` (in its groups, else one step further)."""
    near = list(by_member[key])
    for group in list(near):
        near.extend(g for member in group.members if member in marks for g in by_member[member])
    for group in near:
        candidate = _candidate(values, group, marks, order)
        if candidate is not None:
            marks[candidate] = _mark_for(values[candidate])
            return True
    return False


def audit(
    values: Mapping[Hashable, int],
    groups: Sequence[Group],
    marks: Mapping[Hashable, Mark],
    free: set[Hashable] | None = None,
) -> list[Hashable]:
    """The hidden counts of 1-4 a reader of all shown numbers could narrow to less than
    MIN_RANGE (a hidden zero may be found to be 0: zeros are published anyway).
    `free` holds cells already shown to be free (skipped), and gains the ones found free."""
    free = set() if free is None else free
    pinned: list[Hashable] = []
    for block in _blocks(groups, marks):
        pinned.extend(_audit_block(values, block, marks, free))
    return pinned


def _blocks(groups: Sequence[Group], marks: Mapping[Hashable, Mark]) -> list[list[Group]]:
    """The groups with hidden members, split into blocks that share no hidden member."""
    parent: dict[Hashable, Hashable] = {}

    def find(key: Hashable) -> Hashable:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    hidden_groups = [g for g in groups if any(member in marks for member in g.members)]
    for group in hidden_groups:
        hidden = [member for member in group.members if member in marks]
        for member in hidden[1:]:
            parent[find(member)] = find(hidden[0])
    blocks: dict[Hashable, list[Group]] = defaultdict(list)
    for group in hidden_groups:
        first = next(member for member in group.members if member in marks)
        blocks[find(first)].append(group)
    # A hidden cell in no group at all is unconstrained: nothing to audit for it.
    return list(blocks.values())


@dataclass
class LinearSystem:
    """matrix · x = rhs over the hidden cells `variables`, with each cell's bounds."""

    variables: list[Hashable]
    matrix: np.ndarray
    rhs: np.ndarray
    bounds: list[tuple[float, float | None]]

    def solve(self, objective: np.ndarray) -> np.ndarray | None:
        """The minimising point, or None when unbounded (it cannot be infeasible: the true
        values satisfy every equation)."""
        result = linprog(
            objective, A_eq=self.matrix, b_eq=self.rhs, bounds=self.bounds, method="highs"
        )
        return result.x if result.status == 0 else None


def linear_system(
    values: Mapping[Hashable, int], groups: Sequence[Group], marks: Mapping[Hashable, Mark]
) -> LinearSystem:
    """What a reader knows: each group as an equation over its hidden members."""
    variables = sorted(
        {member for group in groups for member in group.members if member in marks}, key=repr
    )
    index = {key: position for position, key in enumerate(variables)}
    matrix = np.zeros((len(groups), len(variables)))
    rhs = np.zeros(len(groups))
    for row, group in enumerate(groups):
        for member, sign in ((group.total, -1.0), *((part, 1.0) for part in group.parts)):
            if member in index:
                matrix[row, index[member]] += sign
            else:
                rhs[row] -= sign * values[member]
    return LinearSystem(variables, matrix, rhs, [bounds_of(marks[key]) for key in variables])


def _audit_block(
    values: Mapping[Hashable, int],
    groups: list[Group],
    marks: Mapping[Hashable, Mark],
    free: set[Hashable],
) -> list[Hashable]:
    system = linear_system(values, groups, marks)
    truth = np.array([values[key] for key in system.variables], dtype=float)
    pending = {
        position
        for position, key in enumerate(system.variables)
        if is_small(values[key]) and key not in free
    }
    # First push all pending cells at once away from their true values: one LP usually frees
    # most of them (any cell that moved by 1 in a feasible point is free).
    while pending:
        objective = np.zeros(len(system.variables))
        for position in pending:
            objective[position] = -1.0 if truth[position] <= 2 else 1.0
        point = system.solve(objective)
        moved = {p for p in pending if point is not None and _moved(point, truth, p)}
        if not moved:
            break
        pending -= moved
    pinned = []
    for position in sorted(pending):
        low, high = value_range(system, position)
        if high - low < MIN_RANGE - TOLERANCE:
            pinned.append(system.variables[position])
    free.update(system.variables[p] for p in range(len(system.variables)) if p not in pending)
    free.update(system.variables[p] for p in pending if system.variables[p] not in pinned)
    return pinned


def _show_what_is_known(
    values: Mapping[Hashable, int], groups: Sequence[Group], marks: dict[Hashable, Mark]
) -> None:
    """Show again the hidden zeros and "x" cells a reader can work out anyway (a zero column
    total pins its cells; a badly placed "x" may follow from shown numbers): hiding them
    protects nothing, since a pinned value adds no knowledge when shown, and would only make
    the publication look leaky."""
    for block in _blocks(groups, marks):
        system = linear_system(values, block, marks)
        for position, key in enumerate(system.variables):
            if is_small(values[key]):
                continue
            low, high = value_range(system, position)
            if high - low < TOLERANCE:
                del marks[key]


def _moved(point: np.ndarray, truth: np.ndarray, position: int) -> bool:
    return bool(abs(point[position] - truth[position]) >= MIN_RANGE - TOLERANCE)


def value_range(system: LinearSystem, position: int) -> tuple[float, float]:
    """The smallest and largest value the cell at `position` can take."""
    objective = np.zeros(len(system.variables))
    objective[position] = 1.0
    lowest = system.solve(objective)
    highest = system.solve(-objective)
    return (
        float(lowest[position]) if lowest is not None else float("-inf"),
        float(highest[position]) if highest is not None else float("inf"),
    )


PRIMARY_DISPLAY = "<5"
SECONDARY_DISPLAY = "x"


@dataclass(frozen=True)
class Cell:
    """One published number: its value, or None when hidden (with why it is hidden)."""

    value: int | None
    mark: Mark | None = None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def display(self) -> str:
        """ "<5" for a hidden count of 1-4, "x" for one hidden to protect it, else the number."""
        if self.value is not None:
            return str(self.value)
        return SECONDARY_DISPLAY if self.mark == Mark.SECONDARY else PRIMARY_DISPLAY


def cell(value: int, marks: Mapping[Hashable, Mark], key: Hashable) -> Cell:
    """The published form of quantity `key` (value `value`) under `marks`."""
    mark = marks.get(key)
    return Cell(None, mark) if mark is not None else Cell(value)


def quantity(
    population: str, **conditions: Hashable
) -> tuple[str, tuple[tuple[str, Hashable], ...]]:
    """The key of a count: a population ("cases") and conditions (quarter="2026Q1", ...)."""
    return population, tuple(sorted(conditions.items()))
