"""Admin plumbing: every change made through the admin is written to the audit log."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from forebyg.audit import services as audit


def _snapshot(obj: models.Model) -> dict[str, Any]:
    data = model_to_dict(obj)
    return {key: _plain(value) for key, value in data.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's date-and-time widget with its "Date:" and "Time:" as labels of their inputs: the
    field's own label points at neither (a MultiWidget has no id_for_label), so both inputs had no
    label (WCAG 1.3.1, 4.1.2; axe-core: label)."""

    template_name = "core/admin/split_datetime.html"


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose additions, changes and deletions each write an audit event."""

    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            verb = "changed" if change else "created"
            audit.record(
                request.user,
                f"{obj._meta.model_name}.{verb}",
                obj,
                purpose="administration",
                before=before,
                after=_snapshot(obj),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(
                request.user,
                f"{obj._meta.model_name}.deleted",
                obj,
                purpose="administration",
                before=_snapshot(obj),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def response_action(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        """A bulk action runs only on a selection of real ids: Django passes the posted values
        straight to filter(pk__in=...), which raises ValueError (a server error) on "abc"."""
        try:
            for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                self.model._meta.pk.to_python(value)
        except ValidationError:
            # Only a forged POST gets here (the list's checkboxes hold ids): None makes the list
            # page redirect back to itself, with nothing changed.
            return None
        return super().response_action(request, queryset)


class ValuesListFilter(admin.AllValuesFieldListFilter):
    """AllValuesFieldListFilter, with the blank value named: Django shows "" as an empty link,
    which has no accessible name (axe-core: link-name). "Empty" comes with Django's translations."""

    def choices(self, changelist: Any) -> Any:
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice = {**choice, "display": _("Empty")}
            yield choice


# Reference data's confidence is free text and may be blank.
CONFIDENCE_FILTER = ("confidence", ValuesListFilter)
