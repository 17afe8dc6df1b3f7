# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Demo data only (forebyg/retention/demo.py, run by `manage.py load_demo`): three Aarhus cases
closed at screening, two of them long enough ago that their retention has run out, so that
`purge_expired --dry-run` has something to report. They go through the case services like any
case; only their dates are then moved back, which nothing but this demo ever does."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.cases import services as case_services
from forebyg.cases.models import Case, Concern, CustodyInformed, Source, StatusChange
from forebyg.cases.workflow import Status


@dataclass(frozen=True)
class DemoCase:
    key: str
    name: str
    birth_date: datetime.date
    outcome: str
    closed_days_ago: int
    description: str
    child: bool = False


DEMO_CASES = (
    DemoCase(
        "demo-retention-1",
        "Demo Person Ældre Afvist",
        datetime.date(2008, 3, 14),
        Status.UNFOUNDED,
        700,
        "Demo: bekymring om opslag på sociale medier; vurderet ubegrundet.",
    ),
    DemoCase(
        "demo-retention-2",
        "Demo Person Henvist",
        datetime.date(2006, 9, 2),
        Status.SIGNPOSTED,
        1100,
        "Demo: skolen oplevede ændret adfærd; henvist til skolens almindelige indsats.",
    ),
    DemoCase(
        "demo-retention-3",
        "Demo Person Nylig Afvist",
        datetime.date(2011, 11, 30),
        Status.UNFOUNDED,
        60,
        "Demo: bekymring fra klub; vurderet ubegrundet for nylig.",
        child=True,
    ),
)
KEYS = [d.key for d in DEMO_CASES]


def demo_done() -> bool:
    """True when every demo case exists (one query: a rerun of load_demo stops here)."""
    return Concern.objects.filter(idempotency_key__in=KEYS).count() == len(KEYS)


def _backdate(case: Case, closed: datetime.datetime) -> None:
    opened = closed - datetime.timedelta(days=7)
    Case.objects.filter(pk=case.pk).update(
        opened_at=opened, screening_due=opened.date(), screened_at=closed, closed_at=closed
    )
    Concern.objects.filter(case=case).update(received_at=opened)
    StatusChange.objects.filter(case=case).update(at=closed)


@transaction.atomic
def create_demo_case(
    demo: DemoCase, *, coordinator: User, police: User, aarhus: Organisation
) -> str:
    """Receive, screen and close one demo case, then move its dates back; "" if it exists."""
    if Concern.objects.filter(idempotency_key=demo.key).exists():
        return ""
    concern = case_services.receive_concern(
        by=coordinator,
        source=Source.COORDINATOR,
        idempotency_key=demo.key,
        person_name=demo.name,
        municipality=aarhus,
        description=demo.description,
        birth_date=demo.birth_date,
        custody_informed=CustodyInformed.YES if demo.child else CustodyInformed.NOT_RELEVANT,
    )
    case = case_services.change_status(
        concern.case, to=Status.SCREENING, by=coordinator, expected_version=concern.case.version
    )
    case = case_services.record_screening(
        case, outcome=demo.outcome, by=police, expected_version=case.version
    )
    _backdate(case, timezone.now() - datetime.timedelta(days=demo.closed_days_ago))
    return case.reference
