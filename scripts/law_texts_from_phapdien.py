"""Regenerate `src/congminh/core/law/texts/*.yaml` from the Bộ Pháp điển Markdown export.

The source is the public repository `diepxuan/diepxuan.github.io`, folder `van-ban/`: one
Markdown file per đề mục of the Bộ Pháp điển, in which every codified article appears as

    Điều 37.7.LQ.172. Thời hạn điều tra          <- heading (sometimes missing or glued)
    (Điều 172 Bộ luật số 101/2015/QH13, có hiệu lực ..., [được sửa đổi ... bởi ...])
    1. ...                                        <- khoản
    a) ...                                        <- điểm
    (Điều này có nội dung liên quan đến ...)      <- cross-references (not law text)

The article text is taken as it is: NFC-normalised, runs of whitespace collapsed, nothing
else changed. The export carries the amended text where the Pháp điển has consolidated the
amending law (the `origin` line names it); it does not carry amendments it has not yet
consolidated (e.g. Luật 85/2025/QH15, 99/2025/QH15 at the commit used).

Usage (with a local git mirror of the repository, e.g. from the `fetch` tool):

    .venv/bin/python scripts/law_texts_from_phapdien.py /path/to/repo.git [--commit SHA]

The articles written are those cited by the rule files (every rule, limit and extension
citation, and the citations of `counting` and `suspension`) plus the counting articles listed in `EXTRA` below.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "congminh" / "core" / "law" / "texts"
RETRIEVED = "2026-12-04"
REPOSITORY = "diepxuan/diepxuan.github.io"
TT = "van-ban/to-tung-va-cac-phuong-thuc-giai-quyet-tranh-chap"


@dataclass(frozen=True)
class Code:
    file: str  # output file name
    code: str  # the abbreviation the rule files cite
    aliases: tuple[str, ...]
    name: str
    law_number: str
    path: str  # in the source repository
    doc: str  # how the origin line names the document, e.g. "Bộ luật số 101/2015/QH13"
    prefix: str  # the đề mục's heading prefix, e.g. "37.7" (headings "Điều 37.7.LQ.<n>.")
    # Articles stored besides those cited: the counting articles, and the articles that
    # hold the sentence a rule rests on where its citation names another one, or that it
    # refers to (BLTTHS Đ.206 for the kinds of mandatory expertise; BLTTHS Đ.340 for the
    # appellate acceptance that Đ.346 k2 and Đ.464 k2 count from; BLTTHS
    # Đ.149, BLTTDS Đ.512, Luật TTHC Đ.149, Luật THADS Đ.146, Luật GĐTP Đ.24: see the
    # notes in the rule files); BLTTDS Đ.507 and Luật THADS Đ.142 stay stored from before
    # the rules BLTTDS-507 and THADS-142 were re-cited to Đ.512 and Đ.146.
    extra: tuple[str, ...] = ()
    note: str = ""


# The simplified procedure (thủ tục rút gọn) of each code, stored whole: its scope, its
# conditions, the decision applying it and its limits (BLTTHS Chương XXXI Đ.455-465, BLTTDS
# Chương XVIII Đ.316-324, Luật TTHC Chương XIV Đ.245-253).
SIMPLIFIED_BLTTHS = tuple(str(n) for n in range(455, 466))
SIMPLIFIED_BLTTDS = tuple(str(n) for n in range(316, 325))
SIMPLIFIED_LTTHC = tuple(str(n) for n in range(245, 254))

CODES = (
    Code("bltths-2015.yaml", "BLTTHS 2015", ("BLTTHS", "Bộ luật Tố tụng hình sự 2015"),
         "Bộ luật Tố tụng hình sự", "101/2015/QH13", f"{TT}/to-tung-hinh-su.md",
         "Bộ luật số 101/2015/QH13", "37.7",
         extra=("134", "149", "206", "340", *SIMPLIFIED_BLTTHS),
         note="Bản pháp điển có các sửa đổi của Luật 02/2021/QH15; chưa có các sửa đổi của "
              "Luật 34/2024/QH15, 59/2024/QH15, 99/2025/QH15."),
    Code("blttds-2015.yaml", "BLTTDS 2015", ("BLTTDS", "Bộ luật Tố tụng dân sự 2015"),
         "Bộ luật Tố tụng dân sự", "92/2015/QH13", f"{TT}/to-tung-dan-su.md",
         "Bộ luật số 92/2015/QH13", "37.5",
         extra=("182", "183", "507", "512", *SIMPLIFIED_BLTTDS),
         note="Bản pháp điển có các sửa đổi của Bộ luật 45/2019/QH14 và Luật 59/2020/QH14; "
              "chưa có các sửa đổi của Luật 85/2025/QH15."),
    Code("luat-tthc-2015.yaml", "Luật TTHC 2015", ("Luật TTHC", "Luật Tố tụng hành chính 2015"),
         "Luật Tố tụng hành chính", "93/2015/QH13", f"{TT}/to-tung-hanh-chinh.md",
         "Luật số 93/2015/QH13", "37.6",
         extra=("60", "128", "149", *SIMPLIFIED_LTTHC),
         note="Bản pháp điển có các sửa đổi của Luật 55/2019/QH14; chưa có các sửa đổi của "
              "Luật 85/2025/QH15. Luật không có điều riêng về cách tính thời hạn."),
    Code("luat-thads-2008.yaml", "Luật THADS 2008", ("Luật THADS", "Luật Thi hành án dân sự 2008"),
         "Luật Thi hành án dân sự", "26/2008/QH12", "van-ban/thi-hanh-an/thi-hanh-an-dan-su.md",
         "Luật số 26/2008/QH12", "30.2", extra=("142", "146"),
         note="Bản pháp điển có các sửa đổi của Luật 64/2014/QH13 và Luật 03/2022/QH15. "
              "Luật không có điều riêng về cách tính thời hạn. Luật THADS 106/2025/QH15 "
              "(hiệu lực 01/7/2026) chưa có trong bản pháp điển."),
    Code("luat-gdtp-2012.yaml", "Luật GĐTP 2012 (sửa đổi 2020)",
         ("Luật GĐTP", "Luật GĐTP 2012", "Luật Giám định tư pháp 2012"),
         "Luật Giám định tư pháp", "13/2012/QH13", "van-ban/bo-tro-tu-phap/giam-dinh-tu-phap.md",
         "Luật số 13/2012/QH13", "4.3", extra=("24",),
         note="Bản pháp điển có các sửa đổi của Luật 56/2020/QH14. Luật GĐTP 105/2025/QH15 "
              "chưa có trong bản pháp điển."),
    Code("blds-2015.yaml", "BLDS 2015", ("BLDS", "Bộ luật Dân sự 2015"),
         "Bộ luật Dân sự", "91/2015/QH13", "van-ban/dan-su/dan-su.md",
         "Bộ luật số 91/2015/QH13", "9.1", extra=("147", "148")),
)

HEADING_ANY = re.compile(r"Điều \d+(?:\.\d+)+\.[A-ZĐ]+(?:\.\d+)*\.\d+[a-z]?\. ")
CLAUSE = re.compile(r"^(\d+[a-z]?)\.(?: |(?=[^\d\s]))(.*)$")  # "5.Trường hợp" occurs
POINT = re.compile(r"^([a-zđ]\d?)\) (.*)$")


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def git_show(repo: str, commit: str, path: str) -> str:
    return subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def cited_articles() -> dict[str, set[str]]:
    sys.path.insert(0, str(ROOT / "src"))
    from congminh.core.law.rules import default_rules

    out: dict[str, set[str]] = {}
    for rule in default_rules().all():
        cits = [rule.citation]
        cits += [c for c in (rule.counting_citation, rule.suspension_citation) if c is not None]
        for lim in rule.limits:
            cits.append(lim.citation)
            cits.extend(t.citation for t in lim.extensions)
        for cit in cits:
            if cit.article is not None:
                out.setdefault(cit.law, set()).add(cit.article)
    return out


@dataclass
class Clause:
    number: str
    text: list[str] = field(default_factory=list)
    points: list[dict[str, str]] = field(default_factory=list)
    after: list[str] = field(default_factory=list)

    def add(self, para: str) -> None:
        m = POINT.match(para)
        if m:
            # Paragraphs between two points continue the earlier point.
            if self.after:
                self.points[-1]["text"] += "\n" + "\n".join(self.after)
                self.after = []
            self.points.append({"letter": m.group(1), "text": para})
        elif self.points:
            # After the last point: kept apart as the clause's closing text (it may govern
            # every point, e.g. BLTTDS Đ.203 k1 on extensions).
            self.after.append(para)
        else:
            self.text.append(para)

    def dump(self) -> dict[str, object]:
        out: dict[str, object] = {"number": self.number, "text": "\n".join(self.text)}
        if self.points:
            out["points"] = self.points
        if self.after:
            out["text_after_points"] = "\n".join(self.after)
        return out


def body_lines(lines: list[str], start: int) -> list[str]:
    """The article's paragraphs after its origin line, up to whatever is not its text."""
    out: list[str] = []
    for raw in lines[start:]:
        line = norm(raw)
        if not line:
            continue
        if line.startswith(("(Điều này", "(Chương này", "(Mục này", "(Điều ", "#", "Chương ",
                            "Mục ", "Phần ")) or HEADING_ANY.match(line):
            break
        glued = HEADING_ANY.search(line)
        if glued:  # "...pháp luật.Điều 37.7.LQ.148. Tạm đình chỉ ..."
            out.append(line[: glued.start()].strip())
            break
        out.append(line)
    return [p for p in out if p]


