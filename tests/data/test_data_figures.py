"""Province figures: sourced, statused, reproducible and consistent with REFERENCE.md."""

from __future__ import annotations

import pandas as pd
import pytest

from ucj_opt.data import STATUSES, province_figures, provinces
from ucj_opt.data.build import FIGURE_COLUMNS, build_figures, national_envelopes
from ucj_opt.data.sources import (
    EXTREME_RATE_MAR2023,
    NATIONAL,
    POOR_MAR2025,
    POVERTY_RATE_MAR2025,
    PPU,
)


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return province_figures()


@pytest.fixture(scope="module")
def wide(figures: pd.DataFrame) -> pd.DataFrame:
    return figures.pivot(index="code", columns="figure", values="value").astype(float)


@pytest.fixture(scope="module")
def pop() -> pd.Series:
    return provinces()["population_dec2024"].astype(float)


def test_columns_sources_and_statuses(figures: pd.DataFrame) -> None:
    assert tuple(figures.columns) == FIGURE_COLUMNS
    assert figures["source"].str.strip().ne("").all()
    assert figures["derivation"].str.strip().ne("").all()
    assert figures["status"].isin(STATUSES).all()
    assert figures["value"].notna().all()


def test_each_province_has_each_figure_once(figures: pd.DataFrame) -> None:
    counts = figures.groupby(["code", "figure"]).size()
    assert (counts == 1).all()
    per_code = figures.groupby("code")["figure"].nunique()
    assert set(per_code.index) == set(provinces().index)
    assert per_code.nunique() == 1


def test_committed_file_is_what_the_builder_writes(figures: pd.DataFrame) -> None:
    rebuilt = build_figures(provinces())
    pd.testing.assert_frame_equal(
        rebuilt.astype({"value": float}), figures.astype({"value": float}), rtol=0, atol=0
    )


def test_official_figures_are_copied_as_published(figures: pd.DataFrame) -> None:
    official = figures[figures["status"] == "official"].set_index(["code", "figure"])["value"]
    for code, rate in POVERTY_RATE_MAR2025.items():
        assert float(official[(code, "poverty_rate")]) == rate
    for code, people in POOR_MAR2025.items():
        assert float(official[(code, "poor_people")]) == people
    assert set(official.index.get_level_values("figure")) == {"poverty_rate", "poor_people"}


def test_national_poor_match_reference(wide: pd.DataFrame, pop: pd.Series) -> None:
    poor = float((wide["poverty_rate"] * pop).sum())
    assert poor == pytest.approx(NATIONAL["poor_people"], rel=1e-5)
    extreme = float((wide["extreme_poverty_rate"] * pop).sum())
    assert extreme == pytest.approx(NATIONAL["extreme_poor_people"], rel=1e-4)
    assert wide["extreme_poor_people"].sum() == pytest.approx(2_380_000, abs=38)


def test_extreme_below_poverty_and_mar2023_scaled(wide: pd.DataFrame) -> None:
    assert (wide["extreme_poverty_rate"] < wide["poverty_rate"]).all()
    for code, rate in EXTREME_RATE_MAR2023.items():
        assert wide.loc[code, "extreme_poverty_rate"] == pytest.approx(
            rate * 0.0085 / 0.0112, abs=1e-6
        )


def test_workers_add_up_to_national_figures(wide: pd.DataFrame, pop: pd.Series) -> None:
    assert wide["employed_workers"].sum() == pytest.approx(145_770_000, abs=38)
    assert wide["eligible_workers"].sum() == pytest.approx(27_000_000, abs=38)
    informal = wide["informal_workers"].sum() / wide["employed_workers"].sum()
    assert informal == pytest.approx(0.594, abs=1e-6)
    ratio = 145_770_000 / pop.sum()
    expected = wide["extreme_poverty_rate"] * pop * ratio
    assert (wide["extreme_poor_workers"] - expected).abs().max() <= 1
    assert (wide["extreme_poor_workers"] <= wide["eligible_workers"]).all()


def test_segment_shares_sum_to_one(wide: pd.DataFrame) -> None:
    segs = ("farmer", "fisher", "informal", "other")
    elig = wide[[f"segment_share_{s}" for s in segs]].sum(axis=1)
    ext = wide[[f"extreme_segment_share_{s}" for s in segs]].sum(axis=1)
    assert elig.round(9).eq(1).all() and ext.round(9).eq(1).all()
    agri = wide["extreme_segment_share_farmer"] + wide["extreme_segment_share_fisher"]
    assert agri.round(9).eq(NATIONAL["extreme_heads_agriculture"]).all()


def test_budget_envelopes_follow_their_anchors(wide: pd.DataFrame) -> None:
    env = national_envelopes()
    apbd = env["apbd_provinsi"] + env["apbd_kabkota"]
    assert apbd == pytest.approx(1_200_000 * 201_600 * 2)
    assert env["apbd_kabkota"] / apbd == pytest.approx(15_000 / 20_614)
    assert env["other"] == pytest.approx(598_000 * 201_600)
    for source, total in env.items():
        assert wide[f"budget_2026_{source}"].sum() == pytest.approx(total, abs=38 * 500)
    # Kalimantan Timur's kab/kota together hold at least what Kab. PPU alone budgets.
    assert wide.loc["64", "budget_2026_apbd_kabkota"] >= PPU["apbd_2025"]
    assert wide.loc["31", "budget_2026_apbdes"] == 0  # DKI Jakarta has no desa


def test_budgets_are_assumed_and_every_assumption_states_a_range(figures: pd.DataFrame) -> None:
    budgets = figures[figures["figure"].str.startswith("budget_")]
    assert (budgets["status"] == "assumed").all()
    assumed = figures[figures["status"] == "assumed"]
    assert assumed["derivation"].str.contains(r"range \d", regex=True).all()
