"""Demo data of this app for `manage.py load_demo` (idempotent): beredskaber in every state across
six municipalities, so the plan pages, the coverage check and the national overview have
something to show. Dates are relative to today, so the revision warnings stay true.

- Aarhus: published, with text, roles matrix, initiatives on all three levels (one indicator
  bound to a figure) and two action cards; written by the demo plan owner through the services.
- Randers adopted, not published; Odense in consultation; København a draft.
- Aalborg adopted in 2021 (revision overdue); Vejle adopted so that its revision is due soon.
The other municipalities are written by a demo loader account that cannot log in."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.plans.models import (
    ActionPlan,
    Audience,
    ContactKind,
    Figure,
    Pillar,
    PlanVersion,
    add_years,
)
from forebyg.plans.services import content, versions
from forebyg.prevention.models import PreventionLevel, WarningSign

PLAN_OWNER = "planejer"  # the demo persona of Aarhus (accounts.demo)
LOADER = "demo-indlaesning"
AARHUS, RANDERS, ODENSE, KOEBENHAVN, AALBORG, VEJLE = "751", "730", "461", "101", "851", "630"

SECTION_TEXT = {
    "formaal": (
        "<p>{name} vil <strong>forebygge ekstremisme og radikalisering</strong> blandt børn og "
        "unge, så bekymringer opdages tidligt og håndteres ens i hele kommunen.</p>"
        "<ul><li>Alle medarbejdere ved, hvem de skal kontakte.</li>"
        "<li>Bekymringer screenes sammen med politiet inden for fristen.</li></ul>"
    ),
    "generel-forebyggelse": (
        "<p>Den generelle forebyggelse sker i skoler, dagtilbud og klubber gennem "
        "<em>demokratisk dannelse</em> og inkluderende fællesskaber.</p>"
    ),
    "systematisk-sagsgang": (
        "<p>En bekymring sendes til kommunens tovholder, som screener den sammen med "
        "Østjyllands Politi i infohus kommune.</p>"
        "<ol><li>Modtag bekymringen.</li><li>Screen den.</li><li>Vælg indsats.</li></ol>"
    ),
    "akutte-situationer": (
        "<p>Ved akut fare ringes <strong>112</strong>. Derefter orienteres tovholderen.</p>"
    ),
}
DEFAULT_TEXT = "<p>{name}s tekst til afsnittet „{heading}“ (demo).</p>"


def _demo_text(key: str, heading: str, name: str) -> str:
    return SECTION_TEXT.get(key, DEFAULT_TEXT).format(name=name, heading=heading)


def _loader() -> User:
    user, created = User.objects.get_or_create(username=LOADER, defaults={"is_active": False})
    if created:
        user.set_unusable_password()  # it only signs the demo data's audit events
        user.save(update_fields=["password"])
    return user


def _fill_sections(version: PlanVersion, *, by: User) -> None:
    name = version.plan.municipality.name_da
    for section in version.sections.all():
        versions.update_section(
            section, body=_demo_text(section.key, section.heading, name), revision=None, by=by
        )


def _matrix(version: PlanVersion, *, by: User) -> None:
    tasks = list(version.tasks.order_by("order"))
    actors = [
        (Organisation.objects.get(kind=OrganisationKind.MUNICIPALITY, code=AARHUS), "R"),
        (Organisation.objects.get(key="oestjyllands-politi"), "C"),
        (Organisation.objects.get(key="infohus-oestjyllands-politi"), "I"),
    ]
    for actor, letter in actors:
        content.add_actor(version, actor=actor, task=tasks[0], responsibility=letter, by=by)
    cells = {(task.pk, actors[0][0].pk): "A" for task in tasks[1:]}
    cells[(tasks[1].pk, actors[1][0].pk)] = "R"
    content.set_cells(version, cells=cells, by=by)


INITIATIVES = (
    ("Demokratisk dannelse i udskolingen", Pillar.GENERAL, "Elever i 7.-9. klasse"),
    ("Mentorforløb for unge i risiko", Pillar.CASE_PROCESS, "Unge 15-25 år"),
    ("Exit-samtaler i samarbejde med politiet", Pillar.ACUTE, "Unge i ekstremistiske miljøer"),
)


def _initiatives(version: PlanVersion, *, by: User) -> None:
    municipality = version.plan.municipality
    for level, (title, pillar, target_group) in zip(
        PreventionLevel.objects.order_by("order"), INITIATIVES, strict=False
    ):
        data = content.InitiativeData(
            title=title,
            level=level,
            pillar=pillar,
            target_group=target_group,
            responsible=municipality,
        )
        initiative = content.create_initiative(version, data=data, by=by)
        indicator = content.IndicatorData(
            name="Deltagere", unit="personer", target=Decimal(100), measured=Decimal(64)
        )
        content.create_indicator(initiative, data=indicator, by=by)
    first = version.initiatives.order_by("level__order").first()
    if first is not None:
        bound = content.IndicatorData(
            name="Ansatte nået af handlekort", figure=Figure.STAFF_REACHED
        )
        content.create_indicator(first, data=bound, by=by)


def _cards(version: PlanVersion, *, by: User) -> None:
    signs = tuple(WarningSign.objects.order_by("pk")[:4])
    police = Organisation.objects.get(key="oestjyllands-politi")
    contacts = (
        content.ContactData(
            kind=ContactKind.MUNICIPAL_COORDINATOR,
            label="Kommunens tovholder for ekstremisme",
            phone="89 40 20 00",
            when="Ved enhver bekymring, på hverdage.",
        ),
        content.ContactData(
            kind=ContactKind.POLICE, label="Østjyllands Politi", phone="114", organisation=police
        ),
        content.ContactData(kind=ContactKind.EMERGENCY, label="Alarm 112", phone="112"),
    )
    for audience, title, reached in (
        (Audience.SCHOOL, "Handlekort for skolens ansatte", 420),
        (Audience.DAYCARE, "Handlekort for dagtilbud", 180),
    ):
        data = content.CardData(
            audience=audience,
            title=title,
            introduction="Er du bekymret for et barn eller en ung? Sådan gør du.",
            warning_signs=signs,
            staff_reached=reached,
            contacts=contacts,
        )
        content.create_card(version, data=data, by=by)


def _adopt(version: PlanVersion, *, decided: datetime.date, publish: bool, by: User) -> None:
    versions.adopt_version(
        version, decision_date=decided, reference=f"Byrådet {decided:%d.%m.%Y}, pkt. 7", by=by
    )
    if publish:
        versions.publish_version(version, by=by)


def _today_minus(*, years: int = 0, days: int = 0) -> datetime.date:
    return add_years(timezone.localdate(), -years) - datetime.timedelta(days=days)


# (code, status, decision date or None); dates relative to today keep each state's meaning.
def _states() -> list[tuple[str, str, datetime.date | None]]:
    today = timezone.localdate()
    return [
        (RANDERS, "adopted", _today_minus(days=30)),
        (ODENSE, "consultation", None),
        (KOEBENHAVN, "draft", None),
        (AALBORG, "published", datetime.date(2021, 9, 14)),
        # Adopted four years ago less three months: the revision is due within six months.
        (VEJLE, "published", add_years(today, -4) + datetime.timedelta(days=90)),
    ]


def _aarhus(owner: User) -> str:
    municipality = Organisation.objects.get(kind=OrganisationKind.MUNICIPALITY, code=AARHUS)
    plan = versions.create_plan(municipality=municipality, by=owner)
    version = plan.versions.get()
    _fill_sections(version, by=owner)
    _matrix(version, by=owner)
    _initiatives(version, by=owner)
    _cards(version, by=owner)
    _adopt(version, decided=_today_minus(days=200), publish=True, by=owner)
    return f"Beredskab: {municipality} published, with initiatives and action cards (demo)."


def _other(code: str, status: str, decided: datetime.date | None, *, by: User) -> str:
    municipality = Organisation.objects.get(kind=OrganisationKind.MUNICIPALITY, code=code)
    version = versions.create_plan(municipality=municipality, by=by).versions.get()
    _fill_sections(version, by=by)
    if status == "consultation":
        versions.move_version(version, to="consultation", by=by)
    elif decided is not None:
        _adopt(version, decided=decided, publish=status == "published", by=by)
    return f"Beredskab: {municipality} {status} (demo)."


def load() -> list[str]:
    """Create what is missing; return one line per thing created, for the command's output."""
    codes = {AARHUS, RANDERS, ODENSE, KOEBENHAVN, AALBORG, VEJLE}
    with_plans = set(
        ActionPlan.objects.filter(municipality__code__in=codes).values_list(
            "municipality__code", flat=True
        )
    )
    if with_plans == codes:
        return []  # a second run costs this one query
    return _create(with_plans)


@transaction.atomic
def _create(with_plans: set[str]) -> list[str]:
    lines = []
    owner = User.objects.filter(username=PLAN_OWNER).first()
    if AARHUS not in with_plans and owner is not None:
        lines.append(_aarhus(owner))
    loader = _loader()
    for code, status, decided in _states():
        if code not in with_plans:
            lines.append(_other(code, status, decided, by=loader))
    return lines
