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
# # The charts of a report
#
# Run the main job on a small scenario into a temporary folder, then draw each chart of
# the report from the result files with `ucj_opt.plot`. Every chart function returns a
# matplotlib Figure; `lang="id"` gives Bahasa Indonesia labels.

# %%
import tempfile

import pandas as pd

import ucj_opt
from ucj_opt import plot
from ucj_opt.pipeline.main_job import run_main_job
from ucj_opt.pipeline.results import read_results

study = ucj_opt.load_scenario(
    "../scenarios/kabupaten_ppu.yaml",
    overrides=["one_year"],
    sets=["simulation.households_per_group=300", "simulation.years=2"],
)
folder = tempfile.mkdtemp(prefix="ucj-notebook-")
run_main_job(study, folder, replications=4, frontier_points=5, langs=("id",))
results = read_results(folder)
names = results.regions["name"]

# %% [markdown]
# ## Coverage by desa

# %%
workers = study.tables.workers.groupby("region")["eligible"].sum()
enrolled = results.allocation.groupby("region")["enrolled"].sum()
coverage = (
    pd.DataFrame({"enrolled": enrolled, "eligible": workers}).fillna(0).reset_index(names="region")
)
coverage["region"] = coverage["region"].map(names)
fig = plot.coverage_by_region(coverage, lang="id", limit=20)
fig

# %% [markdown]
# ## The budget frontier

# %%
plot.budget_frontier(results.frontier, current=results.allocation_summary.budget_total)

# %% [markdown]
# ## People in poverty, with and without coverage

# %%
poor = results.monthly.groupby(["month", "arm", "replication"])["poor"].sum().reset_index()
plot.fan_chart(poor.rename(columns={"poor": "value"}))

# %%
plot.paired_effect(results.replications["extreme_poor_person_years_averted_among_extreme_poor"])
