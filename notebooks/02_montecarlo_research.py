# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Monte Carlo research: design, run, confidence intervals, sensitivity
#
# Two uncertain shock rates (both *assumptions* with ranges, see
# `ucj_opt/scenario/simulation.py`) drawn on a Latin hypercube; each design point runs
# replications of the projection with both arms on common random numbers. Results stream
# to a store on disk and can be resumed; local processes here, a Dask cluster by passing
# `executor="dask"` instead.

# %%
import functools
import tempfile

from ucj_opt import plot
from ucj_opt.montecarlo import (
    build_design,
    convergence,
    effect_table,
    load_results,
    paired_effect,
    run_montecarlo,
    sensitivity,
)
from ucj_opt.montecarlo.scenario_task import projection_task, resolve_source
from ucj_opt.scenario.uncertainty import UncertaintySettings

SCENARIO = "../scenarios/kabupaten_ppu.yaml"
settings = UncertaintySettings.model_validate(
    {
        "design": "lhs",
        "samples": 8,
        "replications": 3,
        "root_seed": 2026,
        "parameters": [
            {
                "path": "simulation.claim_take_up.value",
                "distribution": {"kind": "uniform", "low": 0.25, "high": 1.0},
            },
            {
                "path": "simulation.mortality_scale.value",
                "distribution": {"kind": "triangular", "low": 0.9, "mode": 1.0, "high": 1.2},
            },
        ],
    }
)
design = build_design(settings)
design.points

# %% [markdown]
# ## Run: 8 points × 3 replications, two processes

# %%
task = functools.partial(
    projection_task,
    source=resolve_source(SCENARIO),
    coverage=0.5,
    overrides=("one_year",),
    sets=("simulation.years=2",),
    households_per_group=100,
)
store = tempfile.mkdtemp(prefix="ucj-mc-")
run_montecarlo(
    task,
    design,
    replications=settings.replications,
    root_seed=settings.root_seed,
    store=store,
    executor="processes",
    workers=2,
    quiet=True,
)
results = load_results(store)
results.results.head()

# %% [markdown]
# ## The coverage effect with its confidence interval
# `effect` is without − with, paired on the same shocks; the spread across replications
# (simulation noise) and across parameter draws are reported apart.

# %%
effects = effect_table(results.results)
effects[
    effects["outcome"].isin(
        [
            "extreme_poor_person_years_among_extreme_poor",
            "poor_person_years",
            "extreme_poor_person_years",
        ]
    )
]

# %% [markdown]
# ## Convergence of the mean effect

# %%
poor = paired_effect(results.results, "extreme_poor_person_years_among_extreme_poor")
plot.convergence(convergence(poor.to_numpy().ravel()))

# %% [markdown]
# ## Which assumption matters? First-order variance shares of the effect

# %%
shares = sensitivity(poor, results.experiment)
shares
