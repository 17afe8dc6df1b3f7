"""Reads for the public pages about the legal bases for processing and sharing information."""

from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import Organisation
from forebyg.legal.models import LegalBasis
from forebyg.prevention.models import Measure

# The order in which the rationales are presented; anything else comes last as "other".
RATIONALE_ORDER = ["security", "social", "school", "data_protection", "general", "other"]
OTHER_RATIONALE = _("Other")


# What a rule does (LegalBasis.kind), in words.
KIND_LABELS = {
    "exchange": _("Exchange of information"),
    "limit": _("Limit"),
    "processing": _("Processing of personal data"),
    "measure": _("Measure"),
    "plan": _("Plan"),
    "duty": _("Duty"),
    "rationale": _("Rationale"),
}


def kind_label(kind: str) -> str:
    """What kind of rule a legal basis is, in the active language (unknown kinds as they are)."""
    return str(KIND_LABELS.get(kind, kind))


def rationale_label(rationale: str) -> str:
    """The rationale's name in the active language ("other" or unknown values: "Other")."""
    labels = dict(LegalBasis.Rationale.choices)
    return str(labels.get(rationale, OTHER_RATIONALE))


def legal_bases_by_rationale() -> list[tuple[str, list[LegalBasis]]]:
    """All legal bases grouped by rationale (label, bases), in a fixed rationale order."""

    def rank(basis: LegalBasis) -> tuple[int, str, str]:
        position = (
            RATIONALE_ORDER.index(basis.rationale)
            if basis.rationale in RATIONALE_ORDER
            else len(RATIONALE_ORDER)
        )
        return position, basis.law_da, basis.section

    bases = sorted(LegalBasis.objects.all(), key=rank)
    return [
        (label, list(members))
        for label, members in groupby(bases, key=lambda basis: rationale_label(basis.rationale))
    ]


def legal_basis_for_page(key: str) -> QuerySet[LegalBasis]:
    """The legal basis with the organisations acting under it and the measures resting on it."""
    return LegalBasis.objects.filter(key=key).prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("kind", "name_da")),
        Prefetch("measures", queryset=Measure.objects.order_by("name_da")),
    )


def cooperation_names(basis: LegalBasis) -> list[str]:
    """The cooperations (SSP, PSP, KSP, SSD) a legal basis applies in, however they were stored."""
    value = basis.cooperations
    if isinstance(value, str):
        return [name.strip() for name in value.split("|") if name.strip()]
    return [str(name) for name in value or []]
