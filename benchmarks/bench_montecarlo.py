"""Monte Carlo engine: parallel efficiency (processes, Dask LocalCluster) and the variance
cut that common random numbers give the paired coverage effect.

The workload is the real projection (``ucj_opt.simulation.run_replication``, vector engine)
on a small synthetic population. Efficiency = serial time / (workers × parallel time) for
the same replications, measured side by side, median of ``--repeats``; worker start-up is
reported apart (pools and clusters are warmed first, as a notebook or a long run reuses
them). CRN: variance of the per-replication effect (poor person-years averted) with both
arms on one seed, against each arm on its own seed. Run from the repository root:
``python benchmarks/bench_montecarlo.py`` (about a minute) or ``--quick``. Results are
checked equal across executors. The same CRN measurement is also made on the reference
model (``ucj_opt.montecarlo.reference``), whose variances are known in closed form, so the
measurement itself can be checked (``crn_reference``). The last line printed is JSON
(benchmark, ratio, target).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import multiprocessing
import signal
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ucj_opt.montecarlo import build_design, run_montecarlo
from ucj_opt.montecarlo.executors import dask_client
from ucj_opt.montecarlo.reference import DEFAULTS, paired_losses
from ucj_opt.projection.examples import example_study
from ucj_opt.projection.inputs import build_inputs
from ucj_opt.scenario.uncertainty import UncertaintySettings
from ucj_opt.simulation import SimulationInputs, run_replication

WORKERS = 2


@functools.cache
def _base(n: int, groups: int, months: int) -> SimulationInputs:
    study = example_study(groups, years=-(-months // 12), simulation={"baseline": "without_shocks"})
    return build_inputs(study, 0.5, years=-(-months // 12), households_per_group=n)


def make_inputs(n: int, groups: int, months: int, accident: float) -> SimulationInputs:
    """A small example population (as in the simulate tests) with its accident rate set."""
    base = _base(n, groups, months)
    return replace(base, accident_rate=np.where(base.stratum < 2, accident, 0.0))


def _arms(inputs: SimulationInputs, seed: np.random.SeedSequence) -> np.ndarray:
    poor = run_replication(inputs, seed, engine="vector").arm("poor")
    return np.asarray(poor.sum(axis=(0, 1, 2)) / 12.0)  # person-years per arm


def projection_task(
    params: dict[str, float],
    seed: np.random.SeedSequence,
    *,
    n: int = 2000,
    groups: int = 4,
    months: int = 36,
    crn: bool = True,
) -> pd.DataFrame:
    """Poor person-years in each arm; with ``crn=False`` each arm runs on its own seed."""
    inputs = make_inputs(n, groups, months, params.get("accident", 0.02))
    first = _arms(inputs, seed)
    if crn:
        without, with_ = first[0], first[1]
    else:
        other = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, 1))
        without, with_ = first[0], _arms(inputs, other)[1]
    return pd.DataFrame({"arm": ["without", "with"], "poor_py": [without, with_]})


def _design(samples: int) -> Any:
    acc = {"kind": "uniform", "low": 0.01, "high": 0.04}
    return build_design(
        UncertaintySettings.model_validate(
            {"parameters": [{"path": "accident", "distribution": acc}], "samples": samples}
        )
    )


def _timed(tmp: Path, name: str, **kw: Any) -> tuple[float, pd.DataFrame]:
    t = time.perf_counter()
    res = run_montecarlo(projection_task, store=tmp / name, root_seed=1, quiet=True, **kw)
    return time.perf_counter() - t, res.results


def parallel(tmp: Path, samples: int, reps: int, batch: int, repeats: int) -> dict[str, Any]:
    design = _design(samples)
    kw = {"design": design, "replications": reps, "batch": batch}
    ctx = multiprocessing.get_context("spawn")
    times: dict[str, list[float]] = {"serial": [], "processes": [], "dask": []}
    t0 = time.perf_counter()
    pool = ProcessPoolExecutor(WORKERS, mp_context=ctx)
    list(pool.map(functools.partial(time.sleep), [0.0] * WORKERS))
    _timed(
        tmp, "warm-p", pool=pool, executor="processes", workers=WORKERS, **{**kw, "replications": 1}
    )
    start_processes = time.perf_counter() - t0
    t0 = time.perf_counter()
    stack = contextlib.ExitStack()
    client = stack.enter_context(dask_client(None, WORKERS))  # the engine's own LocalCluster
    _timed(tmp, "warm-d", client=client, executor="dask", **{**kw, "replications": 1})
    start_dask = time.perf_counter() - t0
    try:
        for i in range(repeats):
            ts, ref = _timed(tmp, f"s{i}", **kw)
            tp, rp = _timed(tmp, f"p{i}", executor="processes", workers=WORKERS, pool=pool, **kw)
            td, rd = _timed(tmp, f"d{i}", executor="dask", client=client, **kw)
            pd.testing.assert_frame_equal(ref, rp, check_exact=True)
            pd.testing.assert_frame_equal(ref, rd, check_exact=True)
            times["serial"].append(ts)
            times["processes"].append(tp)
            times["dask"].append(td)
            print(f"repeat {i}: serial {ts:.2f}s processes {tp:.2f}s dask {td:.2f}s", flush=True)
    finally:
        stack.close()
        pool.shutdown()
    med = {k: statistics.median(v) for k, v in times.items()}
    s = times["serial"]  # ratios are taken repeat by repeat (side by side), then the median
    return {
        "serial_s": med["serial"],
        "processes_s": med["processes"],
        "dask_s": med["dask"],
        "efficiency_processes": statistics.median(
            a / (WORKERS * b) for a, b in zip(s, times["processes"], strict=True)
        ),
        "efficiency_dask": statistics.median(
            a / (WORKERS * b) for a, b in zip(s, times["dask"], strict=True)
        ),
        "startup_processes_s": start_processes,
        "startup_dask_s": start_dask,
        "task_s": med["serial"] / (samples * reps / batch),
    }


def crn_ratio(
    tmp: Path, reps: int, task: Any = projection_task, value: str = "poor_py"
) -> dict[str, Any]:
    """Variance of the paired effect (``value``, without − with) with and without CRN."""
    design = _design(1)
    var = {}
    for crn in (True, False):
        res = run_montecarlo(
            functools.partial(task, crn=crn),
            design,
            replications=reps,
            root_seed=2,
            store=tmp / f"crn{crn}-{value}",
            batch=reps,
            quiet=True,
        ).results
        wide = res.pivot_table(index="replication", columns="arm", values=value)
        var[crn] = float((wide["without"] - wide["with"]).var(ddof=1))
    return {
        "var_effect_crn": var[True],
        "var_effect_independent": var[False],
        "crn_variance_cut": var[False] / var[True] if var[True] > 0 else float("inf"),
        "crn_replications": reps,
    }


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # run the finally blocks: close pools and the cluster


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="a small size, seconds")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    samples, reps, batch, crn_reps = (2, 4, 2, 20) if args.quick else (8, 24, 24, 60)
    ref_reps = 1000 if args.quick else 4000
    repeats = 1 if args.quick else args.repeats
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = parallel(Path(tmp), samples, reps, batch, repeats)
        out.update(crn_ratio(Path(tmp), crn_reps))
        reference = crn_ratio(Path(tmp), ref_reps, paired_losses, "cost")
    out.update(
        crn_reference={**reference, "model": "paired_losses", "params": DEFAULTS, "value": "cost"},
        workers=WORKERS,
        repeats=repeats,
        tasks=samples * reps // batch,
        total_s=time.perf_counter() - start,
    )
    out.update(
        benchmark="montecarlo",
        ratio=out["efficiency_processes"],
        target=0.90,
        targets={"efficiency_processes": 0.90, "efficiency_dask": 0.80, "crn_variance_cut": 20.0},
        cpu_count=multiprocessing.cpu_count(),
        quick=args.quick,
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
