"""Small populations with known rates, shared by the simulate tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from ucj_opt.simulation import SimulationInputs


def build_inputs(
    n: int = 2000,
    groups: int = 2,
    months: int = 24,
    coverage: float = 0.5,
    accident: float = 0.02,
    death: float = 0.01,
    livelihood: float = 0.1,
    **kw: Any,
) -> SimulationInputs:
    """Inputs with ``groups`` groups of ``n`` workers each, same rates everywhere."""
    years = -(-months // 12)
    ones = np.ones(groups)
    base = SimulationInputs(
        region=tuple(f"R{i}" for i in range(groups)),
        segment=tuple("farmer" for _ in range(groups)),
        region_key=np.arange(groups, dtype=np.int64),
        segment_key=np.zeros(groups, dtype=np.int64),
        n_workers=np.full(groups, n, dtype=np.int64),
        weight=ones * 10.0,
        poverty_rate=ones * 0.10,
        extreme_rate=ones * 0.02,
        accident_rate=ones * accident,
        nonwork_death_rate=ones * death,
        livelihood_rate=ones * livelihood,
        coverage=np.full((years, groups), coverage),
        coverage_extreme=np.full((years, groups), coverage),
        months=months,
    )
    return replace(base, **kw) if kw else base


MakeInputs = Callable[..., SimulationInputs]


@pytest.fixture(scope="session")
def make_inputs() -> MakeInputs:
    """The factory :func:`build_inputs`, as a fixture."""
    return build_inputs
