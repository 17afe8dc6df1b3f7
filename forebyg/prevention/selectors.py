"""Reads for the public pages about the Danish model and its prevention triangle."""

from itertools import groupby

from django.db.models import QuerySet

from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.prevention.models import Measure, ModelCharacteristic, PreventionLevel


def model_characteristics() -> QuerySet[ModelCharacteristic]:
    """The characteristics of the Danish model, in their published order."""
    return ModelCharacteristic.objects.order_by("order")


def prevention_levels() -> QuerySet[PreventionLevel]:
    """The levels of the prevention triangle, from the broad base (building) to the tip."""
    return PreventionLevel.objects.order_by("order")


def measures_at_level(level: PreventionLevel) -> QuerySet[Measure]:
    """The kinds of measure typically used at a level, with their usual legal basis."""
    return level.measures.select_related("typical_basis").order_by("name_da")


def organisations_at_level_by_kind(
    level: PreventionLevel,
) -> list[tuple[str, list[Organisation]]]:
    """The organisations active at a level, grouped by kind: (label, organisations)."""
    kind_order = {kind: index for index, kind in enumerate(OrganisationKind.values)}
    organisations = sorted(
        level.organisations.all(), key=lambda org: (kind_order.get(org.kind, 99), org.name)
    )
    labels = dict(OrganisationKind.choices)
    return [
        (str(labels.get(kind, kind)), list(members))
        for kind, members in groupby(organisations, key=lambda org: org.kind)
    ]
