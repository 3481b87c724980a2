"""Small synthetic result tables in the shapes the chart functions document.

The numbers are made up (seeded) and only exercise the drawing; they are not estimates.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ucj_opt.report import (
    Assumption,
    Chart,
    KeyFigure,
    Provenance,
    ReportContent,
    Section,
    Table,
)

REGIONS = ["Kab. Alpha", "Kab. Beta", "Kota Gamma", "Kab. Delta", "Kab. Epsilon"]
SOURCES = ["apbd_kabkota", "apbdes", "apbd_provinsi"]


def allocation_table() -> pd.DataFrame:
    """Region × segment × source rows with enrolled, eligible workers and premiums."""
    rng = np.random.default_rng(7)
    rows = []
    for i, region in enumerate(REGIONS):
        for segment in ("farmer", "fisher"):
            for source in SOURCES:
                eligible = 1000 * (i + 1)
                enrolled = int(eligible * rng.uniform(0.05, 0.3))
                rows.append((region, segment, source, enrolled, eligible, enrolled * 201_600.0))
    return pd.DataFrame(
        rows, columns=["region", "segment", "source", "enrolled", "eligible", "premiums"]
    )


def need_table() -> pd.DataFrame:
    """Region rows with need, budget and used rupiah."""
    need = np.array([5.0, 2.0, 8.0, 1.5, 3.0]) * 1e9
    budget = np.array([2.0, 2.5, 3.0, 1.0, 0.5]) * 1e9
    return pd.DataFrame(
        {"region": REGIONS, "need": need, "budget": budget, "used": np.minimum(need, budget)}
    )


def shadow_table() -> pd.DataFrame:
    """Budget constraints with shadow prices in workers per rupiah; two are not binding."""
    labels = [f"{r} · APBD 2026" for r in REGIONS] + ["Desa Satu · APBDes", "Desa Dua · APBDes"]
    prices = np.array([4960.3, 1200.0, 0.0, 2480.1, 310.0, 0.0, 4960.3]) / 1e9
    return pd.DataFrame({"budget": labels, "shadow_price": prices})


def frontier_table() -> pd.DataFrame:
    """A sweep: protected workers rising and flattening with the total budget."""
    budget = np.linspace(0.0, 40e9, 9)
    return pd.DataFrame(
        {"total_budget": budget, "protected": 150_000 * (1 - np.exp(-budget / 15e9))}
    )


def province_values() -> pd.Series:
    """Coverage shares for 36 of the 38 provinces (two missing on purpose)."""
    from ucj_opt.data import provinces

    codes = [c for c in provinces().index if c not in ("93", "95")]
    rng = np.random.default_rng(3)
    return pd.Series(rng.uniform(0.2, 0.6, len(codes)), index=codes)


def projection_table(months: int = 24, reps: int = 40) -> pd.DataFrame:
    """Monthly people in poverty per arm, replication and two segments (to be summed)."""
    rng = np.random.default_rng(11)
    rows = []
    for rep in range(reps):
        noise = rng.normal(0, 300, months).cumsum()
        for arm, drift in (("without", 40.0), ("with", 10.0)):
            for segment in ("farmer", "fisher"):
                base = 20_000 + drift * np.arange(months) + noise
                for m in range(months):
                    rows.append((m, arm, rep, segment, float(base[m]) / 2))
    return pd.DataFrame(rows, columns=["month", "arm", "replication", "segment", "value"])


def sensitivity_table() -> pd.DataFrame:
    """Sobol-style indices for five parameters."""
    return pd.DataFrame(
        {
            "parameter": ["accident rate", "death rate", "take-up", "income", "household size"],
            "S1": [0.42, 0.18, 0.25, 0.05, 0.02],
            "ST": [0.50, 0.22, 0.30, 0.08, 0.03],
            "S1_conf": [0.04, 0.03, 0.03, 0.02, 0.01],
            "ST_conf": [0.05, 0.03, 0.04, 0.02, 0.01],
        }
    )


def effects(n: int = 300) -> np.ndarray:
    """Per-replication paired effects (people kept out of poverty)."""
    return np.random.default_rng(5).normal(420.0, 150.0, n)


def sample_content(created: dt.datetime) -> ReportContent:
    """A report with every kind of piece, its charts drawn in the report's language."""
    from ucj_opt import plot

    alloc = allocation_table()
    by_region = alloc.groupby("region", as_index=False)[["enrolled", "eligible", "premiums"]].sum()
    by_region["coverage"] = by_region["enrolled"] / by_region["eligible"]
    by_region["decided"] = dt.date(2026, 11, 24)
    charts = [
        Chart(
            {"en": "Coverage by region", "id": "Cakupan per wilayah"},
            lambda lang: plot.coverage_by_region(alloc, lang=lang, target=0.2),
            caption={"en": "Target: 20%.", "id": "Target: 20%."},
        ),
        Chart("Premiums", lambda lang: plot.allocation_by_region(alloc, lang=lang)),
        Chart("Need", lambda lang: plot.budget_vs_need(need_table(), lang=lang)),
        Chart("Shadow prices", lambda lang: plot.shadow_prices(shadow_table(), lang=lang)),
        Chart("Frontier", lambda lang: plot.budget_frontier(frontier_table(), lang=lang)),
        Chart("Map", lambda lang: plot.province_tile_map(province_values(), lang=lang)),
    ]
    projection = projection_table(months=12, reps=20)
    mc_charts = [
        Chart("Fan", lambda lang: plot.fan_chart(projection, lang=lang)),
        Chart("Effect", lambda lang: plot.paired_effect(effects(), lang=lang)),
        Chart("Sensitivity", lambda lang: plot.sensitivity_bars(sensitivity_table(), lang=lang)),
        Chart(
            "Convergence",
            lambda lang: plot.convergence(plot.running_mean_table(effects()), lang=lang),
        ),
    ]
    return ReportContent(
        title={"en": "UCJ allocation: sample <report>", "id": "Alokasi UCJ: contoh <laporan>"},
        subtitle="Kab. Alpha & friends (synthetic)",
        summary=[
            {
                "en": "With Rp 12 billion the five kabupaten protect 7,380 workers.",
                "id": "Dengan Rp 12 miliar lima kabupaten melindungi 7.380 pekerja.",
            }
        ],
        key_figures=[
            KeyFigure({"en": "Workers protected", "id": "Pekerja terlindungi"}, 7380, "integer"),
            KeyFigure({"en": "Budget used", "id": "Anggaran terpakai"}, 1.2e9, "money"),
            KeyFigure(
                {"en": "Coverage", "id": "Cakupan"},
                0.3568,
                "percent",
                note={"en": "of eligible workers", "id": "dari pekerja memenuhi syarat"},
            ),
            KeyFigure(
                {"en": "Poverty avoided", "id": "Kemiskinan terhindarkan"},
                1234567.5,
                "number",
                decimals=1,
            ),
        ],
        sections=[
            Section(
                {"en": "Allocation", "id": "Alokasi"},
                paragraphs=["Allocation paragraph."],
                tables=[
                    Table(
                        {"en": "By region", "id": "Per wilayah"},
                        by_region,
                        formats={"premiums": "money", "coverage": "percent"},
                    ),
                    Table("Long", pd.DataFrame({"x": range(80)}), max_rows=10),
                    Table("Empty", pd.DataFrame({"x": []})),
                ],
                charts=charts,
            ),
            Section({"en": "Projection", "id": "Proyeksi"}, charts=mc_charts),
        ],
        assumptions=[
            Assumption(
                "JKK+JKM minimum package",
                "Rp 16,800 / month",
                "PP 44/2015 (REFERENCE §2)",
                grade="A",
            ),
            Assumption("Accident rate, farmers", "0.5% / year", "assumption", range="0.2–1%"),
        ],
        provenance=Provenance(
            scenario="sample.yaml",
            created=created,
            version="0.1.0",
            seed=20261124,
            details={"solver": "HiGHS", "scenario hash": "sha256:abc123"},
        ),
    )
