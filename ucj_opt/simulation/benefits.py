"""Benefit rules of PP 82/2019 (rules in Permenaker 5/2021), vectorised; REFERENCE §3.

Lump sums are owed at the event and paid once the claim is approved; STMB and scholarships
accrue month by month. Medical care under JKK has no ceiling and is paid to the provider,
so an insured worker whose accident is claimed pays nothing out of pocket.

Scholarship levels follow the children's ages (PP 82/2019: TK–SD at most 8 years, SMP and
SMA 3 each, university 5, until age 23): TK 5–6, SD 7–12, SMP 13–15, SMA 16–18,
university 19–23.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ucj_opt.simulation.inputs import Benefits

__all__ = [
    "LEVEL_AGES",
    "MEDICAL",
    "PARTIAL",
    "TEMPORARY",
    "TOTAL",
    "WORK_DEATH",
    "jkk_lump_sum",
    "jkm_death_lump_sum",
    "scholarship_monthly",
    "school_level",
    "stmb_monthly",
]

MEDICAL, TEMPORARY, PARTIAL, TOTAL, WORK_DEATH = range(5)

LEVEL_AGES = ((5, 6), (7, 12), (13, 15), (16, 18), (19, 23))
"""First and last age of TK, SD, SMP, SMA and university, as the scholarship pays them."""


def jkk_lump_sum(rules: Benefits, severity: NDArray[np.int64]) -> NDArray[np.float64]:
    """Cash owed at a work accident by severity class (before ``scale``).

    Partial disability: table share × 80 × wage; total: 56 × wage + the periodic benefit;
    death: max(48 × wage, Rp 20 million) + funeral + periodic (REFERENCE §3).
    """
    w = rules.wage_basis
    table = np.array(
        [
            0.0,
            0.0,
            rules.partial_table_share * rules.partial_disability_multiple * w,
            rules.total_disability_multiple * w + rules.periodic,
            max(rules.death_multiple * w, rules.death_minimum) + rules.funeral + rules.periodic,
        ]
    )
    return table[severity]


def jkm_death_lump_sum(rules: Benefits) -> float:
    """JKM for a death not from work: Rp 42m (20m + 12m periodic + 10m funeral), grade A."""
    return rules.jkm_lump_sum


def stmb_monthly(rules: Benefits, months_since_start: NDArray[np.int64]) -> NDArray[np.float64]:
    """STMB: 100% of the wage basis for the first 12 months of incapacity, then 50%."""
    w = rules.wage_basis
    return np.where(months_since_start < rules.stmb_full_months, w, rules.stmb_later_share * w)


def school_level(age: NDArray[np.int64]) -> NDArray[np.int64]:
    """The school level of a child of ``age`` (0 TK … 4 university), −1 outside 5–23."""
    level = np.full(np.shape(age), -1, dtype=np.int64)
    for k, (lo, hi) in enumerate(LEVEL_AGES):
        level = np.where((age >= lo) & (age <= hi), k, level)
    return level


def scholarship_monthly(
    rules: Benefits, child_age: NDArray[np.int64], in_school: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """Scholarship accrued this month for each household's (at most two) children."""
    level = school_level(child_age)
    rates = np.asarray(rules.scholarship_per_year)
    per_child = np.where((level >= 0) & in_school, rates[np.maximum(level, 0)], 0.0)
    per_child = per_child[..., : rules.scholarship_children_max]
    return np.asarray(per_child.sum(axis=-1) / 12.0, dtype=np.float64)
