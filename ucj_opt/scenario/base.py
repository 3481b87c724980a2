"""Building blocks shared by every section of the scenario model.

Every model is frozen and rejects unknown keys, so a typo in a hand-written YAML file is
an error, never a silently ignored setting. Attribute docstrings become field
descriptions (and so appear in the JSON Schema that editors use).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from ucj_opt.units import parse_rupiah, parse_share

__all__ = ["ESTIMATE_LIMITS", "Estimate", "Rupiah", "Share", "Status", "StrictModel"]


class StrictModel(BaseModel):
    """Frozen, typo-proof base for every scenario section; NaN and infinities are refused
    in every number (a field that means 'no limit' says so and allows them)."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=True,
        populate_by_name=True,
        allow_inf_nan=False,
    )


def _rupiah(value: object) -> float:
    return parse_rupiah(value)


def _share(value: object) -> float:
    return parse_share(value)


Rupiah = Annotated[
    float,
    BeforeValidator(_rupiah),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": "^\\s*(Rp\\.?\\s*)?[0-9].*$"},
            ],
            "description": "Rupiah: 3000000000, 3e9 or 'Rp 3 miliar'.",
        }
    ),
]
"""An amount of rupiah; accepts numbers and texts such as ``"Rp 3 miliar"``."""

Share = Annotated[
    float,
    BeforeValidator(_share),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 1},
                {"type": "string", "pattern": "^\\s*[0-9.]+\\s*%\\s*$"},
            ],
            "description": "A share in [0, 1]: 0.4 or '40%'.",
        }
    ),
]
"""A share in [0, 1]; accepts ``0.4`` or ``"40%"``."""

Status = Literal["official", "derived", "assumed"]
"""How a figure was obtained: published as is, computed from published figures, or assumed."""


ESTIMATE_LIMITS: dict[str, float] = {
    "share": 1.0,
    "share_of_extreme_line": 1.0,
    "share_points_per_year": 0.1,
    "per_month": 1.0,
    "per_year": 12.0,
    "months": 600.0,
    "persons": 30.0,
    "workers": 20.0,
    "ratio": 100.0,
    "relative": 100.0,
    "times_life_table": 10.0,
    "times_poverty_line": 100.0,
    "claims_per_1000_insured_month": 1000.0,
    "rupiah": 1e12,
    "rupiah_per_capita_month": 1e9,
}
"""Largest plausible value of an :class:`Estimate` by unit (any other unit: 10^12).
Anything larger is refused when the scenario is validated, so that no figure which passes
``ucj-opt validate`` can overflow the projection later: a household of 31 persons, a rate
of more than one event a month, a medical cost above Rp 1 triliun."""

_OTHER_UNIT_LIMIT = 1e12


class Estimate(StrictModel):
    """A model figure with its unit, plausible range and source.

    Used for every parameter a user may need to question: the point value drives the
    deterministic run; ``low``/``high`` bound sensitivity and Monte Carlo draws.
    """

    value: float = Field(ge=0)
    """Central value, in ``unit``."""
    low: float | None = Field(default=None, ge=0)
    """Lower end of the plausible range (defaults to ``value``)."""
    high: float | None = Field(default=None, ge=0)
    """Upper end of the plausible range (defaults to ``value``)."""
    unit: str
    """Unit of the figure, e.g. ``per_year``, ``months``, ``share``, ``rupiah``."""
    source: str = "assumption"
    """Where the figure comes from (REFERENCE.md row, law, survey) or why it is assumed."""
    status: Status = "assumed"
    """official, derived or assumed."""

    @model_validator(mode="after")
    def _range_holds_value(self) -> Estimate:
        lo = self.value if self.low is None else self.low
        hi = self.value if self.high is None else self.high
        limit = ESTIMATE_LIMITS.get(self.unit, _OTHER_UNIT_LIMIT)
        if max(self.value, hi) > limit:
            raise ValueError(
                f"{max(self.value, hi):g} {self.unit} is beyond the plausible limit of "
                f"{limit:g} (see ESTIMATE_LIMITS in docs/reliability.md)"
            )
        if not lo <= self.value <= hi:
            raise ValueError(
                f"the range [{lo}, {hi}] does not contain the value {self.value}; "
                "set low ≤ value ≤ high"
            )
        return self

    @property
    def range(self) -> tuple[float, float]:
        """The plausible range, with missing ends filled by the value."""
        lo = self.value if self.low is None else self.low
        hi = self.value if self.high is None else self.high
        return lo, hi
