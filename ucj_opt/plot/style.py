"""The one look of every chart: grays, hatches and markers that survive a black-and-white print.

Charts are built on :class:`matplotlib.figure.Figure` with an Agg canvas, never through
pyplot, so they hold no global state: safe in threads, notebooks and headless servers.
Series are told apart by hatch, line style and marker as well as by shade.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ucj_opt.text.formatting import format_number, format_percent, money_scale

__all__ = [
    "DARK",
    "FILLS",
    "HATCHES",
    "INK",
    "LIGHT",
    "LINESTYLES",
    "MARKERS",
    "MID",
    "finish_axes",
    "money_axis",
    "new_figure",
    "number_axis",
    "percent_axis",
    "require_columns",
]

INK = "#111111"
DARK = "#4d4d4d"
MID = "#8c8c8c"
LIGHT = "#d0d0d0"
FILLS: tuple[str, ...] = (DARK, "#ffffff", MID, LIGHT, "#2b2b2b", "#b0b0b0")
"""Fill shades, first to last series; paired with :data:`HATCHES`."""
HATCHES: tuple[str, ...] = ("", "///", "", "...", "xx", "\\\\")
"""Hatches, so neighbouring series differ even when shades print alike."""
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")
LINESTYLES: tuple[str, ...] = ("-", "--", "-.", ":")

_FONT = 9.0


def new_figure(width: float = 7.0, height: float = 4.2) -> Figure:
    """A blank figure (inches) with a constrained layout and an Agg canvas attached."""
    figure = Figure(figsize=(width, height), layout="constrained", facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def finish_axes(ax: Axes, title: str, *, grid: str = "x") -> None:
    """Title, light grid on the value axis, no top/right frame, readable tick labels."""
    ax.set_title(title, loc="left", fontsize=_FONT + 2, fontweight="bold", color=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if grid in ("x", "y", "both"):
        ax.grid(True, axis=grid, color=LIGHT, linewidth=0.6)  # type: ignore[arg-type]
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=_FONT, colors=INK)
    ax.xaxis.label.set_fontsize(_FONT + 0.5)
    ax.yaxis.label.set_fontsize(_FONT + 0.5)


def _formatter(write: Callable[[float], str]) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: write(float(value)))


def money_axis(ax: Axes, largest: float, lang: str, axis: str = "x") -> str:
    """Write rupiah ticks in one unit chosen from ``largest``; return the unit's name."""
    scale, unit = money_scale(largest, lang)
    span = largest / scale
    decimals = 0 if span >= 10 or span == 0 else 1
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(_formatter(lambda v: format_number(v / scale, lang, decimals)))
    return unit


def number_axis(ax: Axes, lang: str, axis: str = "y", decimals: int = 0) -> None:
    """Ticks with the language's thousands and decimal separators."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(_formatter(lambda v: format_number(v, lang, decimals)))


def percent_axis(ax: Axes, lang: str, axis: str = "x") -> None:
    """Ticks of shares in [0, 1] written as percentages."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(_formatter(lambda v: format_percent(v, lang, 0)))


def require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Refuse a table without the columns a chart needs, or with no rows or NaN values."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{what} needs columns {list(columns)}; missing {missing} "
            f"(got {list(map(str, frame.columns))})"
        )
    if frame.empty:
        raise ValueError(f"{what} got an empty table; there is nothing to draw")
    numeric = [c for c in columns if pd.api.types.is_numeric_dtype(frame[c])]
    if numeric and not np.isfinite(frame[numeric].to_numpy(dtype=float)).all():
        raise ValueError(f"{what}: columns {numeric} must hold finite numbers (found NaN/inf)")
