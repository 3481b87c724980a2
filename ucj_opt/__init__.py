"""ucj_opt: allocation and poverty projection for Universal Coverage Jamsostek (UCJ).

The public API is imported lazily so that ``ucj-opt --help`` starts fast and a notebook
pays only for what it uses.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ucj_opt._version import __version__

if TYPE_CHECKING:
    from ucj_opt.errors import InfeasibleError, ScenarioError, UserError
    from ucj_opt.scenario import Scenario, load_scenario

__all__ = [
    "InfeasibleError",
    "Scenario",
    "ScenarioError",
    "UserError",
    "__version__",
    "load_scenario",
]

_LAZY = {
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
