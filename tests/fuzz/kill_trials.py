"""Kill trials for docs/reliability.md: SIGKILL a Monte Carlo run at a random moment and
resume it; SIGKILL one Dask worker of a run; SIGKILL the parent of a Dask run.

Each trial runs the real projection task on the PPU scenario (a copy in a temporary
folder) and compares the results with a clean run, bit for bit. Run by hand (minutes)::

    python tests/fuzz/kill_trials.py --trials 9

Prints one line per trial and a JSON line of totals at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil

from ucj_opt.montecarlo import load_results

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["-O", "one_year", "--households-per-group", "40", "--samples", "4"]
ARGS += ["--replications", "6", "--batch", "1", "-q"]
TASKS = 24


def _cmd(scenario: Path, store: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "ucj_opt",
        "montecarlo",
        str(scenario),
        *ARGS,
        "-o",
        str(store),
        *extra,
    ]


def _chunks(store: Path) -> int:
    return len(list((store / "chunks").glob("p*.parquet")))


def _left_after(pids: list[int], seconds: float = 5.0) -> list[int]:
    time.sleep(seconds)
    left = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                left.append(pid)
        except psutil.NoSuchProcess:
            pass
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def kill_and_resume(
    scenario: Path, tmp: Path, clean: pd.DataFrame, i: int, where: list[str]
) -> dict[str, object]:
    store = tmp / f"killed{i}-{'-'.join(where).strip('-') or 'serial'}"
    proc = subprocess.Popen(
        _cmd(scenario, store, *where), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    target = random.Random(i).randint(2, TASKS // 2)
    while _chunks(store) < target and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed"
    family = [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = _chunks(store)
    left = _left_after(family)
    resumed = subprocess.run(
        _cmd(scenario, store, *where, "--resume"), capture_output=True, text=True
    )
    same = resumed.returncode == 0 and load_results(store).results.equals(clean)
    return {
        "trial": f"kill+resume {' '.join(where) or 'serial'}",
        "chunks_at_kill": done,
        "children": len(family),
        "left_after_5s": len(left),
        "resume_code": resumed.returncode,
        "bit_identical": bool(same),
    }


def kill_a_dask_worker(scenario: Path, tmp: Path, clean: pd.DataFrame, i: int) -> dict[str, object]:
    store = tmp / f"dask{i}"
    proc = subprocess.Popen(
        _cmd(scenario, store, "--scheduler", "local"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    while _chunks(store) < 2 and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before a worker could be killed"
    workers = [
        c
        for c in psutil.Process(proc.pid).children(recursive=True)
        if "spawn_main" in " ".join(c.cmdline())
    ]
    victim = workers[0].pid if workers else None
    if victim:
        os.kill(victim, signal.SIGKILL)
    _, err = proc.communicate(timeout=900)
    same = proc.returncode == 0 and load_results(store).results.equals(clean)
    return {
        "trial": "kill one dask worker",
        "killed_pid": victim,
        "code": proc.returncode,
        "bit_identical": bool(same),
        "stderr_tail": err.strip().splitlines()[-1:] if err else [],
    }


_RACER = """
import sys
from ucj_opt.montecarlo import build_design, run_montecarlo
from ucj_opt.montecarlo.reference import paired_losses
from ucj_opt.scenario.uncertainty import UncertaintySettings
design = build_design(UncertaintySettings(design="mc", samples=4, replications=3))
run_montecarlo(paired_losses, design, replications=3, root_seed=int(sys.argv[2]),
               store=sys.argv[1], quiet=True)
"""


def races(n: int) -> dict[str, object]:
    """Two API runs with different seeds started together on one store, ``n`` times."""
    both = one = 0
    with tempfile.TemporaryDirectory() as name:
        for i in range(n):
            store = str(Path(name) / f"race{i}")
            procs = [
                subprocess.Popen(
                    [sys.executable, "-c", _RACER, store, str(seed)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for seed in (1, 2)
            ]
            codes = [p.wait() for p in procs]
            both += codes == [0, 0]
            one += sorted(codes)[0] == 0 and sorted(codes)[1] != 0
    return {"trial": "races", "races": n, "both_accepted": both, "one_accepted": one}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--races", type=int, default=0)
    args = parser.parse_args()
    if args.races:
        print(json.dumps(races(args.races)), flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        scenario = tmp / "kabupaten_ppu.yaml"
        shutil.copy(ROOT / "scenarios" / "kabupaten_ppu.yaml", scenario)
        shutil.copytree(ROOT / "scenarios" / "kabupaten_ppu", tmp / "kabupaten_ppu")
        started = time.perf_counter()
        subprocess.run(_cmd(scenario, tmp / "clean"), check=True, capture_output=True)
        clean = load_results(tmp / "clean").results
        clean_seconds = time.perf_counter() - started
        for i in range(args.trials):
            for where in ([], ["--workers", "2"], ["--scheduler", "local"]):
                rows.append(kill_and_resume(scenario, tmp, clean, i, where))
                print(json.dumps(rows[-1]), flush=True)
            rows.append(kill_a_dask_worker(scenario, tmp, clean, i))
            print(json.dumps(rows[-1]), flush=True)
    kills = [r for r in rows if str(r["trial"]).startswith("kill+resume")]
    print(
        json.dumps(
            {
                "benchmark": "kill_trials",
                "clean_run_seconds": round(clean_seconds, 1),
                "kill_resume_trials": len(kills),
                "kill_resume_bit_identical": sum(bool(r["bit_identical"]) for r in kills),
                "processes_left_after_5s": sum(int(r["left_after_5s"]) for r in kills),  # type: ignore[call-overload]
                "dask_worker_kills": len(rows) - len(kills),
                "dask_worker_kill_bit_identical": sum(
                    bool(r["bit_identical"]) for r in rows if r not in kills
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
