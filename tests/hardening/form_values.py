"""What a hostile client may submit for each kind of form field: mostly hostile text, dates and
numbers, mixed with valid choices so that a form's clean() methods past the field checks run."""

from typing import Any

from django import forms
from hypothesis import strategies as st

from tests.hardening.strategies import date_text, hostile_text, number_text, text

PLAUSIBLE_TEXT = ["Jonas Hansen", "170510-1234", "1705101234", "jonas@example.dk", "+45 12345678"]


def _choice_values(field: forms.ChoiceField) -> list[str]:
    """The valid values of a choice field, optgroups flattened (a model field's too)."""
    values: list[str] = []
    choices: Any = field.choices
    for value, label in choices:
        if isinstance(label, list | tuple):
            values += [str(v) for v, _ in label]
        else:
            values.append(str(getattr(value, "value", value)))
    return values or [""]


def _model_values(field: forms.ModelChoiceField) -> list[str]:
    key = field.to_field_name or "pk"
    queryset: Any = field.queryset
    return [str(getattr(obj, key)) for obj in queryset[:30]] or [""]


def value_strategy(field: forms.Field) -> st.SearchStrategy[Any] | None:
    """A strategy for the submitted value of `field`; None for fields not sent (files)."""
    if isinstance(field, forms.FileField):
        return None
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.sampled_from(["on", "", "false", "0", "\x00"]), text)
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return date_text
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return number_text
    if isinstance(field, forms.ModelMultipleChoiceField):
        one = st.one_of(st.sampled_from(_model_values(field)), number_text)
        return st.lists(one, max_size=4)
    if isinstance(field, forms.ModelChoiceField):
        return st.one_of(st.sampled_from(_model_values(field)), number_text, text)
    if isinstance(field, forms.MultipleChoiceField):
        return st.lists(st.one_of(st.sampled_from(_choice_values(field)), text), max_size=4)
    if isinstance(field, forms.ChoiceField):
        return st.one_of(st.sampled_from(_choice_values(field)), text)
    return st.one_of(hostile_text, st.sampled_from(PLAUSIBLE_TEXT))


def draw_form_data(draw: Any, form: forms.BaseForm) -> dict[str, Any]:
    """One submission for `form`: each field sent (under its prefixed name) or left out."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        strategy = value_strategy(field)
        if strategy is None or draw(st.integers(0, 9)) == 0:  # now and then a field is missing
            continue
        data[form.add_prefix(name)] = draw(strategy)
    return data
