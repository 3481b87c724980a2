"""A tile-grid map of the 38 provinces: one equal square each, laid out like the archipelago.

Real boundaries would need a geometry download and would make Jakarta invisible beside
Papua; equal tiles give every province the same ink. The grid below is hand-laid
(row 0 at the top, column 0 in the west): Sumatra on the left, Java and Nusa Tenggara
along the bottom, Kalimantan and Sulawesi in the middle, Maluku and Papua on the right.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from ucj_opt.plot.style import INK, new_figure
from ucj_opt.text.catalogue import check_lang, t
from ucj_opt.text.formatting import format_money, format_number, format_percent

__all__ = ["PROVINCE_LABELS", "PROVINCE_TILES", "province_tile_map"]

PROVINCE_TILES: dict[str, tuple[int, int]] = {
    # Sumatra and its islands
    "11": (0, 0),
    "12": (1, 0),
    "14": (1, 1),
    "21": (1, 2),
    "13": (2, 0),
    "15": (2, 1),
    "19": (2, 2),
    "17": (3, 0),
    "16": (3, 1),
    "18": (4, 1),
    # Java
    "31": (4, 2),
    "36": (5, 1),
    "32": (5, 2),
    "33": (5, 3),
    "34": (6, 3),
    "35": (5, 4),
    # Bali and Nusa Tenggara
    "51": (5, 5),
    "52": (5, 6),
    "53": (5, 7),
    # Kalimantan
    "65": (1, 5),
    "61": (2, 3),
    "62": (2, 4),
    "64": (2, 5),
    "63": (3, 5),
    # Sulawesi
    "75": (1, 7),
    "71": (1, 8),
    "76": (2, 6),
    "72": (2, 7),
    "73": (3, 6),
    "74": (3, 7),
    # Maluku
    "82": (1, 9),
    "81": (3, 9),
    # Papua
    "96": (1, 10),
    "92": (1, 11),
    "91": (1, 12),
    "94": (2, 11),
    "95": (2, 12),
    "93": (3, 12),
}
"""(row, column) of each province's tile, keyed by Kemendagri province code."""

PROVINCE_LABELS: dict[str, str] = {
    "11": "AC",
    "12": "SU",
    "13": "SB",
    "14": "RI",
    "15": "JA",
    "16": "SS",
    "17": "BE",
    "18": "LA",
    "19": "BB",
    "21": "KR",
    "31": "JK",
    "32": "JB",
    "33": "JT",
    "34": "YO",
    "35": "JI",
    "36": "BT",
    "51": "BA",
    "52": "NB",
    "53": "NT",
    "61": "KB",
    "62": "KT",
    "63": "KS",
    "64": "KI",
    "65": "KU",
    "71": "SA",
    "72": "ST",
    "73": "SN",
    "74": "SG",
    "75": "GO",
    "76": "SR",
    "81": "MA",
    "82": "MU",
    "91": "PA",
    "92": "PB",
    "93": "PS",
    "94": "PT",
    "95": "PE",
    "96": "PD",
}
"""Two-letter tile labels: the ISO 3166-2:ID letters for the 34 provinces that had codes
before 2022; the four Papua provinces created in 2022 are labelled PS, PT, PE, PD here."""

ValueFormat = Literal["percent", "number", "money"]


def _write(value: float, kind: ValueFormat, lang: str) -> str:
    if kind == "percent":
        return format_percent(value, lang, 1)
    if kind == "money":
        return format_money(value, lang).removeprefix("Rp ")
    return format_number(value, lang, 0)


def province_tile_map(
    values: pd.Series,
    *,
    lang: str = "en",
    title: str | None = None,
    kind: ValueFormat = "percent",
    legend_label: str = "",
    cmap: str = "Greys",
) -> Figure:
    """Shade each province's tile by its value and write the value on it.

    ``values``: a Series indexed by 2-digit province code (``"32"``; numbers are
    accepted), e.g. coverage shares (``kind="percent"``), workers (``"number"``) or
    rupiah (``"money"``). Provinces without a value are hatched and marked "no data".
    """
    check_lang(lang)
    codes = pd.Index([str(c).zfill(2) for c in values.index])
    unknown = sorted(set(codes) - set(PROVINCE_TILES))
    if unknown:
        raise ValueError(f"province_tile_map: unknown province codes {unknown}")
    if codes.duplicated().any():
        raise ValueError("province_tile_map: a province code appears twice")
    data = pd.Series(values.to_numpy(dtype=float), index=codes)
    finite = data[np.isfinite(data.to_numpy())]
    low, high = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
    norm = Normalize(vmin=low, vmax=high if high > low else low + 1.0)
    # Skip the palest and darkest ends so every tile shows its edge and its text.
    colours = ListedColormap(colormaps[cmap](np.linspace(0.08, 0.92, 256)))
    rows = 1 + max(r for r, _ in PROVINCE_TILES.values())
    cols = 1 + max(c for _, c in PROVINCE_TILES.values())
    figure = new_figure(9.0, 5.4)
    ax = figure.add_subplot()
    for code, (row, col) in PROVINCE_TILES.items():
        value = float(data.get(code, np.nan))
        missing = not np.isfinite(value)
        level = 0.0 if missing else float(norm(value))
        face = "white" if missing else colours(level)
        ax.add_patch(
            Rectangle(
                (col, -row),
                0.94,
                0.94,
                facecolor=face,
                edgecolor=INK,
                linewidth=0.8,
                hatch="xx" if missing else None,
                gid=f"tile-{code}",
            )
        )
        ink = "white" if (not missing and level > 0.55) else INK
        # A white box keeps the label readable on the hatch of a tile without data.
        box = {"facecolor": "white", "edgecolor": "none", "pad": 0.6} if missing else None
        for y, text, size in (
            (0.62, PROVINCE_LABELS[code], 9.0),
            (0.28, "–" if missing else _write(value, kind, lang), 7.0),
        ):
            ax.text(
                col + 0.47,
                -row + y,
                text,
                ha="center",
                va="center",
                fontsize=size,
                fontweight="bold" if y > 0.5 else "normal",
                color=ink,
                bbox=box,
            )
    if data.isna().any() or len(data) < len(PROVINCE_TILES):
        ax.legend(
            handles=[Patch(facecolor="white", edgecolor=INK, hatch="xx", label=t("no_data", lang))],
            loc="lower left",
            fontsize=8,
            frameon=False,
        )
    ax.set_xlim(-0.1, cols + 0.05)
    ax.set_ylim(-rows + 0.9, 1.05)
    ax.set_aspect("equal")
    ax.set_axis_off()
    mappable = ax.scatter([], [], c=[], cmap=colours, norm=norm)
    bar = figure.colorbar(
        mappable, ax=ax, orientation="horizontal", fraction=0.05, pad=0.02, shrink=0.5
    )
    bar.ax.xaxis.set_major_formatter(lambda v, _pos: _write(float(v), kind, lang))
    bar.ax.tick_params(labelsize=8)
    if legend_label:
        bar.set_label(legend_label, fontsize=8.5)
    ax.set_title(title or t("map_title", lang), loc="left", fontsize=11, fontweight="bold")
    return figure
