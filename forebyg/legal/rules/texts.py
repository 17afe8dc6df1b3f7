# mypy: disallow-untyped-defs, disallow-incomplete-defs, disallow-any-generics, warn-return-any
"""Sentences in Danish and English at once, for the explanations a decision stores. English
words come from the vocabulary's gettext labels read in English, Danish from DANISH_LABELS."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils import translation

from forebyg.legal.rules.vocabulary import (
    DANISH_LABELS,
    ENGLISH_CONTEXT_NAMES,
    Condition,
    CooperationContext,
    DataCategory,
    Purpose,
)

if TYPE_CHECKING:
    from forebyg.actors.models import Organisation
    from forebyg.legal.models import LegalBasis

LABELLED: tuple[type[models.TextChoices], ...] = (DataCategory, Purpose, Condition)


@dataclass(frozen=True)
class Text:
    """One sentence or phrase in both languages."""

    da: str
    en: str

    def __add__(self, other: Text) -> Text:
        return Text(f"{self.da} {other.da}".strip(), f"{self.en} {other.en}".strip())


def english(value: str) -> str:
    """The English label of a category, purpose or condition (its gettext msgid)."""
    for choices in LABELLED:
        if value in choices.values:
            with translation.override("en"):
                return str(choices(value).label)
    return value


def label(value: str) -> Text:
    """A category, purpose or condition named in both languages."""
    return Text(DANISH_LABELS.get(value, value), english(value).lower())


def listing(values: Iterable[str]) -> Text:
    """Several values named in both languages: "a, b og c" / "a, b and c"."""
    labels = [label(value) for value in values]
    return Text(join([item.da for item in labels], "og"), join([item.en for item in labels], "and"))


def join(items: list[str], conjunction: str) -> str:
    """ "a, b og c": items separated by commas, the last by the conjunction."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def name(organisation: Organisation) -> Text:
    """An organisation's name in both languages (the Danish name when it has no English one)."""
    return Text(organisation.name_da, organisation.name_en or organisation.name_da)


def basis(legal_basis: LegalBasis) -> Text:
    """A legal basis named by law and section, then title: "Retsplejeloven § 115, stk. 1 – …"."""
    return Text(
        f"{legal_basis} – {legal_basis.title_da}", f"{legal_basis} – {legal_basis.title_en}"
    )


def where(context: str, municipality: Organisation | None) -> Text:
    """Where a disclosure happens: "in the SSP cooperation of Aarhus Municipality"."""
    if context == CooperationContext.NONE:
        return Text("uden for et samarbejde", "outside any cooperation")
    if context == CooperationContext.MEETING_49A:
        text = Text("på et møde efter § 49 a", "at a § 49 a meeting")
    else:
        text = Text(f"i {DANISH_LABELS[context]}", f"in {ENGLISH_CONTEXT_NAMES[context]}")
    if municipality is None:
        return text
    town = name(municipality)
    if context == CooperationContext.INFOHOUSE:
        preposition = Text("for", "for")
    elif context == CooperationContext.MEETING_49A:
        preposition = Text("i", "in")
    else:
        preposition = Text("i", "of")
    return text + Text(f"{preposition.da} {town.da}", f"{preposition.en} {town.en}")


def group(context: str, municipality: Organisation | None) -> Text:
    """The cooperation as a body one is a member of: "the PSP of Aarhus Municipality"."""
    if context == CooperationContext.MEETING_49A:
        text = Text("gruppen efter § 49 a", "the § 49 a group")
    else:
        text = Text(DANISH_LABELS[context], ENGLISH_CONTEXT_NAMES[context])
    if municipality is None:
        return text
    town = name(municipality)
    return text + Text(f"i {town.da}", f"of {town.en}")


def sentence(text: Text) -> Text:
    """The text with a capital first letter and a full stop."""
    return Text(_sentence(text.da), _sentence(text.en))


def _sentence(value: str) -> str:
    value = value.strip()
    if not value:
        return value
    value = value[0].upper() + value[1:]
    return value if value.endswith((".", "!", "?")) else f"{value}."
