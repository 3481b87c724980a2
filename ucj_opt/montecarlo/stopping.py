"""The stopping rule: add replications until an effect is known to a target half-width.

Replications are added in blocks to every design point; because seeds are keyed by
(point, replication), a run stopped after r replications holds exactly the first r
replications of any longer run, and a stopped run can be resumed or extended later.
"""

from __future__ import annotations

import os
from typing import Any

from ucj_opt.montecarlo.design import Design
from ucj_opt.montecarlo.engine import run_montecarlo
from ucj_opt.montecarlo.stats import Summary, outcome_matrix, paired_effect, summarise
from ucj_opt.montecarlo.store import Results
from ucj_opt.montecarlo.tasks import TaskFn

__all__ = ["run_to_target"]


def run_to_target(
    task: TaskFn,
    design: Design,
    *,
    metric: str,
    target_half_width: float,
    store: str | os.PathLike[str],
    root_seed: int,
    block: int = 4,
    max_replications: int = 256,
    paired: bool = True,
    level: float = 0.95,
    resume: bool = False,
    **run_kw: Any,
) -> tuple[Results, Summary]:
    """Run blocks of ``block`` replications until the CI half-width of ``metric`` (its
    paired without − with effect when ``paired``) is at most ``target_half_width``.

    Returns the results and the final summary; ``summary.half_width`` tells whether the
    target was met or ``max_replications`` stopped the run first.
    """
    if target_half_width <= 0:
        raise ValueError("the target half-width must be positive")
    if block < 1 or max_replications < 1:
        raise ValueError("block and max_replications must be at least 1")
    reps = min(max(block, 2), max_replications)
    first = True
    while True:
        res = run_montecarlo(
            task,
            design,
            replications=reps,
            root_seed=root_seed,
            store=store,
            batch=block,
            resume=resume or not first,
            **run_kw,
        )
        first = False
        y = paired_effect(res.results, metric) if paired else outcome_matrix(res.results, metric)
        summary = summarise(y, level)
        if summary.half_width <= target_half_width or reps >= max_replications:
            return res, summary
        reps = min(reps + block, max_replications)
