"""The disclosure rules engine, table-driven over the rules as seeded from
forebyg/legal/data/disclosure_rules.csv: one row per situation, with the decision, the legal
basis and the conditions expected, and a phrase the English explanation must contain."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forebyg.actors.models import Organisation
from forebyg.legal.models import DisclosureRule
from forebyg.legal.rules import ConsentOnRecord, ProposedDisclosure
from forebyg.legal.rules.engine import decide, decide_under

NOTE = "Nødvendigt for at koordinere en mentorindsats."
ID_CONCERN = ("identity", "concern")


@dataclass(frozen=True)
class Consent:
    """A consent on record, by organisation keys."""

    recipients: tuple[str, ...] = ("exit-forening",)
    kinds: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ("measure",)
    categories: tuple[str, ...] = ID_CONCERN
    withdrawn: bool = False


@dataclass(frozen=True)
class Row:
    id: str
    discloser: str
    recipient: str
    allowed: bool
    basis: str | None
    conditions: tuple[str, ...] = ()
    says: str = ""  # a phrase the English explanation contains
    child: bool | None = False
    categories: tuple[str, ...] = ID_CONCERN
    purpose: str = "prevention"
    context: str = "ssp"
    municipality: str | None = "aarhus-kommune"
    note: str = NOTE
    meeting: int | None = None
    follow_up: bool = False
    consents: tuple[Consent, ...] = field(default=())


POLICE, AARHUS, RANDERS = "oestjyllands-politi", "aarhus-kommune", "randers-kommune"
SCHOOL, SOCIAL = "aarhus-demo-skole", "aarhus-demo-boern-og-unge"
PSYCHIATRY, KRIMINALFORSORGEN = "psykiatrien-region-midtjylland", "kriminalforsorgen"
INFOHUS, EXIT = "infohus-oestjyllands-politi", "exit-forening"
NOTE_AND_NO_INVESTIGATION = ("necessity_note", "not_for_investigation")


def meeting(id: str, discloser: str, recipient: str, allowed: bool, **details: Any) -> Row:
    """A row at a § 49 a meeting about a child: the first meeting unless told otherwise."""
    defaults: dict[str, Any] = {"context": "meeting_49a", "child": True, "meeting": 1}
    return Row(id, discloser, recipient, allowed, "sel-49a", **(defaults | details))


ROWS = [
    # § 115: SSP, PSP, KSP and the infohus.
    Row("police-to-municipality-in-its-district-for-prevention", POLICE, AARHUS, True,
        "rpl-115-1", ("necessity_note",), "East Jutland Police may disclose identity and concern"),
    Row("police-without-a-necessity-note", POLICE, AARHUS, False, "rpl-115-1", note="",
        says="no note says why the disclosure is necessary"),
    Row("ssp-member-to-police-for-investigation", AARHUS, POLICE, False, "rpl-115-2",
        purpose="investigation", says="never allows disclosing it for investigating"),
    Row("psp-investigation-with-health-data", PSYCHIATRY, POLICE, False, "rpl-115-2",
        purpose="investigation", context="psp", categories=("identity", "health")),
    Row("infohus-investigation", AARHUS, INFOHUS, False, "rpl-115-2", purpose="investigation",
        context="infohouse"),
    Row("investigation-refused-even-with-consent", AARHUS, POLICE, False, "rpl-115-2",
        purpose="investigation",
        consents=(Consent(recipients=(POLICE,), purposes=("investigation",)),)),
    Row("ssp-member-school-to-police-for-prevention", SCHOOL, POLICE, True, "rpl-115-2",
        NOTE_AND_NO_INVESTIGATION, "may not be used to investigate a criminal case"),
    Row("police-to-psychiatry-in-psp", POLICE, PSYCHIATRY, True, "rpl-115-1",
        ("necessity_note",), context="psp"),
    Row("kriminalforsorgen-to-municipality-in-ksp", KRIMINALFORSORGEN, AARHUS, True, "rpl-115-2",
        NOTE_AND_NO_INVESTIGATION, context="ksp", purpose="measure"),
    Row("kriminalforsorgen-is-not-in-ssp", KRIMINALFORSORGEN, AARHUS, False, "rpl-115-2",
        says="Danish Prison and Probation Service is not a member of the SSP cooperation of "
        "Aarhus Municipality"),
    Row("partner-in-another-police-district", "psykiatrien-region-hovedstaden", POLICE, False,
        "rpl-115-2", context="psp",
        says="Psychiatry, Capital Region of Denmark is not a member of the PSP cooperation"),
    Row("police-of-another-district", "nordjyllands-politi", AARHUS, False, "rpl-115-1",
        says="North Jutland Police is not a member of the SSP cooperation"),
    Row("ssp-of-a-municipality-without-naming-it", POLICE, RANDERS, True, "rpl-115-1",
        ("necessity_note",), municipality=None),
    Row("two-municipalities-share-no-ssp", AARHUS, RANDERS, False, "rpl-115-2",
        municipality=None, says="are not members of the same cooperation"),
    Row("infohus-to-its-municipality", INFOHUS, AARHUS, True, "rpl-115-1", ("necessity_note",),
        context="infohouse", says="in the infohus for Aarhus Municipality"),
    Row("psychiatry-invited-to-the-infohus", PSYCHIATRY, AARHUS, True, "rpl-115-2",
        NOTE_AND_NO_INVESTIGATION, context="infohouse"),
    Row("another-municipality-is-not-in-this-infohus", POLICE, RANDERS, False, "rpl-115-1",
        context="infohouse", says="Randers Municipality is not a member of the infohus"),
    # § 49 a: children, one meeting, the SSD group of one municipality.
    meeting("school-and-social-services-at-one-49a-meeting", SCHOOL, SOCIAL, True,
            conditions=("necessity_note", "one_meeting_only"),
            says="at a § 49 a meeting in Aarhus"),
    meeting("a-second-49a-meeting-is-refused", SCHOOL, SOCIAL, False, meeting=2,
            says="exchanged at one meeting only"),
    meeting("a-second-49a-meeting-as-special-follow-up", SOCIAL, SCHOOL, True, meeting=2,
            follow_up=True, conditions=("necessity_note", "one_meeting_only")),
    meeting("a-third-49a-meeting-is-refused-even-as-follow-up", SCHOOL, SOCIAL, False,
            meeting=3, follow_up=True, says="at most one follow-up meeting"),
    meeting("49a-without-a-meeting-number", SCHOOL, SOCIAL, False, meeting=None,
            says="not stated which § 49 a meeting"),
    meeting("49a-about-an-adult", SCHOOL, SOCIAL, False, child=False,
            says="only children under 18"),
    meeting("49a-about-someone-of-unknown-age", SCHOOL, SOCIAL, False, child=None,
            says="age is not known"),
    meeting("49a-does-not-cover-the-police", SCHOOL, POLICE, False,
            says="it does not cover East Jutland Police as recipient"),
    meeting("49a-group-is-one-municipality", SCHOOL, RANDERS, False,
            says="Randers Municipality is not a member of the § 49 a group"),
    meeting("49a-health-data-about-a-child", SCHOOL, SOCIAL, True,
            categories=("identity", "health"), conditions=("necessity_note", "one_meeting_only"),
            says="For health data, Databeskyttelsesforordningen art. 9"),
    # Criminal-offence data: databeskyttelsesloven § 8.
    Row("criminal-offence-data-police-to-municipality", POLICE, AARHUS, True, "rpl-115-1",
        ("necessity_note", "dbl8_conditions"), "For criminal-offence data",
        categories=("identity", "criminal_offences")),
    Row("criminal-offence-data-to-a-non-authority-without-consent-to-it", AARHUS, EXIT, False,
        "gdpr-10-dbl-8", context="none", purpose="measure",
        categories=("identity", "concern", "criminal_offences"), consents=(Consent(),),
        says="Criminal-offence data may be disclosed only under"),
    Row("criminal-offence-data-with-explicit-consent", AARHUS, EXIT, True, "consent",
        ("dbl8_conditions", "consent"), context="none", purpose="measure",
        categories=("identity", "criminal_offences"),
        consents=(Consent(categories=("identity", "criminal_offences")),)),
    Row("criminal-offence-data-between-authorities-outside-cooperation", AARHUS, RANDERS, True,
        "fvl-28", ("necessity_note", "dbl8_conditions"), context="none", purpose="measure",
        categories=("identity", "criminal_offences")),
    # Forvaltningsloven § 28, statistics, special categories.
    Row("fvl-28-default-between-authorities", AARHUS, RANDERS, True, "fvl-28",
        ("necessity_note",), context="none", purpose="measure"),
    Row("fvl-28-does-not-carry-an-assessment", AARHUS, RANDERS, False, "fvl-28",
        context="none", purpose="measure", categories=("identity", "assessment"),
        says="it does not cover assessment"),
    Row("fvl-28-is-for-a-measure-or-decision", AARHUS, RANDERS, False, "fvl-28",
        context="none", says="it does not cover prevention"),
    Row("statistics-with-identity", AARHUS, "cde", False, None, context="none",
        purpose="statistics", categories=("identity",), says="never disclosed for statistics"),
    Row("health-data-without-a-gdpr-9-basis", AARHUS, RANDERS, False, "gdpr-9-dbl-7",
        context="none", purpose="measure", categories=("identity", "health"),
        says="Health data may be disclosed only under"),
    Row("health-data-in-psp", POLICE, PSYCHIATRY, True, "rpl-115-1", ("necessity_note",),
        context="psp", categories=("identity", "health")),
    Row("special-categories-with-explicit-consent", AARHUS, EXIT, True, "consent", ("consent",),
        context="none", purpose="measure", categories=("identity", "special_categories"),
        consents=(Consent(categories=("identity", "special_categories")),)),
    # Consent.
    Row("consent-covering-recipient-and-purpose", AARHUS, EXIT, True, "consent", ("consent",),
        "Explicit consent of the person", context="none", purpose="measure",
        consents=(Consent(),)),
    Row("consent-to-a-kind-of-recipient", AARHUS, EXIT, True, "consent", ("consent",),
        context="none", purpose="measure",
        consents=(Consent(recipients=(), kinds=("civil_society",)),)),
    Row("consent-withdrawn", AARHUS, EXIT, False, "consent", context="none", purpose="measure",
        consents=(Consent(withdrawn=True),), says="the consent was withdrawn on"),
    Row("consent-covers-another-recipient", AARHUS, EXIT, False, "consent", context="none",
        purpose="measure", consents=(Consent(recipients=("mentor_corps",)),),
        says="the consent does not cover Exit"),
    Row("consent-covers-another-purpose", AARHUS, EXIT, False, "consent", context="none",
        purpose="other", consents=(Consent(),), says="the consent does not cover other"),
    Row("no-consent-to-a-non-authority", AARHUS, EXIT, False, "fvl-28", context="none",
        purpose="measure", says="Nor can it rest on consent: no active consent is on record"),
]  # fmt: skip


@pytest.fixture
def organisations(db, aarhus_school) -> dict[str, Organisation]:
    """Every organisation the table names, by key; a few made up for it."""
    aarhus = Organisation.objects.get(key=AARHUS)
    made_up = [
        (SOCIAL, "social_services", "Børn og Unge, Aarhus", aarhus),
        (EXIT, "civil_society", "Exit", None),
    ]
    for key, kind, name, parent in made_up:
        Organisation.objects.get_or_create(
            key=key,
            defaults={"kind": kind, "level": "local", "name_da": name, "parent": parent},
        )
    keys = {row.discloser for row in ROWS} | {row.recipient for row in ROWS} | {AARHUS}
    keys |= {key for row in ROWS for c in row.consents for key in c.recipients}
    found = {org.key: org for org in Organisation.objects.filter(key__in=keys)}
    assert set(found) == keys, keys - set(found)
    return found


def _consent(spec: Consent, orgs: dict[str, Organisation], number: int) -> ConsentOnRecord:
    given = timezone.now() - datetime.timedelta(days=30)
    return ConsentOnRecord(
        consent_id=number,
        recipient_ids=frozenset(orgs[key].pk for key in spec.recipients),
        recipient_kinds=frozenset(spec.kinds),
        purposes=frozenset(spec.purposes),
        categories=frozenset(spec.categories),
        given_at=given,
        withdrawn_at=given + datetime.timedelta(days=1) if spec.withdrawn else None,
    )


def _proposal(row: Row, orgs: dict[str, Organisation]) -> ProposedDisclosure:
    return ProposedDisclosure(
        discloser=orgs[row.discloser],
        recipient=orgs[row.recipient],
        person_is_child=row.child,
        categories=frozenset(row.categories),  # type: ignore[arg-type]
        purpose=row.purpose,  # type: ignore[arg-type]
        context=row.context,  # type: ignore[arg-type]
        municipality=orgs[row.municipality] if row.municipality else None,
        consents=tuple(_consent(c, orgs, n) for n, c in enumerate(row.consents, start=1)),
        meeting_49a_number=row.meeting,
        special_follow_up=row.follow_up,
        necessity_note=row.note,
    )


def test_the_table_has_at_least_25_situations_each_named_once():
    assert len(ROWS) >= 25
    assert len({row.id for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_a_proposed_disclosure_is_decided_as_the_law_says(organisations, row):
    decision = decide(_proposal(row, organisations))

    assert decision.allowed is row.allowed, decision.explanation_en
    basis = decision.legal_basis.key if decision.legal_basis else None
    assert basis == row.basis, decision.explanation_en
    assert decision.conditions == row.conditions, decision.explanation_en
    assert row.says in decision.explanation_en
    assert decision.explanation_da and decision.explanation_en
    assert decision.explanation_da != decision.explanation_en
    assert decision.explanation_da.startswith("Tilladt" if row.allowed else "Afvist")
    assert decision.explanation_en.startswith("Allowed" if row.allowed else "Refused")
    if decision.legal_basis is not None:  # the explanation names the basis it rests on
        assert str(decision.legal_basis) in decision.explanation_da
        assert str(decision.legal_basis) in decision.explanation_en


def test_a_refusal_for_a_missing_condition_names_it(organisations):
    row = next(row for row in ROWS if row.id == "police-without-a-necessity-note")

    decision = decide(_proposal(row, organisations))

    assert decision.failed_condition == "necessity_note"
    assert "ikke skrevet en note om, hvorfor videregivelsen er nødvendig" in (
        decision.explanation_da
    )


def test_a_decision_on_consent_names_the_consent_it_rests_on(organisations):
    row = next(row for row in ROWS if row.id == "consent-covering-recipient-and-purpose")

    decision = decide(_proposal(row, organisations))

    assert decision.consent_id == 1
    assert decision.rule is not None and decision.rule.key == "consent"


def test_health_data_names_the_article_9_basis_beside_the_disclosure_basis(organisations):
    row = next(row for row in ROWS if row.id == "health-data-in-psp")

    decision = decide(_proposal(row, organisations))

    assert [basis.key for basis in decision.category_bases] == ["gdpr-9-dbl-7"]


def test_deciding_reads_the_rules_and_the_cooperation_once(organisations):
    row = ROWS[0]
    proposal = _proposal(row, organisations)

    with CaptureQueriesContext(connection) as queries:
        decide(proposal)

    assert len(queries) == 2


def test_an_inactive_rule_no_longer_permits(organisations):
    DisclosureRule.objects.filter(key="rpl-115-1").update(active=False)

    decision = decide(_proposal(ROWS[0], organisations))

    assert not decision.allowed


def test_a_rule_with_an_unknown_condition_fails_closed(organisations):
    rules = list(DisclosureRule.objects.select_related("legal_basis").order_by("priority", "key"))
    for rule in rules:
        if rule.key == "rpl-115-1":
            rule.requires = ["necessity_note", "a_condition_nobody_knows"]

    decision = decide_under(_proposal(ROWS[0], organisations), rules)

    assert not decision.allowed
    assert "unknown condition" in decision.explanation_en


def test_with_no_rules_everything_is_refused(organisations):
    decision = decide_under(_proposal(ROWS[0], organisations), [])

    assert not decision.allowed
    assert decision.legal_basis is None
    assert "No active rule permits" in decision.explanation_en


def test_every_seeded_rule_is_valid_and_names_its_source(db):
    rules = list(DisclosureRule.objects.all())

    assert len(rules) >= 12
    for rule in rules:
        rule.full_clean()
        assert rule.source and rule.confidence and rule.note_da and rule.note_en
