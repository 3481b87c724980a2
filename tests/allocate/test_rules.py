"""Co-financing, continuity, equity floors, priority and the other objectives."""

from __future__ import annotations

import pytest

from tests.allocate.conftest import make_case
from ucj_opt.allocate import Status, solve
from ucj_opt.errors import InfeasibleError

P = 201_600.0
VILLAGES = [
    ("11", "province", ""),
    ("11.01", "kabkota", "11"),
    ("11.01.01", "kecamatan", "11.01"),
    ("11.01.01.2001", "desa", "11.01.01"),
    ("11.01.01.2002", "desa", "11.01.01"),
]


def test_apbdes_pays_only_for_its_own_desa() -> None:
    workers = [("11.01.01.2001", "farmer", 100, 100), ("11.01.01.2002", "farmer", 100, 100)]
    budgets = [("11.01.01.2001", 2026, "apbdes", 200 * P), ("11.01.01", 2026, "apbdes", 50 * P)]
    own, _ = make_case(VILLAGES, workers, budgets)
    assert solve(own).objective == pytest.approx(100)  # the kecamatan's APBDes row pays none
    shared, _ = make_case(
        VILLAGES, workers, budgets, cofinancing={"apbdes_own_residents_only": False}
    )
    assert solve(shared).objective == pytest.approx(150)


def test_province_tops_up_only_when_allowed() -> None:
    workers = [("11.01.01.2001", "farmer", 100, 100)]
    budgets = [("11", 2026, "apbd_provinsi", 50 * P), ("11.01", 2026, "apbd_kabkota", 30 * P)]
    on, _ = make_case(VILLAGES, workers, budgets)
    off, _ = make_case(VILLAGES, workers, budgets, cofinancing={"province_tops_up": False})
    assert solve(on).objective == pytest.approx(80)
    assert solve(off).objective == pytest.approx(30)


def _years(continuity: bool):  # type: ignore[no-untyped-def]
    workers = [("11.01.01.2001", "farmer", 100, 100)]
    budgets = [("11.01", 2026, "apbd_kabkota", 80 * P), ("11.01", 2027, "apbd_kabkota", 40 * P)]
    return make_case(
        VILLAGES,
        workers,
        budgets,
        horizon={"start_year": 2026, "years": 2},
        policy={"continuity": continuity},
    )[0]


def test_continuity_keeps_year_one_enrolment_funded_in_year_two() -> None:
    with_c = solve(_years(True))
    by_year = with_c.table.groupby("year")["enrolled"].sum()
    assert by_year[2026] == pytest.approx(40) and by_year[2027] == pytest.approx(40)
    without = solve(_years(False)).table.groupby("year")["enrolled"].sum()
    assert without[2026] == pytest.approx(80) and without[2027] == pytest.approx(40)


def _floor(mode: str, share: float = 0.5):  # type: ignore[no-untyped-def]
    workers = [("11.01.01.2001", "farmer", 100, 100), ("11.01.01.2002", "fisher", 10, 10)]
    budgets = [("11.01", 2026, "apbd_kabkota", 60 * P)]
    segments = [{"id": "farmer", "weight": 1.0}, {"id": "fisher", "weight": 3.0}]
    return make_case(
        VILLAGES,
        workers,
        budgets,
        segments=segments,
        policy={
            "objective": "weighted",
            "equity_floor": {"share": share, "mode": mode, "penalty": 10},
        },
    )[0]


def test_weighted_objective_prefers_heavier_segment() -> None:
    t = solve(_floor("soft", 0.0)).table.set_index("region")["enrolled"]
    assert t["11.01.01.2002"] == pytest.approx(10) and t["11.01.01.2001"] == pytest.approx(50)


def test_hard_floor_binds_and_infeasible_floor_is_said_so() -> None:
    a = solve(_floor("hard", 0.5))
    assert a.status is Status.OPTIMAL
    t = a.table.set_index("region")["enrolled"]
    assert t["11.01.01.2001"] >= 50 - 1e-6
    # 70% of 110 extreme poor needs 77 premiums; the budget pays 60
    assert solve(_floor("hard", 0.7)).status is Status.INFEASIBLE


