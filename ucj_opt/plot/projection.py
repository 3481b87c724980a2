"""Charts of the poverty projection: fan charts with and without coverage, and the paired effect.

The arms are paired on common random numbers, so the effect is drawn from the
per-replication differences, not from the difference of two fans (which would mix in
noise the pairing removed).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ucj_opt.plot.style import DARK, INK, LIGHT, MID, finish_axes, new_figure, number_axis
from ucj_opt.plot.style import require_columns as _require
from ucj_opt.text.catalogue import check_lang, t
from ucj_opt.text.formatting import format_number

__all__ = ["ARMS", "fan_chart", "fan_table", "paired_effect"]

ARMS = ("without", "with")
"""Arm names in projection tables: without coverage (counterfactual) and with it."""

# arm -> (band fill, band hatch, median line style, marker, line colour)
_ARM_STYLE: dict[str, tuple[str, str | None, str, str, str]] = {
    "without": (LIGHT, None, "--", "s", DARK),
    "with": ("none", "//", "-", "o", INK),
}


def _levels(levels: Sequence[float]) -> list[float]:
    out = sorted(float(v) for v in levels)
    if not out or not all(0.0 < v < 1.0 for v in out):
        raise ValueError(f"band levels must lie strictly between 0 and 1, got {list(levels)}")
    return out


def fan_table(frame: pd.DataFrame, levels: Sequence[float] = (0.5, 0.9)) -> pd.DataFrame:
    """Median and central bands across replications, per month and arm.

    Columns in: ``month``, ``arm`` (``with``/``without``), ``replication``, ``value``;
    rows with the same month, arm and replication are summed first (e.g. over regions
    and segments). Columns out: ``month``, ``arm``, ``median`` and ``lo_50``/``hi_50``...
    for each level (percent, rounded).
    """
    _require(frame, ["month", "arm", "replication", "value"], "fan_table")
    bad = sorted(set(map(str, frame["arm"].unique())) - set(ARMS))
    if bad:
        raise ValueError(f"fan_table: arm must be 'with' or 'without', found {bad}")
    per_rep = frame.groupby(["month", "arm", "replication"], sort=True)["value"].sum()
    grouped = per_rep.groupby(level=["month", "arm"], sort=True)
    out = grouped.median().rename("median").to_frame()
    for level in _levels(levels):
        pct = round(level * 100)
        out[f"lo_{pct}"] = grouped.quantile((1.0 - level) / 2.0)
        out[f"hi_{pct}"] = grouped.quantile((1.0 + level) / 2.0)
    return out.reset_index()


def fan_chart(
    frame: pd.DataFrame,
    *,
    lang: str = "en",
    levels: Sequence[float] = (0.5, 0.9),
    value_label: str | None = None,
    title: str | None = None,
) -> Figure:
    """Median and bands over months for each arm: with coverage hatched, without plain.

    Columns: ``month`` (number or date), ``arm`` (``with``/``without``),
    ``replication``, ``value`` (e.g. people in poverty); rows sharing month, arm and
    replication are summed. ``value_label`` names the value (default: people in poverty).
    """
    check_lang(lang)
    table = fan_table(frame, levels)
    figure = new_figure(7.0, 4.2)
    ax = figure.add_subplot()
    pcts = [round(v * 100) for v in _levels(levels)]
    for arm in ARMS:
        part = table[table["arm"] == arm]
        if part.empty:
            continue
        fill, hatch, line, marker, ink = _ARM_STYLE[arm]
        x = part["month"].to_numpy()
        for i, pct in enumerate(reversed(pcts)):
            # Inner bands darker: denser hatch (with) or deeper gray (without).
            inner = i / max(len(pcts) - 1, 1)
            ax.fill_between(
                x,
                part[f"lo_{pct}"].to_numpy(dtype=float),
                part[f"hi_{pct}"].to_numpy(dtype=float),
                facecolor=fill,
                hatch=None if hatch is None else hatch * (1 + int(inner > 0)),
                edgecolor=DARK if inner > 0 else MID,
                linewidth=0.0,
                alpha=1.0 if hatch else 0.45 + 0.5 * inner,
            )
        ax.plot(
            x,
            part["median"].to_numpy(dtype=float),
            linestyle=line,
            marker=marker,
            markevery=max(len(x) // 8, 1),
            markersize=4,
            color=ink,
            linewidth=1.6,
            label=f"{t(arm, lang)} ({t('median', lang)})",
        )
    band_text = ", ".join(t("band", lang, level=p) for p in pcts)
    bands = [
        Patch(facecolor=LIGHT, edgecolor=MID, label=f"{t('without', lang)}: {band_text}"),
        Patch(
            facecolor="white", edgecolor=MID, hatch="////", label=f"{t('with', lang)}: {band_text}"
        ),
    ]
    ax.legend(handles=[*ax.get_lines(), *bands], fontsize=8, loc="best", frameon=True)
    ax.set_xlabel(t("fan_x", lang))
    ax.set_ylabel(value_label or t("poor_people", lang))
    number_axis(ax, lang, "y")
    finish_axes(ax, title or t("fan_title", lang), grid="y")
    return figure


def paired_effect(
    effects: pd.Series | Sequence[float] | np.ndarray,
    *,
    lang: str = "en",
    level: float = 0.9,
    value_label: str | None = None,
    bins: int | str = "auto",
) -> Figure:
    """Histogram of the per-replication paired effect, with its median and central interval.

    ``effects``: one number per replication, the outcome without coverage minus with it
    (same seed in both arms), e.g. people kept out of poverty at the horizon. A dotted
    line marks zero, so a reader sees at once how often the effect could be none.
    """
    check_lang(lang)
    values = np.asarray(effects, dtype=float).ravel()
    if values.size == 0 or not np.isfinite(values).all():
        raise ValueError("paired_effect needs at least one finite value per replication")
    (level,) = _levels([level])
    lo, med, hi = np.quantile(values, [(1 - level) / 2, 0.5, (1 + level) / 2])
    figure = new_figure(7.0, 4.0)
    ax = figure.add_subplot()
    ax.hist(values, bins=bins, color=MID, edgecolor=INK, linewidth=0.6)
    ax.axvspan(
        float(lo),
        float(hi),
        facecolor="none",
        edgecolor=DARK,
        hatch="..",
        linewidth=0.0,
        label=t("effect_interval", lang, level=round(level * 100)),
    )
    ax.axvline(
        float(med),
        color=INK,
        linewidth=2.0,
        label=f"{t('median', lang)}: {format_number(float(med), lang)}",
    )
    ax.axvline(0.0, color=INK, linestyle=":", linewidth=1.2, label=t("zero_line", lang))
    ax.set_xlabel(value_label or t("effect_x", lang))
    ax.set_ylabel(t("effect_y", lang))
    number_axis(ax, lang, "x")
    ax.legend(fontsize=8, loc="upper right", frameon=True)
    finish_axes(ax, t("effect_title", lang), grid="y")
    return figure
