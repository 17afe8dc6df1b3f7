"""The visible texts a browser test looks for, as a Danish user sees them.

A test names a text by its English source (the msgid in the templates and the code) and gets what
the page shows in Danish, from the same translation catalogue the server uses:

    page.get_by_role("button", name=da("Change the status"))

so a better Danish wording never breaks a test. A msgid without a Danish translation is shown
in English on a page that says lang="da" (a bug); `untranslated()` lists the ones looked up
since `forget_looked_up()`, for the test to report. Translations need no database, so this is
safe in the test process.
"""

from __future__ import annotations

import functools
from typing import Any

import polib
from django.utils import translation

from tests.browser.support.server import PROJECT_DIR

LANGUAGE = "da"
CATALOGUE = PROJECT_DIR / "locale" / LANGUAGE / "LC_MESSAGES" / "django.mo"  # what the server uses
_used: dict[str, None] = {}  # every msgid looked up, in order, without duplicates


def da(msgid: str, **values: Any) -> str:
    """MSGID in Danish; VALUES fill its %(name)s placeholders after translation."""
    _used[msgid] = None
    with translation.override(LANGUAGE):
        text = translation.gettext(msgid)
    return text % values if values else text


@functools.cache
def _translated() -> frozenset[str]:
    entries = polib.mofile(str(CATALOGUE))
    return frozenset(
        entry.msgid for entry in entries if entry.msgstr or any(entry.msgstr_plural.values())
    )


def is_translated(msgid: str) -> bool:
    """True when the project's Danish catalogue translates MSGID (even to the same words)."""
    return msgid in _translated()


def forget_looked_up() -> None:
    """Start a fresh list for untranslated() (a test's own texts, not the earlier tests')."""
    _used.clear()


def untranslated(msgids: list[str] | None = None) -> list[str]:
    """The MSGIDS (by default every one looked up so far) the Danish catalogue lacks."""
    looked_up = list(_used) if msgids is None else msgids
    return [msgid for msgid in looked_up if not is_translated(msgid)]
