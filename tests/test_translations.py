"""The Danish and English catalogues are complete, current with the code, and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("da", "en")


def _catalogue(root: Path, language: str) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


def _ids(catalogue: polib.POFile) -> set[tuple[str, str]]:
    return {(entry.msgctxt or "", entry.msgid) for entry in catalogue if not entry.obsolete}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalogue = _catalogue(ROOT, language)

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == [], f"{language}: translate these"
    assert fuzzy == [], f"{language}: review these fuzzy entries"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    compiled = polib.mofile(str(folder / "django.mo"))
    source = polib.pofile(str(folder / "django.po"))

    def pairs(catalogue):
        return {
            (e.msgctxt or "", e.msgid, e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue
            if e.msgid and not e.obsolete and not getattr(e, "fuzzy", False)
        }

    assert pairs(compiled) == pairs(source), "run `make messages` to compile the catalogues"


def test_the_catalogues_hold_every_message_the_code_uses(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("Install Debian's gettext: apt-get install -y --no-install-recommends gettext")
    for name in ("manage.py", "forebyg", "templates", "locale"):
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "da", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "FOREBYG_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "forebyg.settings",
        },
    )

    in_code = _ids(_catalogue(tmp_path, "da"))
    for language in LANGUAGES:
        missing = in_code - _ids(_catalogue(ROOT, language))
        assert not missing, f"{language}: run `make messages`; missing {sorted(missing)[:10]}"
