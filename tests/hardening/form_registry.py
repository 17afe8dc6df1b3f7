"""How to build every form of the project for the hardening tests: the keyword arguments each
form's constructor needs, made from the policy matrix's world (Aarhus's objects and personas).

A form class that is missing here fails test_every_form_has_a_builder: add a line for it."""

from collections.abc import Callable
from typing import Any

from django import forms

from forebyg.accounts.models import User
from forebyg.cases.forms.handling import settable_municipalities
from forebyg.cases.forms.intake import report_sources
from forebyg.cases.models import Source
from forebyg.conferences import permissions as conference_permissions
from forebyg.core.tests.policy_matrix.world import AARHUS, World
from forebyg.exchange import invitations
from forebyg.networks import permissions as network_permissions
from forebyg.prevention.models import AssessmentDimension

Builder = Callable[[World], dict[str, Any]]


def _user(world: World, persona: str) -> User:
    user = world.users[persona]
    assert user is not None
    return user


def _aarhus(world: World, name: str) -> Any:
    return world.places[AARHUS].objects[name]


def _none(world: World) -> dict[str, Any]:
    return {}


def _concern(world: World) -> dict[str, Any]:
    user = _user(world, "professional")
    return {"user": user, "sources": report_sources(user)}


def _received_concern(world: World) -> dict[str, Any]:
    """A coordinator's form: several sources, so the form asks where the concern came from."""
    user = _user(world, "municipal_coordinator")
    return {"user": user, "sources": report_sources(user)}


def _hotline(world: World) -> dict[str, Any]:
    return {"user": _user(world, "hotline_operator"), "sources": [Source.HOTLINE]}


def _networks(world: World) -> dict[str, Any]:
    user = _user(world, "police_coordinator")
    return {"networks": network_permissions.writable_networks(user)}


def _conference(world: World) -> dict[str, Any]:
    return {"conference": _aarhus(world, "conference")}


def _recipients(world: World) -> dict[str, Any]:
    return {"recipients": conference_permissions.municipalities_for(_user(world, "partner"))}


BUILDERS: dict[str, Builder] = {
    "forebyg.access_requests.forms.AnswerForm": _none,
    "forebyg.access_requests.forms.ExtendForm": _none,
    "forebyg.access_requests.forms.PdfForm": _none,
    "forebyg.access_requests.forms.RequestForm": lambda w: {"user": _user(w, "dpo")},
    "forebyg.access_requests.forms.RestrictForm": _none,
    "forebyg.accounts.mfa.admin_reset.PasswordResetForm": lambda w: {
        "user": _user(w, "professional")
    },
    "forebyg.accounts.mfa.forms.CodeForm": _none,
    "forebyg.accounts.stepup.StepUpForm": _none,
    "forebyg.actors.forms.DirectoryFilterForm": _none,
    "forebyg.api.admin.ApiTokenForm": _none,
    "forebyg.cases.forms.assessments.AssessmentForm": lambda w: {
        "dimensions": list(AssessmentDimension.objects.all()),
        "previous": _aarhus(w, "assessment"),
    },
    "forebyg.cases.forms.breakglass.BreakGlassForm": _none,
    "forebyg.cases.forms.handling.CaseFilterForm": _none,
    "forebyg.cases.forms.handling.DkfdsForm": _none,
    "forebyg.cases.forms.handling.ClassifyForm": lambda w: {"case": _aarhus(w, "case")},
    "forebyg.cases.forms.handling.PersonSearchForm": _none,
    "forebyg.cases.forms.handling.ScreeningDaysForm": lambda w: {
        "municipalities": settable_municipalities(_user(w, "municipal_coordinator"))
    },
    "forebyg.cases.forms.handling.StatusForm": lambda w: {
        "case": _aarhus(w, "case"),
        "user": _user(w, "municipal_coordinator"),
    },
    "forebyg.cases.forms.intake.ConcernForm": _concern,
    "forebyg.cases.forms.intake.ConcernForm+received": _received_concern,
    "forebyg.cases.forms.intake.HotlineForm": _hotline,
    "forebyg.cases.forms.measures.MeasureForm": lambda w: {"case": _aarhus(w, "case")},
    "forebyg.cases.forms.measures.MeasureReviewForm": lambda w: {"measure": _aarhus(w, "measure")},
    "forebyg.cases.views.cpr.CprRevealForm": _none,
    "forebyg.conferences.forms.AgendaCaseForm": lambda w: {
        **_conference(w),
        "user": _user(w, "municipal_coordinator"),
    },
    "forebyg.conferences.forms.ConferenceForm": lambda w: {
        "user": _user(w, "municipal_coordinator")
    },
    "forebyg.conferences.forms.DecisionForm": _conference,
    "forebyg.conferences.forms.ExportForm": _none,
    "forebyg.conferences.forms.MinutesForm": _none,
    "forebyg.conferences.forms.ParticipantForm": _conference,
    "forebyg.exchange.forms.ConsentForm": _recipients,
    "forebyg.exchange.forms.ExportForm": _none,
    "forebyg.exchange.forms.InviteForm": lambda w: {
        "partners": invitations.invitable_organisations(_aarhus(w, "case"))
    },
    "forebyg.exchange.forms.KnownElsewhereForm": _none,
    "forebyg.exchange.forms.LedgerFilterForm": _recipients,
    "forebyg.exchange.forms.RevealForm": _none,
    "forebyg.legal.admin.DisclosureRuleForm": _none,
    "forebyg.national.forms.InitiativeForm": _none,
    "forebyg.national.forms.StatusForm": _none,
    "forebyg.networks.forms.NetworkFilterForm": _networks,
    "forebyg.networks.forms.NoteForm": _networks,
    "forebyg.plans.forms.content.ActorForm": lambda w: {"version": _aarhus(w, "version")},
    "forebyg.plans.forms.content.CardForm": _none,
    "forebyg.plans.forms.content.ContactForm": _none,
    "forebyg.plans.forms.content.IndicatorForm": _none,
    "forebyg.plans.forms.content.InitiativeForm": lambda w: {"version": _aarhus(w, "version")},
    "forebyg.plans.forms.content.TaskForm": _none,
    "forebyg.plans.forms.overview.OverviewFilterForm": _none,
    "forebyg.plans.forms.versions.AdoptForm": _none,
    "forebyg.plans.forms.versions.CompareForm": lambda w: {
        "versions": list(_aarhus(w, "plan").versions.all())
    },
    "forebyg.plans.forms.versions.MoveForm": _none,
    "forebyg.plans.forms.versions.SectionForm": _none,
    "forebyg.retention.forms.ApproveForm": _none,
    "forebyg.retention.forms.ClearPeriodForm": _none,
    "forebyg.retention.forms.PeriodForm": _none,
    "forebyg.stats.forms.PeriodForm": _none,
    "forebyg.stats.forms.YearForm": _none,
}


def dotted(form_class: type[forms.BaseForm]) -> str:
    return f"{form_class.__module__}.{form_class.__qualname__}"


def build(key: str, world: World, data: Any) -> forms.BaseForm:
    """The form registered under `key`, bound to `data` (and no files)."""
    from tests.hardening.form_classes import form_classes

    class_name = key.partition("+")[0]
    form_class = next(c for c in form_classes() if dotted(c) == class_name)
    kwargs = BUILDERS[key](world)
    if key.endswith("PasswordResetForm"):  # Django's SetPasswordForm takes the user first
        return form_class(kwargs.pop("user"), data, **kwargs)
    return form_class(data, **kwargs)
