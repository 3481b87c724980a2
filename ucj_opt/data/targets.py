"""The published coverage targets and the baseline coverage, each with its source.

What each figure is a share of matters: the UCJ figures are BPJS Ketenagakerjaan
participants as a share of *employed persons* (REFERENCE §4: Bali 50.88% = 935,079 of
1,873,899 employed), not of the vulnerable workers a scenario calls eligible. REFERENCE
does not state the denominators of the RPJMN, RKP and RPJPN indicators; they are read
here as the same indicator. That the UCJ achievement of April 2025 (35.68%) already
exceeds the RPJMN 2025 target (32.15%) while missing the UCJ 2025 target (52.15%) says the
documents measure differently; the report says so next to the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BASELINE_COVERAGE",
    "BASELINE_COVERAGE_RANGE",
    "EMPLOYED_PER_PERSON",
    "NATIONAL_TARGETS",
    "UCJ_ACHIEVEMENT",
    "TargetPoint",
]


@dataclass(frozen=True)
class TargetPoint:
    """One published target: the share of the workforce covered by a year."""

    year: int
    share: float
    """Share of employed persons who are BPJS Ketenagakerjaan participants."""
    document: str
    """The planning document that sets it."""
    source: str
    grade: str


NATIONAL_TARGETS: tuple[TargetPoint, ...] = (
    TargetPoint(2025, 0.3215, "RPJMN 2025–2029", "RPJMN 2025–2029 (REFERENCE §4)", "A"),
    TargetPoint(2026, 0.3499, "RKP 2026", "RKP 2026 (REFERENCE §4)", "A"),
    TargetPoint(2029, 0.4392, "RPJMN 2025–2029", "RPJMN 2025–2029 (REFERENCE §4)", "A"),
    TargetPoint(2045, 0.995, "RPJPN 2025–2045", "RPJPN 2025–2045 (REFERENCE §4)", "A"),
)
"""The national path of the planning documents; years between are interpolated linearly."""

UCJ_ACHIEVEMENT = (0.3568, 0.5215)
"""UCJ coverage, national, April 2025, and its 2025 target; no province at target
(Kemendagri, REFERENCE §4, grade A)."""

BASELINE_COVERAGE = 0.3568
"""Share of a region's workforce covered before the allocation, where the regions table
gives no ``covered`` column: the national UCJ figure of April 2025 applied to every
region (an assumption: regions differ, Bali had 50.88% in March 2025)."""

BASELINE_COVERAGE_RANGE = (0.2758, 0.5088)
"""Low end: 40.2m active participants / 145.77m employed (Q1 2025, Feb 2025; calc from
grade A figures). High end: Bali, 50.88% (March 2025, grade A)."""

EMPLOYED_PER_PERSON = 145_770_000 / 284_973_643
"""Employed persons per resident (Sakernas Feb 2025 / Dukcapil Dec 2024, derived): the
workforce of a region whose table gives no ``workforce`` column is its population times
this (0.5115, as ``employed_workers`` in province_figures.csv)."""
