"""Units of work: a batch of replications at one design point, run by any executor.

Everything here is picklable and importable by name, so it can be shipped to a spawned
process or a Dask worker: the task function must be a module-level function (or a
``functools.partial`` of one), never a lambda or a function defined in a notebook cell.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ucj_opt.montecarlo.seeds import replication_seed

__all__ = ["TaskFn", "TaskOutcome", "TaskSpec", "plan_tasks", "run_task"]

TaskFn = Callable[[dict[str, float], np.random.SeedSequence], pd.DataFrame]
"""``task(params, seed) -> tidy DataFrame`` for one replication at one design point."""


@dataclass(frozen=True)
class TaskSpec:
    """Replications ``first .. first+count-1`` of one design point."""

    point: int
    first: int
    count: int
    params: dict[str, float]
    root: int
    seeds: tuple[int, ...] | None = None

    @property
    def key(self) -> str:
        """Stable name of the task (and of its chunk file)."""
        return f"p{self.point:06d}-r{self.first:06d}-{self.first + self.count - 1:06d}"


@dataclass(frozen=True)
class TaskOutcome:
    """What a finished task sends back."""

    key: str
    frame: pd.DataFrame
    seconds: float
    worker: str


def plan_tasks(
    points: Sequence[dict[str, float]],
    replications: int,
    root: int,
    *,
    batch: int = 1,
    seeds: Sequence[int] | None = None,
    first_replication: int = 0,
) -> list[TaskSpec]:
    """Split points × replications into tasks of ``batch`` replications each."""
    if batch < 1:
        raise ValueError("batch must be at least 1")
    frozen = tuple(int(s) for s in seeds) if seeds is not None else None
    out = []
    for point, params in enumerate(points):
        for first in range(first_replication, first_replication + replications, batch):
            count = min(batch, first_replication + replications - first)
            out.append(TaskSpec(point, first, count, dict(params), root, frozen))
    return out


def run_task(fn: TaskFn, spec: TaskSpec) -> TaskOutcome:
    """Run every replication of ``spec``; label rows with point and replication."""
    start = time.perf_counter()
    frames = []
    for rep in range(spec.first, spec.first + spec.count):
        seed = replication_seed(spec.root, spec.point, rep, spec.seeds)
        df = fn(dict(spec.params), seed)
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"the task function must return a DataFrame, not {type(df).__name__}")
        df = df.reset_index(drop=True)
        df.insert(0, "replication", np.int64(rep))
        df.insert(0, "point", np.int64(spec.point))
        frames.append(df)
    frame = pd.concat(frames, ignore_index=True)
    seconds = time.perf_counter() - start
    return TaskOutcome(spec.key, frame, seconds, f"{socket.gethostname()}:{os.getpid()}")
