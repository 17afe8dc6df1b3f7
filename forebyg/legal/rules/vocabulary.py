# mypy: disallow-untyped-defs, disallow-incomplete-defs, disallow-any-generics, warn-return-any
"""The words of the disclosure rules: data categories, purposes, cooperation contexts, what a rule
does, whom it covers, and the conditions it can require. Pure Python, no database.

The English labels go through gettext (Danish is added to the catalogue later). The explanations a
decision stores need both languages at once, so the Danish words they use are kept here too."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    IDENTITY = "identity", _("Identity")
    CONCERN = "concern", _("Concern")
    ASSESSMENT = "assessment", _("Assessment")
    HEALTH = "health", _("Health data")
    SPECIAL_CATEGORIES = (
        "special_categories",
        _("Special categories (political, religious or philosophical beliefs, ethnic origin)"),
    )
    CRIMINAL_OFFENCES = "criminal_offences", _("Criminal-offence data")


class Purpose(models.TextChoices):
    PREVENTION = "prevention", _("Prevention")
    MEASURE = "measure", _("A measure or decision")
    INVESTIGATION = "investigation", _("Investigation of a criminal case")
    STATISTICS = "statistics", _("Statistics")
    OTHER = "other", _("Other")


class CooperationContext(models.TextChoices):
    SSP = "ssp", _("SSP")
    PSP = "psp", _("PSP")
    KSP = "ksp", _("KSP")
    INFOHOUSE = "infohouse", _("Infohus")
    MEETING_49A = "meeting_49a", _("§ 49 a meeting")
    NONE = "none", _("Outside any cooperation")


class Effect(models.TextChoices):
    """What a rule does. A disclosure needs one satisfied `permit` rule, and for each sensitive
    category it carries one satisfied `category` rule; a matching `forbid` rule refuses it first."""

    PERMIT = "permit", _("Permits the disclosure")
    FORBID = "forbid", _("Forbids the disclosure")
    CATEGORY = "category", _("Permits a sensitive category")


class PersonScope(models.TextChoices):
    CHILD = "child", _("Children (under 18)")
    ADULT = "adult", _("Adults")
    ANY = "any", _("Anyone")


class Condition(models.TextChoices):
    """What a rule requires. Some are checked when deciding (CHECKED); the others are recorded
    with the disclosure as terms the recipient and the discloser must keep."""

    NECESSITY_NOTE = "necessity_note", _("A note on why the disclosure is necessary")
    NOT_FOR_INVESTIGATION = (
        "not_for_investigation",
        _("The information may not be used to investigate a criminal case"),
    )
    ONE_MEETING_ONLY = (
        "one_meeting_only",
        _("Exchanged at one meeting only (a follow-up meeting only in special cases)"),
    )
    DBL8_CONDITIONS = (
        "dbl8_conditions",
        _(
            "Criminal-offence data: only as databeskyttelsesloven § 8 allows, with access "
            "restricted and logged"
        ),
    )
    CONSENT = "consent", _("An active consent covers the recipient, purpose and categories")


CHECKED_CONDITIONS = frozenset(
    {Condition.NECESSITY_NOTE, Condition.ONE_MEETING_ONLY, Condition.CONSENT}
)

# Art. 9 and art. 10 of the GDPR (databeskyttelsesloven §§ 7 and 8) make these categories
# sensitive by law: which rule opens them is data, that they need one is not.
SENSITIVE_CATEGORIES = (
    DataCategory.HEALTH,
    DataCategory.SPECIAL_CATEGORIES,
    DataCategory.CRIMINAL_OFFENCES,
)

# In a rule's discloser_kinds / recipient_kinds: both parties must be members of the same
# cooperation of the proposal's context (with or without kinds beside it).
MEMBER = "member"

# A rule allows at most one follow-up meeting after the first § 49 a meeting.
FOLLOW_UP_MEETING = 2

DANISH_LABELS: dict[str, str] = {
    DataCategory.IDENTITY: "identitet",
    DataCategory.CONCERN: "bekymring",
    DataCategory.ASSESSMENT: "vurdering",
    DataCategory.HEALTH: "helbredsoplysninger",
    DataCategory.SPECIAL_CATEGORIES: "særlige kategorier af personoplysninger",
    DataCategory.CRIMINAL_OFFENCES: "oplysninger om strafbare forhold",
    Purpose.PREVENTION: "forebyggelse",
    Purpose.MEASURE: "en foranstaltning eller afgørelse",
    Purpose.INVESTIGATION: "efterforskning af en straffesag",
    Purpose.STATISTICS: "statistik",
    Purpose.OTHER: "andet formål",
    CooperationContext.SSP: "SSP-samarbejdet",
    CooperationContext.PSP: "PSP-samarbejdet",
    CooperationContext.KSP: "KSP-samarbejdet",
    CooperationContext.INFOHOUSE: "infohuset",
    CooperationContext.MEETING_49A: "et møde efter § 49 a",
    CooperationContext.NONE: "uden for et samarbejde",
    Condition.NECESSITY_NOTE: "en note om, hvorfor videregivelsen er nødvendig",
    Condition.NOT_FOR_INVESTIGATION: "oplysningerne må ikke bruges til efterforskning af en "
    "straffesag",
    Condition.ONE_MEETING_ONLY: "udveksles kun på ét møde (et opfølgende møde kun i særlige "
    "tilfælde)",
    Condition.DBL8_CONDITIONS: "oplysninger om strafbare forhold: kun som databeskyttelseslovens "
    "§ 8 tillader, med begrænset og logget adgang",
    Condition.CONSENT: "et aktivt samtykke dækker modtager, formål og kategorier",
}

ENGLISH_CONTEXT_NAMES: dict[str, str] = {
    CooperationContext.SSP: "the SSP cooperation",
    CooperationContext.PSP: "the PSP cooperation",
    CooperationContext.KSP: "the KSP cooperation",
    CooperationContext.INFOHOUSE: "the infohus",
    CooperationContext.MEETING_49A: "a § 49 a meeting",
    CooperationContext.NONE: "outside any cooperation",
}


def in_order(values: Iterable[str], choices: type[models.TextChoices]) -> list[str]:
    """The values that are among the choices, in the choices' order (each once)."""
    wanted = set(values)
    return [value for value in choices.values if value in wanted]


# Every value a rule's lists may hold, by field (for validation in the model and the loader).
ALLOWED_VALUES: dict[str, frozenset[str]] = {
    "contexts": frozenset(CooperationContext.values),
    "purposes": frozenset(Purpose.values),
    "categories": frozenset(DataCategory.values),
    "requires": frozenset(Condition.values),
}