def test_soft_floor_reports_every_shortfall() -> None:
    a = solve(_floor("soft", 0.7))
    assert a.status is Status.OPTIMAL
    short = a.shortfalls.set_index("region")["short"]
    assert short.sum() == pytest.approx(77 - 60)
    assert len(a.shortfalls) == 1 or (a.shortfalls["short"] > 0).all()


def test_min_cost_reaches_the_coverage_target_at_least_cost() -> None:
    workers = [("11.01.01.2001", "farmer", 100, 20), ("11.01.01.2002", "farmer", 100, 20)]
    budgets = [("11.01", 2026, "apbd_kabkota", 500 * P)]
    s, _ = make_case(
        VILLAGES, workers, budgets, policy={"objective": "min_cost", "coverage_target": 0.5215}
    )
    a = solve(s)
    assert a.objective == pytest.approx(0.5215 * 200 * P)
    assert a.table["enrolled"].sum() == pytest.approx(104.3)


@pytest.mark.parametrize("priority", ["rule", "weights", "none"])
def test_default_objective_enrols_extreme_poor_before_others(priority: str) -> None:
    workers = [
        ("11.01.01.2001", "farmer", 100, 30),
        ("11.01.01.2001", "fisher", 50, 10),
        ("11.01.01.2002", "farmer", 80, 20),
    ]
    budgets = [("11.01", 2026, "apbd_kabkota", 35 * P), ("11.01.01.2002", 2026, "apbdes", 50 * P)]
    s, _ = make_case(VILLAGES, workers, budgets, policy={"priority": priority})
    t = solve(s).table.groupby("region")[["enrolled_extreme_poor", "enrolled_other"]].sum()
    assert t.loc["11.01.01.2001", "enrolled_extreme_poor"] == pytest.approx(35)
    assert t.loc["11.01.01.2001", "enrolled_other"] == pytest.approx(0)
    # desa 2002's APBDes is left after its 20 extreme poor: it enrols 30 others
    assert t.loc["11.01.01.2002", "enrolled_extreme_poor"] == pytest.approx(20)
    assert t.loc["11.01.01.2002", "enrolled_other"] == pytest.approx(30)


def test_infeasible_floor_is_explained_in_rupiah_and_raises_exit_code_3() -> None:
    a = solve(_floor("hard", 0.7))
    assert a.status is Status.INFEASIBLE
    # desa 2001 alone needs more than the shared budget: desa 2002 is not part of it
    assert len(a.diagnosis) == 1
    assert "Region 11.01.01.2001's equity floor in 2026 (70 extreme-poor workers)" in a.diagnosis[0]
    assert "needs Rp 14.1 million" in a.diagnosis[0] and "total Rp 12.1 million" in a.diagnosis[0]
    with pytest.raises(InfeasibleError) as err:
        a.raise_if_infeasible()
    assert err.value.exit_code == 3


def test_a_floor_beyond_its_own_budgets_is_the_whole_explanation() -> None:
    workers = [("11.01.01.2001", "farmer", 100, 100), ("11.01.01.2002", "farmer", 10, 10)]
    budgets = [("11.01.01.2001", 2026, "apbdes", 10 * P), ("11.01.01.2002", 2026, "apbdes", 50 * P)]
    s, _ = make_case(
        VILLAGES, workers, budgets, policy={"equity_floor": {"share": 0.5, "mode": "hard"}}
    )
    a = solve(s)
    assert a.status is Status.INFEASIBLE
    assert len(a.diagnosis) == 1 and "Region 11.01.01.2001's" in a.diagnosis[0]


