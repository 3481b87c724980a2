"""Executors: serial, local processes (spawn) and Dask; each yields outcomes as they finish.

The order of outcomes differs between executors; the results do not, because every
replication's seed is keyed by (point, replication) and the store sorts on load.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from typing import Any, Literal

from ucj_opt.montecarlo.tasks import TaskFn, TaskOutcome, TaskSpec, run_task
from ucj_opt.worker_pool import spawn_pool, starting_workers

__all__ = [
    "ExecutorKind",
    "check_importable",
    "dask_client",
    "execute",
    "run_dask",
    "run_processes",
    "run_serial",
    "watch_parent",
]

ExecutorKind = Literal["serial", "processes", "dask"]


def run_serial(fn: TaskFn, specs: Sequence[TaskSpec]) -> Iterator[TaskOutcome]:
    """One task after another, in this process."""
    for spec in specs:
        yield run_task(fn, spec)


def check_importable(fn: TaskFn) -> None:
    """Refuse, with a clear message, a task that spawned workers could not import."""
    inner = getattr(fn, "func", fn)
    module = getattr(inner, "__module__", None)
    qualname = getattr(inner, "__qualname__", "")
    main = sys.modules.get("__main__")
    interactive = module == "__main__" and not hasattr(main, "__file__")
    if module is None or "<" in qualname or interactive:
        raise ValueError(
            f"the task {qualname or fn!r} cannot be sent to worker processes: define it at "
            "the top level of an importable module (not a lambda, a nested function or a "
            "notebook cell), or use executor='serial'"
        )


def run_processes(
    fn: TaskFn, specs: Sequence[TaskSpec], workers: int, pool: Executor | None = None
) -> Iterator[TaskOutcome]:
    """Local worker processes started with 'spawn' (safe in Jupyter and on Windows).

    At most ``2 × workers`` tasks are in flight, so a long run does not queue every
    task's parameters up front and an interrupted run loses little. Pass a running
    ``pool`` to reuse warm workers across runs (it is left open).
    """
    check_importable(fn)
    todo = list(specs)
    if pool is not None:
        yield from _drain(pool, fn, todo, workers)
        return
    own = spawn_pool(workers, initializer=watch_parent, initargs=(os.getpid(),))
    try:
        with starting_workers():
            yield from _drain(own, fn, todo, workers)
    except BaseException:
        # interrupted (Ctrl-C, a failed task): drop queued tasks, do not wait for them
        own.shutdown(wait=False, cancel_futures=True)
        raise
    own.shutdown(wait=True)


def watch_parent(parent: int, every: float = 0.5) -> None:
    """End this worker process when ``parent`` dies (checked every ``every`` seconds).

    A worker of a SIGKILLed run would otherwise wait for work that never comes, holding
    its memory for minutes; once the workers are gone, the resource tracker ends too.
    Used as the pool's initializer, so it runs in each worker before any task.
    """
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:  # re-parented: the run is gone
                os._exit(1)

    threading.Thread(target=watch, name="ucj-watch-parent", daemon=True).start()


def _drain(pool: Executor, fn: TaskFn, todo: list[TaskSpec], workers: int) -> Iterator[TaskOutcome]:
    pending: set[Future[TaskOutcome]] = set()
    while todo or pending:
        while todo and len(pending) < 2 * workers:
            pending.add(pool.submit(run_task, fn, todo.pop(0)))
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for fut in done:
            yield fut.result()


def _distributed() -> Any:
    try:
        return importlib.import_module("distributed")  # untyped: keep it Any
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        from ucj_opt.errors import UserError

        raise UserError(
            "the Dask executor needs the 'dask' extra: pip install 'ucj-opt[dask]'"
        ) from exc


@contextlib.contextmanager
def _numpy_friendly_malloc() -> Iterator[None]:
    """Start Dask workers without ``MALLOC_TRIM_THRESHOLD_``.

    Dask's nanny sets it (to return memory to the system sooner); glibc then stops raising
    its mmap threshold, so every mid-sized numpy array is a fresh mmap: the projection ran
    1.4–1.6× slower with it than without (measured here, 2 cores). The nanny also writes
    it into this process's environment, where a later cluster would inherit it: it is
    hidden while our workers start and put back afterwards.
    """
    dask: Any = importlib.import_module("dask")
    name = "MALLOC_TRIM_THRESHOLD_"
    key = "distributed.nanny.pre-spawn-environ"
    environ = {**(dask.config.get(key, default={}) or {}), name: None}  # None: unset
    saved = os.environ.pop(name, None)
    try:
        with dask.config.set({key: environ}):
            yield
    finally:
        if saved is not None:
            os.environ[name] = saved


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Any]:
    """A Dask client for a scheduler address, or for a LocalCluster on loopback; closed
    (with its cluster) on exit. Connects at once, so a bad address fails before any work."""
    dist = _distributed()
    if scheduler:
        try:
            client = dist.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            from ucj_opt.errors import UserError

            raise UserError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); check the "
                "address (e.g. tcp://10.0.0.5:8786) and that the scheduler is running"
            ) from None
        with client:
            yield client
        return
    with _numpy_friendly_malloc():
        cluster = dist.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        )
    with cluster, dist.Client(cluster) as client:
        yield client


def run_dask(fn: TaskFn, specs: Sequence[TaskSpec], client: Any) -> Iterator[TaskOutcome]:
    """Every task submitted to a Dask ``client``; outcomes as they finish."""
    dist = _distributed()
    futures = [client.submit(run_task, fn, s, pure=False) for s in specs]
    try:
        for fut in dist.as_completed(futures):
            outcome: TaskOutcome = fut.result()
            fut.release()
            yield outcome
    finally:
        client.cancel(futures)  # interrupted: do not leave work queued on a shared cluster


def _own_dask(
    fn: TaskFn, specs: Sequence[TaskSpec], scheduler: str | None, workers: int
) -> Iterator[TaskOutcome]:
    with dask_client(scheduler, workers) as client:
        yield from run_dask(fn, specs, client)


def execute(
    fn: TaskFn,
    specs: Sequence[TaskSpec],
    kind: ExecutorKind = "serial",
    *,
    workers: int = 1,
    scheduler: str | None = None,
    client: Any = None,
    pool: Executor | None = None,
) -> Iterator[TaskOutcome]:
    """Run ``specs`` on the chosen executor (``pool``/``client``: reuse running workers)."""
    if kind == "serial":
        return run_serial(fn, specs)
    if kind == "processes":
        return run_processes(fn, specs, max(1, workers), pool)
    if kind == "dask":
        if client is None:
            return _own_dask(fn, specs, scheduler, max(1, workers))
        return run_dask(fn, specs, client)
    raise ValueError(f"unknown executor {kind!r}; use serial, processes or dask")
