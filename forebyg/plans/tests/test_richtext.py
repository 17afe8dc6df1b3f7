"""Rich text of plan sections: plain paragraphs or a safe subset of HTML, sanitised by nh3."""

import pytest

from forebyg.plans import richtext

XSS_PAYLOADS = [
    ("<script>alert(1)</script>Tekst", "script"),
    ('<img src="x" onerror="alert(1)">Tekst', "onerror"),
    ('<a href="javascript:alert(1)">Tekst</a>', "javascript: link"),
    ('<a href="JaVaScRiPt&#58;alert(1)">Tekst</a>', "javascript: link"),
    ('<a href=" java\tscript:alert(1)">Tekst</a>', "javascript: link"),
    ('<p style="background:url(javascript:alert(1))">Tekst</p>', "style"),
    ("<style>body{display:none}</style>Tekst", "style"),
    ('<iframe src="https://example.com"></iframe>Tekst', "iframe"),
    ("<svg onload=alert(1)><circle/></svg>Tekst", "svg"),
    ('<p onclick="alert(1)">Tekst</p>', "onclick"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">Tekst</a>', "data: link"),
    ("<object data=x></object><embed src=x>Tekst", "object"),
    ("<!-- <script>alert(1)</script> -->Tekst", "comment"),
]


@pytest.mark.parametrize(("payload", "named"), XSS_PAYLOADS)
def test_a_dangerous_payload_is_removed_and_named(payload, named):
    result = richtext.clean(payload)

    lowered = result.html.lower()
    for dangerous in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "<iframe",
        "<svg",
        "style",
        "<object",
        "<embed",
        "data:",
        "alert(",
    ):
        assert dangerous not in lowered
    assert "Tekst" in result.html
    assert named in result.removed


def test_plain_paragraphs_become_paragraphs_and_single_breaks_stay():
    result = richtext.clean("Første linje\nanden linje\n\n\nNyt afsnit")

    assert result.html == "<p>Første linje<br>\nanden linje</p>\n\n<p>Nyt afsnit</p>"
    assert result.removed == []


def test_plain_text_with_angle_brackets_and_ampersands_is_escaped_not_lost():
    result = richtext.clean("5 < 7 & 3 > 2")

    assert result.html == "<p>5 &lt; 7 &amp; 3 &gt; 2</p>"


def test_the_safe_subset_is_kept():
    text = (
        "<h3>Overskrift</h3>\n\n<ul><li><strong>fed</strong> og <em>kursiv</em></li></ul>\n\n"
        "<ol><li>en</li></ol>\n\n<blockquote>citat</blockquote>\n\n<h4>Under</h4>\n\n"
        '<p><a href="https://www.stopekstremisme.dk">link</a> og '
        '<a href="mailto:sekretariat@aarhus.dk">mail</a></p>'
    )

    result = richtext.clean(text)

    for kept in (
        "<h3>",
        "<ul>",
        "<li>",
        "<strong>",
        "<em>",
        "<ol>",
        "<blockquote>",
        "<h4>",
        'href="https://www.stopekstremisme.dk"',
        'href="mailto:sekretariat@aarhus.dk"',
    ):
        assert kept in result.html
    assert 'rel="noopener noreferrer"' in result.html
    assert result.removed == []


def test_a_relative_link_loses_its_address():
    result = richtext.clean('<a href="/admin/">her</a>')

    assert "href" not in result.html
    assert result.removed == ["relative link"]


def test_an_unknown_tag_is_removed_but_its_text_kept():
    result = richtext.clean("<marquee>Vigtigt</marquee>")

    assert result.html == "<p>Vigtigt</p>"
    assert result.removed == ["marquee"]


@pytest.mark.parametrize("payload", [p for p, _ in XSS_PAYLOADS] + ["Hej\n\nverden", ""])
def test_cleaning_twice_changes_nothing_and_removes_nothing(payload):
    once = richtext.clean(payload)

    twice = richtext.clean(once.html)

    assert twice.html == once.html
    assert twice.removed == []


def test_empty_text_is_empty():
    assert richtext.clean("   \n\n ").html == ""


def test_to_text_gives_one_line_per_block():
    html = richtext.clean("<p>En <strong>to</strong></p><ul><li>a &amp; b</li><li>c</li></ul>").html

    assert richtext.to_text(html) == "En to\na & b\nc"


@pytest.mark.parametrize(
    ("html", "editor"),
    [
        ("<p>Hej<br>\nverden</p>\n\n<p>Afsnit 2</p>", "Hej\nverden\n\nAfsnit 2"),
        ("<p>5 &lt; 7 <strong>fed</strong></p>", "5 &lt; 7 <strong>fed</strong>"),
        ("<p>En</p><ul><li><p>a</p></li></ul>", "En\n\n<ul><li><p>a</p></li></ul>"),
        ("<blockquote><p>c</p></blockquote>\n\n<p>d</p>", "<blockquote><p>c</p></blockquote>\n\nd"),
        ("", ""),
    ],
)
def test_the_editor_shows_simple_paragraphs_as_plain_text_and_they_come_back(html, editor):
    assert richtext.to_editor(html) == editor
    assert richtext.to_text(richtext.clean(editor).html) == richtext.to_text(html)
    assert richtext.clean(editor).removed == []
