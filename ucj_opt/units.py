"""Parsing and formatting of the units planners write: rupiah, rates and shares.

Scenario files are written by hand, so money may be given as ``3000000000``, ``3e9`` or
``"Rp 3 miliar"``; rates must say whether they are per year or per month. Parsing is
strict: anything ambiguous is refused with a message that says how to write it.
"""

from __future__ import annotations

import math
import re

__all__ = [
    "MONEY_SCALES",
    "UnitError",
    "format_rupiah",
    "parse_rate_per_year",
    "parse_rupiah",
    "parse_share",
]

MONEY_SCALES: dict[str, tuple[tuple[float, str], ...]] = {
    "en": ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")),
    "id": ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"), (1e3, "ribu")),
}
"""Scale words of money, largest first, as each language writes them."""

_SCALE = {
    "": 1.0,
    **{word: scale for words in MONEY_SCALES.values() for scale, word in words},
    "rb": 1e3,
    "ribuan": 1e3,
    "jt": 1e6,
    "milyar": 1e9,  # a common spelling of miliar
    "bn": 1e9,
}

_MONEY = re.compile(
    r"^\s*(?:rp\.?\s*)?(?P<num>[0-9][0-9.,_ ]*(?:e[+-]?\d+)?)\s*(?P<scale>[a-z]*)\s*$",
    re.IGNORECASE,
)


class UnitError(ValueError):
    """A value whose unit cannot be understood; the message says how to write it."""


def _number(text: str) -> float:
    """Read a number written the Indonesian way (``1.234.567,5``) or the English way."""
    s = text.replace("_", "").replace(" ", "")
    if "e" in s.lower():
        return float(s.replace(",", ""))
    if "," in s and "." in s:
        # The later separator is the decimal one.
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        parts = s.split(",")
        # "1,5" is a decimal; "1,000,000" groups thousands.
        s = s.replace(",", "") if all(len(p) == 3 for p in parts[1:]) else s.replace(",", ".")
    elif s.count(".") > 1 or (s.count(".") == 1 and len(s.split(".")[1]) == 3 and len(s) > 4):
        # "1.000.000" or "3.000" groups thousands (Indonesian style).
        s = s.replace(".", "")
    return float(s)


def parse_rupiah(value: object) -> float:
    """Return an amount of rupiah from a number or a text like ``"Rp 3 miliar"``.

    Accepted scale words: ribu, juta, miliar/milyar, triliun (and million, billion,
    trillion). A bare "M" or "T" is refused: planners read "Rp 3 M" as miliar, English
    readers as million. Negative amounts, NaN and infinities are refused.
    """
    if isinstance(value, bool):
        raise UnitError("expected an amount of rupiah, got a true/false value")
    if isinstance(value, int | float):
        amount = float(value)
    elif isinstance(value, str):
        m = _MONEY.match(value)
        if not m or m.group("scale").lower() not in _SCALE:
            raise UnitError(
                f"cannot read {value!r} as rupiah; write a number (3000000000, 3e9) "
                "or a text such as 'Rp 3 miliar', 'Rp 750 juta', 'Rp 16.800'"
            )
        try:
            amount = _number(m.group("num")) * _SCALE[m.group("scale").lower()]
        except ValueError as exc:
            raise UnitError(f"cannot read the number in {value!r}") from exc
    else:
        raise UnitError(f"expected an amount of rupiah, got {type(value).__name__}")
    if not math.isfinite(amount):
        raise UnitError("an amount of rupiah must be a finite number")
    if amount < 0:
        raise UnitError(f"an amount of rupiah cannot be negative (got {amount:,.0f})")
    return amount


_RATE = re.compile(
    r"^\s*(?P<num>[0-9.eE+-]+)\s*(?P<pct>%?)\s*(?:/|per)\s*(?P<unit>year|yr|tahun|month|bulan|mo)\s*$",
    re.IGNORECASE,
)


def parse_rate_per_year(value: object, *, unit: str | None = None) -> float:
    """Return a rate per year from ``0.004`` with ``unit='per_year'``, ``"0.4% / year"``,
    ``"0.03% per month"`` and the like.

    A bare number is accepted only when ``unit`` (``per_year`` or ``per_month``) is given,
    because a rate without its period is the commonest silent error in these models.
    """
    if isinstance(value, bool):
        raise UnitError("expected a rate, got a true/false value")
    if isinstance(value, int | float):
        if unit not in ("per_year", "per_month"):
            raise UnitError(
                f"the rate {value} has no period; write it as '{value} / year' or "
                f"'{value} / month', or give unit: per_year"
            )
        rate = float(value) * (12.0 if unit == "per_month" else 1.0)
    elif isinstance(value, str):
        m = _RATE.match(value)
        if not m:
            raise UnitError(
                f"cannot read {value!r} as a rate; write e.g. '0.4% / year' or '0.0003 / month'"
            )
        rate = float(m.group("num")) / (100.0 if m.group("pct") else 1.0)
        if m.group("unit").lower() in ("month", "bulan", "mo"):
            rate *= 12.0
    else:
        raise UnitError(f"expected a rate, got {type(value).__name__}")
    if not math.isfinite(rate) or rate < 0:
        raise UnitError(f"a rate must be a finite number ≥ 0 (got {rate})")
    return rate


def parse_share(value: object) -> float:
    """Return a share in [0, 1] from ``0.4`` or ``"40%"``."""
    if isinstance(value, bool):
        raise UnitError("expected a share, got a true/false value")
    if isinstance(value, str):
        text = value.strip()
        try:
            share = float(text[:-1]) / 100.0 if text.endswith("%") else float(text)
        except ValueError as exc:
            raise UnitError(f"cannot read {value!r} as a share; write 0.4 or '40%'") from exc
    elif isinstance(value, int | float):
        share = float(value)
    else:
        raise UnitError(f"expected a share, got {type(value).__name__}")
    if not (0.0 <= share <= 1.0) or math.isnan(share):
        raise UnitError(f"a share must lie in [0, 1] (got {share}); write 0.4 or '40%'")
    return share


def format_rupiah(amount: float, lang: str = "en") -> str:
    """Format rupiah for people: ``Rp 1.2 billion`` (en) or ``Rp 1,2 miliar`` (id)."""
    words = [(scale, name) for scale, name in MONEY_SCALES[lang] if scale >= 1e6]
    sign = "-" if amount < 0 else ""
    a = abs(amount)
    text, word = f"{a:,.0f}", ""
    for scale, name in words:
        if a >= scale:
            text, word = f"{a / scale:,.1f}", name
            break
    if lang == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{sign}Rp {text}{' ' + word if word else ''}"
