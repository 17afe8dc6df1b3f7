"""Demo data of this app for `manage.py load_demo` (idempotent): one Aarhus person whose case went
through the ordinary services, with the look-ups that handling honestly logs (the police screening,
a coordinator's case view and CPR search, the police's view of the timeline), and an access request
for that person registered by the demo DPO. Its report lists those look-ups with dates and
purposes. The demo CPR number is made up (born 21 March 2009)."""

import datetime

from django.db import transaction
from django.utils import timezone

from forebyg.access_requests import services
from forebyg.access_requests.models import AccessRequest
from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.cases import services as case_services
from forebyg.cases.models import Case, CustodyInformed, Source
from forebyg.cases.workflow import Status

DEMO_CPR = "210309-4118"
REQUEST_KEY = "demo-access-request-1"
CONCERN_KEY = "demo-access-concern-1"
USERS = {
    "reporter": "laerer",
    "coordinator": "tovholder-aarhus",
    "police": "politi-oestjylland",
    "dpo": "dpo-aarhus",
}


@transaction.atomic
def load() -> list[str]:
    """Create what is missing; return one line per thing created, for the command's output."""
    if AccessRequest.objects.filter(idempotency_key=REQUEST_KEY).exists():
        return []
    aarhus = Organisation.objects.filter(key="aarhus-kommune").first()
    found = {u.username: u for u in User.objects.filter(username__in=USERS.values())}
    if aarhus is None or len(found) < len(USERS):
        return []
    users = {role: found[username] for role, username in USERS.items()}
    case = _handled_case(users, aarhus)
    _look_ups(users, case)
    request = services.register_request(
        by=users["dpo"],
        organisation=aarhus,
        cpr=DEMO_CPR,
        received_on=timezone.localdate() - datetime.timedelta(days=5),
        identity_check="mitid",
        idempotency_key=REQUEST_KEY,
    )
    return [f"Access requests: demo request no. {request.pk} for the person of case {case}."]


def _handled_case(users: dict[str, User], aarhus: Organisation) -> Case:
    """A concern from the demo school, sent to screening and on to the infohus by the police."""
    concern = case_services.receive_concern(
        by=users["reporter"],
        source=Source.PROFESSIONAL,
        idempotency_key=CONCERN_KEY,
        person_name="Demo Person Indsigt",
        municipality=aarhus,
        description="Demo: eleven deler ekstremistiske videoer i klassens chatgruppe.",
        cpr=DEMO_CPR,
        custody_informed=CustodyInformed.YES,
    )
    case = case_services.change_status(
        concern.case,
        to=Status.SCREENING,
        by=users["coordinator"],
        expected_version=concern.case.version,
    )
    return case_services.record_screening(
        case,
        outcome=Status.INFORMATION_GATHERING,
        by=users["police"],
        expected_version=case.version,
    )


def _look_ups(users: dict[str, User], case: Case) -> None:
    """What the coordinators' handling logs: each read with its purpose."""
    case_services.search_persons(
        by=users["coordinator"], purpose="Tjek af tidligere henvendelser (demo)", cpr=DEMO_CPR
    )
    case_services.record_case_view(
        case, by=users["coordinator"], purpose="Forberedelse af infohusmøde (demo)"
    )
    case_services.record_person_view(
        case.person, by=users["police"], purpose="Politiets screening (demo)"
    )
