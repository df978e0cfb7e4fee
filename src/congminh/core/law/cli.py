"""`congminh law evaluate|explain` (CONTRACTS.md §1).

    congminh law evaluate [--as-of D] [--period-end D] FILE|-   JSONL in, JSONL out
    congminh law explain  [--as-of D] FILE                      Vietnamese text
    congminh law events                                         the event table (Markdown)

Every input line gets one output line, in order; a case that cannot be evaluated gets
`"status": "error"`. The exit code is non-zero only when some input is not JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from .evaluate import Engine, _error_result, evaluate_case
from .event_table import markdown
from .explain import explain_case
from .labels import with_labels

EXIT_BAD_JSON = 2


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ: {text!r} (cần YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="congminh law", description="Thời hạn tố tụng theo luật")
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="tính trạng thái các thời hạn (JSONL vào, JSONL ra)")
    ev.add_argument("--as-of", type=_date, default=None, help="ngày tính (mặc định: hôm nay)")
    ev.add_argument("--period-end", type=_date, default=None, help="ngày cuối kỳ (cờ backlog)")
    ev.add_argument("file", help="tệp JSONL, hoặc - để đọc từ stdin")
    ex = sub.add_parser("explain", help="giải thích cách tính hạn của một vụ việc")
    ex.add_argument("--as-of", type=_date, default=None)
    ex.add_argument("--period-end", type=_date, default=None)
    ex.add_argument("file")
    sub.add_parser("events", help="bảng sự kiện (Markdown, như docs/events.md)")
    return parser


def _open(name: str) -> IO[str]:
    return sys.stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115


def _lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield number, line


def _evaluate(args: argparse.Namespace, as_of: date, out: IO[str]) -> int:
    engine = Engine.default()
    code = 0
    with _open(args.file) as stream:
        for number, line in _lines(stream):
            try:
                case: Any = json.loads(line)
            except json.JSONDecodeError as exc:
                code = EXIT_BAD_JSON
                result = _error_result(None, as_of, [f"dòng {number}: không phải JSON hợp lệ ({exc.msg})"])
            else:
                if isinstance(case, dict):
                    # Display names (holder_vi) are added here, not in evaluate_case: see labels.py.
                    result = with_labels(evaluate_case(case, as_of, period_end=args.period_end,
                                                       engine=engine))
                else:
                    result = _error_result(None, as_of, [f"dòng {number}: mỗi dòng phải là một đối tượng JSON"])
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return code


def _explain(args: argparse.Namespace, as_of: date, out: IO[str]) -> int:
    with _open(args.file) as stream:
        text = stream.read()
    try:
        cases = [json.loads(text)]
    except json.JSONDecodeError:
        try:
            cases = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            sys.stderr.write(f"Tệp không phải JSON hợp lệ: {exc.msg} (dòng {exc.lineno})\n")
            return EXIT_BAD_JSON
    engine = Engine.default()
    blocks = []
    for case in cases:
        if not isinstance(case, dict):
            blocks.append("Lỗi: mỗi vụ việc phải là một đối tượng JSON")
            continue
        blocks.append(explain_case(case, as_of, period_end=args.period_end, engine=engine).text_vi())
    out.write("\n\n".join(blocks) + "\n")
    return 0


def main(argv: list[str] | None = None, out: IO[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # The only place that reads the clock: the command line's default `--as-of`.
    as_of = getattr(args, "as_of", None) or date.today()
    stream = out or sys.stdout
    try:
        if args.command == "evaluate":
            return _evaluate(args, as_of, stream)
        if args.command == "events":
            stream.write(markdown())
            return 0
        return _explain(args, as_of, stream)
    except OSError as exc:
        sys.stderr.write(f"Không đọc được tệp: {exc}\n")
        return EXIT_BAD_JSON
