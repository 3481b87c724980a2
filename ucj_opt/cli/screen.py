"""Tables as a planner reads them on screen: money as ``Rp 42.3 billion`` (the report's
helpers, :mod:`ucj_opt.text.formatting`), plain numbers with thousands separators and no
exponents, shares in percent, ``–`` where a figure is missing and ``not defined`` where it
cannot be computed (a cost per person-year when none was averted). The files written
keep the exact numbers; only the screen is rounded."""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import TYPE_CHECKING

from ucj_opt.text.catalogue import t
from ucj_opt.text.formatting import format_money, format_number, format_percent

if TYPE_CHECKING:
    import pandas as pd

    from ucj_opt.pipeline.mc_task import ArmSpec

__all__ = [
    "MONEY_FIGURES",
    "arm_words",
    "is_money",
    "show_money",
    "show_number",
    "show_table",
]

MONEY_FIGURES = frozenset(
    {
        "benefits_paid",
        "premiums_paid",
        "premiums",
        "oop_paid",
        "oop_averted",
        "mean_debt_averted",
        "debt_person_years",
        "total_budget",
        "budget",
        "budget_change",
        "premiums_change",
    }
)
"""Figures in rupiah (a row of an outcome table, or a column)."""


def is_money(name: str) -> bool:
    """Whether a figure named ``name`` is rupiah (``cost_per_...`` included)."""
    return name in MONEY_FIGURES or name.startswith("cost_per_")


def _undefined(value: float, lang: str) -> str | None:
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return t("cli_not_defined", lang)
    return None


def show_money(value: float, lang: str = "en") -> str:
    """``Rp 42.3 billion``; ``–`` when missing, ``not defined`` when infinite."""
    value = float(value)
    return _undefined(value, lang) or format_money(value, lang)


def show_number(value: float, lang: str = "en", digits: int = 4) -> str:
    """About ``digits`` significant figures, never an exponent: ``108.7``, ``0.5508``,
    ``9,295,140``; ``–`` when missing, ``not defined`` when infinite."""
    value = float(value)
    undefined = _undefined(value, lang)
    if undefined:
        return undefined
    if value == 0:
        return "0"
    decimals = min(max(digits - 1 - math.floor(math.log10(abs(value))), 0), 6)
    text = format_number(value, lang, decimals)
    if decimals:  # 3.000 as 3, 28.30 as 28.3
        text = text.rstrip("0").rstrip(",." if lang == "en" else ",")
    return "0" if text.strip("-0.,") == "" else text


def _cell(value: object, money: bool, share: bool, lang: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "–" if value is None else str(value)
    if money:
        return show_money(value, lang)
    if share:
        return _undefined(float(value), lang) or format_percent(float(value), lang)
    if isinstance(value, int):
        return format_number(value, lang)
    return show_number(value, lang)


def show_table(
    frame: pd.DataFrame,
    *,
    money_rows: str | None = None,
    money_columns: Collection[str] = (),
    share_columns: Collection[str] = (),
    count_columns: Collection[str] = (),
    index: bool = False,
    lang: str = "en",
) -> str:
    """``frame`` as text: the cells of ``money_columns``, and of every row whose
    ``money_rows`` column (or index, with ``index=True``) names a money figure, as
    rupiah; ``share_columns`` in percent and ``count_columns`` as whole numbers, whatever
    the row; other numbers by :func:`show_number`."""
    import pandas as pd

    out = pd.DataFrame(index=frame.index)
    if money_rows is None:
        names = frame.index.to_series().astype(str) if index else None
    else:
        names = frame[money_rows].astype(str)
    rows_money = names.map(is_money) if names is not None else pd.Series(False, index=frame.index)
    for col in frame.columns:
        share = col in share_columns
        plain = share or col in count_columns or col == money_rows
        out[col] = [
            _cell(_plain(v), col in money_columns or (bool(m) and not plain), share, lang)
            for v, m in zip(frame[col], rows_money, strict=True)
        ]
    return out.to_string(index=index)


def _plain(value: object) -> object:
    """A numpy scalar as the Python number it holds (integers stay integers)."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def arm_words(arm: ArmSpec, lang: str = "en", source: str | None = None) -> str:
    """What the arm 'with' covers, in words (not its ``repr``)."""
    if arm.kind == "coverage":
        return t("cli_arm_coverage", lang, share=format_percent(arm.coverage, lang))
    if arm.kind == "table":
        return t("cli_arm_table", lang, source=source or arm.table_hash)
    return t("cli_arm_resolved" if arm.resolve else "cli_arm_optimal", lang)
