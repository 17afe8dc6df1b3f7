"""The benchmarked operations, each a real request through Django's handler as a synthetic
persona of København (the largest caseload): the coordinator's dashboard, a filtered case list
(page 2, htmx), a case page, a person search by CPR number (the search POST and the results page),
the national statistics as the national analyst (with small-cell suppression; served from the
stored publication, and once cold as `statistics_build`), the plan PDF as
the plan owner, a concern intake POST; and the audit chain verification against plain SHA-256."""

import io
import itertools
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forebyg.cases.models import Case, Person
from forebyg.cases.workflow import Status
from forebyg.plans.models import PlanVersion
from forebyg.synthetic.context import municipality_username

CITY = "101"  # København
SAMPLE = 50  # cases and people the page and search operations rotate through


class Persona:
    """A logged-in session (MFA confirmed, as after a real login); requests go to the handler."""

    def __init__(self, username: str) -> None:
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        _confirm_second_factor(client, user)
        self.cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        self.factory = RequestFactory(SERVER_NAME="127.0.0.1")  # in ALLOWED_HOSTS
        self.handler = WSGIHandler()

    def send(
        self, method: str, path: str, data: dict[str, Any] | None = None, **headers: str
    ) -> HttpResponse:
        request = getattr(self.factory, method)(
            path, data or {}, HTTP_COOKIE=self.cookie, **headers
        )
        request._dont_enforce_csrf_checks = True  # as the test client: a benchmark has no form page
        response = self.handler.get_response(request)
        if response.status_code >= 400:
            raise RuntimeError(f"{method.upper()} {path}: {response.status_code}")
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        return response


def _confirm_second_factor(client: Client, user: Any) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def _select(sql: str) -> str | None:
    """The SELECT of a captured statement (also inside PostgreSQL's server-side cursors)."""
    text = sql.lstrip()
    if text.upper().startswith("DECLARE") and " FOR " in text:
        text = text.split(" FOR ", 1)[1]  # DECLARE name NO SCROLL CURSOR WITH HOLD FOR SELECT ...
    return text if text.upper().startswith(("SELECT", "WITH")) else None


def floor_of(request: Callable[[], object]) -> Callable[[], float]:
    """The raw SELECTs one request runs, timed again with a plain cursor (milliseconds)."""
    with CaptureQueriesContext(connection) as captured:
        request()
    selects = [sql for q in captured.captured_queries if (sql := _select(q["sql"]))]

    def floor() -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in selects:
                cursor.execute(sql)  # no parameters: the captured text has them inlined
                cursor.fetchall()
        return (time.perf_counter() - started) * 1000

    return floor


def _cases(statuses: list[str]) -> list[int]:
    found = Case.objects.filter(municipality__code=CITY, status__in=statuses).order_by("pk")
    return list(found.values_list("pk", flat=True)[:SAMPLE])


def _cprs() -> list[str]:
    people = Person.objects.filter(municipality__code=CITY).exclude(cpr_index="").order_by("pk")
    return [f"{p.cpr[:6]}-{p.cpr[6:]}" for p in people[:SAMPLE]]


def _pages(coordinator: Persona, analyst: Persona) -> dict[str, Callable[[], object]]:
    cases = itertools.cycle(_cases([Status.FOLLOW_UP, Status.ASSESSMENT, Status.CLOSED]))
    cprs = itertools.cycle(_cprs())
    search = reverse("cases:person_search")
    _publish_statistics()

    def person_search() -> None:
        found = coordinator.send("post", search, {"cpr": next(cprs), "purpose": "Benchmark"})
        if found.status_code != 302:  # a form with errors searched nothing
            raise RuntimeError(f"person search answered {found.status_code}, not a redirect")
        coordinator.send("get", search)

    return {
        "dashboard": lambda: coordinator.send("get", reverse("cases:dashboard")),
        "case_list": lambda: coordinator.send(
            "get",
            reverse("cases:dashboard"),
            {"status": Status.CLOSED, "page": "2"},
            HTTP_HX_REQUEST="true",
        ),
        "case_detail": lambda: coordinator.send("get", reverse("cases:detail", args=[next(cases)])),
        "person_search": person_search,
        # As served: from the stored publication the nightly publish_statistics built.
        "statistics": lambda: analyst.send("get", reverse("stats:scope", args=["national"])),
    }


