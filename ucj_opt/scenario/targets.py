"""Scenario settings for coverage targets and the award scorecard.

Targets are shares of a region's *workforce* (employed persons) covered by BPJS
Ketenagakerjaan, as the published UCJ figures are; the defaults are the national
planning documents' path (:mod:`ucj_opt.data.targets`). The award scorecard is this
tool's proposal: the official UCJ Award criteria are not public.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator

from ucj_opt.data.targets import BASELINE_COVERAGE
from ucj_opt.scenario.base import Share, StrictModel

__all__ = ["CRITERIA", "AwardSettings", "Criterion", "TargetSettings"]

MIN_TARGET_YEAR, MAX_TARGET_YEAR = 2020, 2100


def _code_key(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError(
            f"write the region code {value!r} in quotes, e.g. '64.09': unquoted, YAML reads "
            "64.09 as a number (and 64.10 as 64.1)"
        )
    return value.strip()


RegionCode = Annotated[str, BeforeValidator(_code_key)]
TargetYear = Annotated[int, Field(ge=MIN_TARGET_YEAR, le=MAX_TARGET_YEAR)]
Path = dict[TargetYear, Share]
"""Year → share of the workforce covered; years between are interpolated linearly."""


def _check_path(path: Path, what: str) -> Path:
    if not path:
        raise ValueError(f"{what}: give at least one year, e.g. {{2029: 43.92%}}")
    return dict(sorted(path.items()))


class TargetSettings(StrictModel):
    """Coverage targets and the coverage a region starts from.

    Examples
    --------
    >>> from ucj_opt.scenario.targets import TargetSettings
    >>> TargetSettings.model_validate({"regions": {"64.09": {2029: "60%"}}}).regions
    {'64.09': {2029: 0.6}}
    """

    national: Path | None = None
    """Year → target share of the workforce covered, for every region without its own
    (default: the published path, RPJMN 2025 32.15%, RKP 2026 34.99%, RPJMN 2029 43.92%,
    RPJPN 2045 99.5%)."""
    regions: dict[RegionCode, Path] = Field(default_factory=dict)
    """Region code (quoted) → year → target share of its workforce; between the years
    given the target is interpolated linearly, before the first and after the last it
    is held."""
    baseline_coverage: Share = BASELINE_COVERAGE
    """Share of each region's workforce covered before the allocation, where the regions
    table has no ``covered`` column (assumption: the national UCJ figure of April 2025,
    35.68%; range 27.58%–50.88%)."""

    @field_validator("national")
    @classmethod
    def _national(cls, value: Path | None) -> Path | None:
        return None if value is None else _check_path(value, "targets.national")

    @field_validator("regions")
    @classmethod
    def _regions(cls, value: dict[str, Path]) -> dict[str, Path]:
        return {code: _check_path(path, f"targets.regions.{code}") for code, path in value.items()}


CRITERIA = ("coverage_vs_target", "growth", "extreme_poor_coverage", "own_budget_effort")
"""Scorecard criteria (docs/targets.md defines each one)."""

CriterionId = Literal["coverage_vs_target", "growth", "extreme_poor_coverage", "own_budget_effort"]


class Criterion(StrictModel):
    """One criterion of the award scorecard and its weight."""

    id: CriterionId
    """Which criterion (docs/targets.md)."""
    weight: float = Field(default=1.0, ge=0, le=1e6)
    """Relative weight; weights are divided by their sum."""


def _default_criteria() -> list[Criterion]:
    return [Criterion(id=c) for c in CRITERIA]


class AwardSettings(StrictModel):
    """The scorecard ``ucj-opt award`` ranks regional governments on (this tool's
    proposal; the official UCJ Award criteria are not public).

    Examples
    --------
    >>> from ucj_opt.scenario.targets import AwardSettings
    >>> [c.id for c in AwardSettings().criteria][:2]
    ['coverage_vs_target', 'growth']
    """

    criteria: list[Criterion] = Field(default_factory=_default_criteria)
    """Criteria and weights (default: the four, equal weights); ties in the total are
    broken by the criteria in this order, then by region code."""

    @field_validator("criteria")
    @classmethod
    def _criteria(cls, value: list[Criterion]) -> list[Criterion]:
        ids = [c.id for c in value]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"each criterion may be listed once; repeated: {', '.join(dupes)}")
        if not value or sum(c.weight for c in value) <= 0:
            raise ValueError("give at least one criterion with a weight above 0")
        return value
