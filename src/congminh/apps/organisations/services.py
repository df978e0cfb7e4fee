"""Writes to the registry of bodies: loading a registry file (`data/gia-lai.yaml`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from congminh.apps.organisations.models import Kind, Level, Organisation, OrganisationAlias
from congminh.core.text import fold, nfc

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "gia-lai.yaml"
SCALAR_FIELDS = ("name", "short_name", "kind", "level", "admin_unit_code", "valid_from", "valid_to")


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _row_errors(path: Path, index: int, row: Any) -> tuple[dict[str, Any] | None, list[str]]:
    """A clean row, or the reasons it is rejected (naming the file, entry and field)."""
    where = _("%(file)s, entry %(n)d") % {"file": path.name, "n": index + 1}
    if not isinstance(row, dict) or not row.get("code"):
        return None, [_("%(where)s: the field “code” is missing.") % {"where": where}]
    where = f"{where} ({row['code']})"
    errors = []
    clean: dict[str, Any] = {"code": str(row["code"]), "name": nfc(str(row.get("name") or "")).strip()}
    if not clean["name"]:
        errors.append(_("%(where)s: the field “name” is missing.") % {"where": where})
    for name, choices in (("kind", Kind.values), ("level", Level.values)):
        value = str(row.get(name) or "")
        if value not in choices:
            errors.append(_("%(where)s: field “%(field)s” has the unknown value “%(value)s”.")
                          % {"where": where, "field": name, "value": value})
        clean[name] = value
    for name in ("valid_from", "valid_to"):
        try:
            clean[name] = _date(row.get(name))
        except ValueError:
            errors.append(_("%(where)s: field “%(field)s” is not a date (yyyy-mm-dd): “%(value)s”.")
                          % {"where": where, "field": name, "value": row.get(name)})
    if not errors and clean["valid_from"] and clean["valid_to"] and (
        clean["valid_to"] < clean["valid_from"]
    ):
        errors.append(_("%(where)s: “valid_to” is before “valid_from”.") % {"where": where})
    clean["short_name"] = nfc(str(row.get("short_name") or ""))
    clean["admin_unit_code"] = str(row.get("admin_unit_code") or "")
    clean["parent"] = row.get("parent") or ""
    clean["predecessors"] = [str(p) for p in row.get("predecessors") or []]
    clean["aliases"] = [nfc(str(a)).strip() for a in row.get("aliases") or [] if str(a).strip()]
    return (None if errors else clean), errors


def _upsert(
    rows: list[dict[str, Any]], province_code: str, result: LoadResult
) -> dict[str, Organisation]:
    """Create or update the bodies of `rows` in a few queries, whatever the file's size."""
    existing = Organisation.objects.in_bulk([r["code"] for r in rows], field_name="code")
    orgs: dict[str, Organisation] = {}
    new: list[Organisation] = []
    for row in rows:
        values = {f: row[f] for f in SCALAR_FIELDS} | {"province_code": province_code}
        org = existing.get(row["code"])
        if org is not None and all(getattr(org, f) == v for f, v in values.items()):
            result.unchanged += 1
        elif org is not None:
            for f, v in values.items():
                setattr(org, f, v)
            org.full_clean(exclude=["parent", "name_folded"], validate_unique=False)
            org.save()
            result.updated += 1
        else:
            org = Organisation(code=row["code"], **values)
            org.full_clean(exclude=["parent", "name_folded"], validate_unique=False)
            org.name_folded = fold(org.name)  # bulk_create skips save(), which sets it
            new.append(org)
        orgs[row["code"]] = org
    Organisation.objects.bulk_create(new)
    result.created += len(new)
    if connection.features.can_return_rows_from_bulk_insert:
        return orgs
    # Older SQLite builds return no ids from bulk_create: read them back.
    return Organisation.objects.in_bulk(list(orgs), field_name="code")


def _link(
    rows: list[tuple[str, dict[str, Any]]], orgs: dict[str, Organisation], result: LoadResult
) -> None:
    """Set parents and predecessors as the file says; add the aliases it lists."""
    Through = Organisation.predecessors.through
    ids = [orgs[r["code"]].pk for _w, r in rows]
    links = set(Through.objects.filter(from_organisation_id__in=ids).values_list(
        "from_organisation_id", "to_organisation_id"))
    aliases = set(OrganisationAlias.objects.filter(organisation_id__in=ids).values_list(
        "organisation_id", "alias"))
    wanted_links: set[tuple[int, int]] = set()
    new_aliases: list[OrganisationAlias] = []
    for where, row in rows:
        org = orgs[row["code"]]
        for code in [row["parent"], *row["predecessors"]]:
            if code and code not in orgs:
                result.errors.append(_("%(where)s: refers to the unknown body “%(code)s”.")
                                     % {"where": where, "code": code})
        parent_id = orgs[row["parent"]].pk if row["parent"] in orgs else None
        if org.parent_id != parent_id:
            Organisation.objects.filter(pk=org.pk).update(parent_id=parent_id)
        wanted_links |= {(org.pk, orgs[c].pk) for c in row["predecessors"] if c in orgs}
        for alias in row["aliases"]:
            if (org.pk, alias) not in aliases:
                aliases.add((org.pk, alias))
                new_aliases.append(
                    OrganisationAlias(organisation=org, alias=alias, alias_folded=fold(alias))
                )
    for old in links - wanted_links:
        Through.objects.filter(from_organisation_id=old[0], to_organisation_id=old[1]).delete()
    Through.objects.bulk_create([
        Through(from_organisation_id=a, to_organisation_id=b) for a, b in wanted_links - links
    ])
    OrganisationAlias.objects.bulk_create(new_aliases)


@transaction.atomic
def organisations_load(*, path: Path | str = DEFAULT_PATH) -> LoadResult:
    """Upsert every body of a registry file by `code` (loading twice changes nothing).

    Rejected entries are reported in `errors` and the rest are kept. Aliases are only
    added (people may have added their own); parents and predecessors follow the file.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationError(
            _("Cannot read the registry file %(file)s: %(error)s") % {"file": path, "error": exc}
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("organisations"), list):
        raise ValidationError(
            _("%(file)s has no “organisations” list.") % {"file": path.name}
        )
    province_code = str((data.get("meta") or {}).get("province_code") or "")
    result = LoadResult()
    rows: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["organisations"]):
        row, errors = _row_errors(path, index, raw)
        if row is not None and row["code"] in seen:
            errors = [_("%(file)s, entry %(n)d: the code “%(code)s” appears twice.")
                      % {"file": path.name, "n": index + 1, "code": row["code"]}]
            row = None
        result.errors += errors
        if row is not None:
            seen.add(row["code"])
            rows.append((f"{path.name}, {row['code']}", row))
    orgs = _upsert([r for _w, r in rows], province_code, result)
    # Links may point at bodies loaded earlier from another file.
    refs = {c for _w, r in rows for c in [r["parent"], *r["predecessors"]] if c} - set(orgs)
    orgs |= {o.code: o for o in Organisation.objects.filter(code__in=refs)}
    _link(rows, orgs, result)
    return result
