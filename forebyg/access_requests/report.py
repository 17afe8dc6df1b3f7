# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""The access report (GDPR art. 15) built from selectors.report_data: the data the organisation
controls, the data other organisations shared with it, and every look-up with its date,
organisation and purpose, never an employee's name. Items under § 22 restriction are marked for
the DPO and left out of the data subject's version; police-controlled items name the controller
to refer the data subject to, and the subject's version shows nothing more of them."""

from dataclasses import dataclass, replace
from enum import StrEnum

from django.utils.translation import gettext as _

from forebyg.access_requests import lookups as lookup_items
from forebyg.access_requests.items import Item, day
from forebyg.access_requests.models import AccessRequest
from forebyg.access_requests.selectors import ReportData
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.cases.models import Assessment, Case, CaseMeasure, Concern, Person
from forebyg.conferences.models import AgendaItem, AuthorityDecision
from forebyg.exchange.models import Consent, DisclosureRecord, PartnerInvitation


class Version(StrEnum):
    DPO = "dpo"  # everything, restricted and police items marked
    SUBJECT = "subject"  # for the data subject: restricted items withheld, police items referred


@dataclass
class Report:
    request: AccessRequest
    version: Version
    controlled: list[Item]
    shared_in: list[Item]
    lookups: list[Item]
    withheld: int = 0  # items left out of the subject's version under § 22

    @property
    def keys(self) -> set[str]:
        return {item.key for item in [*self.controlled, *self.shared_in, *self.lookups]}

    @property
    def referrals(self) -> list[str]:
        return sorted({item.refer_to for item in self.controlled if item.refer_to})


def build(data: ReportData, request: AccessRequest, version: Version) -> Report:
    """The report in the given version; restrictions come from the request."""
    restrictions = {r.item_key: r for r in request.restrictions.all()}
    report = Report(
        request=request,
        version=version,
        controlled=_controlled(data),
        shared_in=_shared_in(data),
        lookups=[lookup_items.item(event) for event in data.events],
    )
    for item in [*report.controlled, *report.shared_in, *report.lookups]:
        item.restriction = restrictions.get(item.key)
    return for_subject(report) if version == Version.SUBJECT else report


def for_subject(report: Report) -> Report:
    """Withhold restricted items (counted, for the legal note) and the content of police items."""

    def keep(items: list[Item]) -> list[Item]:
        kept = [item for item in items if item.restriction is None]
        return [replace(item, lines=[]) if item.refer_to else item for item in kept]

    total = len(report.controlled) + len(report.shared_in) + len(report.lookups)
    subject = replace(
        report,
        controlled=keep(report.controlled),
        shared_in=keep(report.shared_in),
        lookups=keep(report.lookups),
    )
    subject.withheld = total - len(subject.controlled) - len(subject.shared_in)
    subject.withheld -= len(subject.lookups)
    return subject


def _police_district(organisation: Organisation | None) -> str:
    is_police = organisation is not None and organisation.kind == OrganisationKind.POLICE_DISTRICT
    return str(organisation.name) if is_police and organisation else ""


def _controlled(data: ReportData) -> list[Item]:
    items = [_person(person) for person in data.persons]
    for case in data.cases:
        items.append(_case(case))
        if case.screened_at is not None:
            items.append(_screening(case))
    items += [_concern(concern) for concern in data.concerns]
    items += [_assessment(assessment) for assessment in data.assessments]
    items += [_measure(measure) for measure in data.measures]
    for agenda_item in data.agenda_items:
        items.append(_agenda_item(agenda_item))
        items += [_decision(agenda_item, d) for d in agenda_item.decisions.all()]
    items += [_consent(consent) for consent in data.consents]
    items += [_disclosure(record, made=True) for record in data.disclosures_made]
    return items


def _shared_in(data: ReportData) -> list[Item]:
    items = [_disclosure(record, made=False) for record in data.shared_in]
    return items + [_invitation(invitation) for invitation in data.invitations]


def _person(person: Person) -> Item:
    lines = [
        (_("Name"), person.name),
        (_("CPR number"), person.cpr_masked or "–"),
        (_("Birth date"), day(person.birth_date)),
        (_("Gender"), str(person.get_gender_display())),
        (_("Municipality"), str(person.municipality.name)),
    ]
    return Item(f"person-{person.pk}", _("Registered person"), person.created_at, lines)


