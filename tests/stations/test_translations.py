"""Every string has its Chinese translation, and the compiled catalogues match."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")) + sorted(
    ROOT.glob("locale/zh_Hans/LC_MESSAGES/django.po")
)


def test_catalogues_exist():
    names = {path.parts[-5] if path.parts[-5] != ROOT.name else "project" for path in CATALOGUES}
    assert {"stations", "project"} <= names


@pytest.mark.parametrize("po_path", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES])
def test_every_string_is_translated(po_path):
    catalogue = polib.pofile(str(po_path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES])
def test_compiled_catalogue_matches_its_source(po_path):
    """A fresh machine shows Chinese without gettext: the .mo is committed and current."""
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po_path)) if not e.msgid_plural}
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(po_path.with_suffix(".mo"))) if not e.msgid_plural
    }
    assert compiled == {key: value for key, value in source.items() if value}
