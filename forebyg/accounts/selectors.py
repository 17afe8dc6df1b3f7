"""Reads about the signed-in user: their organisations, roles and what each role lets them do."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import Membership, Role, User
from forebyg.actors.models import Organisation


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str


@dataclass(frozen=True)
class RoleSection:
    """One role the user holds: what it is for here, and where to go."""

    role: str
    label: str | Promise
    summary: str | Promise
    links: list[Link]


# What each role does here, in the words of DESIGN.md §2. Links name only pages that exist;
# later issues add each role's own dashboard.
ROLE_SUMMARIES: dict[str, str | Promise] = {
    Role.PROFESSIONAL: _(
        "Report a concern about a person and follow whether your report has been received, "
        "is being handled or is concluded."
    ),
    Role.MUNICIPAL_COORDINATOR: _(
        "Receive concerns, run the municipality's infohus cases, and record measures, reviews "
        "and closure."
    ),
    Role.POLICE_COORDINATOR: _(
        "Screen concerns for crime or acute risk and take part in the infohus cases of your "
        "police district. Information shared for prevention may not be used for investigation."
    ),
    Role.PARTNER: _("Take part in the case conferences you are invited to."),
    Role.HOTLINE_OPERATOR: _(
        "Record calls, anonymously if need be, and route them to the right municipality and "
        "police district."
    ),
    Role.PLAN_OWNER: _(
        "Write the municipality's beredskab against extremism, record its adoption by the "
        "municipal council, publish it and revise it."
    ),
    Role.ANALYST: _(
        "Follow the national statistics, the municipalities' beredskab and the national action "
        "plan. You never see personal data."
    ),
    Role.DATA_PROTECTION_OFFICER: _(
        "Read the access log, answer access requests and watch that data is deleted on time."
    ),
    Role.ADMINISTRATOR: _("Manage users, their memberships of organisations and their roles."),
}

ROLE_LINKS: dict[str, list[tuple[str | Promise, str]]] = {
    Role.PROFESSIONAL: [(_("Who does what"), "actors:directory")],
    Role.MUNICIPAL_COORDINATOR: [
        (_("Statistics for your municipality"), "stats:index"),
        (_("Infohus network"), "networks:list"),
        (_("Beredskab"), "plans:home"),
        (_("Emergency access to a case"), "cases:break_glass"),
        (_("Legal bases"), "legal:list"),
        (_("Who does what"), "actors:directory"),
    ],
    Role.POLICE_COORDINATOR: [
        (_("Statistics for your police district"), "stats:index"),
        (_("Infohus network"), "networks:list"),
        (_("Beredskab"), "plans:home"),
        (_("Emergency access to a case"), "cases:break_glass"),
        (_("Legal bases"), "legal:list"),
    ],
    Role.PARTNER: [(_("Legal bases"), "legal:list")],
    Role.HOTLINE_OPERATOR: [(_("Who does what"), "actors:directory")],
    Role.PLAN_OWNER: [
        (_("Beredskab"), "plans:home"),
        (_("Published plans"), "plans:public_index"),
        (_("The Danish model"), "prevention:home"),
    ],
    Role.ANALYST: [
        (_("National statistics"), "stats:index"),
        (_("Beredskab in all municipalities"), "plans:overview"),
        (_("The national action plan of 2016"), "national:index"),
        (_("Infohus networks (read only)"), "networks:list"),
        (_("Who does what"), "actors:directory"),
        (_("International cooperation"), "actors:international"),
    ],
    Role.DATA_PROTECTION_OFFICER: [
        (_("Emergency access notices"), "cases:break_glass_notices"),
        (_("Legal bases"), "legal:list"),
    ],
    Role.ADMINISTRATOR: [(_("Administration"), "admin:index")],
}


def first_organisation(user: User) -> Organisation | None:
    """The organisation a user's own events are filed under: their first membership's, or none."""
    memberships = user.active_memberships()
    return memberships[0].organisation if memberships else None


def role_sections(user: User) -> list[RoleSection]:
    """One section per role the user holds, in the order of Role, whatever the organisation."""
    held = {membership.role for membership in user.active_memberships()}
    return [
        RoleSection(
            role=role.value,
            label=role.label,
            summary=ROLE_SUMMARIES[role],
            links=[Link(label, reverse(name)) for label, name in ROLE_LINKS[role]],
        )
        for role in Role
        if role.value in held
    ]


def memberships_of(user: User) -> list[Membership]:
    """The user's memberships, organisation loaded, ordered by organisation name and role."""
    return user.active_memberships()