def parse_article(number: str, paras: list[str]) -> dict[str, object]:
    intro: list[str] = []
    clauses: list[Clause] = []
    for para in paras:
        m = CLAUSE.match(para)
        if m and (not clauses and m.group(1) == "1" or clauses and _next(clauses[-1].number)
                  == m.group(1)):
            clauses.append(Clause(m.group(1), [para]))
        elif clauses:
            clauses[-1].add(para)
        else:
            intro.append(para)
    out: dict[str, object] = {}
    if intro:
        out["text"] = "\n".join(intro)
    if clauses:
        out["clauses"] = [c.dump() for c in clauses]
    return out


def _next(number: str) -> str:
    digits = re.match(r"\d+", number)
    assert digits
    return str(int(digits.group()) + 1)


def extract(code: Code, text: str, wanted: set[str]) -> tuple[list[dict[str, object]], list[str]]:
    section = text.split("\n## VĂN BẢN", 1)[1]
    main, _, index = section.partition("\n## Danh sách điều khoản")
    lines = main.splitlines()
    titles: dict[str, str] = {}
    heading = re.compile(rf"Điều {re.escape(code.prefix)}\.LQ\.(\d+[a-z]?)\. (.+)")
    for line in text.splitlines():
        for m in heading.finditer(line):
            if line[: m.start()].rstrip().endswith(("đến", ";")):
                continue  # a cross-reference ("có nội dung liên quan đến Điều ...")
            title = HEADING_ANY.split(m.group(2))[0]
            # Lines of the index repeat the article's first words after the title.
            title = re.split(r" (?=\d+\. |[a-zđ]\) )", title)[0]
            titles.setdefault(m.group(1), norm(title))
    origin = re.compile(rf"^\(Điều (\d+[a-z]?) {re.escape(code.doc)}\b.*\)$")
    found: dict[str, dict[str, object]] = {}
    for i, line in enumerate(lines):
        m = origin.match(norm(line))
        if not m or m.group(1) not in wanted or m.group(1) in found:
            continue
        number = m.group(1)
        amended = re.search(r"(được (?:sửa đổi|bổ sung|bãi bỏ).*?) bởi (.+?) có hiệu lực", line)
        article: dict[str, object] = {"number": number, "title": titles.get(number, "")}
        article["origin"] = norm(line)[1:-1]
        if amended:
            article["amended_by"] = norm(amended.group(2))
        article.update(parse_article(number, body_lines(lines, i + 1)))
        found[number] = article
    missing = sorted(wanted - set(found), key=_key)
    return [found[n] for n in sorted(found, key=_key)], missing


