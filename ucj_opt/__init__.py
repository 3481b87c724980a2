"""ucj_opt: allocation and poverty projection for Universal Coverage Jamsostek (UCJ).

The public API is imported lazily so that ``ucj-opt --help`` starts fast and a notebook
pays only for what it uses. ``_LAZY`` is the one table of public names: ``__all__`` is
derived from it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ucj_opt._version import __version__ as __version__

if TYPE_CHECKING:  # what the lazy names are, for type checkers
    from ucj_opt.allocate import Allocation as Allocation
    from ucj_opt.allocate.solve import solve as solve
    from ucj_opt.errors import InfeasibleError as InfeasibleError
    from ucj_opt.errors import ScenarioError as ScenarioError
    from ucj_opt.errors import UserError as UserError
    from ucj_opt.montecarlo import Results as Results
    from ucj_opt.montecarlo import load_results as load_results
    from ucj_opt.pipeline.main_job import run_main_job as run_main_job
    from ucj_opt.pipeline.montecarlo import run_montecarlo as run_montecarlo
    from ucj_opt.projection import Projection as Projection
    from ucj_opt.projection import simulate as simulate
    from ucj_opt.scenario import Scenario as Scenario
    from ucj_opt.scenario import Study as Study
    from ucj_opt.scenario import load_scenario as load_scenario

_LAZY = {
    "Allocation": "ucj_opt.allocate",
    "solve": "ucj_opt.allocate",
    "Projection": "ucj_opt.projection",
    "simulate": "ucj_opt.projection",
    "Results": "ucj_opt.montecarlo",
    "load_results": "ucj_opt.montecarlo",
    "run_montecarlo": "ucj_opt.pipeline.montecarlo",
    "run_main_job": "ucj_opt.pipeline.main_job",
    "Scenario": "ucj_opt.scenario",
    "Study": "ucj_opt.scenario",
    "load_scenario": "ucj_opt.scenario",
    "ScenarioError": "ucj_opt.errors",
    "InfeasibleError": "ucj_opt.errors",
    "UserError": "ucj_opt.errors",
}
"""Public name → the module that defines it."""

__all__ = sorted([*_LAZY, "__version__"])


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ucj_opt' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
