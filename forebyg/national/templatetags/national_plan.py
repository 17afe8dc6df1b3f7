"""Template filters of the national plan tracker: a status code as its label and badge."""

from django import template

from forebyg.national.models import InitiativeStatus

register = template.Library()

BADGES: dict[str, str] = {
    InitiativeStatus.NOT_STARTED.value: "",
    InitiativeStatus.IN_PROGRESS.value: "badge-info",
    InitiativeStatus.IMPLEMENTED.value: "badge-success",
    InitiativeStatus.DISCONTINUED.value: "badge-warning",
}


@register.filter
def status_label(code: str | None) -> str:
    """The translated label of a status code; empty for none."""
    labels = {str(key): str(label) for key, label in InitiativeStatus.choices}
    return labels.get(code or "", "")


@register.filter
def status_badge(code: str | None) -> str:
    """The DKFDS badge modifier of a status code."""
    return BADGES.get(code or "", "")
