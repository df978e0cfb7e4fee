"""Charts of the reports and the leadership view, drawn on the server by matplotlib (Agg
backend: no display, no script in the page, nothing from the internet): PNG for the
documents, SVG for the screens. Readable without colour: every series has its own hatch
pattern or marker and grey level, every bar and point carries its number, every axis its
names."""

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


def _png(fig: Figure, fmt: str = "png") -> bytes:
    out = io.BytesIO()
    metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    fig.savefig(out, format=fmt, dpi=DPI, bbox_inches="tight", metadata=metadata)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return out.getvalue()


def grouped_bars(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                 *, ylabel: str = "", fmt: str = "png") -> bytes:
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
    return _png(fig, fmt)


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


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def stacked_bars(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                 *, fmt: str = "svg") -> bytes:
    """Horizontal stacked bars: one bar per category, one segment per series, each segment
    with its pattern, grey and number (numbers of narrow segments are left to the table)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.8, 0.5 * max(len(categories), 2) + 1.2))
    ys = list(range(len(categories)))[::-1]
    left = [0] * len(categories)
    total = max((sum(v) for v in zip(*(vals for _n, vals in series), strict=True)), default=0) or 1
    for i, (name, values) in enumerate(series):
        bars = ax.barh(ys, values, left=left, label=name, color=GREYS[i % len(GREYS)],
                       edgecolor="black", linewidth=0.8, hatch=HATCHES[i % len(HATCHES)])
        labels = [_number(v) if v / total > 0.06 else "" for v in values]
        ax.bar_label(bars, labels=labels, label_type="center", fontsize=8,
                     bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "linewidth": 0})
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(ys, list(categories))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize=10, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=8, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    return _png(fig, fmt)


MARKERS = ("o", "s", "^", "D", "v", "P")
LINESTYLES = ("-", "--", ":", "-.", "-", "--")


def lines(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
          *, fmt: str = "svg") -> bytes:
    """One line per series over the periods, each with its own marker and dash, every
    point with its number."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.8, 3.2))
    xs = list(range(len(labels)))
    for i, (name, values) in enumerate(series):
        ax.plot(xs, values, label=name, color=GREYS[(i * 2) % len(GREYS)] if i else "black",
                marker=MARKERS[i % len(MARKERS)], linestyle=LINESTYLES[i % len(LINESTYLES)],
                markerfacecolor="white", markeredgecolor="black", linewidth=1.4)
        for x, v in zip(xs, values, strict=True):
            ax.annotate(_number(v), (x, v), textcoords="offset points", xytext=(0, 6),
                        ha="center", fontsize=7)
    ax.set_xticks(xs, list(labels), fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize=10, fontweight="bold")
    ax.margins(y=0.2)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=8)
    return _png(fig, fmt)
