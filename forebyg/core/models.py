from django.db import models
from django.utils.translation import get_language


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Sourced(models.Model):
    """Reference data keeps where a fact came from and how sure we are of it."""

    source = models.CharField(max_length=500, blank=True)
    confidence = models.CharField(max_length=40, blank=True)

    class Meta:
        abstract = True


def localized(obj: object, field: str) -> str:
    """The Danish or English variant of `field` (field_da / field_en) for the active language."""
    language = (get_language() or "da")[:2]
    preferred = getattr(obj, f"{field}_{language}", "") or ""
    fallback = getattr(obj, f"{field}_{'en' if language == 'da' else 'da'}", "") or ""
    return str(preferred or fallback)
