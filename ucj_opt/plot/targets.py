"""Charts of the path to the coverage targets and of the award standings.

Both read the tables :mod:`ucj_opt.targets` writes (``path.csv``, ``award.csv``); region
labels are the names in those tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ucj_opt.plot.style import (
    DARK,
    FILLS,
    HATCHES,
    INK,
    MARKERS,
    finish_axes,
    new_figure,
    percent_axis,
    require_columns,
)
from ucj_opt.text.catalogue import check_lang, t

__all__ = ["award_chart", "path_to_target", "regions_against_target"]

_SHOWN = 40
"""Regions drawn at most; the rest are counted in the axis label."""


def _check(frame: pd.DataFrame, lang: str, what: str) -> None:
    check_lang(lang)
    require_columns(frame, ["region", "name", "year", "coverage", "target"], what)


def path_to_target(frame: pd.DataFrame, *, lang: str = "en") -> Figure:
    """All regions together, year by year: coverage of the workforce against the target.

    Columns: ``region`` (the row of all regions is ``all``), ``name``, ``year``,
    ``coverage`` and ``target`` (shares of the workforce).

    Examples
    --------
    >>> frame = pd.DataFrame({
    ...     "region": ["all", "all", "11", "11"], "name": ["all", "all", "Aceh", "Aceh"],
    ...     "year": [2026, 2027, 2026, 2027], "coverage": [0.36, 0.37, 0.36, 0.37],
    ...     "target": [0.35, 0.38, 0.35, 0.38]})
    >>> len(path_to_target(frame, lang="id").axes)
    1
    """
    _check(frame, lang, "path_to_target")
    nation = frame[frame["region"] == "all"].sort_values("year")
    figure = new_figure(7.0, 3.2)
    ax = figure.add_subplot()
    years = nation["year"].to_numpy(dtype=int)
    ax.plot(years, nation["coverage"], color=INK, marker=MARKERS[0], label=t("tp_coverage", lang))
    ax.plot(
        years,
        nation["target"],
        color=DARK,
        linestyle="--",
        marker=MARKERS[1],
        label=t("tp_target", lang),
    )
    ax.set_xticks(years, labels=[str(y) for y in years])
    percent_axis(ax, lang, "y")
    top = float(nation[["coverage", "target"]].max().max()) if len(nation) else 1.0
    ax.set_ylim(bottom=0.0, top=max(top, 0.01) * 1.15)
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    finish_axes(ax, t("tp_all_regions", lang), grid="y")
    return figure


def regions_against_target(frame: pd.DataFrame, *, lang: str = "en") -> Figure:
    """Each region in the last year, sorted by coverage of the workforce, its target
    marked; the ``_SHOWN`` highest are drawn and the rest counted.

    Columns as :func:`path_to_target`.

    Examples
    --------
    >>> frame = pd.DataFrame({"region": ["11", "12"], "name": ["Aceh", "Sumatera Utara"],
    ...     "year": [2027, 2027], "coverage": [0.36, 0.40], "target": [0.38, 0.38]})
    >>> len(regions_against_target(frame).axes)
    1
    """
    _check(frame, lang, "regions_against_target")
    last = frame[(frame["region"] != "all") & (frame["year"] == frame["year"].max())]
    last = last.sort_values(["coverage", "region"], kind="stable")
    hidden = max(0, len(last) - _SHOWN)
    if hidden:
        last = last.iloc[-_SHOWN:]
    figure = new_figure(7.0, max(2.4, 1.2 + 0.25 * len(last)))
    bx = figure.add_subplot()
    pos = np.arange(len(last))
    bx.barh(pos, last["coverage"], color=FILLS[1], hatch=HATCHES[1], edgecolor=INK, height=0.7)
    bx.plot(
        last["target"],
        pos,
        linestyle="none",
        marker="D",
        markersize=6,
        color="white",
        markeredgecolor=INK,
    )
    bx.set_yticks(pos, labels=[str(n) for n in last["name"]])
    top = float(last[["coverage", "target"]].max().max()) if len(last) else 1.0
    bx.set_xlim(0.0, max(top, 0.01) * 1.1)
    percent_axis(bx, lang, "x")
    label = t("tp_last_year", lang, year=int(frame["year"].max()))
    if hidden:
        label += "\n" + t("tp_hidden", lang, n=hidden)
    bx.set_xlabel(label)
    finish_axes(bx, t("tp_regions_title", lang), grid="x")
    return figure


def award_chart(frame: pd.DataFrame, weights: dict[str, float], *, lang: str = "en") -> Figure:
    """The standings as stacked bars: each criterion's weighted share of the score.

    Columns: ``rank``, ``name``, ``score`` and ``<criterion>_scaled`` for each criterion
    in ``weights``.

    Examples
    --------
    >>> frame = pd.DataFrame({"rank": [1, 2], "name": ["A", "B"], "score": [100.0, 0.0],
    ...                       "growth_scaled": [1.0, 0.0]})
    >>> len(award_chart(frame, {"growth": 1.0}).axes)
    1
    """
    check_lang(lang)
    require_columns(
        frame, ["rank", "name", "score", *(f"{c}_scaled" for c in weights)], "award_chart"
    )
    shown = frame.sort_values("rank").iloc[:_SHOWN].iloc[::-1]
    hidden = len(frame) - len(shown)
    total = sum(weights.values())
    figure = new_figure(7.0, max(2.8, 1.4 + 0.25 * len(shown)))
    ax = figure.add_subplot()
    pos = np.arange(len(shown))
    left = np.zeros(len(shown))
    for k, (crit, weight) in enumerate(weights.items()):
        part = 100.0 * weight / total * shown[f"{crit}_scaled"].to_numpy(dtype=float)
        ax.barh(
            pos,
            part,
            left=left,
            color=FILLS[k % len(FILLS)],
            hatch=HATCHES[k % len(HATCHES)],
            edgecolor=INK,
            height=0.7,
            label=t(f"crit_{crit}", lang),
        )
        left += part
    labels = [f"{int(r)}. {n}" for r, n in zip(shown["rank"], shown["name"], strict=True)]
    ax.set_yticks(pos, labels=labels)
    ax.set_xlim(0.0, 105.0)
    xlabel = t("award_axis", lang)
    if hidden:
        xlabel += "\n" + t("award_hidden", lang, n=hidden)
    ax.set_xlabel(xlabel)
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    finish_axes(ax, t("award_title", lang), grid="x")
    return figure
