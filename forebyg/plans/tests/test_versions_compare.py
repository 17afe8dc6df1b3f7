"""Comparing two versions section by section."""

import pytest

from forebyg.plans.compare import Segment, compare_versions, word_diff
from forebyg.plans.tests.factories import PlanFactory, SectionFactory, VersionFactory

pytestmark = pytest.mark.django_db


def test_word_diff_marks_only_the_changed_words():
    segments = word_diff("Skoler og klubber", "Skoler, klubber og jobcentre")

    assert "".join(s.text for s in segments if s.op != "insert") == "Skoler og klubber"
    assert "".join(s.text for s in segments if s.op != "delete") == "Skoler, klubber og jobcentre"
    assert segments == [
        Segment("equal", "Skoler"),
        Segment("insert", ", klubber"),
        Segment("equal", " og "),
        Segment("delete", "klubber"),
        Segment("insert", "jobcentre"),
    ]


def test_sections_are_unchanged_changed_added_or_removed(aarhus):
    plan = PlanFactory.create(municipality=aarhus)
    old = VersionFactory.create(plan=plan, status="superseded")
    new = VersionFactory.create(plan=plan)
    for version, key, body in [
        (old, "formaal", "<p>Samme</p>"),
        (new, "formaal", "<p>Samme</p>"),
        (old, "organisering", "<p>Gammel</p>"),
        (new, "organisering", "<p>Ny</p>"),
        (old, "kommunikation", "<p>Væk</p>"),
        (new, "evaluering", "<p>Kommer</p>"),
    ]:
        SectionFactory.create(version=version, key=key, heading=key.title(), body=body)

    diffs = {d.key: d for d in compare_versions(old, new)}

    assert {key: d.change for key, d in diffs.items()} == {
        "formaal": "unchanged",
        "organisering": "changed",
        "kommunikation": "removed",
        "evaluering": "added",
    }
    assert diffs["organisering"].segments == [Segment("delete", "Gammel"), Segment("insert", "Ny")]
    assert diffs["kommunikation"].segments == [Segment("delete", "Væk")]
    assert diffs["evaluering"].segments == [Segment("insert", "Kommer")]


def test_a_change_of_markup_alone_is_unchanged(aarhus):
    plan = PlanFactory.create(municipality=aarhus)
    old = VersionFactory.create(plan=plan, status="superseded")
    new = VersionFactory.create(plan=plan)
    SectionFactory.create(version=old, key="formaal", heading="Formål", body="<p>Tekst</p>")
    SectionFactory.create(
        version=new, key="formaal", heading="Formål", body="<p><strong>Tekst</strong></p>"
    )

    assert compare_versions(old, new)[0].change == "unchanged"
