from django import template

from forebyg.core.models import localized

register = template.Library()


@register.filter
def local(obj: object, field: str) -> str:
    """{{ organisation|local:"name" }}: the field in the active language."""
    return localized(obj, field)