def _case(case: Case) -> Item:
    title = _("Case %(reference)s (episode %(episode)s)") % {
        "reference": case.reference,
        "episode": case.episode,
    }
    lines = [
        (_("Status"), str(case.get_status_display())),
        (_("Opened"), day(case.opened_at)),
        (_("Closed"), day(case.closed_at)),
    ]
    if case.is_stub:  # the police took the case over: what the police hold is theirs to answer
        return Item(f"case-{case.pk}", title, case.opened_at, lines, str(case.police_district.name))
    lines += [
        (_("Category"), str(case.category) if case.category else "–"),
        (_("Prevention level"), str(case.level) if case.level else "–"),
        (_("Closure reason"), str(case.get_closure_reason_display()) or "–"),
        (_("Closure outcome"), str(case.get_closure_outcome_display()) or "–"),
    ]
    return Item(f"case-{case.pk}", title, case.opened_at, lines)


def _screening(case: Case) -> Item:
    lines = [(_("Outcome"), str(case.get_screening_outcome_display()))]
    title = _("Police screening of case %(reference)s") % {"reference": case.reference}
    return Item(
        f"screening-{case.pk}", title, case.screened_at, lines, str(case.police_district.name)
    )


def _concern(concern: Concern) -> Item:
    source = concern.reporter_organisation.name if concern.reporter_organisation else "–"
    lines = [
        (_("Source"), str(concern.get_source_display())),
        (_("Reported by (organisation)"), str(source)),
        (_("What worries"), concern.description or "–"),
        (_("Attachments"), str(len(concern.attachments.all()))),
    ]
    return Item(f"concern-{concern.pk}", _("Concern received"), concern.received_at, lines)


def _assessment(assessment: Assessment) -> Item:
    lines = [
        (_("Summary"), assessment.summary),
        (_("Recommendation"), assessment.recommendation),
    ]
    lines += [
        (f"{o.dimension} ({o.get_kind_display()})", o.text) for o in assessment.observations.all()
    ]
    title = _("Assessment, version %(version)s") % {"version": assessment.version}
    return Item(f"assessment-{assessment.pk}", title, assessment.created_at, lines)


def _measure(measure: CaseMeasure) -> Item:
    lines = [
        (_("Owning authority"), str(measure.owner.name)),
        (_("Legal basis"), str(measure.legal_basis) if measure.legal_basis else "–"),
        (_("Period"), f"{day(measure.start)} – {day(measure.end)}"),
        (_("Status"), str(measure.get_status_display())),
    ]
    lines += [
        (_("Review %(date)s") % {"date": day(r.reviewed_on)}, r.note) for r in measure.reviews.all()
    ]
    return Item(
        f"measure-{measure.pk}",
        str(measure.measure_type),
        measure.start,
        lines,
        _police_district(measure.owner),
    )


def _agenda_item(agenda_item: AgendaItem) -> Item:
    minutes = getattr(agenda_item, "minutes", None)
    lines = [
        (_("Why the case was discussed"), agenda_item.reason or "–"),
        (_("Minutes"), minutes.text if minutes else "–"),
    ]
    title = _("Case conference")
    return Item(f"conference-{agenda_item.pk}", title, agenda_item.conference.held_on, lines)


def _decision(agenda_item: AgendaItem, decision: AuthorityDecision) -> Item:
    title = _("%(organisation)s's own decision") % {"organisation": decision.organisation.name}
    lines = [(_("Decision"), decision.text)]
    police = _police_district(decision.organisation)
    return Item(f"decision-{decision.pk}", title, decision.recorded_at, lines, police)


def _consent(consent: Consent) -> Item:
    lines = [
        (_("Given by"), str(consent.get_given_by_display())),
        (_("Purposes"), consent.purpose_labels or "–"),
        (_("Data categories"), consent.category_labels or "–"),
        (_("Withdrawn"), day(consent.withdrawn_at) if consent.withdrawn_at else "–"),
    ]
    return Item(f"consent-{consent.pk}", _("Consent"), consent.given_at, lines)


def _disclosure(record: DisclosureRecord, *, made: bool) -> Item:
    if made:
        key, title = f"disclosure-{record.pk}", _("Disclosed to %(organisation)s")
        other = record.recipient
    else:
        key, title = f"shared-{record.pk}", _("Received from %(organisation)s")
        other = record.discloser
    lines = [
        (_("Kind"), str(record.get_kind_display())),
        (_("Data categories"), record.category_labels or "–"),
        (_("Purpose"), str(record.get_purpose_display())),
        (_("Legal basis"), str(record.legal_basis) if record.legal_basis else "–"),
    ]
    return Item(key, title % {"organisation": other.name}, record.at, lines)


def _invitation(invitation: PartnerInvitation) -> Item:
    title = _("Invited to a case of %(organisation)s") % {
        "organisation": invitation.case.municipality.name
    }
    lines = [
        (_("Concern summary"), invitation.summary),
        (_("Identity revealed"), day(invitation.identity_revealed_at)),
        (_("Revoked"), day(invitation.revoked_at)),
    ]
    return Item(f"invitation-{invitation.pk}", title, invitation.invited_at, lines)
