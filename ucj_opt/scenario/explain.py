"""How each money, share and rate of a scenario was read: ``ucj-opt validate --explain``.

A planner who typed ``Rp 3 milyar``, ``40%`` or ``1.5`` sees the number the engines will
use, beside what was written, so a unit mistake shows before anything is solved.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.yamlio import dotted

__all__ = ["explain_settings"]

_TABLE_SECTIONS = ("regions", "workers", "budgets")


def _leaves(raw: Any, read: Any, path: tuple[str | int, ...]) -> Iterator[tuple[str, Any, Any]]:
    if isinstance(raw, dict) and isinstance(read, dict):
        for key, value in raw.items():
            if not path and key in _TABLE_SECTIONS:
                continue
            if key in read:
                yield from _leaves(value, read[key], (*path, key))
        return
    if isinstance(raw, list) and isinstance(read, list) and len(raw) == len(read):
        for i, (a, b) in enumerate(zip(raw, read, strict=True)):
            yield from _leaves(a, b, (*path, i))
        return
    number = isinstance(read, float | int) and not isinstance(read, bool)
    written = isinstance(raw, str | int | float) and not isinstance(raw, bool)
    if number and written:
        yield dotted(path), raw, read


def _shown(key: str, raw: Any, value: float) -> str:
    """The value as the engines take it, in the unit the key or the text suggests."""
    text = str(raw).lower()
    last = key.rsplit(".", 1)[-1]
    if "rp" in text or any(w in text for w in ("ribu", "juta", "miliar", "milyar", "triliun")):
        return f"Rp {value:,.2f}".removesuffix(".00")
    if text.rstrip().endswith("%") or "share" in last or "rate" in last:
        return f"{value:g} (= {value * 100:g}%)"
    if "income" in last or "amount" in last or "monthly" in last or "line" in key:
        return f"Rp {value:,.2f}".removesuffix(".00")
    return f"{value:g}"


def explain_settings(raw: dict[str, Any], scenario: Scenario) -> list[str]:
    """One line per number among the settings as written and as read, written ones first.

    Examples
    --------
    >>> from ucj_opt.scenario import load_scenario
    >>> from ucj_opt.scenario.composition import compose
    >>> raw, _, _ = compose("embedded:national", sets=["package.jkm_monthly=Rp 20 ribu"])
    >>> study = load_scenario("embedded:national", sets=["package.jkm_monthly=Rp 20 ribu"])
    >>> [line for line in explain_settings(raw, study.scenario) if "jkm" in line]
    ["package.jkm_monthly: 'Rp 20 ribu' read as Rp 20,000"]
    """
    read = scenario.model_dump(mode="python")
    lines = []
    for key, written, value in _leaves(raw, read, ()):
        shown = _shown(key, written, float(value))
        if isinstance(written, str) or shown != f"{value:g}":
            lines.append(f"{key}: {written!r} read as {shown}")
    return lines
