"""Shared helpers for the Monte Carlo tests: a small design over the reference model."""

from __future__ import annotations

import pytest

from ucj_opt.montecarlo import Design, build_design
from ucj_opt.scenario.uncertainty import UncertaintySettings


def small_settings(**kw: object) -> UncertaintySettings:
    """Two uncertain parameters of the reference model, 4 LHS points × 3 replications."""
    base: dict[str, object] = {
        "parameters": [
            {"path": "rate", "distribution": {"kind": "uniform", "low": 20, "high": 80}},
            {
                "path": "coverage",
                "distribution": {"kind": "beta", "alpha": 2, "beta": 2},
            },
        ],
        "design": "lhs",
        "samples": 4,
        "replications": 3,
        "root_seed": 7,
    }
    base.update(kw)
    return UncertaintySettings.model_validate(base)


@pytest.fixture
def small_design() -> Design:
    return build_design(small_settings())
