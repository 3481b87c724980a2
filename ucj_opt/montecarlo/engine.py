"""The Monte Carlo run: design × replications → tasks → executor → store.

The engine knows nothing of the simulation: it calls ``task(params, seed)`` and stores the
DataFrame it returns. Results are identical, bit for bit, whatever the executor, the
number of workers, the batch size or an interruption followed by ``resume``.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import time
from collections.abc import Mapping
from concurrent.futures import Executor
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from ucj_opt._version import __version__
from ucj_opt.montecarlo.design import Design
from ucj_opt.montecarlo.executors import ExecutorKind, check_importable, dask_client, execute
from ucj_opt.montecarlo.progress import Progress
from ucj_opt.montecarlo.store import Results, Store, input_hashes, plan_hash, plan_parts
from ucj_opt.montecarlo.tasks import TaskFn, TaskOutcome, plan_tasks

__all__ = ["package_versions", "run_montecarlo"]

_PACKAGES = ("ucj-opt", "numpy", "scipy", "pandas", "pyarrow", "pydantic", "simpy", "distributed")


def package_versions() -> dict[str, str]:
    """Versions of Python and of the packages that can change a result."""
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _task_name(fn: TaskFn) -> str:
    """The task's importable name plus any bound arguments (they change results)."""
    inner = getattr(fn, "func", fn)  # functools.partial
    name = f"{getattr(inner, '__module__', '?')}.{getattr(inner, '__qualname__', repr(inner))}"
    args = getattr(fn, "args", ())
    keywords = getattr(fn, "keywords", {})
    if args or keywords:
        bound = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in sorted(keywords.items())]
        name += f"({', '.join(bound)})"
    return name


def run_montecarlo(
    task: TaskFn,
    design: Design,
    *,
    replications: int,
    root_seed: int,
    store: str | os.PathLike[str],
    seeds: list[int] | None = None,
    executor: ExecutorKind = "serial",
    workers: int = 1,
    scheduler: str | None = None,
    client: Any = None,
    pool: Executor | None = None,
    batch: int = 1,
    resume: bool = False,
    quiet: bool = False,
    scenario: Mapping[str, Any] | None = None,
) -> Results:
    """Run every replication of every design point and stream the results to ``store``.

    Parameters
    ----------
    task
        ``task(params, seed) -> DataFrame``: one replication at one design point; it must be
        importable by name to run in other processes or on Dask.
    design
        The design points (:func:`ucj_opt.montecarlo.build_design`).
    replications, root_seed
        Replication r of point p uses ``SeedSequence(root_seed, spawn_key=(p, r))``.
    store
        A new folder, or the folder of an interrupted run with ``resume=True`` (refused,
        naming what changed, when the scenario, a table's content, the design, the seeds
        or the ucj-opt version differ). One writer at a time (a ``lock`` file).
    executor, workers, scheduler
        ``serial``, ``processes`` (``workers`` spawn-safe processes) or ``dask`` (a
        ``LocalCluster`` on 127.0.0.1, or the ``scheduler`` address): same numbers on each.
    batch
        Replications per task: choose it so a task lasts a second or more under Dask (its
        overhead is 20–40% on 0.1 s tasks).
    scenario
        The resolved scenario as a dict, recorded in the manifest with its hash.
    pool, client
        A process pool (made with the 'spawn' context) or a Dask client already running.

    Returns
    -------
    Results
        Read back from the store.

    Examples
    --------
    >>> import tempfile, ucj_opt
    >>> from ucj_opt.montecarlo import build_design
    >>> from ucj_opt.montecarlo.reference import paired_losses
    >>> from ucj_opt.scenario.uncertainty import UncertaintySettings
    >>> design = build_design(UncertaintySettings(design="mc", samples=2, replications=3))
    >>> with tempfile.TemporaryDirectory() as store:
    ...     run = ucj_opt.run_montecarlo(
    ...         paired_losses, design, replications=3, root_seed=7, store=store, quiet=True
    ...     )
    >>> len(run.results), sorted(run.results["arm"].unique())
    (12, ['with', 'without'])
    """
    if replications < 1:
        raise ValueError("replications must be at least 1")
    if seeds is not None and len(seeds) != replications:
        raise ValueError(f"{len(seeds)} seeds given for {replications} replications")
    if executor == "processes":
        check_importable(task)  # before the store is touched
    if executor == "dask" and client is None:  # connect first: a bad address costs nothing
        with dask_client(scheduler, max(1, workers)) as own:
            return run_montecarlo(
                task,
                design,
                replications=replications,
                root_seed=root_seed,
                store=store,
                seeds=seeds,
                executor=executor,
                workers=workers,
                client=own,
                batch=batch,
                resume=resume,
                quiet=quiet,
                scenario=scenario,
            )
    points = [design.params(i) for i in range(len(design.points))]
    specs = plan_tasks(points, replications, root_seed, batch=batch, seeds=seeds)
    scenario_hash = plan_hash(dict(scenario)) if scenario is not None else None
    plan = {
        "task": _task_name(task),
        "scenario_hash": scenario_hash,
        "design": design.kind,
        "points": design.points.to_dict(orient="split"),
        "root_seed": root_seed,
        "seeds": seeds,
        "batch": batch,
        "inputs": input_hashes(scenario),  # table contents, not only their paths
        "version": __version__,
    }  # replications left out: a resumed run may add replications (the stopping rule does)
    manifest: dict[str, Any] = {
        "format": "ucj_opt.montecarlo/1",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "status": "running",
        "plan_hash": plan_hash(plan),
        "plan_parts": plan_parts(plan),
        "inputs": plan["inputs"],
        "task": plan["task"],
        "scenario": scenario,
        "scenario_hash": scenario_hash,
        "design": design.kind,
        "parameters": design.names,
        "samples": len(points),
        "replications": replications,
        "root_seed": root_seed,
        "seeds": seeds,
        "seed_rule": "SeedSequence(entropy=root_seed, spawn_key=(point, replication))"
        if seeds is None
        else "SeedSequence(entropy=seeds[replication], spawn_key=(point,))",
        "batch": batch,
        "morris_levels": design.levels,
        "tasks": len(specs),
        "versions": package_versions(),
    }
    st = Store(store)
    finished = st.open(manifest, design, resume=resume)
    try:
        todo = [s for s in specs if s.key not in finished]
        progress = Progress(len(specs), done=len(specs) - len(todo), quiet=quiet)
        start = time.perf_counter()
        outcome: TaskOutcome
        for outcome in execute(
            task, todo, executor, workers=workers, scheduler=scheduler, client=client, pool=pool
        ):
            st.write(outcome)
            progress.update()
        wall = time.perf_counter() - start
        manifest.update(
            status="complete",
            finished=datetime.now(UTC).isoformat(timespec="seconds"),
            executor=executor,
            workers=workers if executor != "serial" else 1,
            wall_seconds_last_session=wall,
            tasks_run_last_session=len(todo),
        )
        if resume:
            manifest["created"] = st.read_manifest().get("created", manifest["created"])
        st.write_manifest(manifest)
        results = st.load()
        timings: pd.DataFrame = results.timings
        manifest["task_seconds_total"] = float(timings["seconds"].sum()) if len(timings) else 0.0
        st.write_manifest(manifest)
    finally:
        st.release()
    rows = results.results
    if len(rows):  # a store extended earlier may hold more replications than asked now
        rows = rows[rows["replication"] < replications].reset_index(drop=True)
    return Results(rows, results.design, timings, manifest, results.experiment)