def test_two_floors_that_fit_alone_but_not_together_are_both_named() -> None:
    workers = [("11.01.01.2001", "farmer", 100, 100), ("11.01.01.2002", "farmer", 100, 100)]
    budgets = [("11.01", 2026, "apbd_kabkota", 70 * P)]
    s, _ = make_case(
        VILLAGES, workers, budgets, policy={"equity_floor": {"share": 0.4, "mode": "hard"}}
    )
    a = solve(s)
    assert a.status is Status.INFEASIBLE
    assert len(a.diagnosis) == 3 and "together these 2 demands" in a.diagnosis[2]


def test_province_pays_at_most_its_share_of_a_kabupaten() -> None:
    workers = [("11.01.01.2001", "farmer", 100, 100), ("11.01.01.2002", "farmer", 100, 100)]
    budgets = [("11", 2026, "apbd_provinsi", 100 * P), ("11.01", 2026, "apbd_kabkota", 30 * P)]
    s, _ = make_case(VILLAGES, workers, budgets, cofinancing={"province_max_share": 0.4})
    a = solve(s)
    # province ≤ 0.4 × (province + 30) → province ≤ 20 workers; 50 in all
    assert a.objective == pytest.approx(50)
    paid = a.table.groupby("source")["premiums"].sum()
    assert paid["apbd_provinsi"] == pytest.approx(0.4 * paid.sum())


def test_integer_workers_give_whole_workers() -> None:
    workers = [("11.01.01.2001", "farmer", 100, 100)]
    budgets = [("11.01", 2026, "apbd_kabkota", 30.5 * P)]
    s, _ = make_case(VILLAGES, workers, budgets, policy={"integer_workers": True})
    a = solve(s)
    assert a.status is Status.OPTIMAL and a.objective == pytest.approx(30)
    lp, _ = make_case(VILLAGES, workers, budgets)
    assert solve(lp).objective == pytest.approx(30.5)


def test_a_time_limited_solve_is_said_to_be_one() -> None:
    workers = [(f"11.01.01.{2001 + i}", "farmer", 100, 60) for i in range(2)]
    budgets = [("11.01", 2026, "apbd_kabkota", 70.5 * P)]
    s, _ = make_case(
        VILLAGES, workers, budgets, policy={"integer_workers": True}, solver={"time_limit": 1e-9}
    )
    a = solve(s)
    assert a.status in (Status.TIME_LIMIT, Status.TIME_LIMIT_NO_SOLUTION)
    assert not a.optimal and a.summary().proven_optimal is False


def test_equity_keeps_coverage_then_lifts_the_lowest_region() -> None:
    workers = [("11.01.01.2001", "farmer", 100, 10), ("11.01.01.2002", "farmer", 300, 10)]
    budgets = [("11.01", 2026, "apbd_kabkota", 200 * P)]
    s, _ = make_case(
        VILLAGES, workers, budgets, policy={"objective": "equity", "equity_tolerance": 0.0}
    )
    a = solve(s)
    # all 200 affordable workers are enrolled; the best minimum rate is 200 / 400 = 50% each
    assert a.table["enrolled"].sum() == pytest.approx(200)
    assert a.objective == pytest.approx(0.5)
    rates = a.table.groupby("region")["coverage_rate"].first()
    assert rates.min() == pytest.approx(0.5)


@pytest.mark.parametrize("name", ["cbc", "glpk"])
def test_other_pulp_solvers_agree_or_say_they_are_missing(name: str) -> None:
    import pulp

    from ucj_opt.errors import UserError

    workers = [("11.01.01.2001", "farmer", 100, 60), ("11.01.01.2002", "farmer", 50, 50)]
    budgets = [("11", 2026, "apbd_provinsi", 40 * P), ("11.01", 2026, "apbd_kabkota", 30 * P)]
    s, _ = make_case(VILLAGES, workers, budgets, solver={"name": name})
    solver = {"cbc": "COIN_CMD", "glpk": "GLPK_CMD"}[name]
    # cbc: PuLP ships a CBC binary, so cbc always runs (issue 14: it used to be refused)
    if name == "cbc" or pulp.getSolver(solver, msg=False).available():
        assert solve(s).objective == pytest.approx(70)
    else:
        with pytest.raises(UserError, match="not installed"):
            solve(s)
