"""The annual report's charts as PNG images (matplotlib, Agg backend: no display, nothing
from the internet). Readable without colour: every series has its own hatch pattern and
grey level, every bar carries its number, every axis its names."""

from __future__ import annotations

import io
from collections.abc import Sequence
from types import ModuleType

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

DPI = 150
HATCHES = ("", "///", "...", "xx", "\\\\", "++")
GREYS = ("#303030", "#f0f0f0", "#a0a0a0", "#ffffff", "#606060", "#d0d0d0")


def _pyplot() -> ModuleType:
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "hatch.linewidth": 0.8,
                         "svg.hashsalt": "congminh", "path.simplify": False})
    return plt


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    import matplotlib.pyplot as plt

    plt.close(fig)
    return out.getvalue()


def grouped_bars(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                 *, ylabel: str = "") -> bytes:
    """Vertical bars: one group per category, one bar per series (pattern + grey + number)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.3, 3.2))
    n = max(len(series), 1)
    width = 0.8 / n
    for i, (name, values) in enumerate(series):
        xs = [c + (i - (n - 1) / 2) * width for c in range(len(categories))]
        bars = ax.bar(xs, values, width, label=name, color=GREYS[i % len(GREYS)],
                      edgecolor="black", linewidth=0.8, hatch=HATCHES[i % len(HATCHES)])
        ax.bar_label(bars, labels=[f"{v:,}".replace(",", ".") for v in values], padding=2, fontsize=8)
    ax.set_xticks(range(len(categories)), list(categories))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize=10, fontweight="bold")
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.margins(y=0.18)
    ax.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=8)
    return _png(fig)


def horizontal_bars(title: str, labels: Sequence[str], values: Sequence[int]) -> bytes:
    """One bar per label (a status), each with its own pattern and its number."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.3, 0.45 * max(len(labels), 2) + 0.9))
    ys = list(range(len(labels)))[::-1]
    bars = ax.barh(ys, values, color=[GREYS[i % len(GREYS)] for i in range(len(labels))],
                   edgecolor="black", linewidth=0.8,
                   hatch=None)
    for bar, hatch in zip(bars, HATCHES, strict=False):
        bar.set_hatch(hatch)
    ax.bar_label(bars, labels=[f"{v:,}".replace(",", ".") for v in values], padding=3, fontsize=8)
    ax.set_yticks(ys, list(labels))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize=10, fontweight="bold")
    ax.margins(x=0.15)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)
