"""The UI is Vietnamese through Django's translation machinery: every app catalogue
must be complete, and the compiled .mo committed beside it must match its .po."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

APPS = Path(__file__).resolve().parents[1] / "src" / "congminh" / "apps"
CATALOGUES = sorted(APPS.glob("*/locale/vi/LC_MESSAGES/django.po"))


def test_there_are_catalogues() -> None:
    assert CATALOGUES, "no Vietnamese catalogue found"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_complete(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    assert missing == [], f"{po_path}: untranslated or fuzzy: {missing[:10]}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_matches(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(mo_path))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{mo_path} is stale: {entry.msgid!r} missing; recompile"
        assert compiled[key] == (entry.msgstr, tuple(sorted(entry.msgstr_plural.items()))), (
            f"{mo_path} is stale for {entry.msgid!r}; recompile"
        )
