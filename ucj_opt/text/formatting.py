"""Numbers, money, shares and dates written the way each language's readers expect.

English groups thousands with commas and uses a decimal point (``1,234,567.5``);
Indonesian the other way round (``1.234.567,5``). Money goes through
:func:`ucj_opt.units.format_rupiah`, and scale words come from
:data:`ucj_opt.units.MONEY_SCALES`, so the report, the charts and the command line agree.
"""

from __future__ import annotations

import datetime as dt
import math

from ucj_opt.text.catalogue import check_lang
from ucj_opt.units import MONEY_SCALES, format_rupiah

__all__ = [
    "MONTHS",
    "format_clock",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
    "money_scale",
]

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
}
"""Month names per language."""


def format_number(value: float, lang: str = "en", decimals: int = 0) -> str:
    """``1234567.5`` as ``1,234,567.5`` (en) or ``1.234.567,5`` (id); NaN as an en dash."""
    code = check_lang(lang)
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if code == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def format_percent(share: float, lang: str = "en", decimals: int = 1) -> str:
    """A share in [0, 1] as ``35.7%`` (en) or ``35,7%`` (id)."""
    text = format_number(share * 100.0, lang, decimals)
    return text if text == "–" else f"{text}%"


def format_money(amount: float, lang: str = "en") -> str:
    """Rupiah for people: ``Rp 1.2 billion`` (en), ``Rp 1,2 miliar`` (id)."""
    if math.isnan(amount):
        return "–"
    return format_rupiah(float(amount), check_lang(lang))


def money_scale(largest: float, lang: str = "en") -> tuple[float, str]:
    """The divisor and unit name for an axis whose largest value is ``largest`` rupiah.

    An axis reads best in one unit: ``(1e9, "Rp miliar")`` when values reach billions.
    """
    for scale, name in MONEY_SCALES[check_lang(lang)]:
        if scale >= 1e6 and abs(largest) >= scale:
            return scale, f"Rp {name}"
    return 1.0, "Rp"


def format_date(day: dt.date, lang: str = "en") -> str:
    """``24 November 2026`` with the month named in ``lang`` (``24 Mei 2026`` in id)."""
    return f"{day.day} {MONTHS[check_lang(lang)][day.month - 1]} {day.year}"


def format_clock(seconds: float) -> str:
    """Elapsed time as a clock reads it: ``03:12``, or ``1:03:12`` from an hour."""
    s = round(seconds)
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
