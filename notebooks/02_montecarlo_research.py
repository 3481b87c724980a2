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
# `ucj_opt/scenario/simulation.py`) and the budget envelope drawn on a Latin hypercube;
# each design point solves the allocation LP under its budgets and runs replications of
# the projection of that allocation, both arms on common random numbers. Results stream
# to a store on disk and can be resumed; local processes here, a Dask cluster by passing
# `executor="dask"` instead.

# %%
import tempfile

import ucj_opt
from ucj_opt import plot
from ucj_opt.montecarlo import convergence, effect_table, load_results, paired_effect, sensitivity
from ucj_opt.pipeline.montecarlo import load_allocations

UNCERTAIN = (
    "uncertainty.parameters=["
    "{path: simulation.claim_take_up.value, distribution: {kind: uniform, low: 0.25, high: 1.0}},"
    "{path: simulation.mortality_scale.value,"
    " distribution: {kind: triangular, low: 0.9, mode: 1.0, high: 1.2}},"
    "{path: budget_scale, distribution: {kind: triangular, low: 0.8, mode: 1.0, high: 1.2}}]"
)
study = ucj_opt.load_scenario(
    "../scenarios/kabupaten_ppu.yaml",
    overrides=["one_year"],
    sets=["simulation.years=2", UNCERTAIN],
)
study

# %% [markdown]
# ## Run: 8 points × 3 replications, two processes
# The budget is uncertain, so every point re-solves the LP; its allocation is kept in the
# store beside its projection.

# %%
store = tempfile.mkdtemp(prefix="ucj-mc-")
results = ucj_opt.run_montecarlo(
    study,
    "lhs",
    samples=8,
    replications=3,
    seed=2026,
    households_per_group=100,
    store=store,
    executor="processes",
    workers=2,
)
results = load_results(store)  # the same as returned: everything is on disk
load_allocations(store).groupby("point")[["enrolled", "enrolled_extreme_poor", "premiums"]].sum()

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
