"""Speed of `parse_text` over the corpus texts, next to a general Vietnamese NLP
pipeline (underthesea sentence + word segmentation) over the same texts, same run.

    .venv/bin/python bench/doc_speed.py [--seconds 3]

Both run single-threaded in this process; rates per CPU second of this process are
per-core throughput and stay meaningful on a busy machine, wall-clock rates are shown too.
underthesea is the `bench` extra (pip install underthesea); pyvi is used if it is
missing. Prints rates and their ratio; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from congminh.core.documents import parse_text

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "core" / "documents" / "corpus"


def _rate(work: Callable[[str], object], texts: list[str], seconds: float) -> tuple[float, float, int]:
    """Documents per CPU second (per core: time this process ran) and per wall second,
    repeating the corpus until `seconds` of CPU time have passed."""
    for text in texts:  # warm-up: imports, regex compilation, model loading
        work(text)
    done = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    while time.process_time() - cpu0 < seconds:
        for text in texts:
            work(text)
        done += len(texts)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return done / cpu, done / wall, done


def _baseline() -> tuple[str, Callable[[str], object]]:
    try:
        from underthesea import sent_tokenize, word_tokenize

        def segment(text: str) -> object:
            return [word_tokenize(s) for s in sent_tokenize(text)]

        return "underthesea sent_tokenize + word_tokenize", segment
    except ImportError:
        from pyvi import ViTokenizer

        def tokenize(text: str) -> object:
            return [ViTokenizer.tokenize(line) for line in text.splitlines() if line.strip()]

        return "pyvi ViTokenizer (underthesea missing)", tokenize


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()
    texts = [p.read_text("utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    chars = sum(len(t) for t in texts)
    print(f"Corpus: {len(texts)} documents, {chars / len(texts) / 1000:.1f} k characters on average")
    ours, ours_wall, n_ours = _rate(parse_text, texts, args.seconds)
    name, work = _baseline()
    base, base_wall, n_base = _rate(work, texts, args.seconds)
    print(f"{'':44} per CPU-second   per wall-second")
    print(f"{'congminh parse_text':44} {ours:9.1f} docs/s  {ours_wall:9.1f} docs/s  ({n_ours} parsed)")
    print(f"{name:44} {base:9.1f} docs/s  {base_wall:9.1f} docs/s  ({n_base} segmented)")
    print(f"ratio parse_text / baseline (CPU)           {ours / base:9.1f}x")
    print(f"goal 200 documents/s/core: {'met' if ours >= 200 else 'NOT met'} (wall-clock figures drop when other processes share the cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
