"""Public figures (REFERENCE.md) and the assumptions the embedded defaults are built from.

Every number the data builder uses is named here once, with its source or its range, so
the arithmetic in :mod:`ucj_opt.data.build` reads as a derivation and docs/data.md can
quote it. Official figures are copied as published; assumptions carry a (low, high) range.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ASSUMPTIONS",
    "DECREE",
    "EXTREME_RATE_MAR2023",
    "NATIONAL",
    "POOR_MAR2025",
    "POVERTY_RATE_MAR2025",
    "PPU",
    "PPU_CODE",
    "SOURCES",
    "Assumption",
]

SOURCES = {
    "decree": "Kepmendagri 300.2.2-2138/2025; Dukcapil Dec 2024",
    "poverty_national": "BPS, Mar 2025 (REFERENCE §5)",
    "poverty_province": "BPS Mar 2025 provincial release, media copies (REFERENCE §5, grade B)",
    "extreme_national": "BPS, Mar 2025 (REFERENCE §5)",
    "extreme_province": "BPS Mar 2023 provincial values (REFERENCE §5)",
    "extreme_heads": "BPS, Mar 2023: 52% of extreme-poor household heads in agriculture",
    "sakernas": "BPS Sakernas Feb 2025 (REFERENCE §4)",
    "uncovered": "BPJS Ketenagakerjaan, Sep 2025: 27m uncovered vulnerable workers (§4, B)",
    "apbd_paid": "1.2m vulnerable workers paid from APBD, 598k by CSR, end 2022 (§4, B)",
    "premium": "PP 44/2015: minimum JKK+JKM Rp 16,800/month, Rp 201,600/yr (REFERENCE §2)",
    "ppu": "Kab. Penajam Paser Utara APBD 2025, kaltim.antaranews.com 2025 (REFERENCE §2)",
    "dana_desa": "Dana Desa Rp 60.57T in 2026 for 75,259 desa (REFERENCE §7, A/B)",
    "apbd_kabkota": "APBD of all kab/kota Rp 847T in 2021 (REFERENCE §7, B)",
    "assumption": "assumption (ucj_opt docs/data.md)",
}
"""Short source strings written into the data files."""


@dataclass(frozen=True)
class Assumption:
    """An assumed figure: point value with the range used for sensitivity."""

    value: float
    low: float
    high: float
    why: str

    def text(self) -> str:
        """The assumption as written in a derivation column."""
        return f"assumed {self.value:g} (range {self.low:g}-{self.high:g}): {self.why}"


DECREE = {
    "provinces": 38,
    "kabupaten": 416,
    "kota": 98,
    "kecamatan": 7_285,
    "kelurahan": 8_496,
    "desa": 75_266,
    "population": 284_973_643,
}
"""Unit counts and population of Kepmendagri 300.2.2-2138/2025 (REFERENCE §7, grade A)."""

NATIONAL = {
    "poor_people": 23_850_000,
    "poverty_rate": 0.0847,
    "extreme_poor_people": 2_380_000,
    "extreme_poverty_rate": 0.0085,
    "extreme_poverty_rate_mar2023": 0.0112,
    "employed": 145_770_000,
    "informal_share": 0.5940,
    "uncovered_vulnerable": 27_000_000,
    "extreme_heads_agriculture": 0.52,
    "apbd_paid_workers_2022": 1_200_000,
    "csr_paid_workers_2022": 598_000,
    "premium_per_year": 201_600.0,
    "dana_desa_2026": 60.57e12,
    "dana_desa_recipients": 75_259,
    "apbd_kabkota_2021": 847e12,
}
"""National figures of REFERENCE §2, §4, §5 and §7."""

POVERTY_RATE_MAR2025 = {
    "95": 0.3003, "94": 0.2890, "92": 0.2066, "93": 0.1971, "91": 0.1916, "53": 0.1860,
    "96": 0.1795, "81": 0.1538, "75": 0.1324, "11": 0.1233, "51": 0.0372, "63": 0.0384,
    "31": 0.0428, "21": 0.0444, "19": 0.0500, "64": 0.0517, "62": 0.0519, "13": 0.0535,
    "65": 0.0554, "36": 0.0563, "82": 0.0581, "61": 0.0616, "14": 0.0616,
}  # fmt: skip
"""Provincial poverty rates, March 2025 (REFERENCE §5, grade B), by Kemendagri code."""

POOR_MAR2025 = {
    "35": 3_875_880, "32": 3_654_740, "33": 3_366_690, "12": 1_140_250, "53": 1_088_780,
    "16": 919_600, "18": 887_020, "36": 772_780, "11": 704_690, "73": 698_130,
    "93": 105_530, "96": 103_570, "19": 77_710, "82": 77_270,
}  # fmt: skip
"""Poor people by province, March 2025 (REFERENCE §5, grade B)."""

EXTREME_RATE_MAR2023 = {"91": 0.0767, "92": 0.0643, "75": 0.0244}
"""Extreme-poverty rates, March 2023: Papua, Papua Barat, Gorontalo (REFERENCE §5, A)."""

PPU_CODE = "64.09"
"""Kemendagri code of Kab. Penajam Paser Utara."""

PPU: dict[str, float] = {
    "apbd_2025": 3e9,
    "monthly_premium": 16_800.0,
    "enrolled": 20_614,
    "paid_by_kabupaten": 15_000,
    "paid_by_province": 5_614,
}
"""Kab. Penajam Paser Utara, Kalimantan Timur (REFERENCE §2, grade A)."""

ASSUMPTIONS = {
    "fisher_share_extreme": Assumption(
        0.05,
        0.02,
        0.10,
        "fishers' share of extreme-poor workers, within the official 52% "
        "in agriculture (BPS counts fisheries in agriculture)",
    ),
    "informal_share_extreme": Assumption(
        0.38, 0.30, 0.45, "non-agricultural informal share of extreme-poor workers"
    ),
    "farmer_share_eligible": Assumption(
        0.35, 0.25, 0.45, "farmers' share of uncovered vulnerable workers"
    ),
    "fisher_share_eligible": Assumption(
        0.04, 0.02, 0.08, "fishers' share of uncovered vulnerable workers"
    ),
    "informal_share_eligible": Assumption(
        0.51, 0.40, 0.60, "non-agricultural informal share of uncovered vulnerable workers"
    ),
    "apbd_growth_to_2026": Assumption(
        2.0,
        1.0,
        4.0,
        "APBD-paid workers in 2026 as a multiple of the 1.2m of end 2022 "
        "(UCJ push since 2025; 2025 target coverage 52.15% vs 35.68% reached)",
    ),
    "csr_growth_to_2026": Assumption(
        1.0, 0.5, 2.0, "CSR-paid workers in 2026 as a multiple of the 598k of end 2022"
    ),
    "dana_desa_share": Assumption(
        0.005,
        0.0,
        0.02,
        "share of Dana Desa spent on BPJS TK contributions (allowed from "
        "2026 by Permendes PDT 16/2025)",
    ),
    "budget_growth": Assumption(
        0.05, 0.0, 0.10, "yearly nominal growth of every UCJ envelope after 2026"
    ),
}
"""Assumptions with ranges; docs/data.md explains each."""
