"""Hostile input for the hardening tests: text a user could type or paste (unicode of every kind,
bidirectional marks, emoji, combining characters, NUL and control characters, overlong strings),
dates that exist only at the edges of the calendar or not at all, and absurd numbers."""

import datetime

from hypothesis import strategies as st

# Characters (and a few short sequences) that have broken text handling elsewhere: NUL
# (PostgreSQL refuses it in text), C0/C1 controls, bidirectional overrides (RLO spoofs file
# names), zero-width characters, a BOM, lone combining marks, emoji sequences, the replacement
# character, and the characters that matter to HTML, SQL and format strings.
NASTY_CHARACTERS = [
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x1b",
    "\x7f",
    "\x85",
    "\r",
    "\n",
    "\t",
    "\u200b",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\u2028",
    "\ufeff",
    "\u0301",
    "\u0336",
    "\ufffd",
    "👩‍👩‍👧",
    "🏳️‍🌈",
    "ﷺ",
    "Æøå",
    "ß",
    "İ",
    "<",
    "&",
    '"',
    "'",
    "%s",
    "{0}",
    "\\",
]

NASTY_STRINGS = [
    "",
    " ",
    "\x00",
    "   \t\n  ",
    "Null",
    "None",
    "-1",
    "0",
    "1e309",
    "NaN",
    "‮gpj.exe",
    "דניאל\u200f 123",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "' OR 1=1 --",
    "%(name)s %s {0} {{ x }}",
    "../../etc/passwd",
    "010101-1234",
]

# Outside the Basic Multilingual Plane included; surrogates are not valid in UTF-8.
any_character = st.characters(codec="utf-8")
text = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    st.lists(st.one_of(any_character, st.sampled_from(NASTY_CHARACTERS)), max_size=40).map("".join),
    st.lists(st.sampled_from(NASTY_CHARACTERS), max_size=20).map("".join),
)
# Longer than any limit of the project (the longest free texts allow 10,000 characters).
overlong = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["a", "Æ", "👩‍👩‍👧", "\u0301", "x\x00"]),
    st.integers(min_value=10_001, max_value=20_000),
)
hostile_text = st.one_of(text, text, text, overlong)

EDGE_DATES = [
    datetime.date.min,
    datetime.date.max,
    datetime.date(1900, 1, 1),
    datetime.date(2000, 2, 29),
]
# Dates as a form receives them: impossible ones, other formats, edges and junk.
DATE_TEXTS = [
    "0001-01-01",
    "9999-12-31",
    "2025-02-29",
    "2026-13-40",
    "2026-00-00",
    "29-02-2025",
    "31.04.2026",
    "31/12/9999",
    "01-01-0001",
    "00000000",
    "2026-1-1",
    "10000-01-01",
    "-2026-01-01",
    "2026-01-01T25:61:61",
    "٢٠٢٦-٠١-٠١",  # Arabic-Indic digits: Python's int() accepts them
    "２０２６-０１-０１",  # full-width digits, likewise
]
date_text = st.one_of(
    st.sampled_from(DATE_TEXTS),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    text,
)
NUMBER_TEXTS = ["-1", "0", "-0", "2147483648", "9223372036854775808", "1e400", "1_000", "٣", "0x10"]
number_text = st.one_of(
    st.sampled_from(NUMBER_TEXTS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    text,
)
