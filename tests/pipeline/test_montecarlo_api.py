"""``ucj_opt.run_montecarlo`` of a study: the optimal allocation per design point, the
same numbers on every executor, saved allocations and the command as a thin shell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import ucj_opt
from ucj_opt.cli import main
from ucj_opt.montecarlo import load_results
from ucj_opt.pipeline.montecarlo import load_allocations

SMALL = ("horizon.years=1", "simulation.households_per_group=12")
BUDGET = (
    "uncertainty.parameters=[{path: budget_scale, "
    "distribution: {kind: uniform, low: 0.5, high: 1.5}}]"
)
RISK = (
    "uncertainty.parameters=[{path: simulation.mortality_scale.value, "
    "distribution: {kind: triangular, low: 0.9, mode: 1.0, high: 1.2}}]"
)


@pytest.fixture(scope="module")
def budget_study() -> ucj_opt.Study:
    return ucj_opt.load_scenario("embedded:national", sets=[*SMALL, BUDGET])


def _run(study: ucj_opt.Study, store: Path, **kw: Any) -> ucj_opt.Results:
    return ucj_opt.run_montecarlo(
        study, "lhs", samples=2, replications=2, seed=3, store=store, **kw
    )


def test_each_point_projects_its_own_optimal_allocation(
    budget_study: ucj_opt.Study, tmp_path: Path
) -> None:
    res = _run(budget_study, tmp_path / "s")
    scales = res.design["budget_scale"].to_numpy()
    allocs = load_allocations(tmp_path / "s")
    assert sorted(allocs["point"].unique()) == [0, 1]
    # each point's allocation is the LP solved under that point's budgets
    for point, scale in enumerate(scales):
        alone = ucj_opt.solve(budget_study.with_changes(budget_scale=float(scale))).table
        mine = allocs[allocs["point"] == point]
        assert mine["enrolled"].sum() == pytest.approx(alone["enrolled"].sum(), rel=1e-9)
        # the arm 'with' pays about what that allocation budgets (month by month, on the
        # simulated enrolment: within 10%, far from the other point's)
        paid = res.results.query("point == @point and arm == 'with'")["premiums_paid"]
        assert paid.iloc[0] == pytest.approx(alone["premiums"].sum(), rel=0.1)
    more, less = (0, 1) if scales[0] > scales[1] else (1, 0)
    enrolled = allocs.groupby("point")["enrolled"].sum()
    assert enrolled[more] > enrolled[less]
    assert res.manifest["scenario"]["monte_carlo_arm"] == "ArmSpec(optimal, resolve=True)"


def test_a_simulation_only_draw_solves_once(tmp_path: Path) -> None:
    study = ucj_opt.load_scenario("embedded:national", sets=[*SMALL, RISK])
    res = _run(study, tmp_path / "s")
    allocs = load_allocations(tmp_path / "s")
    a, b = (allocs[allocs["point"] == p].drop(columns="point") for p in (0, 1))
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    assert res.manifest["scenario"]["monte_carlo_arm"] == "ArmSpec(optimal, resolve=False)"
    paid = res.results.query("arm == 'with'")["premiums_paid"].to_numpy()
    # same allocation: premiums differ only by deaths and lapses (< 1%)
    assert np.allclose(paid, paid[0], rtol=0.01)


@pytest.mark.slow
def test_processes_give_serial_bit_for_bit(budget_study: ucj_opt.Study, tmp_path: Path) -> None:
    serial = _run(budget_study, tmp_path / "s").results
    procs = _run(budget_study, tmp_path / "p", executor="processes", workers=2, batch=1)
    pd.testing.assert_frame_equal(serial, procs.results, check_exact=True)
    pd.testing.assert_frame_equal(
        load_allocations(tmp_path / "s"), load_allocations(tmp_path / "p"), check_exact=True
    )


@pytest.mark.slow
@pytest.mark.dask
@pytest.mark.timeout(240)
def test_dask_local_cluster_gives_serial_bit_for_bit(
    budget_study: ucj_opt.Study, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    serial = _run(budget_study, tmp_path / "s").results
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        dask = _run(budget_study, tmp_path / "d", executor="dask", client=client, batch=1)
    pd.testing.assert_frame_equal(serial, dask.results, check_exact=True)


def test_a_saved_allocation_is_evaluated_as_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    study = ucj_opt.load_scenario("embedded:national", sets=list(SMALL))
    half = ucj_opt.solve(study.with_changes(budget_scale=0.5))
    folder = tmp_path / "alloc"
    folder.mkdir()
    half.table.to_csv(folder / "allocation.csv", index=False)
    args = [
        "montecarlo",
        "embedded:national",
        *[x for s in SMALL for x in ("--set", s)],
        "--set",
        RISK,
        "--samples",
        "2",
        "--replications",
        "2",
        "--allocation",
        str(folder),
        "-o",
        str(tmp_path / "mc"),
        "--quiet",
    ]
    assert main(args) == 0
    assert f"Compared: the saved allocation {folder}" in capsys.readouterr().out
    res = load_results(tmp_path / "mc")
    paid = res.results.query("arm == 'with'")["premiums_paid"]
    assert paid.iloc[0] == pytest.approx(half.table["premiums"].sum(), rel=0.1)
    stored = load_allocations(tmp_path / "mc")
    assert stored["enrolled"].sum() == pytest.approx(2 * half.table["enrolled"].sum())


def test_api_refuses_bad_input_clearly(budget_study: ucj_opt.Study, tmp_path: Path) -> None:
    with pytest.raises(ucj_opt.UserError, match="coverage must be a share"):
        _run(budget_study, tmp_path / "a", allocation=1.5)
    with pytest.raises(ucj_opt.UserError, match="lacks column"):
        _run(budget_study, tmp_path / "b", allocation=pd.DataFrame({"region": ["11"]}))
    with pytest.raises(ucj_opt.UserError, match="replications must be at least 1"):
        ucj_opt.run_montecarlo(budget_study, replications=0, store=tmp_path / "c")
    bad = budget_study.with_changes(
        "uncertainty.parameters=[{path: budget_scale, "
        "distribution: {kind: uniform, low: -2, high: -1}}]"
    )
    with pytest.raises(ucj_opt.UserError, match="budget_scale"):
        _run(bad, tmp_path / "d")


@pytest.mark.slow
@pytest.mark.dask
@pytest.mark.timeout(300)
def test_a_dask_worker_killed_mid_run_changes_nothing(
    budget_study: ucj_opt.Study, tmp_path: Path
) -> None:
    import os
    import signal
    import threading
    import time

    distributed = pytest.importorskip("distributed")
    kw: dict[str, Any] = {"samples": 4, "replications": 2, "seed": 3, "batch": 1}
    serial = ucj_opt.run_montecarlo(budget_study, "lhs", store=tmp_path / "s", **kw).results
    store = tmp_path / "d"
    killed: list[int] = []
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = client.run(os.getpid)

        def kill_when_work_lands() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                done = len(list((store / "chunks").glob("p*.parquet")))
                if done:
                    os.kill(sorted(pids.values())[0], signal.SIGKILL)
                    killed.append(done)
                    return
                time.sleep(0.05)

        watcher = threading.Thread(target=kill_when_work_lands, daemon=True)
        watcher.start()
        dask = ucj_opt.run_montecarlo(
            budget_study, "lhs", store=store, executor="dask", client=client, **kw
        )
        watcher.join()
    assert killed and killed[0] < 8, "no worker was killed mid-run"
    pd.testing.assert_frame_equal(serial, dask.results, check_exact=True)
