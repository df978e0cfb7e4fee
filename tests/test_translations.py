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


# Django merges every app's catalogue into one, so a msgid (with its context) that two apps
# translate differently shows whichever app comes first in INSTALLED_APPS: one label, one home.
# Where the meaning truly differs by place, give the uses a message context (pgettext,
# {% translate ... context ... %}) instead. Each exception needs a reason.
ALLOWED_DIFFERENT: dict[tuple[str | None, str], str] = {}


# Third-party apps listed before ours in INSTALLED_APPS (django.contrib.admin, DRF ...) win the
# merge too: a msgid of ours they translate otherwise shows their wording, not ours. Differences
# of capitalisation only are harmless (Django capitalises labels itself).
SHADOWED_ALLOWED: dict[tuple[str | None, str], str] = {
    (None, "History"): "stale entry in supervision: the templates now say «History of changes»",
}


def _translations(entry: polib.POEntry | polib.MOEntry) -> str | tuple[tuple[int, str], ...]:
    if entry.msgid_plural:
        return tuple(sorted(entry.msgstr_plural.items()))
    return entry.msgstr


def test_same_msgid_same_translation_everywhere() -> None:
    seen: dict[tuple[str | None, str], dict[object, list[str]]] = {}
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)).translated_entries():
            key = (entry.msgctxt, entry.msgid)
            seen.setdefault(key, {}).setdefault(_translations(entry), []).append(po_path.parts[-5])
    clashes = {key: apps for key, apps in seen.items() if len(apps) > 1 and key not in ALLOWED_DIFFERENT}
    assert clashes == {}, "same msgid, different Vietnamese (unify, or add a message context):\n" + "\n".join(
        f"  {key}: {apps}" for key, apps in sorted(clashes.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])))


def test_allowed_differences_still_differ() -> None:
    """A stale exception would hide the next real clash on the same msgid."""
    seen: dict[tuple[str | None, str], set[object]] = {}
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)).translated_entries():
            seen.setdefault((entry.msgctxt, entry.msgid), set()).add(_translations(entry))
    stale = [key for key in ALLOWED_DIFFERENT if len(seen.get(key, ())) < 2]
    assert stale == [], f"these exceptions no longer differ; remove them: {stale}"


def _foreign_catalogues() -> list[Path]:
    from django.apps import apps

    paths = (Path(c.path) / "locale" / "vi" / "LC_MESSAGES" / "django.mo"
             for c in apps.get_app_configs() if not c.name.startswith("congminh."))
    return [p for p in paths if p.exists()]


def test_no_msgid_shadowed_by_a_third_party_catalogue() -> None:
    ours: dict[tuple[str | None, str], object] = {}
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)).translated_entries():
            ours[(entry.msgctxt, entry.msgid)] = _translations(entry)
    foreign = _foreign_catalogues()
    assert foreign, "no third-party Vietnamese catalogue found: is django.contrib.admin installed?"
    shadowed = []
    for mo_path in foreign:
        for entry in polib.mofile(str(mo_path)):
            key, theirs = (entry.msgctxt, entry.msgid), _translations(entry)
            mine = ours.get(key)
            if mine is None or not theirs or key in SHADOWED_ALLOWED:
                continue
            if str(mine).casefold() != str(theirs).casefold():
                shadowed.append(f"  {key}: ours {mine!r}, {mo_path.parts[-5]} shows {theirs!r}")
    assert shadowed == [], "msgids another app's catalogue overrides (align, or add a context):\n" + (
        "\n".join(shadowed))
