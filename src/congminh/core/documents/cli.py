"""`congminh doc parse [--format json|text] FILE`"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .extract import ExtractionError
from .parser import parse_file


def _text_report(result: dict[str, Any]) -> str:
    """A plain report for people reading a terminal."""
    signer = result.get("signer") or {}
    received = result.get("received")
    lines = [
        f"{result['type'] or '?'} {result['number_symbol'] or '(no number)'}"
        f" — {result['issuer'] or '?'}" + (f" ({result['issuer_parent']})" if result["issuer_parent"] else ""),
        f"Place, date: {result['place'] or '?'}, {result['date'] or '?'}   Family: {result['family'] or '?'}",
        f"Subject: {result['subject'] or '?'}",
        "Signer: " + " / ".join(x for x in (signer.get("authority"), signer.get("title"), signer.get("name")) if x),
    ]
    if received:
        lines.append(f"Received: {received.get('by')} no. {received.get('number')} on {received.get('date')}")
    if result["citations"]:
        lines.append("Cites: " + "; ".join(c["number_symbol"] for c in result["citations"]))
    lines.append(f"Tasks ({len(result['tasks'])}):")
    for task in result["tasks"]:
        when = ", ".join(x for x in (task["due"], task["recurrence"]) if x)
        lines.append(f"  [{task['ref']}] {'; '.join(task['assignees']) or '(no named body)'}" + (f" — {when}" if when else ""))
    if result["recipients"]:
        lines.append("Recipients: " + "; ".join(result["recipients"]))
    for warning in result["warnings"]:
        lines.append(f"Warning: {warning}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="congminh doc", description="Read Vietnamese administrative and Party documents.")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="extract header fields and tasks as JSON")
    parse.add_argument("--format", choices=["json", "text"], default="json")
    parse.add_argument("file")
    args = parser.parse_args(argv)
    try:
        result = parse_file(args.file)
    except (OSError, ExtractionError) as exc:
        print(f"congminh doc parse: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(_text_report(result))
    return 0
