"""Benefit rules of PP 82/2019 (rules in Permenaker 5/2021), vectorised; REFERENCE §3.

Lump sums are owed at the event and paid once the claim is approved; STMB and scholarships
accrue month by month. Medical care under JKK has no ceiling and is paid to the provider,
so an insured worker pays nothing out of pocket; an uninsured one pays ``oop_share`` of it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ucj_opt.simulation.inputs import Benefits

__all__ = [
    "MEDICAL",
    "PARTIAL",
    "TEMPORARY",
    "TOTAL",
    "WORK_DEATH",
    "jkk_lump_sum",
    "jkm_death_lump_sum",
    "scholarship_monthly",
    "stmb_monthly",
]

MEDICAL, TEMPORARY, PARTIAL, TOTAL, WORK_DEATH = range(5)


def jkk_lump_sum(rules: Benefits, severity: NDArray[np.int64]) -> NDArray[np.float64]:
    """Cash owed at a work accident by severity class (before ``scale``).

    Partial disability: table share × 80 × wage; total: 56 × wage; death: 48 × wage +
    funeral + periodic (REFERENCE §3, grade B).
    """
    w = rules.wage_basis
    table = np.array(
        [
            0.0,
            0.0,
            rules.partial_table_share * rules.partial_disability_multiple * w,
            rules.total_disability_multiple * w,
            rules.death_multiple * w + rules.funeral + rules.periodic,
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


def scholarship_monthly(rules: Benefits, children: NDArray[np.int64]) -> NDArray[np.float64]:
    """Scholarship accrued per month for at most ``scholarship_children_max`` children."""
    n = np.minimum(children, rules.scholarship_children_max)
    return n * rules.scholarship_per_child_year / 12.0
