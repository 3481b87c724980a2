"""Embedded default data: the 38 provinces and the figures of the national scenario.

Files are read with :mod:`importlib.resources`, so they work from an installed wheel.
Every figure carries its status (official / derived / assumed), source and derivation in
``province_figures.csv``; docs/data.md explains each one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

__all__ = [
    "NATIONAL_BUDGET_SOURCES",
    "NATIONAL_YEARS",
    "STATUSES",
    "NationalTables",
    "national_tables",
    "province_figures",
    "provinces",
    "split_whole",
    "worker_age_shares",
    "worker_mortality",
]

STATUSES = ("official", "derived", "assumed")
"""How a figure was obtained: published as is, computed from published figures, assumed."""

NATIONAL_YEARS = tuple(range(2026, 2031))
"""Budget years of the national tables (the RPJMN period up to 2030)."""

NATIONAL_BUDGET_SOURCES = ("apbd_provinsi", "apbd_kabkota", "apbdes", "other")
"""Sources in the national budgets table. APBD kabupaten/kota and APBDes sit at province
codes there, standing for all kab/kota (all desa) of the province together."""

_SEGMENTS = ("farmer", "fisher", "informal", "other")


@dataclass(frozen=True, eq=False)
class NationalTables:
    """The three region tables of the national default scenario (38 provinces)."""

    regions: pd.DataFrame
    """Columns code, name, population, poverty_rate, extreme_poverty_rate."""
    workers: pd.DataFrame
    """Columns region, segment, eligible, extreme_poor (uncovered eligible workers)."""
    budgets: pd.DataFrame
    """Columns region, year, source, amount (rupiah per year). ``apbd_kabkota`` at a
    province code stands for all kabupaten/kota of that province together."""


def _read(name: str, dtype: dict[str, type]) -> pd.DataFrame:
    ref = resources.files(__name__).joinpath(name)
    with ref.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=dtype, keep_default_na=False)


@cache
def _provinces() -> pd.DataFrame:
    return _read("provinces.csv", {"code": str, "name": str, "status": str, "source": str})


@cache
def _figures() -> pd.DataFrame:
    return _read(
        "province_figures.csv",
        {"code": str, "figure": str, "unit": str, "status": str, "source": str, "derivation": str},
    )


def provinces() -> pd.DataFrame:
    """The 38 provinces of Kepmendagri 300.2.2-2138/2025, indexed by 2-digit code."""
    return _provinces().set_index("code")


def province_figures() -> pd.DataFrame:
    """Every province figure in long form: code, figure, value, unit, status, source,
    derivation."""
    return _figures().copy()


def split_whole(total: int, shares: np.ndarray) -> np.ndarray:
    """Split a whole number by shares with largest remainders, so the parts add up."""
    weights = np.asarray(shares, dtype=float)
    if total < 0 or weights.size == 0 or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError(f"cannot split {total} by shares {weights.tolist()}")
    raw = total * weights / float(weights.sum())
    parts = np.floor(raw).astype(np.int64)
    short = int(total - parts.sum())
    if short > 0:
        order = np.argsort(-(raw - parts), kind="stable")
        parts[order[:short]] += 1
    return parts


def _wide(figures: pd.DataFrame) -> pd.DataFrame:
    return figures.pivot(index="code", columns="figure", values="value")


def national_tables() -> NationalTables:
    """The national scenario's regions, workers and budgets (provinces, 2026–2030)."""
    prov = provinces()
    wide = _wide(_figures()).loc[prov.index]
    regions = pd.DataFrame(
        {
            "code": prov.index.to_numpy(),
            "name": prov["name"].to_numpy(),
            "population": prov["population_dec2024"].astype("int64").to_numpy(),
            "poverty_rate": wide["poverty_rate"].to_numpy(dtype=float),
            "extreme_poverty_rate": wide["extreme_poverty_rate"].to_numpy(dtype=float),
        }
    )
    worker_rows: list[tuple[str, str, int, int]] = []
    for code, row in wide.iterrows():
        elig = split_whole(
            int(row["eligible_workers"]),
            np.array([row[f"segment_share_{s}"] for s in _SEGMENTS], dtype=float),
        )
        ext = split_whole(
            int(row["extreme_poor_workers"]),
            np.array([row[f"extreme_segment_share_{s}"] for s in _SEGMENTS], dtype=float),
        )
        ext = np.minimum(ext, elig)
        worker_rows.extend(
            (str(code), s, int(e), int(x)) for s, e, x in zip(_SEGMENTS, elig, ext, strict=True)
        )
    workers = pd.DataFrame(worker_rows, columns=["region", "segment", "eligible", "extreme_poor"])
    budget_rows: list[tuple[str, int, str, float]] = []
    base = NATIONAL_YEARS[0]
    for code, row in wide.iterrows():
        growth = float(row["budget_growth_per_year"])
        for year in NATIONAL_YEARS:
            for source in NATIONAL_BUDGET_SOURCES:
                amount = float(row[f"budget_{base}_{source}"]) * (1 + growth) ** (year - base)
                if amount > 0:  # DKI Jakarta has no desa, hence no APBDes
                    budget_rows.append((str(code), year, source, round(amount, -3)))
    budgets = pd.DataFrame(budget_rows, columns=["region", "year", "source", "amount"])
    return NationalTables(
        regions=regions,
        workers=workers.astype({"eligible": "int64", "extreme_poor": "int64"}),
        budgets=budgets.astype({"year": "int64", "amount": "float64"}),
    )


def _read_commented(name: str) -> pd.DataFrame:
    ref = resources.files(__name__).joinpath(name)
    with ref.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, comment="#")


@cache
def _life_table() -> pd.DataFrame:
    return _read_commented("life_table_jkn2023.csv")


@cache
def _worker_ages() -> pd.DataFrame:
    return _read_commented("worker_ages.csv")


def worker_mortality(male_share: float, scale: float = 1.0) -> np.ndarray:
    """Yearly death probability by single age from 15 (index 0) to 89: the JKN 2023 life
    table (BPJS Kesehatan and PAI, grade B) mixed by sex, times ``scale``."""
    table = _life_table()
    male = table["qx_male"].to_numpy(dtype=float)
    female = table["qx_female"].to_numpy(dtype=float)
    mixed = (male_share * male + (1.0 - male_share) * female) * scale
    out: np.ndarray = np.clip(mixed, 0.0, 1.0)
    return out


def worker_age_shares() -> np.ndarray:
    """Share of eligible workers by single age from 15 (index 0) to 89, spread evenly
    within each band of ``worker_ages.csv`` (derived, grade C; see the file's header)."""
    bands = _worker_ages()
    ages = np.zeros(75)
    first, last = bands["first_age"].to_numpy(int), bands["last_age"].to_numpy(int)
    for a, b, share in zip(first, last, bands["share"].to_numpy(float), strict=True):
        ages[a - 15 : b - 15 + 1] = share / (b - a + 1)
    out: np.ndarray = ages / ages.sum()
    return out
