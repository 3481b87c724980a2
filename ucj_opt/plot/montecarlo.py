"""Charts of the Monte Carlo: what drives the result, and whether enough runs were made."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ucj_opt.plot.style import (
    DARK,
    INK,
    LIGHT,
    finish_axes,
    new_figure,
    number_axis,
    require_columns,
)
from ucj_opt.text.catalogue import check_lang, t
from ucj_opt.text.formatting import format_number

__all__ = ["convergence", "running_mean_table", "sensitivity_bars"]


def sensitivity_bars(frame: pd.DataFrame, *, lang: str = "en") -> Figure:
    """Sensitivity index per uncertain parameter, largest at the top.

    Columns: ``parameter``, ``S1`` (first-order index); optional ``ST`` (total index)
    drawn hatched beside it, and ``S1_conf`` / ``ST_conf`` (confidence half-widths)
    drawn as error bars (SALib's names). Sorted by ``ST`` when given, else ``S1``.
    """
    check_lang(lang)
    require_columns(frame, ["parameter", "S1"], "sensitivity_bars")
    has_total = "ST" in frame.columns
    data = frame.sort_values("ST" if has_total else "S1", kind="stable")
    y = np.arange(len(data))
    height = 0.38 if has_total else 0.7
    figure = new_figure(7.0, max(2.6, 0.9 + (0.45 if has_total else 0.3) * len(data)))
    ax = figure.add_subplot()
    err = {"capsize": 2.5, "ecolor": INK}

    def conf(name: str) -> np.ndarray | None:
        return data[name].to_numpy(dtype=float) if name in data.columns else None

    first_y = y + height / 2 if has_total else y
    ax.barh(
        first_y,
        data["S1"].to_numpy(dtype=float),
        height=height,
        color=DARK,
        edgecolor=INK,
        xerr=conf("S1_conf"),
        error_kw=err,
        label=t("first_order", lang),
    )
    if has_total:
        ax.barh(
            y - height / 2,
            data["ST"].to_numpy(dtype=float),
            height=height,
            color="white",
            edgecolor=INK,
            hatch="///",
            xerr=conf("ST_conf"),
            error_kw=err,
            label=t("total_order", lang),
        )
        ax.legend(fontsize=8, loc="lower right", frameon=True)
    ax.set_yticks(y, labels=[str(p) for p in data["parameter"]])
    ax.axvline(0.0, color=INK, linewidth=0.8)
    number_axis(ax, lang, "x", decimals=2)
    ax.set_xlabel(t("sensitivity_axis", lang))
    finish_axes(ax, t("sensitivity_title", lang), grid="x")
    return figure


def running_mean_table(values: Sequence[float] | np.ndarray, level: float = 0.95) -> pd.DataFrame:
    """Running mean and confidence half-width after each replication (from the 2nd on).

    Half-width = z · s / √n with the sample standard deviation s (normal approximation,
    z for ``level``). Columns: ``n``, ``mean``, ``half_width``.
    """
    x = np.asarray(values, dtype=float).ravel()
    if x.size < 2 or not np.isfinite(x).all():
        raise ValueError("running_mean_table needs at least two finite values")
    n = np.arange(1, x.size + 1, dtype=float)
    mean = np.cumsum(x) / n
    # Running variance from running sums of squared deviations (Welford would be steadier
    # for huge offsets; values here are counts of people, far from that regime).
    shifted = x - x[0]
    s1, s2 = np.cumsum(shifted), np.cumsum(shifted**2)
    var = np.maximum(s2 - s1**2 / n, 0.0)[1:] / (n[1:] - 1.0)
    z = NormalDist().inv_cdf(0.5 + level / 2.0)
    return pd.DataFrame(
        {"n": n[1:].astype(int), "mean": mean[1:], "half_width": z * np.sqrt(var / n[1:])}
    )


def convergence(
    frame: pd.DataFrame,
    *,
    lang: str = "en",
    level: float = 0.95,
    value_label: str | None = None,
    tolerance: float | None = None,
) -> Figure:
    """Running mean ± confidence half-width against the number of replications.

    Columns: ``n`` (replications so far), ``mean``, ``half_width`` (e.g. from
    :func:`running_mean_table`). ``level`` only labels the band. ``tolerance`` (same
    unit as the mean) draws the stopping rule's target: final mean ± tolerance. Rows with
    no half-width yet (a single replication has no interval) are skipped.
    """
    check_lang(lang)
    if "half_width" in frame.columns:
        frame = frame[frame["half_width"].notna()]
    require_columns(frame, ["n", "mean", "half_width"], "convergence")
    data = frame.sort_values("n", kind="stable")
    n = data["n"].to_numpy(dtype=float)
    mean = data["mean"].to_numpy(dtype=float)
    hw = data["half_width"].to_numpy(dtype=float)
    figure = new_figure(7.0, 4.0)
    ax = figure.add_subplot()
    pct = format_number(level * 100, lang, 0)
    ax.fill_between(
        n,
        mean - hw,
        mean + hw,
        facecolor=LIGHT,
        edgecolor=DARK,
        hatch="..",
        linewidth=0.5,
        label=t("half_width", lang, level=pct),
    )
    ax.plot(n, mean, color=INK, linewidth=1.6, label=t("running_mean", lang))
    if tolerance is not None:
        for sign in (-1.0, 1.0):
            ax.axhline(mean[-1] + sign * tolerance, color=DARK, linestyle="--", linewidth=1.0)
    ax.set_xlabel(t("convergence_x", lang))
    ax.set_ylabel(value_label or t("convergence_y", lang))
    number_axis(ax, lang, "x")
    number_axis(ax, lang, "y", decimals=0 if abs(mean[-1]) >= 100 else 2)
    ax.legend(fontsize=8, loc="best", frameon=True)
    finish_axes(ax, t("convergence_title", lang), grid="both")
    return figure
