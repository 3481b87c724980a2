"""Uncertainty section of a scenario: which figures are uncertain and how to sample them.

Each uncertain figure is named by its dotted path into the scenario (for example
``simulation.accident_rate.farmer.value``) and given a distribution; the design
says how the parameter space is sampled and how many replications each point gets.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, model_validator

from ucj_opt.scenario.base import StrictModel

__all__ = [
    "Beta",
    "Distribution",
    "LogNormal",
    "Normal",
    "Triangular",
    "TruncNormal",
    "UncertainParameter",
    "UncertaintySettings",
    "Uniform",
]


class Uniform(StrictModel):
    """Every value in [low, high] equally likely."""

    kind: Literal["uniform"] = "uniform"
    low: float
    """Lower bound."""
    high: float
    """Upper bound (greater than ``low``)."""

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


class Triangular(StrictModel):
    """Most likely at ``mode``, falling linearly to zero at ``low`` and ``high``."""

    kind: Literal["triangular"] = "triangular"
    low: float
    """Lower bound."""
    mode: float
    """Most likely value, in [low, high]."""
    high: float
    """Upper bound (greater than ``low``)."""

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(
                f"need low ≤ mode ≤ high and low < high; got {self.low}, {self.mode}, {self.high}"
            )
        return self


class Normal(StrictModel):
    """Gaussian with mean ``mean`` and standard deviation ``sd``."""

    kind: Literal["normal"] = "normal"
    mean: float
    """Mean."""
    sd: float = Field(gt=0)
    """Standard deviation (positive)."""


class TruncNormal(StrictModel):
    """Gaussian restricted to [low, high] (e.g. a rate that cannot be negative)."""

    kind: Literal["truncnormal"] = "truncnormal"
    mean: float
    """Mean of the untruncated Gaussian."""
    sd: float = Field(gt=0)
    """Standard deviation of the untruncated Gaussian."""
    low: float = Field(default=-math.inf, allow_inf_nan=True)
    """Lower truncation point (``-.inf``: none)."""
    high: float = Field(default=math.inf, allow_inf_nan=True)
    """Upper truncation point (``.inf``: none)."""

    @model_validator(mode="after")
    def _ordered(self) -> TruncNormal:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


class LogNormal(StrictModel):
    """Positive and right-skewed: ``exp(N(mu, sigma))``; ``median = exp(mu)``."""

    kind: Literal["lognormal"] = "lognormal"
    median: float = Field(gt=0)
    """Median (``exp(mu)``)."""
    sigma: float = Field(gt=0)
    """Standard deviation of the logarithm."""


class Beta(StrictModel):
    """Beta(alpha, beta) scaled to [low, high]; suits shares and probabilities."""

    kind: Literal["beta"] = "beta"
    alpha: float = Field(gt=0)
    """First shape parameter."""
    beta: float = Field(gt=0)
    """Second shape parameter."""
    low: float = 0.0
    """Lower end of the support."""
    high: float = 1.0
    """Upper end of the support."""

    @model_validator(mode="after")
    def _ordered(self) -> Beta:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


Distribution = Annotated[
    Uniform | Triangular | Normal | TruncNormal | LogNormal | Beta,
    Field(discriminator="kind"),
]
"""One of the supported distributions, chosen by ``kind``."""


class UncertainParameter(StrictModel):
    """One uncertain figure of the scenario."""

    path: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
    """Dotted path into the scenario, e.g. ``simulation.accident_rate.farmer.value``."""
    distribution: Distribution
    """How the figure is drawn."""
    source: str = "assumption"
    """Why this distribution (REFERENCE.md row or the reasoning behind the range)."""


Design = Literal["mc", "lhs", "sobol", "morris"]


class UncertaintySettings(StrictModel):
    """How the Monte Carlo explores the uncertain figures and the simulation noise."""

    parameters: list[UncertainParameter] = Field(default_factory=list)
    """Uncertain figures; none means only simulation noise is explored."""
    design: Design = "lhs"
    """mc (plain random), lhs (Latin hypercube), sobol (scrambled Sobol'), morris (trajectories)."""
    samples: int = Field(default=16, ge=1, le=1_000_000)
    """Design points (sobol: rounded up to a power of two; morris: trajectories, each of
    ``parameters + 1`` points)."""
    replications: int = Field(default=8, ge=1, le=100_000)
    """Replications (independent simulation seeds) per design point."""
    seeds: list[int] | None = None
    """Explicit replication seeds; when given, replication r uses ``seeds[r]``."""
    root_seed: int = Field(default=20250101, ge=0, lt=2**63)
    """Root of every seed of the run (design draws and replications)."""
    morris_levels: int = Field(default=4, ge=2, le=1000)
    """Grid levels of the Morris design."""

    @model_validator(mode="after")
    def _consistent(self) -> UncertaintySettings:
        paths = [p.path for p in self.parameters]
        dupes = sorted({p for p in paths if paths.count(p) > 1})
        if dupes:
            raise ValueError(f"each uncertain path may appear once; repeated: {', '.join(dupes)}")
        if self.seeds is not None:
            if len(self.seeds) != self.replications:
                raise ValueError(
                    f"give one seed per replication: {len(self.seeds)} seeds for "
                    f"{self.replications} replications"
                )
            if any(s < 0 for s in self.seeds):
                raise ValueError("seeds must be non-negative integers")
        if self.design == "morris" and not self.parameters:
            raise ValueError("the morris design needs at least one uncertain parameter")
        return self
