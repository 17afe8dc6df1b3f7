"""The assessment form: per dimension of the infohus tool, observations marked as risk and as
resource, then a summary and a recommendation. No score, anywhere.

Each dimension has one text area for risks and one for resources. Several observations go in
one area as paragraphs (an empty line between them), so the form needs no JavaScript to add
more; a new version starts from the latest one's text, and moving a paragraph from the risk
area to the resource area re-marks that observation."""

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forebyg.cases.forms.handling import DkfdsForm
from forebyg.cases.models import Assessment, ObservationKind
from forebyg.cases.models.assessments import OBSERVATION_MAX_LENGTH, SUMMARY_MAX_LENGTH
from forebyg.cases.services import ObservationInput
from forebyg.prevention.models import AssessmentDimension

# Room for several observations in one area; each one is checked by the service.
AREA_MAX_LENGTH = 10 * OBSERVATION_MAX_LENGTH
PARAGRAPHS = re.compile(r"\n\s*\n")


def split_observations(text: str) -> list[str]:
    """The paragraphs of a text area, one observation each."""
    return [part.strip() for part in PARAGRAPHS.split(text or "") if part.strip()]


@dataclass(frozen=True)
class DimensionFields:
    dimension: AssessmentDimension
    risk: forms.BoundField
    resource: forms.BoundField


@dataclass(frozen=True)
class PartFields:
    label: str
    dimensions: list[DimensionFields]


class AssessmentForm(DkfdsForm):
    summary = forms.CharField(
        label=_("Summary"),
        help_text=_("The overall picture across the dimensions, in your own words."),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write a summary.")},
    )
    recommendation = forms.CharField(
        label=_("Recommendation"),
        help_text=_("What the infohus recommends; each authority decides under its own law."),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a recommendation.")},
    )
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args: Any,
        dimensions: list[AssessmentDimension],
        previous: Assessment | None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", self.initial_from(previous))
        self.dimensions = dimensions
        super().__init__(*args, **kwargs)
        for dimension in dimensions:
            for kind, label in ObservationKind.choices:
                self.fields[self.field_name(dimension, kind)] = forms.CharField(
                    label=format_lazy("{}: {}", dimension, label),
                    max_length=AREA_MAX_LENGTH,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3, "class": "form-input input-width-xl"}),
                )

    @staticmethod
    def field_name(dimension: AssessmentDimension, kind: str) -> str:
        return f"{kind}_{dimension.key}"

    @classmethod
    def initial_from(cls, previous: Assessment | None) -> dict[str, Any]:
        """A new version starts from the text of the latest one."""
        if previous is None:
            return {"based_on_version": 0}
        areas: dict[str, list[str]] = {}
        for observation in previous.observations.all():
            areas.setdefault(cls.field_name(observation.dimension, observation.kind), []).append(
                observation.text
            )
        return {
            "summary": previous.summary,
            "recommendation": previous.recommendation,
            "based_on_version": previous.version,
            **{name: "\n\n".join(texts) for name, texts in areas.items()},
        }

    def parts(self) -> list[PartFields]:
        """The dimensions grouped by the tool's two parts, in the tool's order."""
        labels = dict(AssessmentDimension.Part.choices)
        groups: dict[str, list[DimensionFields]] = {}
        for dimension in self.dimensions:
            groups.setdefault(dimension.part, []).append(
                DimensionFields(
                    dimension,
                    self[self.field_name(dimension, ObservationKind.RISK)],
                    self[self.field_name(dimension, ObservationKind.RESOURCE)],
                )
            )
        return [PartFields(str(labels.get(part, part)), fields) for part, fields in groups.items()]

    def observations(self) -> list[ObservationInput]:
        rows: list[ObservationInput] = []
        for dimension in self.dimensions:
            for kind in ObservationKind.values:
                text = self.cleaned_data.get(self.field_name(dimension, kind), "")
                rows.extend((dimension, kind, part) for part in split_observations(text))
        return rows

    def service_arguments(self) -> dict[str, Any]:
        return {
            "summary": self.cleaned_data["summary"],
            "recommendation": self.cleaned_data["recommendation"],
            "observations": self.observations(),
            "based_on_version": self.cleaned_data["based_on_version"],
        }
