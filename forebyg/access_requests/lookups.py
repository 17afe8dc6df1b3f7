# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Audit events as the access report lists them: when, which organisation, what and for what
purpose, never who (employees' names are left out until the organisation decides otherwise)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forebyg.access_requests.items import Item
from forebyg.audit.models import AuditEvent
from forebyg.legal.rules.vocabulary import Purpose

# What each kind of event did, in words for the data subject. An unknown verb shows as itself.
ACTIONS = {
    "access_request.registered": gettext_lazy("Access request registered"),
    "access_request.viewed": gettext_lazy("Access request viewed"),
    "access_request.report_generated": gettext_lazy("Access report generated"),
    "access_request.item_restricted": gettext_lazy("Access report item restricted"),
    "access_request.extended": gettext_lazy("Access request deadline extended"),
    "access_request.answered": gettext_lazy("Access request answered"),
    "assessment.created": gettext_lazy("Assessment recorded"),
    "attachment.downloaded": gettext_lazy("Attachment opened"),
    "break_glass.granted": gettext_lazy("Emergency access to the case"),
    "case.classified": gettext_lazy("Case classified"),
    "case.content_removed": gettext_lazy("Case content removed (taken over by the police)"),
    "case.exported": gettext_lazy("Case exported"),
    "case.identity_revealed": gettext_lazy("Identity revealed to a partner"),
    "case.listed_for_partner": gettext_lazy("Case listed for a partner"),
    "case.opened": gettext_lazy("Case opened"),
    "case.partner_invited": gettext_lazy("Partner invited to the case"),
    "case.partner_revoked": gettext_lazy("Partner's invitation revoked"),
    "case.status_changed": gettext_lazy("Case status changed"),
    "case.viewed": gettext_lazy("Case viewed"),
    "case.viewed_by_partner": gettext_lazy("Case viewed by a partner"),
    "concern.received": gettext_lazy("Concern recorded"),
    "conference.case_added": gettext_lazy("Case put on a case conference's agenda"),
    "conference.pdf_exported": gettext_lazy("Case conference record exported"),
    "consent.given": gettext_lazy("Consent recorded"),
    "consent.withdrawn": gettext_lazy("Consent withdrawn"),
    "disclosure.allowed": gettext_lazy("Information disclosed"),
    "known_elsewhere.asked": gettext_lazy("Asked whether known in another municipality"),
    "known_elsewhere.matched": gettext_lazy("Found in a question from another municipality"),
    "person.cpr_revealed": gettext_lazy("CPR number shown"),
    "person.searched": gettext_lazy("Search for the person"),
    "person.viewed": gettext_lazy("Person's timeline viewed"),
}


# The purpose codes services record, in words. Purposes typed by users show as typed.
PURPOSES = {
    "access_request": gettext_lazy("Answering an access request"),
    "administration": gettext_lazy("Administration"),
    "api": gettext_lazy("Another system (API)"),
    "break-glass": gettext_lazy("Emergency access"),
    "case_handling": gettext_lazy("Case handling"),
    "case_work": gettext_lazy("Case work"),
    "data protection": gettext_lazy("Data protection"),
    "following own reports": gettext_lazy("The reporter following their own report"),
    "intake": gettext_lazy("Receiving a concern"),
    "police_only": gettext_lazy("Handed over to the police"),
    "retention": gettext_lazy("Retention and deletion"),
    "supervision": gettext_lazy("Supervision by the data protection officer"),
    "infohus case participation": gettext_lazy("Taking part in the infohus case"),
}


def purpose(code: str) -> str:
    if not code:
        return "–"
    label = PURPOSES.get(code) or dict(Purpose.choices).get(code)
    return str(label) if label is not None else code


def action(verb: str) -> str:
    label = ACTIONS.get(verb)
    return str(label) if label is not None else verb


def organisations(event: AuditEvent) -> str:
    """The organisation(s) of the employee who acted, else the one the event was recorded for.
    An event stores its actor, not the actor's organisation at the time, so the actor's present
    memberships are used (documented in the README)."""
    if event.actor is not None:
        names = {str(m.organisation.name) for m in event.actor.memberships.all()}
        if names:
            return ", ".join(sorted(names))
    if event.organisation is not None:
        return str(event.organisation.name)
    return _("Forebyg (automatic)")


def item(event: AuditEvent) -> Item:
    """One look-up: date, organisation, action and purpose; no employee name."""
    return Item(
        key=f"lookup-{event.pk}",
        title=action(event.verb),
        at=event.occurred_at,
        organisation=organisations(event),
        purpose=purpose(event.purpose),
    )
