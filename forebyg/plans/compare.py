"""Two versions of a plan compared section by section (issue 5, point 7).

Sections are matched by their template key. The text is compared word by word on its plain
text (one line per paragraph or list item), so a change of markup alone counts as unchanged."""

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

from forebyg.plans import richtext
from forebyg.plans.models import PlanVersion, Section

Change = Literal["unchanged", "changed", "added", "removed"]
Op = Literal["equal", "insert", "delete"]

# Words, punctuation marks and runs of spaces; the spaces are never an anchor of a match, or a
# changed sentence would be cut into many small pieces around them.
_TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


@dataclass(frozen=True)
class SectionDiff:
    key: str
    heading: str
    change: Change
    old_heading: str = ""
    segments: list[Segment] = field(default_factory=list)

    @property
    def heading_changed(self) -> bool:
        return bool(self.old_heading) and self.old_heading != self.heading


def word_diff(old: str, new: str) -> list[Segment]:
    """The segments that turn `old` into `new`, word by word; adjacent equal ops merged."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(str.isspace, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            _append(segments, "delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _append(segments, "insert", "".join(b[j1:j2]))
        if tag == "equal":
            _append(segments, "equal", "".join(a[i1:i2]))
    return segments


def _append(segments: list[Segment], op: Op, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


def compare_versions(old: PlanVersion, new: PlanVersion) -> list[SectionDiff]:
    """Each section of either version: unchanged, changed, added (only in `new`) or removed."""
    old_sections = {s.key: s for s in old.sections.order_by("order", "id")}
    new_sections = list(new.sections.order_by("order", "id"))
    diffs = [_diff(old_sections.pop(s.key, None), s) for s in new_sections]
    # What is left of the old version was removed; shown where it stood.
    for section in old_sections.values():
        text = richtext.to_text(section.body)
        segments = [Segment("delete", text)] if text else []
        diffs.insert(
            min(section.order, len(diffs)),
            SectionDiff(section.key, section.heading, "removed", segments=segments),
        )
    return diffs


def _diff(old: Section | None, new: Section) -> SectionDiff:
    new_text = richtext.to_text(new.body)
    if old is None:
        segments = [Segment("insert", new_text)] if new_text else []
        return SectionDiff(new.key, new.heading, "added", segments=segments)
    old_text = richtext.to_text(old.body)
    if old_text == new_text and old.heading == new.heading:
        segments = [Segment("equal", new_text)] if new_text else []
        return SectionDiff(new.key, new.heading, "unchanged", old.heading, segments)
    return SectionDiff(new.key, new.heading, "changed", old.heading, word_diff(old_text, new_text))
