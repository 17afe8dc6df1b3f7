"""The suppression engine on its own: primary and secondary suppression of tables with totals,
checked against the independent attacker, also on random tables (hypothesis)."""

from collections.abc import Hashable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forebyg.stats.suppression import Cell, Group, Mark, cell, is_small, suppress
from forebyg.stats.tests.attacker import Attacker


def two_way(cells: list[list[int]]) -> tuple[dict[Hashable, int], list[Group]]:
    """A table with row totals, column totals and a grand total, as quantities and groups."""
    values: dict[Hashable, int] = {}
    groups = []
    rows, columns = len(cells), len(cells[0])
    for r in range(rows):
        for c in range(columns):
            values[(r, c)] = cells[r][c]
    for r in range(rows):
        values[("row", r)] = sum(cells[r])
        groups.append(Group(("row", r), tuple((r, c) for c in range(columns))))
    for c in range(columns):
        values[("column", c)] = sum(cells[r][c] for r in range(rows))
        groups.append(Group(("column", c), tuple((r, c) for r in range(rows))))
    values["total"] = sum(map(sum, cells))
    groups.append(Group("total", tuple(("row", r) for r in range(rows))))
    groups.append(Group("total", tuple(("column", c) for c in range(columns))))
    return values, groups


def recovered(values, groups, marks) -> list[Hashable]:
    """The hidden numbers ("<5" or "x") the attacker pins, reading only the displayed strings."""
    attacker = Attacker()
    for key, value in values.items():
        attacker.see(key, cell(value, marks, key).display)
    for group in groups:
        attacker.adds_up(group.total, group.parts)
    return attacker.recovered(attacker.hidden(), tries=2)


def test_counts_from_1_to_4_are_hidden_as_less_than_5():
    values, groups = two_way([[1, 20, 30], [4, 25, 40], [12, 16, 9]])

    marks = suppress(values, groups)

    assert marks[(0, 0)] == marks[(1, 0)] == Mark.PRIMARY
    assert cell(values[(0, 0)], marks, (0, 0)).display == "<5"
    assert (2, 2) not in marks  # 9 is shown


def test_a_lone_small_count_in_a_row_gets_a_second_cell_hidden():
    values, groups = two_way([[3, 20, 30], [10, 25, 40], [12, 16, 9]])

    marks = suppress(values, groups)

    assert sum(1 for c in range(3) if (0, c) in marks) >= 2
    assert sum(1 for r in range(3) if (r, 0) in marks) >= 2
    assert recovered(values, groups, marks) == []


def test_a_count_of_5_or_more_hidden_to_protect_another_is_shown_as_x_not_less_than_5():
    values, groups = two_way([[3, 20], [10, 25]])

    marks = suppress(values, groups)

    secondary = [key for key, mark in marks.items() if mark == Mark.SECONDARY]
    assert secondary
    assert all(values[key] >= 5 for key in secondary)
    assert {cell(values[key], marks, key).display for key in secondary} == {"x"}


def test_zeros_are_shown_where_no_small_count_is_near():
    values, groups = two_way([[0, 20, 30], [10, 25, 40], [12, 16, 9]])

    assert suppress(values, groups) == {}


def test_the_zeros_of_a_small_total_are_hidden_so_its_parts_cannot_be_counted():
    # Q = 4 split into 1 + 1 + 1 + 1 + 0: with the zero shown, four "<5" parts of a "<5"
    # total would still look like a different table from 4 + 0 + 0 + 0 + 0.
    values, groups = two_way([[1, 1, 1, 1, 0], [9, 8, 7, 6, 2], [9, 8, 7, 6, 9]])

    marks = suppress(values, groups)

    assert (0, 4) in marks
    assert recovered(values, groups, marks) == []


def test_a_hidden_zero_that_can_be_worked_out_anyway_is_shown():
    # The last column's total is shown, so its zero would be found however it is marked.
    values, groups = two_way([[1, 1, 1, 1, 0], [9, 8, 7, 6, 5]])

    marks = suppress(values, groups)

    assert (0, 4) not in marks
    assert recovered(values, groups, marks) == []


def test_a_hidden_cell_bridging_two_cycles_is_protected_by_the_audit():
    cells = [
        [1, 2, 30, 30],
        [2, 1, 30, 30],
        [30, 3, 2, 30],
        [30, 30, 1, 3],
    ]
    values, groups = two_way(cells)

    assert recovered(values, groups, suppress(values, groups)) == []


def test_the_same_data_always_gives_the_same_pattern():
    values, groups = two_way([[3, 20, 1], [10, 2, 40], [12, 16, 4]])

    assert suppress(values, groups) == suppress(dict(reversed(values.items())), groups[::-1])


def test_a_cell_knows_how_to_show_itself():
    assert Cell(12).display == "12" and not Cell(12).suppressed
    assert Cell(None, Mark.PRIMARY).display == "<5" and Cell(None, Mark.PRIMARY).suppressed
    assert Cell(None, Mark.SECONDARY).display == "x"
    assert Cell(0).display == "0"


small_counts = st.integers(min_value=0, max_value=40).map(lambda n: n if n < 12 else n * 3)
tables = st.integers(min_value=2, max_value=5).flatmap(
    lambda rows: st.integers(min_value=2, max_value=5).flatmap(
        lambda columns: st.lists(
            st.lists(small_counts, min_size=columns, max_size=columns),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_random_table_gives_away_a_hidden_number(cells):
    values, groups = two_way(cells)

    marks = suppress(values, groups)

    assert all(key in marks for key, value in values.items() if is_small(value))
    assert all(values[key] >= 5 for key, mark in marks.items() if mark == Mark.SECONDARY)
    assert recovered(values, groups, marks) == []


def crossed_hierarchy(counts: list[int]) -> tuple[dict[Hashable, int], list[Group]]:
    """Municipalities adding up both to police districts and to regions that do not nest (like
    Sydøstjyllands Politi across two regions), and everything to one national total."""
    values: dict[Hashable, int] = {("m", i): n for i, n in enumerate(counts)}
    groups = []
    for level, parent_of in (("d", lambda i: i % 3), ("r", lambda i: (i // 2) % 2)):
        parents: dict[int, list[Hashable]] = {}
        for i in range(len(counts)):
            parents.setdefault(parent_of(i), []).append(("m", i))
        for parent, parts in parents.items():
            values[(level, parent)] = sum(values[part] for part in parts)
            groups.append(Group((level, parent), tuple(parts)))
        groups.append(Group("total", tuple((level, parent) for parent in parents)))
    values["total"] = sum(counts)
    groups.append(Group("total", tuple(("m", i) for i in range(len(counts)))))
    return values, groups


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(small_counts, min_size=4, max_size=12))
def test_no_crossed_hierarchy_gives_away_a_hidden_number(counts):
    values, groups = crossed_hierarchy(counts)

    marks = suppress(values, groups)

    assert all(key in marks for key, value in values.items() if is_small(value))
    assert recovered(values, groups, marks) == []
