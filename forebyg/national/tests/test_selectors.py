"""The tracker's reads: a fixed number of queries however many initiatives and updates, the
counts per status and focus area, and export cells a spreadsheet will not run."""

import datetime

import pytest

from forebyg.national import selectors
from forebyg.national.models import FocusArea, Initiative, InitiativeStatus
from forebyg.national.tests.factories import InitiativeFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_updates(area):
    """Five initiatives with three updates each, and one without any."""
    for index in range(5):
        initiative = InitiativeFactory.create(focus_area=area)
        for year, status in ((2017, "not_started"), (2019, "in_progress"), (2021, "implemented")):
            StatusUpdateFactory.create(
                initiative=initiative, date=datetime.date(year, 1, 1 + index), status=status
            )
    return InitiativeFactory.create(focus_area=area)


def test_focus_areas_with_initiatives_takes_two_queries(
    django_assert_num_queries, many_updates, area
):
    with django_assert_num_queries(2):
        areas = selectors.focus_areas_with_initiatives()
        statuses = [
            selectors.current_status(i) for a in areas for i in a.initiatives.all() if a == area
        ]
        responsible = [str(i.responsible) for a in areas for i in a.initiatives.all()]

    assert [a.number for a in areas] == list(range(1, 10))
    assert statuses.count(InitiativeStatus.IMPLEMENTED) == 5
    assert statuses.count(None) == 1
    assert responsible


def test_initiative_with_history_takes_two_queries(django_assert_num_queries, area):
    initiative = InitiativeFactory.create(focus_area=area)
    for day in range(1, 6):
        StatusUpdateFactory.create(initiative=initiative, date=datetime.date(2020, 1, day))

    with django_assert_num_queries(2):
        found = selectors.initiative_with_history(initiative.pk)
        assert found is not None
        names = [str(u.recorded_by) for u in selectors.history(found)]
        area_title = str(found.focus_area)

    assert len(names) == 5
    assert area_title


def test_an_unknown_initiative_is_none():
    assert selectors.initiative_with_history(10**9) is None
    assert selectors.focus_area(99) is None


def test_unnumbered_initiatives_come_last_in_their_focus_area(area):
    unnumbered = InitiativeFactory.create(focus_area=area)
    numbered = InitiativeFactory.create(focus_area=area, number=41)

    order = [i.pk for i in selectors.initiatives().filter(focus_area=area)]

    assert order.index(numbered.pk) < order.index(unnumbered.pk)


def test_status_counts_count_each_current_status_per_focus_area(many_updates, area):
    areas = selectors.focus_areas_with_initiatives()

    rows, total = selectors.status_counts(areas)

    row = next(r for r in rows if r.focus_area == area)
    loaded = Initiative.objects.filter(focus_area=area).count() - 6
    assert row.counts[InitiativeStatus.IMPLEMENTED] == 5
    assert row.counts[selectors.NO_STATUS] == 1 + loaded
    assert row.total == Initiative.objects.filter(focus_area=area).count()
    assert total.total == Initiative.objects.count()
    assert len(row.ordered()) == len(selectors.status_columns()) == 5
    assert sum(r.total for r in rows) == total.total
    assert FocusArea.objects.count() == len(rows) == 9


def test_export_rows_take_two_queries_and_carry_the_current_status(
    django_assert_num_queries, many_updates
):
    with django_assert_num_queries(2):
        rows = list(selectors.export_rows())

    assert len(rows) == Initiative.objects.count() + 1
    assert len({len(row) for row in rows}) == 1
    implemented = [row for row in rows[1:] if row[6] == "2021-01-01"]
    assert len(implemented) == 1


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+45 1234", "'+45 1234"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Plain", "Plain"),
        (None, ""),
        (7, "7"),
    ],
)
def test_formula_like_cells_are_neutralised(value, cell):
    assert selectors.neutralise(value) == cell


def test_a_formula_in_a_title_is_exported_as_text(area):
    InitiativeFactory.create(focus_area=area, title_da="=1+1", title_en="@cmd")

    rows = list(selectors.export_rows())

    row = next(r for r in rows if r[2] == "'=1+1")
    assert row[3] == "'@cmd"


def test_free_numbers_are_the_plan_numbers_no_initiative_holds(area):
    before = selectors.free_numbers()
    InitiativeFactory.create(focus_area=area, number=before[0])

    after = selectors.free_numbers()

    assert after == before[1:]
    assert set(after).isdisjoint(
        Initiative.objects.exclude(number=None).values_list("number", flat=True)
    )