def _publish_statistics() -> None:
    """The nightly job, before anyone reads: the statistics page is timed as served."""
    from django.core.management import call_command

    call_command("publish_statistics", stdout=io.StringIO())  # this process's stdout is the JSON


def _statistics_build(analyst: Persona) -> Callable[[], object]:
    """The national statistics page for the first reader after its publication went stale: the
    cold build (extract, counting, suppression) and the store write that the nightly job saves
    readers from."""
    from django.db.models import F
    from django.utils import timezone

    from forebyg.stats import periods, store
    from forebyg.stats.models import StoredPublication

    shown = periods.year_quarters(timezone.localdate().year - 1)  # the page's default year
    stored = StoredPublication.objects.filter(
        scope_key="national", period_key=store.period_key(shown)
    )
    aged = store.max_age() * 2

    def cold() -> None:
        stored.update(built_at=F("built_at") - aged)
        analyst.send("get", reverse("stats:scope", args=["national"]))

    return cold


def _plan_pdf() -> Callable[[], object]:
    owner = Persona(municipality_username("planejer", CITY))
    version = PlanVersion.objects.filter(plan__municipality__code=CITY).order_by("-number").first()
    if version is None:
        raise RuntimeError("no plan for København")
    return lambda: owner.send("get", reverse("plans:version_pdf", args=[version.pk]))


def _intake(coordinator: Persona) -> Callable[[], object]:
    from forebyg.actors.models import Organisation

    city = Organisation.objects.get(kind="municipality", code=CITY)
    serials = itertools.count(1000)

    def post() -> None:
        response = coordinator.send(
            "post",
            reverse("concerns:report"),
            {
                "idempotency_key": uuid.uuid4().hex,
                "source": "coordinator",
                "person_name": "Bench Person (syntetisk)",
                "cpr": f"010180-{next(serials) % 10000:04d}",
                "municipality": city.pk,
                "description": "Benchmark concern (syntetisk).",
                "custody_informed": "not_relevant",
                "reporter_contact": "",
            },
        )
        if response.status_code != 302:
            raise RuntimeError(f"intake answered {response.status_code}, not a redirect")

    return post


def audit_verify(iterations: int) -> dict[str, list[float]]:
    """Verification time and plain SHA-256 time over the same canonical bytes, in milliseconds
    per million events, from forebyg.audit.verify.benchmark() (the auditor's helper)."""
    from forebyg.audit import verify

    verified, plain = [], []
    for _ in range(max(1, iterations)):
        found = verify.benchmark()
        events = max(1, int(found["events"]))
        verified.append(float(found["seconds"]) / events * 1e9)
        plain.append(float(found["sha256_seconds"]) / events * 1e9)
    return {"verify_ms": verified, "sha256_ms": plain}


def run_all(iterations: int, measure: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    coordinator = Persona(municipality_username("tovholder", CITY))
    analyst = Persona("syn-analytiker")
    rows = []
    build = _statistics_build(analyst)
    rows.append(measure("statistics_build", build, max(2, iterations // 15), floor_of(build)))
    for name, once in _pages(coordinator, analyst).items():
        rows.append(measure(name, once, iterations, floor_of(once)))
    pdf = _plan_pdf()
    rows.append(measure("plan_pdf", pdf, max(3, iterations // 6), floor_of(pdf)))
    rows.append(_audit_row(max(3, iterations // 10)))
    intake = _intake(coordinator)
    rows.append(measure("intake", intake, iterations, floor_of(intake)))
    return rows


def _audit_row(iterations: int) -> dict[str, Any]:
    import statistics

    found = audit_verify(iterations)
    times, plain = found["verify_ms"], found["sha256_ms"]
    median, base = statistics.median(times), statistics.median(plain)
    return {
        "operation": "audit_verify",
        "median_ms": round(median, 3),
        "p95_ms": round(max(times), 3),
        "floor_ms": round(base, 3),
        "ratio": round(base / median, 3) if median else 0.0,
    }
