"""An attacker who reads every published number of a publication and tries to work out the
hidden ones, written independently of suppression.py: it sees only what a reader sees (the
displayed strings "12", "<5", "x") and what anyone knows about the tables' structure (rows and
columns add up to their totals, a count shown in two tables is the same count, municipalities add
up to their police district and region, an outcome's numerator is at most its denominator).

Every published number is a linear equality over the true values; "<5" bounds a value to
[0, 4] (zeros are suppressed too, see suppression.py) and "x" to [5, ∞). For each hidden value
a linear program finds its smallest and largest possible value; a value whose smallest and
largest are equal is recovered."""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

HIDDEN_SMALL, HIDDEN_LARGE = "<5", "x"


def bounds_of(display: str) -> tuple[float, float | None]:
    if display == HIDDEN_SMALL:
        return 0.0, 4.0
    if display == HIDDEN_LARGE:
        return 5.0, None
    return float(display), float(display)


@dataclass
class Attacker:
    index: dict[Hashable, int] = field(default_factory=dict)
    shown: list[str] = field(default_factory=list)
    equalities: list[dict[int, float]] = field(default_factory=list)
    inequalities: list[dict[int, float]] = field(default_factory=list)  # row · x <= 0

    def see(self, name: Hashable, display: str) -> int:
        """Read one published number; the same count must look the same wherever it is shown."""
        if name in self.index:
            position = self.index[name]
            assert self.shown[position] == display, (name, self.shown[position], display)
            return position
        self.index[name] = len(self.shown)
        self.shown.append(display)
        return self.index[name]

    def known(self, name: Hashable) -> bool:
        return name in self.index

    def adds_up(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        """total = sum(parts), for counts already seen."""
        row = {self.index[total]: -1.0}
        for part in parts:
            position = self.index[part]
            row[position] = row.get(position, 0.0) + 1.0
        self.equalities.append(row)

    def at_most(self, smaller: Hashable, larger: Hashable) -> None:
        self.inequalities.append({self.index[smaller]: 1.0, self.index[larger]: -1.0})

    def hidden(self) -> list[Hashable]:
        return [
            name for name, p in self.index.items() if self.shown[p] in (HIDDEN_SMALL, HIDDEN_LARGE)
        ]

    def _solve(self, objective: np.ndarray) -> np.ndarray | None:
        """The feasible point minimising `objective`, None when unbounded."""
        size = len(self.shown)
        result = linprog(
            objective,
            A_eq=_matrix(self.equalities, size),
            b_eq=np.zeros(len(self.equalities)),
            A_ub=_matrix(self.inequalities, size) if self.inequalities else None,
            b_ub=np.zeros(len(self.inequalities)) if self.inequalities else None,
            bounds=[bounds_of(display) for display in self.shown],
            method="highs",
        )
        assert result.status in (0, 3), result.message  # 3: unbounded
        return result.x if result.status == 0 else None

    def ranges(self, names: Iterable[Hashable]) -> dict[Hashable, tuple[float, float]]:
        """The smallest and largest value each named count can have, given everything shown."""
        found = {}
        for name in names:
            objective = np.zeros(len(self.shown))
            objective[self.index[name]] = 1.0
            lowest, highest = self._solve(objective), self._solve(-objective)
            found[name] = (
                lowest[self.index[name]] if lowest is not None else -np.inf,
                highest[self.index[name]] if highest is not None else np.inf,
            )
        return found

    def recovered(self, names: list[Hashable], tries: int = 12) -> list[Hashable]:
        """The named counts with only one possible value. Quicker than `ranges` for many names:
        feasible points for random objectives already show most counts can differ; only the
        rest get their exact smallest and largest value."""
        rng = np.random.default_rng(0)
        positions = [self.index[name] for name in names]
        points = []
        for _ in range(tries):
            objective = np.zeros(len(self.shown))
            objective[positions] = rng.choice([-1.0, 1.0], len(positions))
            point = self._solve(objective)
            if point is not None:
                points.append(point)
        undecided = [
            name
            for name in names
            if not points or np.ptp([p[self.index[name]] for p in points]) < 1e-6
        ]
        return [name for name, ends in self.ranges(undecided).items() if pinned(*ends)]


def _matrix(rows: list[dict[int, float]], size: int) -> np.ndarray:
    matrix = np.zeros((len(rows), size))
    for number, row in enumerate(rows):
        for position, coefficient in row.items():
            matrix[number, position] = coefficient
    return matrix


def pinned(low: float, high: float) -> bool:
    return high - low < 1e-6
