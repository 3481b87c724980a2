"""Poverty averted per worker-year, the allocation that maximises it, the coupled loop and
the comparison of two targetings on common random numbers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ucj_opt
from ucj_opt.cli import main
from ucj_opt.pipeline.averted import (
    allocate_for_poverty_averted,
    averted_by_group,
    enrolment_change,
    solve_for_values,
)
from ucj_opt.pipeline.targeting import compare_targetings

PPU = "scenarios/kabupaten_ppu.yaml"


@pytest.fixture(scope="module")
def study() -> ucj_opt.Study:
    return ucj_opt.load_scenario(
        PPU, overrides=["one_year"], sets=["simulation.households_per_group=30"]
    )


def test_group_effects_add_up_to_the_projection_headline(study: ucj_opt.Study) -> None:
    table = ucj_opt.solve(study).table
    groups = averted_by_group(study, table, replications=2, seed=11)
    projection = ucj_opt.simulate(study, table, replications=2, seed=11)
    # an independent path: ReplicationResult.summary() through simulate()
    headline = projection.per_replication["extreme_poor_person_years_averted"].mean()
    assert groups["extreme_poor_person_years"].sum() == pytest.approx(headline, rel=1e-9)
    covered = groups["worker_years"] > 0
    enrolled = table.groupby("year")["enrolled"].sum().iloc[0]
    assert groups["worker_years"].sum() == pytest.approx(enrolled, rel=1e-6)  # one year
    assert groups.loc[covered, "extreme_poor_person_years_se"].notna().all()


def test_no_coverage_averts_nothing_and_has_no_rate(study: ucj_opt.Study) -> None:
    groups = averted_by_group(study, 0.0, replications=2)
    assert (groups["worker_years"] == 0).all()
    assert (groups["extreme_poor_person_years"] == 0).all()
    assert groups["fgt2_per_worker_year"].isna().all()


def test_values_of_one_per_extreme_poor_worker_give_the_max_extreme_poor_lp(
    study: ucj_opt.Study,
) -> None:
    cells = study.tables.workers[["region", "segment"]].drop_duplicates()
    values = pd.concat([cells.assign(group=0), cells.assign(group=1)], ignore_index=True)
    values["extreme_poor_person_years_per_worker_year"] = np.where(values["group"] == 0, 1.0, 0)
    mine = solve_for_values(study, values).summary()
    lp = ucj_opt.solve(study).summary()
    assert mine.status == "optimal"
    assert mine.enrolled_extreme_poor == pytest.approx(lp.enrolled_extreme_poor, rel=1e-9)
    # the tie-break still spends what is left on other workers
    assert mine.premiums_paid == pytest.approx(lp.premiums_paid, rel=1e-6)


def test_values_steer_the_budget_to_the_cell_worth_most(study: ucj_opt.Study) -> None:
    segment = study.tables.workers["segment"].iloc[-1]
    cells = study.tables.workers[["region", "segment"]].drop_duplicates()
    values = pd.concat([cells.assign(group=0), cells.assign(group=1)], ignore_index=True)
    best = (values["segment"] == segment) & (values["group"] == 1)
    values["fgt1_per_worker_year"] = np.where(best, 1.0, 0.01)

    def others(table: pd.DataFrame) -> float:
        seg = table[(table["segment"] == segment) & (table["year"] == table["year"].min())]
        return float((seg["enrolled"] - seg["enrolled_extreme_poor"]).sum())

    steered = others(solve_for_values(study, values, "fgt1").table)
    default = others(ucj_opt.solve(study).table)
    assert steered > default  # the cells worth 100× the rest are filled first


def test_enrolment_change_is_a_share_moved() -> None:
    a = pd.DataFrame(
        {"region": ["1", "2"], "segment": ["s", "s"], "year": [1, 1]}
        | {"enrolled": [10.0, 0.0], "enrolled_extreme_poor": [10.0, 0.0]}
    )
    b = a.assign(region=["2", "1"])
    assert enrolment_change(a, a) == 0.0
    assert enrolment_change(a, b) == 1.0
    half = a.assign(enrolled=[5.0, 5.0], enrolled_extreme_poor=[5.0, 5.0])
    assert enrolment_change(a, half) == pytest.approx(0.5)


def test_the_coupled_loop_converges_and_reports_its_iterations(study: ucj_opt.Study) -> None:
    run = allocate_for_poverty_averted(study, replications=2, tolerance=0.05, max_iterations=5)
    assert run.allocation.status.value == "optimal"
    assert 1 <= run.iterations <= 5 and run.projections == run.iterations
    assert len(run.changes) == run.iterations - 1
    assert len(run.gains) == len(run.changes)
    assert run.converged == (run.stopped_by != "iterations")
    if run.stopped_by == "change":
        assert run.changes[-1] <= 0.05
    if run.stopped_by == "precision":
        gain, se = run.gains[-1]
        assert run.changes[-1] > 0.05 and gain <= 1.96 * se
    assert run.allocation.provenance.objective == "max_poverty_averted (extreme_poor_person_years)"
    with pytest.raises(ucj_opt.UserError, match="unknown poverty measure"):
        allocate_for_poverty_averted(study, measure="gini")  # type: ignore[arg-type]


def test_comparison_of_an_allocation_with_itself_is_exactly_nothing(
    study: ucj_opt.Study,
) -> None:
    table = ucj_opt.solve(study).table
    c = compare_targetings(study, table, table, names=("a", "b"), replications=2)
    diff = c.summary.iloc[2]
    assert diff["averted"] == 0.0 and diff["averted_low"] == 0.0
    assert c.probability_second_better == 0.0
    assert set(c.regions["verdict"]) == {"unclear"}


def test_an_allocation_beats_no_coverage_in_every_future(study: ucj_opt.Study) -> None:
    full = ucj_opt.solve(study).table
    none = full.assign(enrolled=0.0, enrolled_extreme_poor=0.0, premiums=0.0)
    c = compare_targetings(study, none, full, names=("none", "full"), replications=3)
    rows = c.summary.set_index("allocation")
    assert rows.loc["none", "averted"] == 0.0 and rows.loc["none", "premiums"] == 0.0
    diff = rows.loc["full − none"]
    # Coverage only adds money, so it never raises anyone's poverty: the difference is
    # ≥ 0 in every future (pathwise, on common random numbers) and positive on average;
    # its CI's lower end is a statement about noise, not a property.
    assert diff["averted"] > 0 and diff["premiums_low"] > 0
    assert diff["averted"] == pytest.approx(rows.loc["full", "averted"])
    assert c.probability_second_better == 1.0
    assert (c.regions["difference"] >= 0).all()


@pytest.mark.slow
def test_run_compares_the_targetings_in_the_report(tmp_path: Path) -> None:
    out = tmp_path / "run"
    args = ["run", PPU, "-O", "one_year", "--set", "simulation.households_per_group=20"]
    assert main([*args, "--replications", "2", "--compare-targeting", "-o", str(out)]) == 0
    loop = json.loads((out / "targeting" / "loop.json").read_text())
    assert 1 <= loop["iterations"] <= 5 and len(loop["changes"]) == loop["iterations"] - 1
    comparison = pd.read_csv(out / "targeting" / "comparison.csv")
    assert comparison["allocation"].tolist()[:2] == ["max_extreme_poor", "max_poverty_averted"]
    assert (out / "targeting" / "allocation" / "allocation.csv").exists()
    en = (out / "report.en.html").read_text(encoding="utf-8")
    id_ = (out / "report.id.html").read_text(encoding="utf-8")
    assert "Which targeting wins" in en and "Premiums per person-year averted" in en
    assert "Penargetan mana yang unggul" in id_ and "Which targeting wins" not in id_


@pytest.mark.slow
def test_objective_max_poverty_averted_runs_the_loop(tmp_path: Path) -> None:
    out = tmp_path / "run"
    args = ["run", PPU, "-O", "one_year", "--set", "simulation.households_per_group=20"]
    args += [
        "--set",
        "policy.objective=max_poverty_averted",
        "--set",
        "policy.poverty_measure=fgt1",
    ]
    assert main([*args, "--replications", "2", "--lang", "en", "-o", str(out)]) == 0
    summary = json.loads((out / "allocation" / "summary.json").read_text())
    assert "max_poverty_averted (fgt1)" in json.dumps(summary)
    chosen = pd.read_csv(out / "allocation" / "allocation.csv", dtype={"region": str})
    mine = pd.read_csv(out / "targeting" / "allocation" / "allocation.csv", dtype={"region": str})
    pd.testing.assert_frame_equal(chosen, mine)
    assert "fgt1" in (out / "report.en.html").read_text(encoding="utf-8")


def test_solve_alone_refuses_max_poverty_averted(study: ucj_opt.Study) -> None:
    other = study.with_changes("policy.objective=max_poverty_averted")
    with pytest.raises(ucj_opt.UserError, match="needs the projection's estimates"):
        ucj_opt.solve(other)


def test_value_gain_by_hand() -> None:
    from ucj_opt.pipeline.averted import value_gain

    coef = pd.DataFrame(
        {
            "region": ["1", "1"],
            "segment": ["s", "s"],
            "group": [0, 1],
            "fgt2_per_worker_year": [2.0, 1.0],
            "fgt2_se": [0.3, 0.4],
        }
    )
    cols = {"segment": ["s"], "year": [2026]}
    before = pd.DataFrame({"region": ["1"], "enrolled": [10.0], "enrolled_extreme_poor": [4.0]})
    after = pd.DataFrame({"region": ["1"], "enrolled": [10.0], "enrolled_extreme_poor": [7.0]})
    gain, se = value_gain(coef, before.assign(**cols), after.assign(**cols), "fgt2")
    # 3 more extreme-poor worker-years (worth 2) and 3 fewer others (worth 1)
    assert gain == pytest.approx(3 * 2.0 - 3 * 1.0)
    assert se == pytest.approx(np.hypot(3 * 0.3, 3 * 0.4))
