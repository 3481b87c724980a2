"""Charts of an allocation: who is covered, where the money went, what more money would buy.

Every function takes a plain DataFrame with the columns named in its docstring (extra
columns are ignored; rows repeating a region are summed), so results of any engine can be
drawn after a rename. Horizontal bars are sorted so the eye reads a ranking.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ucj_opt.plot.style import (
    DARK,
    FILLS,
    HATCHES,
    INK,
    MARKERS,
    MID,
    finish_axes,
    money_axis,
    new_figure,
    number_axis,
    percent_axis,
    require_columns,
)
from ucj_opt.text.catalogue import check_lang, source_words, t
from ucj_opt.text.formatting import format_money, format_number, format_percent

__all__ = [
    "allocation_by_region",
    "budget_frontier",
    "budget_vs_need",
    "coverage_by_region",
    "shadow_prices",
]


def _height(n: int) -> float:
    return max(2.6, 0.9 + 0.27 * n)


def _largest(totals: pd.DataFrame, by: pd.Series, limit: int | None) -> tuple[pd.DataFrame, int]:
    """Keep the ``limit`` regions largest ``by`` (a chart of 500 kabupaten reads as noise)."""
    if limit is None or len(totals) <= limit:
        return totals, 0
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    keep = by.sort_values(ascending=False, kind="stable").index[:limit]
    return totals.loc[totals.index.isin(keep)], len(totals) - limit


def _with_hidden(label: str, hidden: int, lang: str) -> str:
    return f"{label}\n{t('hidden_regions', lang, n=hidden)}" if hidden else label


def coverage_by_region(
    frame: pd.DataFrame,
    *,
    lang: str = "en",
    target: float | None = None,
    limit: int | None = 40,
) -> Figure:
    """Share of eligible workers enrolled, one sorted horizontal bar per region.

    Columns: ``region`` (label shown), ``enrolled`` and ``eligible`` (workers). Rows of
    the same region (segments, sources) are summed. ``target`` (a share, e.g. the 2025
    UCJ target 0.5215) draws a dashed reference line. Beyond ``limit`` regions only the
    ones with most eligible workers are drawn, and the axis label says how many are left out.
    """
    check_lang(lang)
    require_columns(frame, ["region", "enrolled", "eligible"], "coverage_by_region")
    totals = frame.groupby("region", sort=False)[["enrolled", "eligible"]].sum()
    if (totals["eligible"] <= 0).any():
        bad = list(totals.index[totals["eligible"] <= 0])
        raise ValueError(f"coverage_by_region: regions with no eligible workers: {bad}")
    totals, hidden = _largest(totals, totals["eligible"], limit)
    share = (totals["enrolled"] / totals["eligible"]).sort_values(kind="stable")
    figure = new_figure(7.0, _height(len(share)))
    ax = figure.add_subplot()
    positions = np.arange(len(share))
    ax.barh(positions, share.to_numpy(), color=DARK, edgecolor=INK, height=0.7)
    ax.set_yticks(positions, labels=[str(r) for r in share.index])
    for y, value in zip(positions, share.to_numpy(), strict=True):
        ax.annotate(
            format_percent(float(value), lang, 1),
            (float(value), float(y)),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    top = min(1.0, max(float(share.max()), target or 0.0) * 1.18) or 1.0
    if target is not None:
        ax.axvline(target, color=INK, linestyle="--", linewidth=1.2)
        label = t("target", lang, value=format_percent(target, lang, 1))
        ax.text(target, len(share) - 0.4, f" {label}", fontsize=8, va="bottom", color=INK)
        ax.set_ylim(-0.6, len(share) + 0.2)
    ax.set_xlim(0.0, top)
    ax.set_xlabel(_with_hidden(t("coverage_axis", lang), hidden, lang))
    percent_axis(ax, lang, "x")
    finish_axes(ax, t("coverage_title", lang), grid="x")
    return figure


def allocation_by_region(
    frame: pd.DataFrame, *, lang: str = "en", limit: int | None = 40
) -> Figure:
    """Premiums paid per region, sorted, stacked by budget source when there is one.

    Columns: ``region``, ``premiums`` (rupiah); optional ``source`` (``apbd_provinsi``,
    ``apbd_kabkota``, ``apbdes``, ... shown in words). Rows are summed per region
    (and source), e.g. over segments and years. Beyond ``limit`` regions only the
    largest are drawn.
    """
    check_lang(lang)
    require_columns(frame, ["region", "premiums"], "allocation_by_region")
    data = frame.assign(source=frame["source"] if "source" in frame.columns else "")
    wide = data.pivot_table(
        index="region", columns="source", values="premiums", aggfunc="sum", fill_value=0.0
    )
    wide, hidden = _largest(wide, wide.sum(axis=1), limit)
    wide = wide.loc[wide.sum(axis=1).sort_values(kind="stable").index]
    figure = new_figure(7.0, _height(len(wide)))
    ax = figure.add_subplot()
    positions = np.arange(len(wide))
    left = np.zeros(len(wide))
    handles = []
    for i, source in enumerate(wide.columns):
        values = wide[source].to_numpy(dtype=float)
        fill, hatch = FILLS[i % len(FILLS)], HATCHES[i % len(HATCHES)]
        ax.barh(positions, values, left=left, color=fill, hatch=hatch, edgecolor=INK, height=0.7)
        handles.append(
            Patch(facecolor=fill, hatch=hatch, edgecolor=INK, label=source_words(str(source), lang))
        )
        left += values
    ax.set_yticks(positions, labels=[str(r) for r in wide.index])
    unit = money_axis(ax, float(left.max()), lang, "x")
    ax.set_xlabel(_with_hidden(t("allocation_axis", lang, unit=unit), hidden, lang))
    if len(wide.columns) > 1:
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=len(handles),
            fontsize=8,
            frameon=False,
        )
    finish_axes(ax, t("allocation_title", lang), grid="x")
    return figure


def budget_vs_need(frame: pd.DataFrame, *, lang: str = "en", limit: int | None = 40) -> Figure:
    """Per region: what covering every eligible worker would cost, the budget, what was used.

    Columns: ``region``, ``need``, ``budget``, ``used`` (rupiah). Drawn as nested bars
    sorted by need: need as an open bar, budget hatched, used solid and narrow. Beyond
    ``limit`` regions only those with the largest need are drawn.
    """
    check_lang(lang)
    cols = ["need", "budget", "used"]
    require_columns(frame, ["region", *cols], "budget_vs_need")
    totals = frame.groupby("region", sort=False)[cols].sum()
    totals, hidden = _largest(totals, totals["need"], limit)
    totals = totals.sort_values("need", kind="stable")
    figure = new_figure(7.0, _height(len(totals)))
    ax = figure.add_subplot()
    y = np.arange(len(totals))
    ax.barh(y, totals["need"], height=0.8, color="white", edgecolor=INK, label=t("need", lang))
    ax.barh(
        y,
        totals["budget"],
        height=0.55,
        color="#e6e6e6",
        edgecolor=DARK,
        hatch="///",
        label=t("budget", lang),
    )
    ax.barh(y, totals["used"], height=0.25, color=INK, edgecolor=INK, label=t("used", lang))
    ax.set_yticks(y, labels=[str(r) for r in totals.index])
    unit = money_axis(ax, float(totals.to_numpy().max()), lang, "x")
    ax.set_xlabel(_with_hidden(t("need_axis", lang, unit=unit), hidden, lang))
    figure.legend(loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    finish_axes(ax, t("need_title", lang), grid="x")
    return figure


def shadow_prices(
    frame: pd.DataFrame,
    *,
    lang: str = "en",
    objective: str | None = None,
    limit: int = 15,
    tolerance: float = 1e-12,
) -> Figure:
    """What one more Rp 1 miliar buys, budget by budget (the binding ones, largest first).

    Columns: ``budget`` (label of one budget constraint, e.g. "Kab. X · APBD 2026") and
    ``shadow_price`` (objective units per extra rupiah, ≥ 0: more money never buys less).
    ``objective`` names the unit in words (default: protected workers). Budgets whose
    price is ≤ ``tolerance`` are not binding; they are counted in a note, not drawn.
    """
    check_lang(lang)
    require_columns(frame, ["budget", "shadow_price"], "shadow_prices")
    if (frame["shadow_price"] < -tolerance).any():
        raise ValueError(
            "shadow_prices: a budget's shadow price must be ≥ 0 (more money never buys "
            "less); normalise the solver's sign convention first"
        )
    per_miliar = frame.groupby("budget", sort=False)["shadow_price"].max() * 1e9
    binding = per_miliar[per_miliar > tolerance * 1e9].sort_values(ascending=False, kind="stable")
    shown = binding.head(limit).iloc[::-1]
    hidden = len(per_miliar) - len(shown)
    figure = new_figure(7.0, _height(max(len(shown), 3)))
    ax = figure.add_subplot()
    y = np.arange(len(shown))
    ax.barh(y, shown.to_numpy(), color=MID, edgecolor=INK, hatch="..", height=0.7)
    ax.set_yticks(y, labels=[str(b) for b in shown.index])
    for yi, value in zip(y, shown.to_numpy(), strict=True):
        ax.annotate(
            format_number(float(value), lang, 0 if value >= 100 else 1),
            (float(value), float(yi)),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    if len(shown):
        ax.set_xlim(0.0, float(shown.max()) * 1.15)
    number_axis(ax, lang, "x")
    label = t("shadow_axis", lang, objective=objective or t("protected_workers", lang))
    if hidden:
        # Under the axis label, so it never covers a bar.
        label += "\n" + textwrap.fill(t("shadow_note", lang, n=hidden), 70)
    ax.set_xlabel(label)
    finish_axes(ax, t("shadow_title", lang), grid="x")
    return figure


def budget_frontier(
    frame: pd.DataFrame,
    *,
    lang: str = "en",
    current: float | None = None,
    plateau: float | None = None,
    everyone: float | None = None,
) -> Figure:
    """Extreme-poor worker-years protected against total budget, from a sweep of
    allocations.

    Columns: ``total_budget`` (rupiah) and ``protected`` (extreme-poor worker-years, the
    allocation's objective), one row per solved
    budget level. ``current`` (rupiah) marks today's budget on the curve. ``everyone``
    (worker-years: every extreme-poor worker, every year) draws the plateau, and
    ``plateau`` (rupiah) the least budget that reaches it (``ucj-opt need``).
    """
    check_lang(lang)
    require_columns(frame, ["total_budget", "protected"], "budget_frontier")
    data = frame.sort_values("total_budget", kind="stable")
    x = data["total_budget"].to_numpy(dtype=float)
    y = data["protected"].to_numpy(dtype=float)
    figure = new_figure(7.0, 4.2)
    ax = figure.add_subplot()
    ax.plot(x, y, color=INK, marker=MARKERS[0], markersize=4, linewidth=1.6)
    if current is not None:
        at = float(np.interp(current, x, y))
        ax.axvline(current, color=DARK, linestyle="--", linewidth=1.0)
        ax.plot(
            [current],
            [at],
            marker=MARKERS[1],
            color="white",
            markeredgecolor=INK,
            markersize=8,
            linestyle="none",
        )
        ax.annotate(
            t("current_budget_value", lang, value=format_number(at, lang)),
            (current, at),
            xytext=(6, -14),
            textcoords="offset points",
            fontsize=8,
        )
    if everyone is not None:
        ax.axhline(everyone, color=MID, linestyle=":", linewidth=1.2)
    if plateau is not None and everyone is not None:
        ax.axvline(plateau, color=MID, linestyle=":", linewidth=1.2)
        ax.annotate(
            t("frontier_plateau", lang, value=format_money(plateau, lang)),
            (plateau, everyone),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=8,
        )
    unit = money_axis(ax, float(max(x.max(), plateau or 0.0)), lang, "x")
    number_axis(ax, lang, "y")
    ax.set_xlabel(t("frontier_x", lang, unit=unit))
    ax.set_ylabel(t("frontier_y", lang))
    ax.set_ylim(bottom=0.0)
    finish_axes(ax, t("frontier_title", lang), grid="both")
    return figure
