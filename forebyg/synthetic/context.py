# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""What synthetic cases refer to: the 98 municipalities with their weights, the reference
vocabularies, and the synthetic users who record and handle the cases (one coordinator, one
professional and one plan owner per municipality, one police coordinator per district, a hotline
operator and a national analyst). The users have no usable password: nobody logs in as them."""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.management import call_command

from forebyg.accounts.models import Membership, Role, User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.legal.models import LegalBasis
from forebyg.prevention.models import (
    AssessmentDimension,
    ExtremismCategory,
    Measure,
    PreventionLevel,
    WarningSign,
)
from forebyg.synthetic.catalogue import DEFAULT_WEIGHT, POPULATION_THOUSANDS, USERNAME_PREFIX

HOTLINE_KEY, ANALYST_ORGANISATION_KEY = "hotline", "cde"


@dataclass
class Context:
    municipalities: list[Organisation]
    weights: list[int]
    coordinators: list[int]  # user id per municipality index
    professionals: list[int]
    plan_owners: list[int]
    police: dict[int, int]  # police district id -> police coordinator's user id
    hotline: int
    analyst: int
    usernames: dict[int, str]
    categories: list[int]
    levels: list[int]
    signs: list[int]
    measures: list[int]
    dimensions: list[int]
    legal_basis: int | None
    keys: dict[int, str] = field(default_factory=dict)  # organisation id -> key


def municipality_username(role: str, code: str) -> str:
    return f"{USERNAME_PREFIX}{role}-{code}"


def police_username(district_id: int) -> str:
    return f"{USERNAME_PREFIX}politi-{district_id}"


def load_context() -> Context:
    """The reference data (loaded first if missing) and the synthetic users (created if missing)."""
    if not Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).exists():
        call_command("load_reference_data", verbosity=0)
    municipalities = list(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("code")
    )
    districts = sorted({m.police_district_id for m in municipalities if m.police_district_id})
    users = _ensure_users(municipalities, districts)
    ids = {name: user_id for user_id, name in users.items()}

    def per_municipality(role: str) -> list[int]:
        return [ids[municipality_username(role, m.code)] for m in municipalities]

    basis = LegalBasis.objects.filter(key="rpl-115-1").values_list("pk", flat=True).first()
    return Context(
        municipalities=municipalities,
        weights=[POPULATION_THOUSANDS.get(m.code, DEFAULT_WEIGHT) for m in municipalities],
        coordinators=per_municipality("tovholder"),
        professionals=per_municipality("fagperson"),
        plan_owners=per_municipality("planejer"),
        police={d: ids[police_username(d)] for d in districts},
        hotline=ids[f"{USERNAME_PREFIX}hotline"],
        analyst=ids[f"{USERNAME_PREFIX}analytiker"],
        usernames=users,
        categories=_ids(ExtremismCategory),
        levels=_ids(PreventionLevel),
        signs=_ids(WarningSign),
        measures=_ids(Measure),
        dimensions=_ids(AssessmentDimension),
        legal_basis=basis,
        keys=dict(Organisation.objects.values_list("pk", "key")),
    )


Vocabulary = type[ExtremismCategory | PreventionLevel | WarningSign | Measure | AssessmentDimension]


def _ids(model: Vocabulary) -> list[int]:
    return list(model.objects.order_by("pk").values_list("pk", flat=True))


def _wanted(municipalities: list[Organisation], districts: list[int]) -> list[tuple[str, int, str]]:
    """(username, organisation id, role) of every synthetic user."""
    wanted: list[tuple[str, int, str]] = []
    for m in municipalities:
        wanted.append(
            (municipality_username("tovholder", m.code), m.pk, Role.MUNICIPAL_COORDINATOR)
        )
        wanted.append((municipality_username("fagperson", m.code), m.pk, Role.PROFESSIONAL))
        wanted.append((municipality_username("planejer", m.code), m.pk, Role.PLAN_OWNER))
    wanted += [(police_username(d), d, Role.POLICE_COORDINATOR) for d in districts]
    national = Organisation.objects.filter(key__in=[HOTLINE_KEY, ANALYST_ORGANISATION_KEY])
    org = dict(national.values_list("key", "pk"))
    wanted.append((f"{USERNAME_PREFIX}hotline", org[HOTLINE_KEY], Role.HOTLINE_OPERATOR))
    wanted.append((f"{USERNAME_PREFIX}analytiker", org[ANALYST_ORGANISATION_KEY], Role.ANALYST))
    return wanted


def _ensure_users(municipalities: list[Organisation], districts: list[int]) -> dict[int, str]:
    wanted = _wanted(municipalities, districts)
    mine = User.objects.filter(username__startswith=USERNAME_PREFIX)
    existing = set(mine.values_list("username", flat=True))
    unusable = make_password(None)
    new = [(name, org, role) for name, org, role in wanted if name not in existing]
    created = User.objects.bulk_create(
        User(username=name, password=unusable, first_name="Syntetisk") for name, _, _ in new
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation_id=org, role=role)
        for user, (_, org, role) in zip(created, new, strict=True)
    )
    names = [name for name, _, _ in wanted]
    return dict(User.objects.filter(username__in=names).values_list("pk", "username"))
