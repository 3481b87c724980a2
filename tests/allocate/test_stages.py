"""Lexicographic stages and the fair, deterministic split (issue 10).

The three-kabupaten case: one province, three kabupaten with their own APBD and an APBD
provinsi pool that may top up any of them. Every extra rupiah is worth one extreme-poor
worker-year's premium wherever it goes, so stage 1 alone leaves the split open; the fair
stage must lift the three to one extreme-poor coverage rate, which is known in closed
form: (own workers paid + province workers paid) / all extreme poor. Every stage may give
up ``policy.stage_tolerance`` (1e-9) of the optimum before it, hence ``rel=1e-8``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.allocate.conftest import make_case
from ucj_opt.allocate import solve_tables
from ucj_opt.allocate.stages import build_staged
from ucj_opt.scenario import Scenario
from ucj_opt.scenario.tables import Tables

P = 201_600.0  # Rp per worker-year, minimum package 2026 (12 × (10,000 + 6,800))
EXTREME = {"11.01": 4000, "11.02": 6000, "11.03": 5000}
OWN_SHARE = {"11.01": 0.30, "11.02": 0.50, "11.03": 0.10}
REGIONS = [("11", "province", "")] + [(k, "kabkota", "11") for k in EXTREME]


def three_kabupaten(province_workers: float = 4300, scale: float = 1.0, **settings):  # type: ignore[no-untyped-def]
    """Own budgets pay 30%, 50% and 10% of each kabupaten's extreme poor; the province
    pays ``province_workers`` worker-years."""
    workers = [(k, "informal", 2 * e, e) for k, e in EXTREME.items()]
    budgets = [("11", 2026, "apbd_provinsi", province_workers * P * scale)] + [
        (k, 2026, "apbd_kabkota", OWN_SHARE[k] * e * P * scale) for k, e in EXTREME.items()
    ]
    return make_case(REGIONS, workers, budgets, **settings)


def _rates(allocation) -> pd.Series:  # type: ignore[no-untyped-def]
    t = allocation.table.groupby("region")["enrolled_extreme_poor"].sum()
    return t / pd.Series(EXTREME)


def test_three_kabupaten_get_equal_extreme_poor_coverage_rates() -> None:
    study, tables = three_kabupaten()
    a = solve_tables(study.scenario, tables)
    expected = (1200 + 3000 + 500 + 4300) / 15_000  # 60%
    assert _rates(a).to_numpy() == pytest.approx([expected] * 3, rel=1e-8)
    assert a.objective == pytest.approx(9000)
    assert [s.name for s in a.stages] == [
        "extreme_poor",
        "poor",
        "vulnerable_workers",
        "fair_share",
    ]


def test_without_the_fair_stage_the_split_is_not_fixed_by_the_rules() -> None:
    """The reason for the fair stage: stage 1 alone holds only the total."""
    study, tables = three_kabupaten(policy={"priorities": ["extreme_poor"]})
    a = solve_tables(study.scenario, tables)
    assert a.objective == pytest.approx(9000)
    assert [s.name for s in a.stages] == ["extreme_poor"]


@pytest.mark.parametrize("cut", ["province", "all"])
def test_a_budget_cut_is_shared_by_the_rule(cut: str) -> None:
    province, scale = (4300 * 0.8, 1.0) if cut == "province" else (4300, 0.8)
    study, tables = three_kabupaten(province, scale)
    a = solve_tables(study.scenario, tables)
    own = sum(OWN_SHARE[k] * e for k, e in EXTREME.items()) * scale
    expected = (own + province * scale) / 15_000
    assert _rates(a).to_numpy() == pytest.approx([expected] * 3, rel=1e-8)


def test_proportional_rule_gives_each_kabupaten_the_same_share_from_the_province() -> None:
    study, tables = three_kabupaten(policy={"fair_share": "proportional"})
    a = solve_tables(study.scenario, tables)
    t = a.table[a.table["source"] == "apbd_provinsi"].groupby("region")["enrolled_extreme_poor"]
    share = t.sum() / pd.Series(EXTREME)
    assert share.to_numpy() == pytest.approx([4300 / 15_000] * 3, abs=1e-9)


def test_identical_regions_get_identical_allocations() -> None:
    villages = [("11", "province", ""), ("11.01", "kabkota", "11")] + [
        (f"11.01.01.200{v}", "desa", "11.01") for v in range(1, 5)
    ]
    workers = [(f"11.01.01.200{v}", seg, 300, 120) for v in range(1, 5) for seg in ("a", "b")]
    budgets = [("11.01", 2026, "apbd_kabkota", 500 * P), ("11", 2026, "apbd_provinsi", 333 * P)]
    study, tables = make_case(
        villages, workers, budgets, segments=[{"id": "a"}, {"id": "b"}], horizon={"years": 1}
    )
    a = solve_tables(study.scenario, tables)
    per = a.table.groupby(["region", "source"])[["enrolled_extreme_poor", "enrolled_other"]].sum()
    for column in per:
        by_source = per[column].unstack("source")
        for source in by_source:
            assert by_source[source].to_numpy() == pytest.approx(
                [by_source[source].iloc[0]] * 4, abs=1e-7
            )
    assert a.table["enrolled_extreme_poor"].sum() == pytest.approx(833)


def _random_case(seed: int) -> tuple[Scenario, Tables]:
    rng = np.random.default_rng(seed)
    regions, workers, budgets = [], [], []
    for p in ("11", "32"):
        regions.append((p, "province", ""))
        budgets.append((p, 2026, "apbd_provinsi", float(rng.uniform(0, 400)) * P))
        for k in (1, 2, 3):
            kab = f"{p}.0{k}"
            regions.append((kab, "kabkota", p))
            budgets.append((kab, 2026, "apbd_kabkota", float(rng.uniform(0, 300)) * P))
            for v in (1, 2, 3):
                desa = f"{kab}.01.200{v}"
                regions.append((desa, "desa", kab))
                budgets.append((desa, 2026, "apbdes", float(rng.uniform(0, 40)) * P))
                for seg in ("farmer", "fisher"):
                    eligible = int(rng.integers(20, 200))
                    workers.append((desa, seg, eligible, int(rng.integers(0, eligible // 2))))
    study, tables = make_case(regions, workers, budgets, horizon={"years": 1})
    return study.scenario, tables


def _shuffled(tables: Tables, seed: int) -> Tables:
    rng = np.random.default_rng(seed)

    def mix(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.iloc[rng.permutation(len(frame))]

    return Tables(
        regions=mix(tables.regions),
        workers=mix(tables.workers).reset_index(drop=True),
        budgets=mix(tables.budgets).reset_index(drop=True),
    )


def _canonical(allocation) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    keys = ["region", "segment", "year", "source"]
    return allocation.table.sort_values(keys).reset_index(drop=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shuffled_rows_give_the_same_allocation_to_the_worker(seed: int) -> None:
    scenario, tables = _random_case(seed)
    a = _canonical(solve_tables(scenario, tables))
    for shuffle in (10, 11):
        b = _canonical(solve_tables(scenario, _shuffled(tables, seed * 100 + shuffle)))
        pd.testing.assert_frame_equal(a, b, check_exact=False, atol=1e-6, rtol=0)


@pytest.mark.parametrize("seed", [4, 5])
def test_staged_optimum_is_the_same_with_and_without_the_exact_reductions(seed: int) -> None:
    scenario, tables = _random_case(seed)
    whole = solve_tables(scenario, tables, blocks=False, pool=False)
    for reduced in (
        solve_tables(scenario, tables, blocks=True, pool=False),
        solve_tables(scenario, tables, blocks=False, pool=True),
        solve_tables(scenario, tables, blocks=True, pool=True),
    ):
        assert [s.name for s in reduced.stages] == [s.name for s in whole.stages]
        for r, w in zip(reduced.stages, whole.stages, strict=True):
            assert r.value == pytest.approx(w.value, rel=1e-7, abs=1e-5), r.name
        rates = ["region", "year"]
        pr = reduced.table.groupby(rates)[["enrolled_extreme_poor", "enrolled"]].sum()
        pw = whole.table.groupby(rates)[["enrolled_extreme_poor", "enrolled"]].sum()
        assert pr.sum().to_numpy() == pytest.approx(pw.sum().to_numpy(), rel=1e-7)


def test_stages_are_the_objective_then_the_priorities() -> None:
    study, tables = three_kabupaten(
        policy={"objective": "min_cost", "coverage_target": 0.3, "priorities": ["poor"]}
    )
    f = build_staged(study.scenario, tables)
    assert [s.name for s in f.stages] == ["min_cost", "poor"]
    study, tables = three_kabupaten(policy={"objective": "equity"})
    f = build_staged(study.scenario, tables)
    assert [s.name for s in f.stages][:2] == ["vulnerable_workers", "min_rate"]
    assert f.stages[f.target].name == "min_rate"


def test_min_cost_then_extreme_poor_first_within_the_least_cost() -> None:
    """At least cost, coverage of 30% of all eligible (9,000 workers) could be anyone;
    the extreme_poor stage then makes them extreme poor."""
    study, tables = three_kabupaten(5000, policy={"objective": "min_cost", "coverage_target": 0.3})
    a = solve_tables(study.scenario, tables)
    assert a.objective == pytest.approx(9000 * P, rel=1e-9)
    assert a.table["enrolled_extreme_poor"].sum() == pytest.approx(9000, rel=1e-9)
    assert a.table["enrolled_other"].sum() == pytest.approx(0, abs=1e-4)  # 1e-9 × 9,000


def test_segment_weights_apply_within_the_stages() -> None:
    workers = [("11.01", "a", 100, 50), ("11.01", "b", 100, 50)]
    budgets = [("11.01", 2026, "apbd_kabkota", 70 * P)]
    study, tables = make_case(
        REGIONS[:2],
        workers,
        budgets,
        segments=[{"id": "a", "weight": 1.0}, {"id": "b", "weight": 2.0}],
        policy={"objective": "weighted"},
    )
    a = solve_tables(study.scenario, tables)
    t = a.table.set_index("segment")
    # extreme poor first (weighted: b before a), then the rest goes to others of b
    assert t.loc["b", "enrolled_extreme_poor"] == pytest.approx(50)
    assert t.loc["a", "enrolled_extreme_poor"] == pytest.approx(20)
    assert a.objective == pytest.approx(2 * 50 + 20)


@pytest.mark.parametrize(
    ("priorities", "message"),
    [
        (["poor", "poor"], "listed once"),
        (["fair_share", "poor"], "list it last"),
        (["richest"], "extreme_poor"),
    ],
)
def test_bad_priorities_are_refused(priorities: list[str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        three_kabupaten(policy={"priorities": priorities})


def test_a_100_percent_discount_solves_and_enrols_everyone_for_nothing() -> None:
    """The issue's NaN case: a 100% discount made the old tie-break weight 0/0."""
    study, tables = three_kabupaten(
        package={
            "discounts": [{"start": "2026-01-01", "end": "2030-12-31", "share": 1.0}],
        },
        solver={"time_limit": 30},
    )
    a = solve_tables(study.scenario, tables)
    assert a.status.value == "optimal"
    assert a.table["premiums"].sum() == pytest.approx(0)
    assert a.objective == pytest.approx(15_000)  # every extreme-poor worker
    assert a.table["enrolled"].sum() == pytest.approx(30_000)
    assert set(a.unused["reason"]) == {"eligible_reached"}  # the money buys no one more


