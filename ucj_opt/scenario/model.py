"""The scenario: everything a planner states about one allocation and projection study.

A scenario is validated once, at the edge (:func:`ucj_opt.load_scenario`), into these
frozen models; the engines never re-check it. Region tables are referenced here (file or
inline rows); the loader reads them and pairs them with the settings in a
:class:`~ucj_opt.scenario.study.Study`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from ucj_opt.scenario.base import Rupiah, Share, StrictModel
from ucj_opt.scenario.simulation import SimulationSettings
from ucj_opt.scenario.targets import AwardSettings, TargetSettings
from ucj_opt.scenario.uncertainty import UncertaintySettings

__all__ = [
    "BUDGET_SOURCES",
    "PRIORITIES",
    "Cofinancing",
    "Discount",
    "EquityFloor",
    "Horizon",
    "Package",
    "Policy",
    "Scenario",
    "Segment",
    "SolverSettings",
    "TableSource",
]

BUDGET_SOURCES = ("apbd_provinsi", "apbd_kabkota", "apbdes", "other")
"""Budget sources: APBD provinsi, APBD kabupaten/kota, APBDes (incl. Dana Desa), other
(CSR, zakat, ...)."""

Programme = Literal["jkk", "jkm", "jht"]
"""BPJS Ketenagakerjaan programmes: work accident, death, old-age savings."""

BudgetSource = Literal["apbd_provinsi", "apbd_kabkota", "apbdes", "other"]


class TableSource(StrictModel):
    """Where a region table comes from: a file beside the scenario, inline rows, or the
    data embedded in ucj_opt."""

    file: str | None = None
    """CSV, XLSX or Parquet file, relative to the scenario file (stored absolute once loaded)."""
    sheet: str | None = None
    """Sheet name when ``file`` is an XLSX workbook (default: the first sheet)."""
    header_row: int | None = Field(default=None, ge=1, le=1000)
    """Row (1-based) holding the column names, when rows above it hold a title or notes
    (default: the first row that is not a ``#`` comment)."""
    rows: list[dict[str, Any]] | None = None
    """The rows written inline, one mapping per row."""
    embedded: Literal["national"] | None = None
    """A table embedded in ucj_opt: ``national`` (38 provinces, see docs/data.md)."""

    @model_validator(mode="after")
    def _exactly_one(self) -> TableSource:
        given = [k for k in ("file", "rows", "embedded") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of 'file', 'rows' or 'embedded'"
                + (f" (got {', '.join(given)})" if given else "")
            )
        if self.sheet is not None and self.file is None:
            raise ValueError("'sheet' only goes with 'file'")
        if self.header_row is not None and self.file is None:
            raise ValueError("'header_row' only goes with 'file'")
        return self


class Horizon(StrictModel):
    """The planning years."""

    start_year: int = Field(default=2026, ge=2020, le=2100)
    """First budget year."""
    years: int = Field(default=1, ge=1, le=30)
    """Number of budget years planned together."""

    @property
    def year_list(self) -> list[int]:
        """Every planned year, in order."""
        return list(range(self.start_year, self.start_year + self.years))


class Segment(StrictModel):
    """A group of vulnerable workers (farmers, fishers, informal, ...)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """Short identifier used in the workers table, e.g. ``farmer``."""
    label: str = ""
    """Name shown in reports."""
    weight: float = Field(default=1.0, ge=0, le=1e6)
    """Weight of one protected worker in the ``weighted`` objective (e.g. a risk weight)."""


def _default_segments() -> list[Segment]:
    return [
        Segment(id="farmer", label="Farmers (petani)"),
        Segment(id="fisher", label="Fishers (nelayan)"),
        Segment(id="informal", label="Informal workers"),
        Segment(id="other", label="Other vulnerable workers"),
    ]


def _jkk_jkm() -> list[Programme]:
    return ["jkk", "jkm"]


class Discount(StrictModel):
    """A dated contribution discount, e.g. PP 50/2025 (50% off JKK+JKM for BPU).

    A discount may be limited to some segments (PP 50/2025 gives the transport sector
    other dates) and to some budget sources (PP 50/2025 excludes BPU whose contributions
    are paid through APBN or APBD).
    """

    start: dt.date
    """First day the discount applies (premium months starting on or after it)."""
    end: dt.date
    """Last day the discount applies."""
    share: Share
    """Share taken off the discounted programmes, e.g. 0.5."""
    applies_to: list[Programme] = Field(default_factory=_jkk_jkm)
    """Programmes discounted (PP 50/2025: JKK and JKM, not JHT)."""
    segments: list[str] | None = None
    """Segment ids the discount applies to (none given: every segment)."""
    sources: list[BudgetSource] | None = None
    """Budget sources whose premiums are discounted (none given: every source)."""

    def covers(self, segment: str | None, source: str | None) -> bool:
        """Whether premiums of ``segment`` paid from ``source`` get this discount (``None``:
        not known, so only a discount open to every segment or source applies)."""
        seg_ok = self.segments is None or (segment is not None and segment in self.segments)
        src_ok = self.sources is None or (source is not None and source in self.sources)
        return seg_ok and src_ok

    @model_validator(mode="after")
    def _ordered(self) -> Discount:
        if self.end < self.start:
            raise ValueError(f"the discount ends ({self.end}) before it starts ({self.start})")
        return self


class Package(StrictModel):
    """The contribution package paid per worker (BPU rules, PP 44/2015 and PP 46/2015)."""

    declared_income: Rupiah = Field(default=1_000_000.0, le=1e9)
    """Declared monthly income; JKK is 1% of max(declared, Rp 1,000,000) (REFERENCE §2).
    At most Rp 1 miliar a month."""
    jkk_rate: Share = 0.01
    """JKK contribution as a share of declared income (PP 44/2015, grade A)."""
    jkk_minimum_income: Rupiah = Field(default=1_000_000.0, le=1e9)
    """Income floor for the JKK contribution (REFERENCE §2: modelled as max(declared, 1m))."""
    jkm_monthly: Rupiah = Field(default=6_800.0, le=1e8)
    """JKM contribution per month, flat (PP 44/2015, grade A); at most Rp 100 juta."""
    jht: bool = False
    """Include JHT old-age savings (2% of declared income, PP 46/2015)."""
    jht_rate: Share = 0.02
    """JHT contribution as a share of max(declared income, ``jkk_minimum_income``):
    PP 46/2015, on the same income bracket as JKK, so the Rp 1 million floor applies
    (BPJS Ketenagakerjaan BPU contribution table, grade B)."""
    months_per_year: int = Field(default=12, ge=1, le=12)
    """Whole months paid per enrolled worker and year."""
    discounts: list[Discount] = Field(default_factory=list)
    """Dated discounts (none by default: PP 50/2025 is grade C; see scenarios/)."""
    indexation: float = Field(default=0.0, ge=-0.5, le=1.0)
    """Yearly growth of the declared income (0.05 = +5% a year), an assumption."""


class Cofinancing(StrictModel):
    """How budgets at different levels may pay for the same workers.

    Every budget pays only within the region it is attached to (its subtree); an
    ``other`` budget (CSR, zakat) at a kabupaten pays for that kabupaten's workers.
    """

    province_tops_up: bool = True
    """An APBD provinsi budget may pay for workers anywhere in its province."""
    province_max_share: Share = 1.0
    """Largest share of a kabupaten/kota's premiums the province may pay."""
    apbdes_own_residents_only: bool = True
    """APBDes pays only for the residents of its own desa (Permendagri 20/2018 art. 19)."""


class EquityFloor(StrictModel):
    """Each region covers at least a share of its extreme-poor workers."""

    share: Share = 0.0
    """Minimum share of each region's extreme-poor workers protected, every year."""
    mode: Literal["hard", "soft"] = "soft"
    """hard: infeasible if unmet; soft: shortfalls allowed at a penalty, each reported."""
    penalty: float = Field(default=10.0, ge=0, le=1e6)
    """Objective penalty per extreme-poor worker short of the floor (soft mode)."""
    level: Literal["leaf"] = "leaf"
    """Regions the floor applies to: ``leaf``, the regions holding workers (the only level
    so far; floors on kabupaten or province totals are planned)."""


PRIORITIES = ("extreme_poor", "poor", "vulnerable_workers", "fair_share")
"""Stages a scenario may list in ``policy.priorities``, each optimised with the earlier
ones held: extreme-poor worker-years; poor worker-years (the others counted at their
region's poverty rate, an estimate); all worker-years; a fair split of what is left open
(``policy.fair_share``)."""

Priority = Literal["extreme_poor", "poor", "vulnerable_workers", "fair_share"]


def _default_priorities() -> list[Priority]:
    return ["extreme_poor", "poor", "vulnerable_workers", "fair_share"]


class Policy(StrictModel):
    """The objective and the policy rules of the allocation."""

    objective: Literal[
        "max_extreme_poor", "weighted", "min_cost", "equity", "max_poverty_averted"
    ] = "max_extreme_poor"
    """What to optimise: protected extreme-poor workers; weighted protection; least cost to
    reach ``coverage_target``; coverage then the minimum regional coverage rate; or the
    poverty averted (``poverty_measure``) as estimated by the projection (the main job
    iterates projection → estimates → allocation, :mod:`ucj_opt.pipeline.averted`)."""
    poverty_measure: Literal["extreme_poor_person_years", "poor_person_years", "fgt1", "fgt2"] = (
        "extreme_poor_person_years"
    )
    """The poverty averted that ``max_poverty_averted`` maximises (FGT1/FGT2: the poverty
    gap and its square, summed over persons and years)."""
    priority: Literal["rule", "weights", "none"] = "rule"
    """rule: the ``priorities`` as lexicographic stages (extreme poor first by default);
    weights: a first stage counting others at ``other_weight``, then the priorities;
    none (``weighted``): a first stage counting every worker at its segment weight."""
    other_weight: float = Field(default=0.1, ge=0, le=1e6)
    """Weight of a protected non-extreme-poor worker relative to an extreme-poor one
    (``priority: weights`` only: a weight the planner states)."""
    priorities: list[Priority] = Field(default_factory=_default_priorities)
    """Lexicographic stages after the objective's own: each is optimised with every earlier
    optimum held within ``stage_tolerance``; ``fair_share``, when listed, comes last."""
    fair_share: Literal["equal_rate", "proportional"] = "equal_rate"
    """How the last stage splits what the earlier ones leave open: ``equal_rate`` lifts the
    lowest extreme-poor coverage rate among the regions one pool can reach (max-min);
    ``proportional`` gives each such region the same share of its extreme poor from that
    pool."""
    stage_tolerance: float = Field(default=1e-9, ge=0, le=0.1)
    """Relative amount of a stage's optimum later stages may give up where it is held as a
    row (integer workers, or a solver other than HiGHS); HiGHS on an LP holds every
    optimum exactly (its optimal face is fixed)."""
    equity_floor: EquityFloor = Field(default_factory=EquityFloor)
    """Minimum coverage of each region's extreme poor."""
    coverage_target: Share | None = None
    """Target share of eligible workers covered (objective ``min_cost``), e.g. 0.5215."""
    equity_tolerance: Share = 0.01
    """Share of optimal coverage the ``equity`` objective may give up to lift the minimum."""
    continuity: bool = True
    """Workers enrolled in one year stay funded the next (no drop-out)."""
    integer_workers: bool = False
    """Solve with whole workers (a MIP). Off by default: with thousands of workers per
    region, the LP's fractions change totals by less than one worker per region."""

    @field_validator("priorities")
    @classmethod
    def _valid_priorities(cls, value: list[Priority]) -> list[Priority]:
        dupes = sorted({p for p in value if value.count(p) > 1})
        if dupes:
            raise ValueError(f"each priority may be listed once; repeated: {', '.join(dupes)}")
        if "fair_share" in value and value[-1] != "fair_share":
            raise ValueError("fair_share splits what the other priorities leave open: list it last")
        return value


class SolverSettings(StrictModel):
    """Which solver to use and its limits."""

    name: Literal["highs", "cbc", "glpk"] = "highs"
    """Solver through PuLP; HiGHS (highspy) is always installed."""
    time_limit: float | None = Field(default=None, gt=0, le=1e7)
    """Seconds each solve may take before the solver stops with its best solution
    (reported as time-limited; without any solution the command exits with code 4)."""
    gap: float | None = Field(default=None, ge=0, le=1)
    """Relative MIP gap accepted (with ``integer_workers``)."""


class Scenario(StrictModel):
    """The settings of one allocation and projection study, as written by a planner.

    Frozen and strict: an unknown key is an error. Loaded from YAML with its tables by
    :func:`ucj_opt.load_scenario`, which returns a :class:`~ucj_opt.Study`.

    Examples
    --------
    >>> import ucj_opt
    >>> scenario = ucj_opt.load_scenario("embedded:national").scenario
    >>> scenario.policy.objective, scenario.package.jkm_monthly
    ('max_extreme_poor', 6800.0)
    """

    name: str = Field(default="Unnamed scenario", max_length=500)
    """Title shown in reports."""
    description: str = Field(default="", max_length=20_000)
    """What the scenario is for."""
    horizon: Horizon = Field(default_factory=Horizon)
    """Planning years."""
    segments: list[Segment] = Field(default_factory=_default_segments)
    """Worker segments; the workers table uses their ids."""
    regions: TableSource
    """Regions table: code, name, population, poverty_rate, extreme_poverty_rate; optional
    workforce and covered (employed persons, and those already covered by BPJS
    Ketenagakerjaan, for the path to the coverage targets)."""
    workers: TableSource
    """Workers table: region, segment, eligible, extreme_poor (uncovered eligible workers)."""
    budgets: TableSource
    """Budgets table: region, year, source, amount (rupiah)."""
    budget_scale: float = Field(default=1.0, ge=0, le=100)
    """Multiplies every budget amount: a what-if lever for sweeps (1.2 = budgets +20%)."""
    package: Package = Field(default_factory=Package)
    """The contribution package."""
    cofinancing: Cofinancing = Field(default_factory=Cofinancing)
    """Co-financing rules between levels."""
    policy: Policy = Field(default_factory=Policy)
    """Objective and policy rules."""
    solver: SolverSettings = Field(default_factory=SolverSettings)
    """Solver settings."""
    simulation: SimulationSettings = Field(default_factory=SimulationSettings)
    """Poverty projection: shock rates, benefit rules, households, run sizes."""
    uncertainty: UncertaintySettings = Field(default_factory=UncertaintySettings)
    """Monte Carlo: uncertain parameters by path, design, samples, replications, seeds."""
    targets: TargetSettings = Field(default_factory=TargetSettings)
    """Coverage targets (shares of the workforce) and the coverage regions start from."""
    award: AwardSettings = Field(default_factory=AwardSettings)
    """The scorecard of ``ucj-opt award`` (this tool's proposal)."""

    @field_validator("segments")
    @classmethod
    def _unique_segments(cls, value: list[Segment]) -> list[Segment]:
        ids = [s.id for s in value]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"segment ids must be unique; repeated: {', '.join(dupes)}")
        if not value:
            raise ValueError("give at least one segment")
        return value

    @model_validator(mode="after")
    def _discount_segments(self) -> Scenario:
        ids = {s.id for s in self.segments}
        for d in self.package.discounts:
            unknown = sorted(set(d.segments or ()) - ids)
            if unknown:
                raise ValueError(
                    f"a discount names segment(s) {', '.join(unknown)} that the scenario does "
                    f"not have; its segments are {', '.join(sorted(ids))}"
                )
        return self
