"""The dashboard's four lists ("needs attention") show the first few with how many there are in
all, and each one's link opens the case list filtered to all of them: scoped, logged and cheap."""

import re
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from forebyg.audit.models import AuditEvent
from forebyg.cases import selectors, workflow
from forebyg.cases.models import Case, CaseMeasure
from forebyg.cases.selectors import DASHBOARD_LIMIT, Attention
from forebyg.cases.tests.factories import CaseFactory, CaseMeasureFactory, PersonFactory
from forebyg.cases.tests.helpers import days

pytestmark = pytest.mark.django_db

Status = workflow.Status
HTMX = {"HX-Request": "true"}


def in_place(municipality, **case) -> Case:
    return CaseFactory.create(person=PersonFactory.create(municipality=municipality), **case)


def review(case: Case, in_days: int, **measure) -> CaseMeasure:
    found = CaseMeasureFactory.create(case=case, **measure)
    CaseMeasure.objects.filter(pk=found.pk).update(next_review=days(in_days))
    found.refresh_from_db()
    return found


@pytest.fixture
def attention(aarhus, randers) -> dict[str, set[int]]:
    """More of each kind than the dashboard shows, the near misses, and Randers' cases."""
    late = [
        in_place(aarhus, status=Status.RECEIVED, screening_due=days(-1 - i))
        for i in range(DASHBOARD_LIMIT + 2)
    ]
    acute = [
        in_place(aarhus, status=Status.ANALYSIS, acute=True) for _ in range(DASHBOARD_LIMIT + 1)
    ]
    followed = [in_place(aarhus, status=Status.FOLLOW_UP) for _ in range(DASHBOARD_LIMIT + 3)]
    for i, case in enumerate(followed):
        review(case, -1 - i)  # overdue
        review(case, i % 14)  # due within 14 days (today counts)
    twice = in_place(aarhus, status=Status.FOLLOW_UP)  # two overdue reviews: one case counted
    review(twice, -30)
    review(twice, -31)
    in_place(aarhus, status=Status.SCREENING, screening_due=days(0))  # due today: not late
    in_place(aarhus, status=Status.CLOSED, acute=True)  # closed: not an acute open case
    quiet = in_place(aarhus, status=Status.FOLLOW_UP)
    review(quiet, -5, status="completed")  # completed: no review due
    review(quiet, 15)  # beyond the 14 days
    review(in_place(aarhus, status=Status.CLOSED), -3)  # closed case
    in_place(randers, status=Status.RECEIVED, screening_due=days(-9))
    review(in_place(randers, status=Status.FOLLOW_UP, acute=True), -2)
    followed_ids = {case.pk for case in followed}
    return {
        Attention.SCREENING_OVERDUE: {case.pk for case in late},
        Attention.ACUTE: {case.pk for case in acute},
        Attention.REVIEW_OVERDUE: followed_ids | {twice.pk},
        Attention.REVIEW_SOON: followed_ids,
    }


def test_each_list_shows_the_first_few_and_counts_them_all(municipal_coordinator, attention):
    summary = selectors.dashboard_summary(municipal_coordinator)

    assert summary.totals == {
        Attention.SCREENING_OVERDUE: DASHBOARD_LIMIT + 2,
        Attention.ACUTE: DASHBOARD_LIMIT + 1,
        Attention.REVIEW_OVERDUE: DASHBOARD_LIMIT + 4,  # cases, not reviews (one has two)
        Attention.REVIEW_SOON: DASHBOARD_LIMIT + 3,
    }
    lists: list[list[Any]] = [
        summary.overdue_screenings,
        summary.acute_cases,
        summary.overdue_reviews,
        summary.upcoming_reviews,
    ]
    assert [len(shown) for shown in lists] == [DASHBOARD_LIMIT] * 4
    screening_due = [case.screening_due for case in summary.overdue_screenings]
    assert screening_due == sorted(screening_due)
    assert screening_due[0] == days(-DASHBOARD_LIMIT - 2)  # the most overdue first
    overdue = [m.next_review for m in summary.overdue_reviews if m.next_review is not None]
    assert overdue == sorted(overdue) and len(overdue) == DASHBOARD_LIMIT
    assert all(d < days(0) for d in overdue)
    upcoming = [m.next_review for m in summary.upcoming_reviews if m.next_review is not None]
    assert upcoming == sorted(upcoming) and upcoming[0] == days(0)