def _key(number: str) -> tuple[int, str]:
    m = re.match(r"(\d+)(.*)", number)
    assert m
    return int(m.group(1)), m.group(2)


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", help="git directory of a mirror of " + REPOSITORY)
    parser.add_argument("--commit", default="HEAD")
    args = parser.parse_args()
    commit = subprocess.run(["git", "-C", args.repo, "rev-parse", args.commit], check=True,
                            capture_output=True, text=True).stdout.strip()
    cited = cited_articles()
    OUT.mkdir(parents=True, exist_ok=True)
    status = 0
    for code in CODES:
        wanted = set(code.extra) | cited.get(code.code, set())
        articles, missing = extract(code, git_show(args.repo, commit, code.path), wanted)
        doc = {
            "code": code.code,
            "aliases": list(code.aliases),
            "name": code.name,
            "law_number": code.law_number,
            "source": {"repository": REPOSITORY, "path": code.path, "commit": commit,
                       "description": "Bộ Pháp điển (bản xuất Markdown), đề mục "
                                      f"{code.prefix}"},
            "retrieved": RETRIEVED,
            "note": code.note or None,
            "missing": missing,
            "articles": articles,
        }
        doc = {k: v for k, v in doc.items() if v not in (None, [])}
        header = ("# Verbatim text (NFC, whitespace collapsed) generated by "
                  "scripts/law_texts_from_phapdien.py: do not edit by hand.\n")
        (OUT / code.file).write_text(
            header + yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                               width=1_000_000), "utf-8")
        print(f"{code.file}: {len(articles)} articles; missing {missing or 'none'}")
        status |= bool(missing)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
