"""Monte Carlo engine: designs, keyed seeds, executors, a streaming store and statistics.

The engine calls a generic ``task(params, seed) -> DataFrame``; it knows nothing of the
simulation, so the executors, the store and the statistics are tested on a small model
with closed-form moments (:mod:`ucj_opt.montecarlo.reference`).
"""

from ucj_opt.montecarlo.design import Design, build_design, inverse_cdf
from ucj_opt.montecarlo.engine import run_montecarlo
from ucj_opt.montecarlo.report import effect_table
from ucj_opt.montecarlo.seeds import replication_seed
from ucj_opt.montecarlo.sensitivity import first_order_indices, morris_effects, sensitivity
from ucj_opt.montecarlo.stats import (
    Summary,
    convergence,
    mean_ci,
    outcome_matrix,
    paired_effect,
    replications_needed,
    summarise,
    target_reached,
)
from ucj_opt.montecarlo.stopping import run_to_target
from ucj_opt.montecarlo.store import Results, Store, StoreError, load_results
from ucj_opt.montecarlo.tasks import TaskFn, TaskSpec

__all__ = [
    "Design",
    "Results",
    "Store",
    "StoreError",
    "Summary",
    "TaskFn",
    "TaskSpec",
    "build_design",
    "convergence",
    "effect_table",
    "first_order_indices",
    "inverse_cdf",
    "load_results",
    "mean_ci",
    "morris_effects",
    "outcome_matrix",
    "paired_effect",
    "replication_seed",
    "replications_needed",
    "run_montecarlo",
    "run_to_target",
    "sensitivity",
    "summarise",
    "target_reached",
]
