"""Small populations with known rates, shared by the simulation tests.

Inputs are built by the real adapter from a small in-memory study, so every figure the
tests do not set comes from the scenario's defaults (their one source); the tests then
replace the rates they need to know exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

import numpy as np
import pytest

from ucj_opt.projection.examples import example_study
from ucj_opt.projection.inputs import build_inputs as adapter
from ucj_opt.scenario.study import Study
from ucj_opt.simulation import SimulationInputs


@cache
def small_study(groups: int = 2) -> Study:
    """``groups`` provinces of 1 million people, 10% poor and 2% extreme poor, each with
    40,000 eligible farmers of whom 4,000 are extreme poor."""
    return example_study(groups, simulation={"baseline": "without_shocks"})


def build_inputs(
    n: int = 500,
    groups: int = 2,
    months: int = 24,
    coverage: float = 0.5,
    accident: float | None = None,
    death: float | None = None,
    livelihood: float | None = None,
    rest: int | None = None,
    **kw: Any,
) -> SimulationInputs:
    """``n`` simulated households per group of eligible workers (``rest`` for the groups
    without); a rate given here is the same for every eligible worker (``death``: a
    yearly hazard, the same at every age)."""
    study = small_study(groups)
    if rest is not None:
        study = study.with_changes(**{"simulation.rest_households_per_region": rest})
    base = adapter(study, coverage, years=-(-months // 12), households_per_group=n)
    eligible = base.stratum < 2
    changes: dict[str, Any] = {"months": months}
    if accident is not None:
        changes["accident_rate"] = np.where(eligible, accident, 0.0)
    if livelihood is not None:
        changes["livelihood_rate"] = np.where(eligible, livelihood, 0.0)
    if death is not None:
        changes["mortality"] = np.full_like(base.mortality, -np.expm1(-death))
    changes.update(kw)
    return replace(base, **changes)


MakeInputs = Callable[..., SimulationInputs]


@pytest.fixture(scope="session")
def make_inputs() -> MakeInputs:
    """The factory :func:`build_inputs`, as a fixture."""
    return build_inputs
