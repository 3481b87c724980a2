"""The allocation LP against closed forms, scipy's linprog and finite differences."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from tests.allocate.conftest import make_case
from ucj_opt.allocate import Status, build, solve, solve_tables
from ucj_opt.allocate.backends import _solve_highs, row_scaled, solve_highs, solve_pulp

YEAR_PREMIUM = 201_600.0


def test_penajam_paser_utara_rp_3_miliar_protects_14881_workers(ppu) -> None:  # type: ignore[no-untyped-def]
    scenario, _ = ppu
    a = solve(scenario)
    assert a.status is Status.OPTIMAL
    assert a.objective == pytest.approx(3e9 / YEAR_PREMIUM)  # 14,880.95: close to the 15,000 paid
    b = a.budgets.iloc[0]
    assert b["used"] == pytest.approx(3e9) and b["left"] == pytest.approx(0.0, abs=1e-3)
    assert b["shadow_per_miliar"] == pytest.approx(1e9 / YEAR_PREMIUM)
    # the rate holds until all 15,000 extreme poor are paid for: Rp 3.024 miliar
    assert b["rate_holds_to"] == pytest.approx(15_000 * YEAR_PREMIUM)


def _separable(amounts: list[float], cells: list[list[tuple[int, int]]], weights: list[float]):  # type: ignore[no-untyped-def]
    segs = [f"s{i}" for i in range(len(weights))]
    regions = [("11", "province", "")] + [
        (f"11.{k + 1:02d}", "kabkota", "11") for k in range(len(amounts))
    ]
    workers = [
        (f"11.{k + 1:02d}", segs[i], elig, ext)
        for k, row in enumerate(cells)
        for i, (elig, ext) in enumerate(row)
    ]
    budgets = [(f"11.{k + 1:02d}", 2026, "apbd_kabkota", a) for k, a in enumerate(amounts)]
    return make_case(
        regions,
        workers,
        budgets,
        segments=[{"id": s, "weight": w} for s, w in zip(segs, weights, strict=True)],
        policy={"objective": "weighted", "priority": "none"},
    )


def _greedy(amounts, cells, weights) -> float:  # type: ignore[no-untyped-def]
    total = 0.0
    for amount, row in zip(amounts, cells, strict=True):
        room = amount / YEAR_PREMIUM
        for i in np.argsort(weights)[::-1]:
            take = min(room, row[i][0])
            total += take * weights[i]
            room -= take
    return total


cell = st.tuples(st.integers(0, 500), st.integers(0, 500)).map(lambda t: (max(t), min(t)))


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            st.lists(st.floats(0, 2e8), min_size=n, max_size=n),
            st.lists(st.lists(cell, min_size=3, max_size=3), min_size=n, max_size=n),
            st.lists(st.floats(0, 5), min_size=3, max_size=3),
        )
    )
)
def test_separable_budgets_match_greedy_by_cost_effectiveness(args) -> None:  # type: ignore[no-untyped-def]
    amounts, cells, weights = args
    scenario, _ = _separable(amounts, cells, weights)
    a = solve(scenario)
    assert a.status is Status.OPTIMAL
    assert a.objective == pytest.approx(_greedy(amounts, cells, weights), rel=1e-7, abs=1e-6)


def _two_level(prov: float, kab: list[float], ext: list[int]):  # type: ignore[no-untyped-def]
    regions = [("11", "province", "")] + [
        (f"11.{k + 1:02d}", "kabkota", "11") for k in range(len(kab))
    ]
    workers = [(f"11.{k + 1:02d}", "farmer", e * 2 + 1, e) for k, e in enumerate(ext)]
    budgets = [("11", 2026, "apbd_provinsi", prov)] + [
        (f"11.{k + 1:02d}", 2026, "apbd_kabkota", b) for k, b in enumerate(kab)
    ]
    return make_case(regions, workers, budgets)


def _linprog_two_level(prov: float, kab: list[float], ext: list[int]) -> float:
    """Independent LP: x_k (kabupaten pays), y_k (province tops up)."""
    n = len(kab)
    c = -np.ones(2 * n)
    rows, rhs = [], []
    for k in range(n):
        r = np.zeros(2 * n)
        r[k] = r[n + k] = 1
        rows.append(r)
        rhs.append(ext[k])
        r = np.zeros(2 * n)
        r[k] = YEAR_PREMIUM
        rows.append(r)
        rhs.append(kab[k])
    r = np.zeros(2 * n)
    r[n:] = YEAR_PREMIUM
    rows.append(r)
    rhs.append(prov)
    res = linprog(c, A_ub=np.array(rows), b_ub=np.array(rhs), bounds=(0, None), method="highs")
    return float(-res.fun)


two_level = st.integers(1, 5).flatmap(
    lambda n: st.tuples(
        st.floats(0, 3e8),
        st.lists(st.floats(0, 2e8), min_size=n, max_size=n),
        st.lists(st.integers(0, 2000), min_size=n, max_size=n),
    )
)


@settings(max_examples=25, deadline=None)
@given(two_level)
def test_province_top_up_agrees_with_linprog(args) -> None:  # type: ignore[no-untyped-def]
    prov, kab, ext = args
    scenario, _ = _two_level(prov, kab, ext)
    protected = solve(scenario).table["enrolled_extreme_poor"].sum()
    assert protected == pytest.approx(_linprog_two_level(prov, kab, ext), rel=1e-7, abs=1e-6)


@settings(max_examples=20, deadline=None)
@given(two_level, st.floats(1e6, 1e9), st.data())
def test_more_budget_never_protects_fewer(args, extra, data) -> None:  # type: ignore[no-untyped-def]
    prov, kab, ext = args
    k = data.draw(st.integers(0, len(kab)))
    before = solve(_two_level(prov, kab, ext)[0]).objective
    if k == len(kab):
        prov += extra
    else:
        kab = [b + extra * (i == k) for i, b in enumerate(kab)]
    assert solve(_two_level(prov, kab, ext)[0]).objective >= before - 1e-7


def test_highspy_arrays_pulp_and_linprog_give_the_same_optimum() -> None:
    study, tables = _two_level(1.5e8, [5e7, 2e8, 1e7], [900, 400, 1200])
    scenario = study.scenario
    f = build(scenario, tables)
    a = solve_highs(f).objective
    b = solve_pulp(f).objective
    res = linprog(
        f.c, bounds=list(zip(f.col_lo, f.col_up, strict=True)), method="highs", **_linprog_rows(f)
    )
    assert a == pytest.approx(b) and a == pytest.approx(res.fun)
    assert solve_tables(scenario, tables, backend="pulp").objective == pytest.approx(-a)


def test_rows_scaled_by_powers_of_two_give_the_model_s_own_duals_and_ranges() -> None:
    """Budget rows count rupiah, the others workers: HiGHS gets each row scaled by a power
    of two, and the duals and ranges come back in the model's units."""
    study, tables = _two_level(1.5e8, [5e7, 2e8, 1e7], [900, 400, 1200])
    f = build(study.scenario, tables)
    scaled, d = row_scaled(f)
    largest = abs(scaled.A).max(axis=1).toarray().ravel()
    assert np.all((largest >= 0.5) & (largest < 1.0))
    assert np.array_equal(np.log2(d), np.round(np.log2(d)))
    assert abs(f.A).max() > 1e5  # the rupiah rows: a premium per worker
    plain = _solve_highs(f, None, None, True, None)
    raw = solve_highs(f)
    assert raw.objective == pytest.approx(plain.objective, rel=1e-12)
    for name in ("row_dual", "row_range_lo", "row_range_up"):
        assert getattr(raw, name) == pytest.approx(getattr(plain, name), rel=1e-9, abs=1e-12)


