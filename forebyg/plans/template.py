"""The template of a new plan, after CDE's concept for municipal action plans against extremism.

Headings are stored in Danish: the plan is the municipality's own Danish document. The guidance
is written for the editor, shown through gettext and never stored in the plan."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from forebyg.plans.models import Pillar


@dataclass(frozen=True)
class TemplateSection:
    key: str
    heading: str
    guidance: Promise
    pillar: str = ""


SECTIONS: tuple[TemplateSection, ...] = (
    TemplateSection(
        "formaal",
        "Formål og mål",
        _(
            "Why the municipality has this beredskab (barnets lov § 15, stk. 3) and what it "
            "wants to achieve in the period."
        ),
    ),
    TemplateSection(
        "definitioner",
        "Definitioner: ekstremisme og radikalisering",
        _(
            "How the plan uses the words extremism and radicalisation, so every unit reads "
            "the plan the same way."
        ),
    ),
    TemplateSection(
        "generel-forebyggelse",
        "Søjle 1: Generel forebyggelse",
        _(
            "The building work for everyone: democratic, critical and social competences in "
            "daycare, schools, youth education, clubs and associations."
        ),
        Pillar.GENERAL,
    ),
    TemplateSection(
        "systematisk-sagsgang",
        "Søjle 2: Systematisk sagsgang ved bekymring",
        _(
            "How a concern is received, screened with the police, assessed in the infohus and "
            "followed up; who does what, and within which deadlines."
        ),
        Pillar.CASE_PROCESS,
    ),
    TemplateSection(
        "akutte-situationer",
        "Søjle 3: Handling i akutte situationer",
        _(
            "What staff do when there is an imminent risk: whom to call first (112, the police), "
            "who leads, and how the municipality informs and supports afterwards."
        ),
        Pillar.ACUTE,
    ),
    TemplateSection(
        "organisering",
        "Organisering og roller",
        _(
            "Who is responsible for what: the coordinator, management, units and partners. "
            "The roles matrix of the plan holds the details."
        ),
    ),
    TemplateSection(
        "samarbejde",
        "Samarbejde: infohus, SSP, PSP og KSP",
        _(
            "How the municipality works with the police district's infohus and in the SSP, PSP "
            "and KSP cooperations, and what information may be shared there."
        ),
    ),
    TemplateSection(
        "bekymringstegn",
        "Bekymringstegn",
        _(
            "The warning signs staff should notice, and that one sign alone is rarely enough: "
            "look at the whole picture and the person's resources."
        ),
    ),
    TemplateSection(
        "sagsgang-retsgrundlag",
        "Sagsgang og retsgrundlag",
        _(
            "The steps of a case and the legal basis of each: the social, school and security "
            "rationales, and the rules for sharing information."
        ),
    ),
    TemplateSection(
        "indsatser",
        "Indsatser",
        _(
            "The municipality's initiatives across the prevention triangle; each initiative is "
            "described on its own page of the plan."
        ),
    ),
    TemplateSection(
        "kompetenceudvikling",
        "Kompetenceudvikling",
        _("Who is trained in what, and how new staff learn the plan and the action cards."),
    ),
    TemplateSection(
        "kommunikation",
        "Kommunikation",
        _(
            "How staff, partners and citizens learn about the plan, and who speaks for the "
            "municipality in an acute situation."
        ),
    ),
    TemplateSection(
        "evaluering",
        "Evaluering og revision",
        _(
            "How the plan is followed up and evaluated, and when it is revised: at least every "
            "four years after adoption."
        ),
    ),
)

GUIDANCE: dict[str, Promise] = {section.key: section.guidance for section in SECTIONS}

# Rows of a new plan's roles matrix, without assignments: the municipality fills in who does what.
DEFAULT_TASKS: tuple[str, ...] = (
    "Modtage bekymringshenvendelser",
    "Screene bekymringer sammen med politiet",
    "Lede sagen i infohus kommune",
    "Handle i akutte situationer",
    "Kommunikation om beredskabet",
    "Kompetenceudvikling af medarbejdere",
    "Revision af beredskabet",
)


def default_title(municipality_name: str) -> str:
    """The title of a new plan, in Danish."""
    return f"Beredskab mod ekstremisme – {municipality_name}"
