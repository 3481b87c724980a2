"""Poverty accounting identities, lapses and shipping a replication to another process."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from ucj_opt.simulation import SimulationInputs, run_replication

MakeInputs = Callable[..., SimulationInputs]


def test_entries_minus_exits_is_the_change_in_poverty(make_inputs: MakeInputs) -> None:
    inp = make_inputs(
        n=1500,
        months=24,
        accident=0.3,
        death=0.0,
        livelihood=0.5,
        severity_shares=(0.7, 0.2, 0.05, 0.05, 0.0),
    )
    res = run_replication(inp, np.random.SeedSequence(6))
    poor = res.arm("poor")
    change = poor[1:] - poor[:-1]
    np.testing.assert_allclose(change, res.arm("entries")[1:] - res.arm("exits")[1:])
    assert res.arm("entries").sum() > 0


def test_fgt_measures_are_ordered(make_inputs: MakeInputs) -> None:
    res = run_replication(make_inputs(n=1000, livelihood=0.5), np.random.SeedSequence(2))
    poor, gap, sev = res.arm("poor"), res.arm("gap"), res.arm("severity")
    assert np.all(sev <= gap + 1e-9)
    assert np.all(gap <= poor + 1e-9)
    assert np.all(res.arm("extreme_poor") <= poor)
    assert np.all(res.arm("impoverished_by_shock") <= poor)


def test_lapses_cut_insured_months_and_premiums(make_inputs: MakeInputs) -> None:
    base = make_inputs(n=1000, months=24, coverage=1.0)
    lapsing = replace(base, institutions=replace(base.institutions, lapse_per_month=0.05))
    full = run_replication(base, np.random.SeedSequence(1))
    cut = run_replication(lapsing, np.random.SeedSequence(1))
    ins_full = full.event("insured_worker_months").sum(axis=1)
    ins_cut = cut.event("insured_worker_months").sum(axis=1)
    assert np.all(ins_cut <= ins_full)
    # Lapsed workers return at the next budget year's enrolment.
    assert ins_cut[12] > ins_cut[11]
    assert cut.arm("premiums_paid").sum() < full.arm("premiums_paid").sum()
    expected = full.event("insured_worker_months").sum() * 16_800
    assert full.arm("premiums_paid").sum() == expected


def test_inputs_and_results_survive_pickling(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=200, months=12)
    again = pickle.loads(pickle.dumps(inp))
    a = run_replication(inp, np.random.SeedSequence(3))
    b = run_replication(again, np.random.SeedSequence(3))
    assert pickle.loads(pickle.dumps(a)).arms.tobytes() == b.arms.tobytes()
