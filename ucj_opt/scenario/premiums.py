"""Contribution per enrolled worker and year, from the package rules (REFERENCE §2).

JKK is ``jkk_rate`` of max(declared income, ``jkk_minimum_income``) a month (PP 44/2015),
JKM a flat ``jkm_monthly`` (PP 44/2015), JHT optionally ``jht_rate`` of the same income
base (PP 46/2015). Premiums are paid for whole months; a month is discounted when its
first day lies within a discount's dates and the discount covers the worker's segment and
the budget source that pays. Declared income grows by ``indexation`` a year (an
assumption, 0 by default).
"""

from __future__ import annotations

import datetime as dt

from ucj_opt.scenario.model import Package

__all__ = ["monthly_premium", "segment_sensitive", "yearly_premium"]


def _income(package: Package, year: int, base_year: int) -> float:
    return package.declared_income * (1.0 + package.indexation) ** (year - base_year)


def monthly_premium(
    package: Package,
    year: int,
    month: int,
    base_year: int,
    segment: str | None = None,
    source: str | None = None,
) -> float:
    """Rupiah paid for one worker of ``segment`` from ``source`` in a month of ``year``."""
    basis = max(_income(package, year, base_year), package.jkk_minimum_income)
    parts = {
        "jkk": package.jkk_rate * basis,
        "jkm": package.jkm_monthly,
        "jht": package.jht_rate * basis if package.jht else 0.0,
    }
    first_day = dt.date(year, month, 1)
    for discount in package.discounts:
        if discount.start <= first_day <= discount.end and discount.covers(segment, source):
            for programme in discount.applies_to:
                parts[programme] *= 1.0 - discount.share
    return sum(parts.values())


def yearly_premium(
    package: Package,
    year: int,
    base_year: int,
    segment: str | None = None,
    source: str | None = None,
) -> float:
    """Rupiah paid for one worker enrolled for ``months_per_year`` whole months from January."""
    return sum(
        monthly_premium(package, year, m, base_year, segment, source)
        for m in range(1, package.months_per_year + 1)
    )


def segment_sensitive(package: Package) -> bool:
    """Whether any discount tells segments apart (then premiums depend on the segment)."""
    return any(d.segments is not None for d in package.discounts)
