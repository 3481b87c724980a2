"""Shadow prices beyond the target stage: a budget that reaches no more extreme-poor
workers still buys something at the next priority, and says how much per Rp 1 miliar;
checked against finite differences of the whole staged solve."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.conftest import write_scenario
from tests.targets.test_targets import BUDGETS, PREMIUM, REGIONS, WORKERS
from ucj_opt.allocate.solve import solve_tables
from ucj_opt.scenario import load_scenario


def test_later_stage_price_matches_a_finite_difference(tmp_path: Path) -> None:
    path = write_scenario(
        tmp_path, regions__csv=REGIONS, workers__csv=WORKERS, budgets__csv=BUDGETS
    )
    study = load_scenario(path, sets=["policy.equity_floor.share=0"])
    base = solve_tables(study.scenario, study.tables)
    budgets = base.budgets.set_index("region")
    # Kutai Kartanegara still has uncovered extreme-poor workers: its money counts there
    assert budgets.loc["64.02", "shadow_per_miliar"] == pytest.approx(1e9 / PREMIUM)
    assert budgets.loc["64.02", "later_stage"] == ""
    # Paser covers all its extreme poor: an extra rupiah buys poor worker-years (stage 2)
    assert budgets.loc["64.01", "shadow_per_miliar"] == pytest.approx(0.0, abs=1e-9)
    assert budgets.loc["64.01", "later_stage"] == "poor"
    price = float(budgets.loc["64.01", "later_per_miliar"])
    delta = 10 * PREMIUM  # ten more workers' premiums: Paser has 100 others uncovered
    more = study.tables.budgets.copy()
    more.loc[more["region"] == "64.01", "amount"] += delta
    moved = solve_tables(study.scenario, dataclasses.replace(study.tables, budgets=more))
    before = {s.name: s.value for s in base.stages}
    after = {s.name: s.value for s in moved.stages}
    assert after["extreme_poor"] == pytest.approx(before["extreme_poor"])
    assert after["poor"] - before["poor"] == pytest.approx(price * delta / 1e9, rel=1e-6)
    notes = base.budget_notes()
    assert any("of APBD Kabupaten Paser 2026: it buys no more" in n for n in notes)
    assert any("tidak dapat membeli" in n for n in base.budget_notes(lang="id"))
