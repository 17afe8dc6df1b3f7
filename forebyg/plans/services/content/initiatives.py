"""Initiatives on the prevention triangle, and their indicators."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.legal.models import LegalBasis
from forebyg.plans.models import (
    Figure,
    Indicator,
    InitiativeStatus,
    Pillar,
    PlanInitiative,
    PlanVersion,
)
from forebyg.plans.services.content.common import (
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ContentError,
    locked,
    record,
    text,
)
from forebyg.prevention.models import PreventionLevel


@dataclass(frozen=True)
class InitiativeData:
    title: str
    level: PreventionLevel
    pillar: str
    target_group: str
    responsible: Organisation | None = None
    partners: tuple[Organisation, ...] = ()
    rationale: str = ""
    legal_bases: tuple[LegalBasis, ...] = ()
    start: datetime.date | None = None
    end: datetime.date | None = None
    status: str = InitiativeStatus.PLANNED


def _clean_initiative(data: InitiativeData) -> dict[str, Any]:
    if data.pillar not in Pillar.values:
        raise ContentError({"pillar": _("Choose a pillar.")})
    if data.status not in InitiativeStatus.values:
        raise ContentError({"status": _("Choose a status.")})
    if data.start and data.end and data.end < data.start:
        raise ContentError({"end": _("The end date is before the start date.")})
    return {
        "title": text("title", data.title, TITLE_MAX_LENGTH, required=_("Give the title.")),
        "level": data.level,
        "pillar": data.pillar,
        "target_group": text(
            "target_group", data.target_group, 300, required=_("Name the target group.")
        ),
        "responsible": data.responsible,
        "rationale": text("rationale", data.rationale, TEXT_MAX_LENGTH),
        "start": data.start,
        "end": data.end,
        "status": data.status,
    }


def _initiative_state(initiative: PlanInitiative) -> dict[str, Any]:
    return {
        "title": initiative.title,
        "level": initiative.level.key,
        "pillar": initiative.pillar,
        "responsible": initiative.responsible.key if initiative.responsible else None,
        "partners": sorted(p.key for p in initiative.partners.all()),
        "legal_bases": sorted(str(b.pk) for b in initiative.legal_bases.all()),
        "start": initiative.start.isoformat() if initiative.start else None,
        "end": initiative.end.isoformat() if initiative.end else None,
        "status": initiative.status,
    }


@transaction.atomic
def create_initiative(version: PlanVersion, *, data: InitiativeData, by: User) -> PlanInitiative:
    """A new initiative of the version, placed on the triangle and a pillar."""
    version = locked(version, by)
    fields = _clean_initiative(data)
    # Refusing a second initiative of the same title also stops a double submit.
    if version.initiatives.filter(title__iexact=fields["title"]).exists():
        raise ContentError({"title": _("The version has an initiative of this title already.")})
    initiative = PlanInitiative.objects.create(version=version, **fields)
    initiative.partners.set(data.partners)
    initiative.legal_bases.set(data.legal_bases)
    record(by, "plan_initiative.created", initiative, version, after=_initiative_state(initiative))
    return initiative


@transaction.atomic
def update_initiative(
    initiative: PlanInitiative, *, data: InitiativeData, by: User
) -> PlanInitiative:
    """Change an initiative of a version in work."""
    version = locked(initiative.version, by)
    before = _initiative_state(initiative)
    fields = _clean_initiative(data)
    others = version.initiatives.exclude(pk=initiative.pk)
    if others.filter(title__iexact=fields["title"]).exists():
        raise ContentError({"title": _("The version has an initiative of this title already.")})
    for name, value in fields.items():
        setattr(initiative, name, value)
    initiative.save()
    initiative.partners.set(data.partners)
    initiative.legal_bases.set(data.legal_bases)
    after = _initiative_state(initiative)
    record(by, "plan_initiative.updated", initiative, version, before=before, after=after)
    return initiative


@transaction.atomic
def delete_initiative(initiative: PlanInitiative, *, by: User) -> None:
    """Remove an initiative with its indicators."""
    version = locked(initiative.version, by)
    record(by, "plan_initiative.deleted", initiative, version, before=_initiative_state(initiative))
    initiative.delete()


@dataclass(frozen=True)
class IndicatorData:
    name: str
    unit: str = ""
    target: Decimal | None = None
    measured: Decimal | None = None
    figure: str = ""


def _amount(field: str, value: Decimal | None) -> Decimal | None:
    """A value the column holds (12 digits, 2 decimals): a larger one overflows it (a 500)."""
    if value is not None:
        try:
            cast(Field, Indicator._meta.get_field(field)).run_validators(value)
        except ValidationError as error:
            raise ContentError({field: error.messages}) from error
    return value


def _clean_indicator(data: IndicatorData) -> dict[str, Any]:
    if data.figure and data.figure not in Figure.values:
        raise ContentError({"figure": _("Choose one of the figures.")})
    return {
        "name": text("name", data.name, TITLE_MAX_LENGTH, required=_("Name the indicator.")),
        "unit": text("unit", data.unit, 40),
        "target": _amount("target", data.target),
        # A bound indicator fills itself; a number typed beside it would only contradict it.
        "measured": None if data.figure else _amount("measured", data.measured),
        "figure": data.figure,
    }


def _indicator_state(indicator: Indicator) -> dict[str, Any]:
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "target": str(indicator.target) if indicator.target is not None else None,
        "measured": str(indicator.measured) if indicator.measured is not None else None,
        "figure": indicator.figure,
    }


@transaction.atomic
def create_indicator(initiative: PlanInitiative, *, data: IndicatorData, by: User) -> Indicator:
    """A new indicator of an initiative: measured by hand, or bound to a figure."""
    version = locked(initiative.version, by)
    fields = _clean_indicator(data)
    if initiative.indicators.filter(name__iexact=fields["name"]).exists():
        raise ContentError({"name": _("The initiative has an indicator of this name already.")})
    indicator = Indicator.objects.create(initiative=initiative, **fields)
    record(by, "plan_indicator.created", indicator, version, after=_indicator_state(indicator))
    return indicator


@transaction.atomic
def update_indicator(indicator: Indicator, *, data: IndicatorData, by: User) -> Indicator:
    """Change an indicator of a version in work."""
    version = locked(indicator.initiative.version, by)
    before = _indicator_state(indicator)
    for name, value in _clean_indicator(data).items():
        setattr(indicator, name, value)
    indicator.save()
    after = _indicator_state(indicator)
    record(by, "plan_indicator.updated", indicator, version, before=before, after=after)
    return indicator


@transaction.atomic
def delete_indicator(indicator: Indicator, *, by: User) -> None:
    """Remove an indicator."""
    version = locked(indicator.initiative.version, by)
    record(by, "plan_indicator.deleted", indicator, version, before=_indicator_state(indicator))
    indicator.delete()