def test_zero_budgets_solve_to_nothing_and_say_so() -> None:
    study, tables = three_kabupaten(0.0, 0.0)
    a = solve_tables(study.scenario, tables)
    assert a.status.value == "optimal" and a.objective == pytest.approx(0)
    assert a.unused.empty


@pytest.fixture
def large_model_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The methods of a large model at test size: interior point and crossover for the
    first and the equal-rate stage, primal simplex for the split."""
    from ucj_opt.allocate import backends

    monkeypatch.setattr(backends, "IPM_MIN_COLUMNS", 1)
    monkeypatch.setattr(backends, "FAIR_IPM_MIN_COLUMNS", 1)


@pytest.mark.parametrize("seed", [6, 7])
def test_large_model_methods_reach_the_same_optima_and_hold_them(
    seed: int, large_model_path: None
) -> None:
    from ucj_opt.allocate import backends
    from ucj_opt.allocate.staged import solve_staged

    scenario, tables = _random_case(seed)
    f = build_staged(scenario, tables)
    raw = solve_staged(f)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(backends, "IPM_MIN_COLUMNS", 10**9)
        mp.setattr(backends, "FAIR_IPM_MIN_COLUMNS", 10**9)
        small = solve_staged(f)
    assert raw.stage_values == pytest.approx(small.stage_values, rel=1e-8, abs=1e-6)
    _assert_held_and_feasible(f, raw)


def _assert_held_and_feasible(f, raw) -> None:  # type: ignore[no-untyped-def]
    """Every stage's optimum still holds at the final point (not only when its stage
    ended), and the point meets every row and bound."""
    for stage, value in zip(f.stages, raw.stage_values, strict=True):
        assert stage.c @ raw.x <= value + 1e-8 * max(1.0, abs(value)), stage.name
    act = f.A @ raw.x
    assert (act >= f.row_lo - 1e-6 * (1 + np.abs(f.row_lo))).all()
    assert (act <= f.row_up + 1e-6 * (1 + np.abs(f.row_up))).all()
    assert (raw.x >= f.col_lo - 1e-9).all() and (raw.x <= f.col_up + 1e-9).all()


def test_large_model_methods_give_the_closed_form(large_model_path: None) -> None:
    study, tables = three_kabupaten()
    a = solve_tables(study.scenario, tables)
    assert _rates(a).to_numpy() == pytest.approx([0.6] * 3, rel=1e-8)
    test_identical_regions_get_identical_allocations()
    scenario, tables = _random_case(8)
    a = _canonical(solve_tables(scenario, tables))
    b = _canonical(solve_tables(scenario, _shuffled(tables, 808)))
    pd.testing.assert_frame_equal(a, b, check_exact=False, atol=1e-6, rtol=0)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 100_000))
def test_last_fair_stage_on_the_reduced_model_is_the_whole_model_s_optimum(seed: int) -> None:
    """The last (fair) stage runs on the model less what the earlier faces settled; the
    same stage on the whole model reaches the same optimum, and every optimum holds."""
    from ucj_opt.allocate import face_reduce, staged

    scenario, tables = _random_case(seed)
    f = build_staged(scenario, tables)
    sizes: list[tuple[int, int]] = []
    reduce = face_reduce.reduce_on_face

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        reduced = reduce(*args, **kwargs)
        sizes.append(reduced.model.shape)
        return reduced

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(staged, "reduce_on_face", spy)
        raw = staged.solve_staged(f)
        mp.setattr(staged, "_last_fair_by_simplex", lambda *args: False)
        whole = staged.solve_staged(f)
    # the stage's own reduction first (the even spread reduces again, after it); it may
    # find nothing to drop when the earlier faces leave every row open
    assert sizes[0][0] <= f.shape[0] and sizes[0][1] <= f.shape[1]
    assert raw.stage_values == pytest.approx(whole.stage_values, rel=1e-9, abs=1e-7)
    _assert_held_and_feasible(f, raw)
    # and both paths end on the same point: the most even of the last stage's optima
    enrol = (f.columns["kind"] == "x").to_numpy()
    assert raw.x[enrol] == pytest.approx(whole.x[enrol], abs=1e-6)


def test_stage_values_count_workers_not_the_soft_floor_s_penalty() -> None:
    """With no money every region is short of the soft floor: the solver's first stage
    weighs that shortfall, but the objective and the stages a planner reads count
    worker-years (0), and the shadow prices say they include the penalty."""
    from pathlib import Path

    import ucj_opt

    base = ucj_opt.load_scenario(
        Path(__file__).resolve().parents[2] / "scenarios" / "kabupaten_ppu.yaml",
        overrides=["one_year"],
    )
    study = base.with_changes(budget_scale=0)
    a = solve_tables(study.scenario, study.tables)
    assert len(a.shortfalls) > 0
    assert a.objective == 0.0 and all(s.value == 0.0 for s in a.stages)
    notes = a.budget_notes(lang="en")
    assert notes and "policy.equity_floor.penalty" in notes[-1]
    assert "penalti" in a.budget_notes(lang="id")[-1]
    full = solve_tables(base.scenario, base.tables)
    assert len(full.shortfalls) == 0
    assert not any("penalty" in n for n in full.budget_notes(lang="en"))
    assert full.objective == pytest.approx(full.summary().enrolled_extreme_poor, rel=1e-9)


def test_a_stage_stopped_by_the_time_limit_keeps_the_stages_finished() -> None:
    """The fair stage overruns the limit: the result is the optimum of the stages done
    (the extreme poor first), marked time-limited, not an error and not zeros."""
    from ucj_opt.allocate import staged
    from ucj_opt.allocate.backends import Status

    scenario, tables = _random_case(11)
    whole = solve_tables(scenario, tables)
    run = staged.run_interruptible
    calls = []

    def overrun_the_fair_stage(h, limit, stop):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 4:  # extreme poor, poor, all workers, then the fair stage
            h.setOptionValue("time_limit", 1e-9)
        return run(h, limit, stop)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(staged, "run_interruptible", overrun_the_fair_stage)
        limited = solve_tables(scenario, tables)
    assert limited.status is Status.TIME_LIMIT and not limited.optimal
    names = [s.name for s in limited.stages]
    assert names[:3] == ["extreme_poor", "poor", "vulnerable_workers"]
    # the fair stage overran: it is the last listed, its value not proven
    assert names == ["extreme_poor", "poor", "vulnerable_workers", "fair_share"]
    for got, full in zip(limited.stages[:3], whole.stages[:3], strict=True):
        assert got.value == pytest.approx(full.value, rel=1e-9)
    assert limited.objective == pytest.approx(whole.objective, rel=1e-9)
    done = limited.table["enrolled_extreme_poor"].sum()
    assert done == pytest.approx(whole.table["enrolled_extreme_poor"].sum(), rel=1e-6)
