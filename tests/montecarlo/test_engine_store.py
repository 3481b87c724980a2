"""Executors give the same results bit for bit; the store streams, resumes and survives kills."""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.montecarlo.conftest import small_settings
from ucj_opt.montecarlo import Design, StoreError, build_design, load_results, run_montecarlo
from ucj_opt.montecarlo.reference import paired_losses

ROOT = Path(__file__).resolve().parents[2]


def _run(design: Design, store: Path, **kw: object) -> pd.DataFrame:
    kw.setdefault("quiet", True)
    res = run_montecarlo(paired_losses, design, replications=3, root_seed=7, store=store, **kw)  # type: ignore[arg-type]
    return res.results


def test_serial_results_are_tidy_and_labelled(small_design: Design, tmp_path: Path) -> None:
    df = _run(small_design, tmp_path / "s")
    assert list(df.columns) == ["point", "replication", "arm", "cost", "claims"]
    assert len(df) == 4 * 3 * 2
    assert df.groupby("point").size().tolist() == [6, 6, 6, 6]
    # replications differ from one another (no silently identical streams)
    assert df[df.arm == "without"].cost.nunique() == 12


def test_batching_and_processes_give_identical_results(
    small_design: Design, tmp_path: Path
) -> None:
    serial = _run(small_design, tmp_path / "serial")
    batched = _run(small_design, tmp_path / "batched", batch=2)
    procs = _run(small_design, tmp_path / "procs", executor="processes", workers=2, batch=2)
    pd.testing.assert_frame_equal(serial, batched, check_exact=True)
    pd.testing.assert_frame_equal(serial, procs, check_exact=True)
    workers = set(load_results(tmp_path / "procs").timings.worker)
    assert len(workers) >= 1 and all(":" in w for w in workers)


def test_manifest_records_the_run(small_design: Design, tmp_path: Path) -> None:
    scenario = {"name": "test", "x": 1}
    run_montecarlo(
        paired_losses,
        small_design,
        replications=3,
        root_seed=7,
        store=tmp_path / "m",
        quiet=True,
        scenario=scenario,
    )
    loaded = load_results(tmp_path / "m")
    man = loaded.manifest
    assert json.loads((tmp_path / "m" / "manifest.json").read_text()) == man
    assert man["status"] == "complete" and man["tasks"] == 12
    assert man["scenario"] == scenario and len(man["scenario_hash"]) == 64
    assert man["root_seed"] == 7 and man["versions"]["numpy"]
    assert man["task"] == "ucj_opt.montecarlo.reference.paired_losses"
    assert len(loaded.timings) == 12 and (loaded.timings.seconds >= 0).all()
    pd.testing.assert_frame_equal(loaded.design, small_design.points)


def test_store_refuses_overwrite_and_foreign_resume(small_design: Design, tmp_path: Path) -> None:
    _run(small_design, tmp_path / "s")
    with pytest.raises(StoreError, match="--resume"):
        _run(small_design, tmp_path / "s")
    other = build_design(small_settings(root_seed=8))
    with pytest.raises(StoreError, match="different run"):
        _run(other, tmp_path / "s", resume=True)
    with pytest.raises(StoreError, match="different run"):
        run_montecarlo(
            functools.partial(paired_losses, crn=False),
            small_design,
            replications=3,
            root_seed=7,
            store=tmp_path / "s",
            quiet=True,
            resume=True,
        )
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "a.txt").write_text("x")
    with pytest.raises(StoreError, match="not a Monte Carlo store"):
        _run(small_design, tmp_path / "junk")
    with pytest.raises(StoreError, match="no manifest"):
        load_results(tmp_path / "nowhere")


def test_resume_runs_only_missing_tasks(small_design: Design, tmp_path: Path) -> None:
    full = _run(small_design, tmp_path / "full")
    part = tmp_path / "part"
    _run(small_design, part)
    chunks = sorted((part / "chunks").glob("*.parquet"))
    for path in chunks[::3]:
        path.unlink()
    (part / "chunks" / ".p000000-r000000-000000.parquet.abc.tmp").write_bytes(b"half")
    res = run_montecarlo(
        paired_losses,
        small_design,
        replications=3,
        root_seed=7,
        store=part,
        quiet=True,
        resume=True,
    )
    assert res.manifest["tasks_run_last_session"] == len(chunks[::3])
    assert not list((part / "chunks").glob(".*"))
    pd.testing.assert_frame_equal(full, res.results, check_exact=True)


_KILLED_RUN = """
import functools, sys
from tests.montecarlo.conftest import small_settings
from ucj_opt.montecarlo import build_design, run_montecarlo
from ucj_opt.montecarlo.reference import paired_losses
task = functools.partial(paired_losses, pause=0.15)
run_montecarlo(task, build_design(small_settings()), replications=3, root_seed=7,
               store=sys.argv[1], quiet=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_then_resume_equals_uninterrupted_run(small_design: Design, tmp_path: Path) -> None:
    store = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_RUN, str(store)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if len(list((store / "chunks").glob("p*.parquet"))) >= 4:
                break
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    done = len(list((store / "chunks").glob("p*.parquet")))
    assert 4 <= done < 12
    assert load_results(store).manifest["status"] == "running"
    task = functools.partial(paired_losses, pause=0.15)  # bound arguments must match
    res = run_montecarlo(
        task, small_design, replications=3, root_seed=7, store=store, quiet=True, resume=True
    )
    assert res.manifest["tasks_run_last_session"] == 12 - done
    pd.testing.assert_frame_equal(
        _run(small_design, tmp_path / "clean"), res.results, check_exact=True
    )


@pytest.mark.parametrize("executor", ["serial", "processes"])
def test_a_failing_task_stops_the_run_and_keeps_finished_work(
    tmp_path: Path, executor: str
) -> None:
    bad = pd.DataFrame({"rate": [30.0, 40.0, -1.0, 50.0]}, index=pd.RangeIndex(4, name="point"))
    design = Design(points=bad, unit=np.full((4, 1), 0.5), kind="mc")
    with pytest.raises(ValueError, match="lam"):
        run_montecarlo(
            paired_losses,
            design,
            replications=1,
            root_seed=1,
            store=tmp_path,
            executor=executor,
            workers=2,
            quiet=True,  # type: ignore[arg-type]
        )
    done = {p.stem for p in (tmp_path / "chunks").glob("p*.parquet")}
    assert "p000002-r000000-000000" not in done
    assert load_results(tmp_path).manifest["status"] == "running"


def test_processes_refuse_tasks_workers_cannot_import(small_design: Design, tmp_path: Path) -> None:
    def local(params: dict[str, float], seed: np.random.SeedSequence) -> pd.DataFrame:
        return paired_losses(params, seed)

    for task in (local, lambda p, s: paired_losses(p, s)):
        with pytest.raises(ValueError, match="top level of an importable module"):
            run_montecarlo(
                task,
                small_design,
                replications=1,
                root_seed=1,
                store=tmp_path / "x",
                executor="processes",
                workers=2,
                quiet=True,
            )
    assert not (tmp_path / "x").exists()