def test_a_list_that_is_empty_counts_nothing(municipal_coordinator, aarhus):
    in_place(aarhus, status=Status.ANALYSIS)

    summary = selectors.dashboard_summary(municipal_coordinator)

    assert set(summary.totals.values()) == {0}
    assert summary.overdue_screenings == summary.acute_cases == []
    assert summary.overdue_reviews == summary.upcoming_reviews == []


@pytest.mark.parametrize("wanted", list(Attention))
def test_each_filter_lists_exactly_the_cases_its_total_counts(
    municipal_coordinator, attention, wanted
):
    found = selectors.filtered_cases(municipal_coordinator, attention=wanted)

    assert {case.pk for case in found} == attention[wanted]


def test_an_unknown_attention_value_is_refused_by_the_selector(municipal_coordinator):
    with pytest.raises(ValidationError):
        list(selectors.filtered_cases(municipal_coordinator, attention="everything"))


def test_the_dashboard_links_each_list_to_all_its_cases(client, municipal_coordinator, attention):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(municipal_coordinator)

    html = client.get(reverse("cases:dashboard")).text

    for wanted, count in [
        (Attention.SCREENING_OVERDUE, DASHBOARD_LIMIT + 2),
        (Attention.ACUTE, DASHBOARD_LIMIT + 1),
        (Attention.REVIEW_OVERDUE, DASHBOARD_LIMIT + 4),
        (Attention.REVIEW_SOON, DASHBOARD_LIMIT + 3),
    ]:
        link = f'href="?attention={wanted.value}#case-results"'
        assert html.count(link) == 1, wanted
        after = html.split(link, 1)[1].split("</a>", 1)[0]
        assert f"Show all {count} cases" in after


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("wanted", list(Attention))
def test_a_lists_link_shows_all_its_cases_and_logs_them(
    client, municipal_coordinator, attention, wanted, headers
):
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:dashboard"), {"attention": wanted.value}, headers=headers)

    assert response.status_code == 200
    after = _last_listing()
    assert after["filters"] == {"attention": wanted.value}
    results = response.text.split('id="case-results"', 1)[1]
    shown = set(
        Case.objects.filter(reference__in=_references(results)).values_list("pk", flat=True)
    )
    assert shown == attention[wanted]  # fewer than a page: all of them, nobody else's
    assert shown <= set(after["cases"])


def test_another_municipality_s_coordinator_sees_none_of_them(client, other_coordinator, attention):
    client.force_login(other_coordinator)

    for wanted in Attention:
        found = selectors.filtered_cases(other_coordinator, attention=wanted)
        assert not {case.pk for case in found} & attention[wanted]


def test_a_bad_attention_value_is_ignored_not_a_500(client, municipal_coordinator, attention):
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:dashboard"), {"attention": "<script>"})

    assert response.status_code == 200
    assert "<script>" not in response.text.split('id="case-results"')[1]


def test_the_page_logs_the_cases_its_lists_show_too(client, municipal_coordinator, aarhus):
    old = in_place(aarhus, status=Status.RECEIVED, screening_due=days(-30))
    Case.objects.filter(pk=old.pk).update(opened_at=old.opened_at.replace(year=2020))
    newer = [in_place(aarhus, status=Status.ANALYSIS) for _ in range(26)]  # fill page one
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:dashboard"))

    assert old.reference in response.text
    listed = _last_listing()["cases"]
    assert old.pk in listed  # on the overdue list, not on the page
    assert len(listed) == len(set(listed)) == 26
    assert {case.pk for case in newer[1:]} <= set(listed)


def test_the_dashboard_with_full_lists_needs_few_queries(
    client, municipal_coordinator, attention, django_assert_max_num_queries
):
    client.force_login(municipal_coordinator)
    client.get(reverse("cases:dashboard"))  # warm the session and caches

    with django_assert_max_num_queries(15):
        client.get(reverse("cases:dashboard"))
    municipal_coordinator.active_memberships()  # the scope, read once per request
    with django_assert_max_num_queries(5):
        summary = selectors.dashboard_summary(municipal_coordinator)
        [(m.case.reference, str(m.measure_type), m.owner.name) for m in summary.overdue_reviews]
        [(c.reference, c.municipality.name) for c in summary.overdue_screenings]


def _last_listing() -> dict[str, Any]:
    after = AuditEvent.objects.filter(verb="case.listed").order_by("-sequence")[0].after
    assert isinstance(after, dict)
    return after


def _references(html: str) -> list[str]:
    return re.findall(r"FB-[A-Z0-9]{4}-[A-Z0-9]{4}", html)
