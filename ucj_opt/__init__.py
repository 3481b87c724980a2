"""ucj_opt: allocation and poverty projection for Universal Coverage Jamsostek (UCJ).

The public API is imported lazily so that ``ucj-opt --help`` starts fast and a notebook
pays only for what it uses.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ucj_opt._version import __version__

if TYPE_CHECKING:
    from ucj_opt.allocate import Allocation, solve
    from ucj_opt.errors import InfeasibleError, ScenarioError, UserError
    from ucj_opt.montecarlo import load_results, run_montecarlo
    from ucj_opt.pipeline.main_job import run_main_job
    from ucj_opt.scenario import Scenario, load_scenario
    from ucj_opt.simulation.projection import Projection, simulate

__all__ = [
    "Allocation",
    "InfeasibleError",
    "Projection",
    "Scenario",
    "ScenarioError",
    "UserError",
    "__version__",
    "load_results",
    "load_scenario",
    "run_main_job",
    "run_montecarlo",
    "simulate",
    "solve",
]

_LAZY = {
    "Allocation": "ucj_opt.allocate",
    "solve": "ucj_opt.allocate",
    "Projection": "ucj_opt.simulation.projection",
    "simulate": "ucj_opt.simulation.projection",
    "load_results": "ucj_opt.montecarlo",
    "run_montecarlo": "ucj_opt.montecarlo",
    "run_main_job": "ucj_opt.pipeline.main_job",
    "Scenario": "ucj_opt.scenario",
    "load_scenario": "ucj_opt.scenario",
    "ScenarioError": "ucj_opt.errors",
    "InfeasibleError": "ucj_opt.errors",
    "UserError": "ucj_opt.errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ucj_opt' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
