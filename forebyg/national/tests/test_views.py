"""The tracker's pages end to end: public reading and exports, the analysts' forms (bad input
changes nothing), and 404 on the write routes for everyone else."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from openpyxl import load_workbook

from forebyg.audit.models import AuditEvent
from forebyg.national.models import Initiative, StatusUpdate
from forebyg.national.tests.factories import InitiativeFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db

NOT_ANALYSTS = [
    "professional",
    "municipal_coordinator",
    "police_coordinator",
    "partner",
    "hotline_operator",
    "plan_owner",
    "dpo",
    "administrator",
]


def danish(message: str, **values: object) -> str:
    """A message as the Danish page shows it, whether or not it is translated yet."""
    with translation.override("da"):
        text = str(translation.gettext(message))
    return escape(text % values if values else text)


def _write_routes(initiative: Initiative) -> list[str]:
    return [
        reverse("national:initiative_new"),
        reverse("national:initiative_edit", args=[initiative.pk]),
        reverse("national:status_new", args=[initiative.pk]),
    ]


def test_the_public_reads_the_index_focus_areas_and_initiatives(client, initiative):
    StatusUpdateFactory.create(initiative=initiative, status="implemented", note="Done and dusted")

    index = client.get(reverse("national:index"))
    area = client.get(reverse("national:focus_area", args=[9]))
    page = client.get(reverse("national:initiative", args=[initiative.pk]))

    assert index.status_code == area.status_code == page.status_code == 200
    assert reverse("national:focus_area", args=[1]) in index.text
    assert reverse("national:initiative", args=[initiative.pk]) in area.text
    assert "Done and dusted" in page.text
    assert reverse("national:initiative_new") not in index.text
    assert reverse("national:status_new", args=[initiative.pk]) not in page.text


def test_the_index_takes_a_few_queries_however_many_updates(
    client, django_assert_max_num_queries, area
):
    for _ in range(10):
        StatusUpdateFactory.create(initiative=InitiativeFactory.create(focus_area=area))

    with django_assert_max_num_queries(4):
        response = client.get(reverse("national:index"))

    assert response.status_code == 200


def test_a_focus_area_page_takes_a_few_queries(client, django_assert_max_num_queries, area):
    for _ in range(10):
        StatusUpdateFactory.create(initiative=InitiativeFactory.create(focus_area=area))

    with django_assert_max_num_queries(4):
        response = client.get(reverse("national:focus_area", args=[9]))

    assert response.status_code == 200


def test_unknown_focus_areas_and_initiatives_are_404(client):
    assert client.get(reverse("national:focus_area", args=[10])).status_code == 404
    assert client.get(reverse("national:initiative", args=[10**9])).status_code == 404


def test_the_recorder_of_an_update_is_shown_to_analysts_only(client, analyst, initiative):
    StatusUpdateFactory.create(initiative=initiative, recorded_by=analyst)

    public = client.get(reverse("national:initiative", args=[initiative.pk]))
    client.force_login(analyst)
    internal = client.get(reverse("national:initiative", args=[initiative.pk]))

    assert analyst.get_full_name() not in public.text
    assert escape(analyst.get_full_name()) in internal.text


@pytest.mark.parametrize("persona", NOT_ANALYSTS)
def test_the_write_routes_do_not_exist_for_anyone_but_analysts(
    client, request, initiative, persona
):
    client.force_login(request.getfixturevalue(persona))

    for url in _write_routes(initiative):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title_da": "x", "note": "x"}).status_code == 404, url
    assert not AuditEvent.objects.filter(verb__startswith="national_initiative").exists()


def test_anonymous_visitors_are_sent_to_login_from_the_write_routes(client, initiative):
    for url in _write_routes(initiative):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_analyst_sees_the_write_links_and_forms(client, analyst, initiative):
    client.force_login(analyst)

    assert reverse("national:initiative_new") in client.get(reverse("national:index")).text
    for url in _write_routes(initiative):
        assert client.get(url).status_code == 200, url


def test_an_analyst_adds_an_initiative(client, analyst, area, ministry, free_number):
    client.force_login(analyst)

    response = client.post(
        reverse("national:initiative_new"),
        {
            "focus_area": area.pk,
            "number": free_number,
            "title_da": "Nyt initiativ",
            "responsible": ministry.pk,
        },
    )

    created = Initiative.objects.get(title_da="Nyt initiativ")
    assert response["Location"] == reverse("national:initiative", args=[created.pk])
    assert (created.number, created.responsible) == (free_number, ministry)
    assert AuditEvent.objects.filter(verb="national_initiative.created").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title_da": ""}, "Give the Danish title."),
        ({"number": "42"}, "The plan numbers its initiatives from %(first)d to %(last)d."),
        ({"number": "tre"}, "Write the number as a whole number from 1 to 41."),
        ({"focus_area": ""}, "Choose the focus area."),
    ],
)
def test_bad_initiative_input_is_explained_and_changes_nothing(
    client, analyst, area, data, message
):
    client.force_login(analyst)
    before = Initiative.objects.count()

    response = client.post(
        reverse("national:initiative_new"), {"focus_area": area.pk, "title_da": "Gyldig", **data}
    )

    assert response.status_code == 200
    values = {"first": 1, "last": 41} if "%(first)d" in message else {}
    assert danish(message, **values) in response.text
    assert Initiative.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_a_taken_number_is_refused_on_the_edit_page_and_the_input_kept(client, analyst, initiative):
    holder = Initiative.objects.exclude(number=None).first()
    assert holder is not None
    title = initiative.title_da
    client.force_login(analyst)

    response = client.post(
        reverse("national:initiative_edit", args=[initiative.pk]),
        {"focus_area": initiative.focus_area_id, "number": holder.number, "title_da": "Ændret"},
    )

    assert response.status_code == 200
    assert 'value="Ændret"' in response.text
    initiative.refresh_from_db()
    assert (initiative.number, initiative.title_da) == (None, title)


def test_an_analyst_records_a_status(client, analyst, initiative):
    client.force_login(analyst)

    response = client.post(
        reverse("national:status_new", args=[initiative.pk]),
        {"status": "implemented", "date": "2019-05-01", "note": "Vedtaget", "source": "ft.dk"},
    )

    assert response["Location"] == reverse("national:initiative", args=[initiative.pk])
    update = StatusUpdate.objects.get(initiative=initiative)
    assert (update.status, update.date, update.recorded_by) == (
        "implemented",
        datetime.date(2019, 5, 1),
        analyst,
    )
    page = client.get(response["Location"])
    assert "Vedtaget" in page.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "future"}, "The status date cannot be in the future."),
        ({"date": "2019-02-30"}, "Give a real date, e.g. 2024-03-01."),
        ({"note": ""}, "Write what happened: the note is required."),
        ({"status": ""}, "Choose the status."),
    ],
)
def test_a_bad_status_is_explained_and_nothing_is_stored(
    client, analyst, initiative, data, message
):
    if data.get("date") == "future":
        data = {"date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}
    client.force_login(analyst)

    response = client.post(
        reverse("national:status_new", args=[initiative.pk]),
        {"status": "in_progress", "date": "2020-01-01", "note": "Min note", **data},
    )

    assert response.status_code == 200
    assert danish(message) in response.text
    assert not StatusUpdate.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_double_submitted_status_is_stored_once(client, analyst, initiative):
    client.force_login(analyst)
    data = {"status": "in_progress", "date": "2020-01-01", "note": "Samme note"}
    url = reverse("national:status_new", args=[initiative.pk])

    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == 302
    assert second.status_code == 200
    assert danish("This status update is recorded already.") in second.text
    assert StatusUpdate.objects.count() == 1


def test_the_csv_export_lists_every_initiative_with_its_current_status(client, initiative):
    StatusUpdateFactory.create(
        initiative=initiative, status="discontinued", date=datetime.date(2022, 2, 2)
    )
    InitiativeFactory.create(title_da="=cmd|' /C calc'!A0")

    response = client.get(reverse("national:export_csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Danish letters
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    rows = rows[rows.index([]) + 1 :]  # after the stamp (test_exports.py)
    assert len(rows) == Initiative.objects.count() + 1
    row = next(r for r in rows if r[2] == initiative.title_da)
    assert row[6] == "2022-02-02"
    assert any(r[2] == "'=cmd|' /C calc'!A0" for r in rows)


def test_the_xlsx_export_holds_the_same_rows_as_text(client, initiative):
    InitiativeFactory.create(title_da="=1+1", title_en="Kontrol\x07tegn")

    response = client.get(reverse("national:export_xlsx"))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == Initiative.objects.count() + 1
    formula = next(r for r in rows if r[2] == "'=1+1")
    assert formula[3] == "Kontroltegn"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_analyst_numbers_and_corrects_an_initiative(client, analyst, initiative, free_number):
    client.force_login(analyst)
    url = reverse("national:initiative_edit", args=[initiative.pk])

    form = client.get(url)
    response = client.post(
        url,
        {
            "focus_area": initiative.focus_area_id,
            "number": free_number,
            "title_da": initiative.title_da,
            "title_en": "Corrected title",
        },
    )

    assert f'value="{initiative.title_da}"' in form.text
    assert response["Location"] == reverse("national:initiative", args=[initiative.pk])
    initiative.refresh_from_db()
    assert (initiative.number, initiative.title_en) == (free_number, "Corrected title")
    event = AuditEvent.objects.get(verb="national_initiative.updated")
    assert set(event.after or {}) == {"number", "title_en"}
