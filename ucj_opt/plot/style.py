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
from matplotlib.axis import Axis
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
    "tick_decimals",
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


def _wrapped(title: str, ax: Axes) -> str:
    """The title broken into lines that fit the figure's width (a long Indonesian title
    would otherwise be clipped at the right edge)."""
    import textwrap

    figure = ax.get_figure(root=True)
    width_in = float(figure.get_figwidth()) if isinstance(figure, Figure) else 7.0
    per_line = max(20, int(width_in * 72 / ((_FONT + 2) * 0.62)))
    return textwrap.fill(title, per_line, break_long_words=False)


def finish_axes(ax: Axes, title: str, *, grid: str = "x") -> None:
    """Title, light grid on the value axis, no top/right frame, readable tick labels."""
    ax.set_title(_wrapped(title, ax), loc="left", fontsize=_FONT + 2, fontweight="bold", color=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if grid in ("x", "y", "both"):
        ax.grid(True, axis=grid, color=LIGHT, linewidth=0.6)  # type: ignore[arg-type]
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=_FONT, colors=INK)
    ax.xaxis.label.set_fontsize(_FONT + 0.5)
    ax.yaxis.label.set_fontsize(_FONT + 0.5)


def tick_decimals(ticks: Sequence[float], least: int = 0) -> int:
    """The fewest decimals (at least ``least``, at most 4) that write every tick exactly:
    0.25 needs 2 (not "0.2"), 17.5 needs 1 (not "18").

    Examples
    --------
    >>> tick_decimals([0.0, 0.25, 0.5]), tick_decimals([15.0, 17.5, 20.0]), tick_decimals([0, 5])
    (2, 1, 0)
    """
    values = np.asarray(ticks, dtype=float)
    values = values[np.isfinite(values)]
    for decimals in range(least, 5):
        scaled = values * 10**decimals
        if np.allclose(scaled, np.round(scaled), rtol=0, atol=1e-6 * max(1.0, *abs(scaled))):
            return decimals
    return 4


def _exact(axis: Axis, write: Callable[[float, int], str], least: int = 0) -> FuncFormatter:
    """A formatter writing each tick with the decimals all current ticks need."""

    def label(value: float, _pos: int | None) -> str:
        return write(float(value), tick_decimals(list(axis.get_majorticklocs()), least))

    return FuncFormatter(label)


def money_axis(ax: Axes, largest: float, lang: str, axis: str = "x") -> str:
    """Write rupiah ticks in one unit chosen from ``largest``; return the unit's name."""
    scale, unit = money_scale(largest, lang)
    target = ax.xaxis if axis == "x" else ax.yaxis

    def label(value: float, _pos: int | None) -> str:
        ticks = [x / scale for x in target.get_majorticklocs()]
        return format_number(value / scale, lang, tick_decimals(ticks))

    target.set_major_formatter(FuncFormatter(label))
    return unit


def number_axis(ax: Axes, lang: str, axis: str = "y", decimals: int = 0) -> None:
    """Ticks with the language's thousands and decimal separators, with as many decimals
    as the ticks need (at least ``decimals``)."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(_exact(target, lambda v, d: format_number(v, lang, d), decimals))


def percent_axis(ax: Axes, lang: str, axis: str = "x") -> None:
    """Ticks of shares in [0, 1] written as percentages (12.5% keeps its decimal)."""
    target = ax.xaxis if axis == "x" else ax.yaxis

    def label(value: float, _pos: int | None) -> str:
        ticks = [100 * x for x in target.get_majorticklocs()]
        return format_percent(value, lang, tick_decimals(ticks))

    target.set_major_formatter(FuncFormatter(label))


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