def _linprog_rows(f):  # type: ignore[no-untyped-def]
    A = f.A.toarray()
    up = np.isfinite(f.row_up)
    lo = np.isfinite(f.row_lo)
    return {
        "A_ub": np.vstack([A[up], -A[lo]]),
        "b_ub": np.concatenate([f.row_up[up], -f.row_lo[lo]]),
    }


def test_shadow_prices_match_finite_differences() -> None:
    prov, kab, ext = 1.5e8, [5e7, 2e8, 1e7], [900, 400, 1200]
    a = solve(_two_level(prov, kab, ext)[0])
    step = 1e6
    for i, row in a.budgets.iterrows():
        amounts = [prov, *kab]
        amounts[i] += step
        b = solve(_two_level(amounts[0], amounts[1:], ext)[0])
        fd = (b.objective - a.objective) / step * 1e9
        assert row["shadow_per_miliar"] == pytest.approx(fd, rel=1e-6, abs=1e-6)
        assert row["rate_holds_from"] <= row["amount"] <= row["rate_holds_to"]
        # the rate holds across the whole range HiGHS reports: check near both ends
        for end in (row["rate_holds_from"], min(row["rate_holds_to"], row["amount"] + 5e8)):
            near = amounts.copy()
            near[i] = end + (step if end < row["amount"] else -2 * step)
            c = solve(_two_level(near[0], near[1:], ext)[0])
            near[i] -= step
            d = solve(_two_level(near[0], near[1:], ext)[0])
            slope = (c.objective - d.objective) / step * 1e9
            assert slope == pytest.approx(row["shadow_per_miliar"], rel=1e-6, abs=1e-6)


def test_lp_file_matches_the_reviewed_reference(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """tests/allocate/reference/two_level_floor.lp was read line by line: budgets, caps
    and 30% floors of 900 and 400 extreme poor; the objective is the first stage only
    (extreme-poor worker-years, others 0: no tie-break weight, later stages are rows).
    The file is now written with numpy, in other line breaks and comments: it must state
    the same LP (read back by HiGHS, compared name by name; tests/allocate/test_lp_file.py)."""
    from tests.allocate.test_lp_file import _read, _same
    from ucj_opt.allocate.writers import write_lp

    study, _ = _two_level(1.5e8, [5e7, 2e8], [900, 400])
    floored = study.with_changes(**{"policy.equity_floor.share": 0.3})
    fresh = write_lp(floored, tmp_path / "fresh.lp")
    reference = Path(__file__).with_name("reference") / "two_level_floor.lp"
    _same(_read(fresh), _read(reference))
