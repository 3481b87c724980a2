"""The national tables load as a scenario and keep the figures' totals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ucj_opt.data import (
    NATIONAL_BUDGET_SOURCES,
    NATIONAL_YEARS,
    national_tables,
    province_figures,
    split_whole,
)
from ucj_opt.scenario import load_scenario


@pytest.fixture(scope="module")
def wide() -> pd.DataFrame:
    figures = province_figures()
    return figures.pivot(index="code", columns="figure", values="value").astype(float)


def test_table_schemas() -> None:
    t = national_tables()
    assert list(t.regions.columns) == [
        "code", "name", "population", "poverty_rate", "extreme_poverty_rate"
    ]  # fmt: skip
    assert list(t.workers.columns) == ["region", "segment", "eligible", "extreme_poor"]
    assert list(t.budgets.columns) == ["region", "year", "source", "amount"]
    assert t.regions["population"].dtype == np.int64
    assert t.workers["eligible"].dtype == np.int64
    assert t.budgets["amount"].dtype == np.float64
    assert len(t.regions) == 38
    assert len(t.workers) == 38 * 4
    # Every province has every source but DKI Jakarta, which has no desa and so no APBDes.
    assert len(t.budgets) == (38 * len(NATIONAL_BUDGET_SOURCES) - 1) * len(NATIONAL_YEARS)
    assert not ((t.budgets["region"] == "31") & (t.budgets["source"] == "apbdes")).any()


def test_workers_keep_province_totals(wide: pd.DataFrame) -> None:
    w = national_tables().workers
    assert (w["extreme_poor"] <= w["eligible"]).all()
    assert (w["extreme_poor"] >= 0).all()
    by = w.groupby("region")[["eligible", "extreme_poor"]].sum()
    assert (by["eligible"] == wide.loc[by.index, "eligible_workers"]).all()
    assert (by["extreme_poor"] == wide.loc[by.index, "extreme_poor_workers"]).all()
    assert by["eligible"].sum() == 27_000_000


def test_budgets_grow_at_the_stated_rate(wide: pd.DataFrame) -> None:
    b = national_tables().budgets.set_index(["region", "year", "source"])["amount"]
    assert sorted({y for _, y, _ in b.index}) == list(range(2026, 2031))
    for code in ("11", "64", "95"):
        base = wide.loc[code, "budget_2026_apbd_kabkota"]
        g = wide.loc[code, "budget_growth_per_year"]
        assert b[(code, 2026, "apbd_kabkota")] == pytest.approx(base, abs=500)
        assert b[(code, 2030, "apbd_kabkota")] == pytest.approx(base * (1 + g) ** 4, abs=500)
    assert (b > 0).all()


def test_returns_fresh_frames() -> None:
    first = national_tables()
    first.regions.loc[0, "population"] = -1
    assert national_tables().regions.loc[0, "population"] > 0


def test_embedded_national_scenario_loads() -> None:
    sc = load_scenario("embedded:national")
    assert sc.scenario.horizon.year_list == list(NATIONAL_YEARS)
    assert len(sc.tables.regions) == 38
    assert (sc.tables.regions["level"] == "province").all()
    assert sc.tables.workers["eligible"].sum() == 27_000_000


@given(
    total=st.integers(min_value=0, max_value=10**9),
    shares=st.lists(st.floats(min_value=0.001, max_value=1.0), min_size=1, max_size=12),
)
def test_split_whole_adds_up_and_stays_close(total: int, shares: list[float]) -> None:
    parts = split_whole(total, np.array(shares))
    exact = total * np.array(shares) / np.sum(shares)
    assert parts.sum() == total
    assert (parts >= 0).all()
    assert np.all(np.abs(parts - exact) < 1 + 1e-6 * max(total, 1))


def test_every_uncertain_default_is_declared_in_the_national_uncertainty() -> None:
    """A Monte Carlo of the default varies every assumed or derived figure that has a
    range, between its low and high, most likely at its value."""
    from ucj_opt.scenario.base import Estimate

    scenario = load_scenario("embedded:national").scenario
    declared = {p.path: p.distribution for p in scenario.uncertainty.parameters}
    sim = scenario.simulation
    expected = {}
    for name in type(sim).model_fields:
        value = getattr(sim, name)
        items = value.items() if isinstance(value, dict) else [("", value)]
        for key, est in items:
            if isinstance(est, Estimate) and est.status != "official" and est.low != est.high:
                expected[f"simulation.{name}{'.' + key if key else ''}.value"] = est
    assert set(expected) <= set(declared), sorted(set(expected) - set(declared))
    for path, est in expected.items():
        dist = declared[path]
        assert (dist.low, dist.mode, dist.high) == (*est.range[:1], est.value, est.range[1])  # type: ignore[union-attr]
    assert "budget_scale" in declared
