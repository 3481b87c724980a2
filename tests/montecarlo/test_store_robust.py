"""The store sees every input, has one writer, survives damaged files, and a killed run
leaves no process behind (issue 14)."""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from ucj_opt.cli import main
from ucj_opt.montecarlo import Design, StoreError, load_results, run_montecarlo
from ucj_opt.montecarlo.reference import paired_losses
from ucj_opt.montecarlo.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _run(design: Design, store: Path, **kw: object) -> pd.DataFrame:
    kw.setdefault("quiet", True)
    res = run_montecarlo(paired_losses, design, replications=3, root_seed=7, store=store, **kw)  # type: ignore[arg-type]
    return res.results


def _ppu(folder: Path) -> Path:
    shutil.copy(ROOT / "scenarios" / "kabupaten_ppu.yaml", folder / "scenario.yaml")
    shutil.copytree(ROOT / "scenarios" / "kabupaten_ppu", folder / "kabupaten_ppu")
    return folder / "scenario.yaml"


def test_a_table_changed_before_resume_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = _ppu(tmp_path)
    store = tmp_path / "mc"
    args = ["montecarlo", str(scenario), "-O", "one_year", "--households-per-group", "20"]
    args += ["--samples", "2", "--replications", "2", "--batch", "1", "-o", str(store), "-q"]
    assert main(args) == 0
    (store / "chunks" / "p000001-r000001-000001.parquet").unlink()  # as if killed
    workers = scenario.parent / "kabupaten_ppu" / "workers.csv"
    header, *rows = workers.read_text().splitlines()
    doubled = [
        ",".join(
            str(int(v) * 2) if v.isdigit() and i >= 2 else v for i, v in enumerate(r.split(","))
        )
        for r in rows
    ]
    workers.write_text("\n".join([header, *doubled]) + "\n")
    capsys.readouterr()
    assert main([*args, "--resume"]) == 2
    err = capsys.readouterr().err
    assert "different run" in err and "the content of the table workers.file" in err
    assert "regions.file" not in err and "budgets.file" not in err
    assert len(list((store / "chunks").glob("*.parquet"))) == 3  # nothing mixed in


def test_a_second_writer_is_refused_and_a_stale_lock_taken_over(
    small_design: Design, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s"
    first = Store(store)
    first.lock()
    try:
        with pytest.raises(StoreError, match=f"being written by another run .*:{os.getpid()}"):
            _run(small_design, store)
    finally:
        first.release()
    assert not (store / "manifest.json").exists()
    (store / "lock").write_text("somehost:999999999")  # its owner died without releasing
    full = _run(small_design, store)
    assert "took over the lock" in capsys.readouterr().err
    assert len(full) == 24
    assert (store / "lock").read_text() == ""  # released


def test_a_truncated_chunk_is_reported_and_recomputed(
    small_design: Design, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s"
    full = _run(small_design, store)
    chunk = sorted((store / "chunks").glob("*.parquet"))[5]
    data = chunk.read_bytes()
    chunk.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match=f"{chunk.name} is damaged .*--resume"):
        load_results(store)
    res = run_montecarlo(
        paired_losses,
        small_design,
        replications=3,
        root_seed=7,
        store=store,
        quiet=True,
        resume=True,
    )
    assert f"chunks/{chunk.name} is damaged" in capsys.readouterr().err
    assert res.manifest["tasks_run_last_session"] == 1
    pd.testing.assert_frame_equal(full, res.results, check_exact=True)


def test_a_damaged_manifest_is_rebuilt_or_a_clear_error(
    small_design: Design, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s"
    full = _run(small_design, store)
    manifest = store / "manifest.json"
    manifest.write_text(manifest.read_text()[:100])  # cut short
    again = load_results(store)
    assert "rebuilt from design.parquet and 12 whole chunks" in capsys.readouterr().err
    assert again.manifest["status"] == "complete" and again.manifest["root_seed"] == 7
    pd.testing.assert_frame_equal(full, again.results, check_exact=True)
    next(iter((store / "chunks").glob("*.parquet"))).unlink()
    manifest.unlink()
    with pytest.raises(
        StoreError, match=r"not complete \(11 of 12 tasks\): finish it with --resume"
    ):
        load_results(store)
    res = run_montecarlo(
        paired_losses,
        small_design,
        replications=3,
        root_seed=7,
        store=store,
        quiet=True,
        resume=True,
    )
    assert res.manifest["tasks_run_last_session"] == 1
    pd.testing.assert_frame_equal(full, res.results, check_exact=True)
    (store / "design.parquet").write_bytes(b"PAR1")
    manifest.write_text("{")
    with pytest.raises(StoreError, match="start the run again in a new folder"):
        load_results(store)


_KILLED_PARENT = """
import functools, sys
from tests.montecarlo.conftest import small_settings
from ucj_opt.montecarlo import build_design, run_montecarlo
from ucj_opt.montecarlo.reference import paired_losses
task = functools.partial(paired_losses, pause=0.5)
run_montecarlo(task, build_design(small_settings()), replications=3, root_seed=7,
               store=sys.argv[1], quiet=True, executor="processes", workers=2)
"""


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_of_the_parent_ends_its_workers(tmp_path: Path) -> None:
    store = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_PARENT, str(store)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not list((store / "chunks").glob("p*.parquet")):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        family = [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
        assert len(family) >= 3  # two workers and the resource tracker
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    time.sleep(5)
    left = [pid for pid in family if not _gone(pid)]
    for pid in left:  # clean up before failing
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"processes of the killed run still alive 5 s later: {left}"
    assert (store / "lock").read_text().endswith(f":{proc.pid}")  # left behind, stale
    task = functools.partial(paired_losses, pause=0.0)  # bound arguments must match: refused
    with pytest.raises(StoreError, match="the task or its bound arguments"):
        run_montecarlo(task, small_design_(), replications=3, root_seed=7, store=store, resume=True)


def small_design_() -> Design:
    from tests.montecarlo.conftest import small_settings
    from ucj_opt.montecarlo import build_design

    return build_design(small_settings())


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_then_resume_of_the_scenario_task_equals_a_clean_run(tmp_path: Path) -> None:
    """The real projection task (not the reference model): killed, resumed, bit-identical."""
    scenario = _ppu(tmp_path)
    args = ["montecarlo", str(scenario), "-O", "one_year", "--households-per-group", "20"]
    args += ["--samples", "2", "--replications", "3", "--batch", "1", "-q"]
    killed = tmp_path / "killed"
    cmd = [sys.executable, "-m", "ucj_opt", *args, "-o", str(killed)]
    with subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.DEVNULL) as proc:
        deadline = time.monotonic() + 120
        while len(list((killed / "chunks").glob("p*.parquet"))) < 2:
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    done = len(list((killed / "chunks").glob("p*.parquet")))
    assert 2 <= done < 6
    assert main([*args, "-o", str(killed), "--resume"]) == 0
    assert load_results(killed).manifest["tasks_run_last_session"] == 6 - done
    assert main([*args, "-o", str(tmp_path / "clean")]) == 0
    pd.testing.assert_frame_equal(
        load_results(tmp_path / "clean").results, load_results(killed).results, check_exact=True
    )
