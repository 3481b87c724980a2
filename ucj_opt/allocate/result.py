"""The Allocation: what the solver decided, in tidy tables and planner units."""

from __future__ import annotations

import hashlib
import html
import time
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from ucj_opt.allocate.backends import RawSolution, Status
from ucj_opt.allocate.explain import explain_unused, pool_label
from ucj_opt.allocate.formulation import GROUPS, Formulation
from ucj_opt.allocate.stages import STAGE_UNITS
from ucj_opt.errors import InfeasibleError, NoSolutionError
from ucj_opt.text.catalogue import t
from ucj_opt.text.formatting import format_number
from ucj_opt.units import format_rupiah

__all__ = [
    "MILIAR",
    "Allocation",
    "AllocationSummary",
    "Provenance",
    "StageValue",
    "UnusedNote",
    "extract",
    "table_hash",
]

MILIAR = 1e9
"""Rp 1 miliar: the unit of shadow prices."""


@dataclass
class Provenance:
    """How an allocation was obtained: inputs, versions, model size and timings."""

    scenario: str = ""
    """The scenario's title."""
    inputs: dict[str, str] = field(default_factory=dict)
    """Content hash of each input table (regions, workers, budgets)."""
    versions: dict[str, str] = field(default_factory=dict)
    """Versions of ucj_opt, Python, PuLP and highspy."""
    objective: str = ""
    """The scenario's objective."""
    backend: str = ""
    """How the LP reached the solver (highspy arrays or PuLP; independent blocks)."""
    solver: str = ""
    """The solver that ran."""
    rows: int = 0
    """Constraints of the LP (summed over blocks)."""
    columns: int = 0
    """Variables of the LP (summed over blocks)."""
    integer_workers: bool = False
    """Whether workers were whole (a MIP)."""
    blocks: int = 0
    """Independent blocks solved side by side (0: one LP; see allocate/blocks.py)."""
    segments_pooled: bool = False
    """Whether segments were pooled per region and split back (an exact reduction)."""
    most_even: bool = False
    """Whether the allocation is the most even of the equally good ones, hence the same
    whatever the solver's path (HiGHS LPs; PuLP's solvers and whole-worker models return
    the vertex they end on, as does a spread that runs out of time)."""
    build_seconds: float = 0.0
    solve_seconds: float = 0.0
    extract_seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Provenance:
        """Read back what :meth:`to_dict` wrote (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class StageValue:
    """The optimum of one lexicographic stage."""

    name: str
    """extreme_poor, poor, vulnerable_workers, weighted, min_cost, min_rate or fair_share."""
    value: float
    """In the planner's direction and the stage's unit (worker-years, rupiah, a rate)."""


@dataclass(frozen=True)
class UnusedNote:
    """Money a pool keeps, and the rule that holds it (:mod:`ucj_opt.allocate.explain`)."""

    region: str
    name: str
    year: int
    source: str
    left: float
    """Rupiah not spent."""
    reason: str
    """eligible_reached, continuity, province_share, no_workers, small or other."""
    text_en: str
    text_id: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UnusedNote:
        """Read back one entry of ``summary.json``."""
        return cls(
            region=str(data.get("region", "")),
            name=str(data.get("name", "")),
            year=int(data.get("year") or 0),
            source=str(data.get("source", "")),
            left=float(data.get("left") or 0.0),
            reason=str(data.get("reason", "")),
            text_en=str(data.get("text_en", "")),
            text_id=str(data.get("text_id", "")),
        )


@dataclass(frozen=True)
class AllocationSummary:
    """The headline figures of an allocation (``Allocation.summary()``)."""

    status: str
    """optimal, infeasible, time_limit, ..."""
    proven_optimal: bool
    objective: float
    """The objective in the planner's direction (see ``Allocation.objective``)."""
    enrolled_extreme_poor: float
    """Extreme-poor worker-years enrolled, over every year."""
    enrolled_total: float
    """Worker-years enrolled, over every year."""
    premiums_paid: float
    """Rupiah of premiums, over every year and source."""
    budget_total: float
    """Rupiah available, over every year and source."""
    budget_left: float
    """Rupiah not spent."""
    floor_shortfalls: int
    """Regions × years below a soft equity floor."""
    diagnosis: tuple[str, ...]
    """Why the model is infeasible, when it is."""
    budget_notes: tuple[str, ...]
    """Where one more rupiah helps most, in planner words (English)."""
    provenance: Provenance
    stages: tuple[StageValue, ...] = ()
    """Each lexicographic stage solved, in order, with its optimum."""
    unused: tuple[UnusedNote, ...] = ()
    """Every pool with money left: how much and the rule that holds it."""
    budget_notes_id: tuple[str, ...] = ()
    """``budget_notes`` in Bahasa Indonesia."""
    target_stage: str = ""
    """The stage the objective names: the unit of the shadow prices."""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (``summary.json``)."""
        out = asdict(self)
        out["diagnosis"] = list(self.diagnosis)
        out["budget_notes"] = list(self.budget_notes)
        out["budget_notes_id"] = list(self.budget_notes_id)
        out["stages"] = [asdict(s) for s in self.stages]
        out["unused"] = [asdict(u) for u in self.unused]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AllocationSummary:
        """Read back ``summary.json`` (null numbers, written for NaN, become NaN)."""

        def num(key: str) -> float:
            value = data.get(key)
            return float("nan") if value is None else float(value)

        return cls(
            status=str(data.get("status", "")),
            proven_optimal=bool(data.get("proven_optimal", False)),
            objective=num("objective"),
            enrolled_extreme_poor=num("enrolled_extreme_poor"),
            enrolled_total=num("enrolled_total"),
            premiums_paid=num("premiums_paid"),
            budget_total=num("budget_total"),
            budget_left=num("budget_left"),
            floor_shortfalls=int(data.get("floor_shortfalls", 0)),
            diagnosis=tuple(data.get("diagnosis", ())),
            budget_notes=tuple(data.get("budget_notes", ())),
            provenance=Provenance.from_dict(dict(data.get("provenance") or {})),
            stages=tuple(
                StageValue(str(s.get("name", "")), float(s.get("value") or "nan"))
                for s in data.get("stages", ())
            ),
            unused=tuple(UnusedNote.from_dict(dict(u)) for u in data.get("unused", ())),
            budget_notes_id=tuple(data.get("budget_notes_id", ())),
            target_stage=str(data.get("target_stage", "")),
        )


@dataclass(eq=False)
class Allocation:
    """The result of one allocation solve.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("scenarios/kabupaten_ppu.yaml", overrides=["one_year"])
    >>> allocation = ucj_opt.solve(study)
    >>> allocation.status.value, round(allocation.summary().budget_total)
    ('optimal', 4252502000)
    >>> sorted(allocation.table.columns)[:3]
    ['coverage_rate', 'enrolled', 'enrolled_extreme_poor']
    """

    status: Status
    objective: float
    """The value of the stage the objective names, in the planner's direction:
    extreme-poor worker-years (``max_extreme_poor``), weighted worker-years, rupiah
    (``min_cost``) or the minimum coverage rate (``equity``). Shadow prices are in its
    units."""
    table: pd.DataFrame
    """region × segment × year × source: enrolled workers (by group), premiums, coverage."""
    budgets: pd.DataFrame
    """One row per budget pool: amount, used, left, shadow price and its range."""
    shortfalls: pd.DataFrame
    """Every non-zero equity-floor slack (soft floors): region, year, workers short."""
    provenance: Provenance = field(default_factory=Provenance)
    diagnosis: list[str] = field(default_factory=list)
    """Why the model is infeasible, one plain sentence per conflicting demand."""
    stages: list[StageValue] = field(default_factory=list)
    """Each lexicographic stage solved, in order, with its optimum."""
    target_stage: str = ""
    """The stage whose value is ``objective`` (its unit is the shadow prices')."""
    unused: pd.DataFrame = field(default_factory=pd.DataFrame)
    """One row per pool with money left: amount, the rule that holds it and why, in both
    languages (:func:`ucj_opt.allocate.unused.explain_unused`)."""

    @property
    def optimal(self) -> bool:
        return self.status is Status.OPTIMAL

    def raise_if_infeasible(self) -> None:
        """Raise :class:`~ucj_opt.errors.InfeasibleError` (exit code 3) with the diagnosis."""
        if self.status is Status.INFEASIBLE:
            raise InfeasibleError(
                "The allocation is infeasible:\n" + "\n".join(f"  - {d}" for d in self.diagnosis)
            )

    def raise_unless_solved(self) -> None:
        """Raise when there is no solution to write: infeasible (exit code 3, with the
        diagnosis) or stopped before finding one (:class:`~ucj_opt.errors.NoSolutionError`,
        exit code 4), so a result of zeros is never written as if it were an allocation."""
        self.raise_if_infeasible()
        if not self.status.has_solution:
            raise NoSolutionError(
                f"The solver stopped with status '{self.status.value}' before finding an "
                f"allocation (solver {self.provenance.solver}, "
                f"{self.provenance.solve_seconds:.1f} s); nothing was written. Raise "
                "solver.time_limit, or check the scenario's budgets and floors"
            )

    def budget_notes(self, top: int = 5, lang: str = "en") -> list[str]:
        """The budgets where one more rupiah helps most, in planner words: "+N
        extreme-poor worker-years per extra Rp 1 miliar of APBD Kab. X 2027, valid from
        Rp a to Rp b" (``lang``: en or id)."""
        b = self.budgets
        if "shadow_per_miliar" not in b or not len(b):
            return []
        unit = t(STAGE_UNITS.get(self.target_stage, "stage_unit_extreme_poor"), lang)
        b = b[b["shadow_per_miliar"] > 1e-9].sort_values(
            ["shadow_per_miliar", "region", "year", "source"],
            ascending=[False, True, True, True],
        )
        notes = []
        for row in b.head(top).to_dict("records"):
            name = str(row.get("name", row["region"]))
            notes.append(
                t(
                    "shadow_line",
                    lang,
                    value=format_number(float(row["shadow_per_miliar"]), lang, 1),
                    unit=unit,
                    miliar=t("miliar", lang),
                    pool=pool_label(str(row["source"]), name, int(row["year"]), lang),
                    lo=_rp(row.get("rate_holds_from", np.nan), lang),
                    hi=_rp(row.get("rate_holds_to", np.nan), lang),
                )
            )
        if (
            notes
            and len(self.shortfalls)
            and self.stages
            and self.stages[0].name == self.target_stage
        ):
            # the first stage weighs the soft floor's shortfalls: its duals count them too
            short = self.shortfalls["region"].nunique()
            notes.append(t("shadow_floor_note", lang, n=short, miliar=t("miliar", lang)))
        return notes + self._later_notes(top, lang, unit)

    def _later_notes(self, top: int, lang: str, target_unit: str) -> list[str]:
        """Budgets that reach no more of the target stage's workers: what one more rupiah
        buys at the first later stage it improves."""
        b = self.budgets
        if "later_per_miliar" not in b:
            return []
        b = b[b["later_per_miliar"] > _NO_PRICE].sort_values(
            ["later_per_miliar", "region", "year", "source"],
            ascending=[False, True, True, True],
        )
        return [
            t(
                "shadow_line_later",
                lang,
                value=format_number(float(row["later_per_miliar"]), lang, 1),
                unit=t(STAGE_UNITS.get(str(row["later_stage"]), "stage_unit_workers"), lang),
                miliar=t("miliar", lang),
                pool=pool_label(
                    str(row["source"]), str(row.get("name", row["region"])), int(row["year"]), lang
                ),
                target=target_unit,
            )
            for row in b.head(top).to_dict("records")
        ]

    def summary(self) -> AllocationSummary:
        """Status, objective, totals and provenance."""
        t = self.table
        return AllocationSummary(
            status=self.status.value,
            proven_optimal=self.optimal,
            objective=self.objective,
            enrolled_extreme_poor=float(t["enrolled_extreme_poor"].sum()) if len(t) else 0.0,
            enrolled_total=float(t["enrolled"].sum()) if len(t) else 0.0,
            premiums_paid=float(t["premiums"].sum()) if len(t) else 0.0,
            budget_total=float(self.budgets["amount"].sum()),
            budget_left=float(self.budgets["left"].sum()),
            floor_shortfalls=len(self.shortfalls),
            diagnosis=tuple(self.diagnosis),
            budget_notes=tuple(self.budget_notes()),
            provenance=self.provenance,
            stages=tuple(self.stages),
            unused=tuple(
                UnusedNote.from_dict({str(k): v for k, v in r.items()})
                for r in self.unused.to_dict("records")
            ),
            budget_notes_id=tuple(self.budget_notes(lang="id")),
            target_stage=self.target_stage,
        )

    def __repr__(self) -> str:
        s = self.summary()
        return (
            f"Allocation({s.status}: {s.enrolled_extreme_poor:,.0f} extreme-poor and "
            f"{s.enrolled_total:,.0f} worker-years enrolled; Rp {s.premiums_paid:,.0f} of "
            f"Rp {s.budget_total:,.0f} spent; {len(self.table):,} table rows)"
        )

    def _repr_html_(self) -> str:
        s = self.summary()
        facts = {
            "status": s.status,
            "extreme-poor worker-years": f"{s.enrolled_extreme_poor:,.0f}",
            "worker-years enrolled": f"{s.enrolled_total:,.0f}",
            "premiums paid": f"Rp {s.premiums_paid:,.0f}",
            "budget": f"Rp {s.budget_total:,.0f} (left Rp {s.budget_left:,.0f})",
            "floor shortfalls": f"{s.floor_shortfalls:,}",
            "table": f"{len(self.table):,} rows (region × segment × year × source)",
        }
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in facts.items()
        )
        return f"<table><caption>Allocation</caption>{rows}</table>"


def _rp(amount: Any, lang: str) -> str:
    value = float(amount)
    if np.isnan(value):
        return "–"
    return format_rupiah(value, lang) if np.isfinite(value) else t("no_limit", lang)


def table_hash(frame: pd.DataFrame) -> str:
    """A short content hash of an input table."""
    digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return digest.hexdigest()[:16]


_NO_PRICE = 1e-6
"""Shadow prices (per Rp 1 miliar) below this are read as zero."""


def _later_stage_prices(
    f: Formulation, raw: RawSolution, budget_rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """For each budget whose target-stage price is zero (every target worker it can reach
    is covered), the first later stage an extra rupiah improves, and by how much per
    Rp 1 miliar, from that stage's duals with the earlier optima held (fair stages, whose
    units mean nothing to a planner, are skipped: they come last, and the last may have
    no duals). None when some other stage has none."""
    priced = sum(not s.name.startswith("fair") for s in f.stages)
    if len(raw.stage_duals) < priced or not len(budget_rows):
        return None
    names = np.full(len(budget_rows), "", dtype=object)
    values = np.zeros(len(budget_rows))
    open_ = np.ones(len(budget_rows), dtype=bool)
    for k, (stage, duals) in enumerate(zip(f.stages, raw.stage_duals, strict=False)):
        price = stage.sign * duals[budget_rows] * MILIAR
        if k < f.target:
            continue
        if stage.name.startswith("fair"):
            continue
        if k == f.target:
            open_ &= np.abs(price) <= _NO_PRICE
            continue
        take = open_ & (np.abs(price) > _NO_PRICE)
        names[take], values[take] = stage.name, price[take]
        open_ &= ~take
    return names, values


def extract(f: Formulation, raw: RawSolution, workers: pd.DataFrame) -> Allocation:
    """Tidy tables from a raw solution."""
    t0 = time.perf_counter()
    cols = f.columns
    is_x = (cols["kind"] == "x").to_numpy()
    x = np.where(raw.x > 1e-9, raw.x, 0.0)
    xc = cols[is_x].assign(enrolled=x[is_x])
    xc = xc.astype({"pool": np.int64, "year": np.int64, "group": np.int64})
    xc["source"] = f.pools["source"].to_numpy()[xc["pool"].to_numpy()]
    xc["premiums"] = xc["enrolled"].to_numpy() * f.cost[is_x]
    xc["grp"] = np.asarray(GROUPS)[xc["group"].to_numpy()]
    keys = ["region", "segment", "year", "source"]
    wide = xc.pivot_table(
        index=keys, columns="grp", values="enrolled", aggfunc="sum", fill_value=0.0
    )
    wide = wide.reindex(columns=list(GROUPS), fill_value=0.0)
    table = pd.DataFrame(
        {
            "enrolled_extreme_poor": wide["extreme_poor"],
            "enrolled_other": wide["other"],
        }
    )
    table["enrolled"] = table.sum(axis=1)
    table["premiums"] = xc.groupby(keys)["premiums"].sum()
    table = table.reset_index()
    w = workers.groupby(["region", "segment"])[["eligible", "extreme_poor"]].sum()
    per_cell = table.groupby(["region", "segment", "year"])[
        ["enrolled", "enrolled_extreme_poor"]
    ].transform("sum")
    idx = pd.MultiIndex.from_frame(table[["region", "segment"]])
    elig = w["eligible"].reindex(idx).to_numpy(dtype=float)
    extp = w["extreme_poor"].reindex(idx).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["coverage_rate"] = np.where(elig > 0, per_cell["enrolled"].to_numpy() / elig, np.nan)
        table["extreme_poor_coverage_rate"] = np.where(
            extp > 0, per_cell["enrolled_extreme_poor"].to_numpy() / extp, np.nan
        )

    n_pools = len(f.pools)
    budget_rows = np.flatnonzero((f.rows["kind"] == "budget").to_numpy())
    used = np.bincount(xc["pool"].to_numpy(), weights=xc["premiums"].to_numpy(), minlength=n_pools)
    budgets = f.pools.reset_index()[["region", "year", "source", "amount"]].copy()
    names = f.meta.get("names", {})
    budgets.insert(1, "name", [str(names.get(r, r)) for r in budgets["region"]])
    budgets["used"] = used
    budgets["left"] = np.maximum(budgets["amount"].to_numpy() - used, 0.0)
    if raw.row_dual is not None:
        # d(planner objective)/d(amount): the min-form dual times sign, per Rp 1 miliar
        budgets["shadow_per_miliar"] = f.sign * raw.row_dual[budget_rows] * MILIAR
        if raw.row_range_lo is not None and raw.row_range_up is not None:
            # HiGHS ranges the basis of a binding row; a slack budget's zero rate holds
            # from what it uses upwards
            slack = budgets["left"].to_numpy() > 1e-6 * np.maximum(budgets["amount"].to_numpy(), 1)
            budgets["rate_holds_from"] = np.where(slack, used, raw.row_range_lo[budget_rows])
            budgets["rate_holds_to"] = np.where(slack, np.inf, raw.row_range_up[budget_rows])
        later = _later_stage_prices(f, raw, budget_rows)
        if later is not None:
            budgets["later_stage"], budgets["later_per_miliar"] = later
    is_slack = (cols["kind"] == "slack").to_numpy()
    slack = cols[is_slack].assign(short=x[is_slack])
    shortfalls = slack.loc[slack["short"] > 1e-6, ["region", "year", "short"]].reset_index(
        drop=True
    )
    # each stage's value in its own unit: without the soft floor's penalty, which is a
    # weight the solver uses, not worker-years or rupiah a planner can count
    plain = np.where(is_slack, 0.0, 1.0)
    stages = [
        StageValue(st.name, st.sign * float((st.c * plain) @ x) + 0.0)
        for st in f.stages[: len(raw.stage_values)]
    ]
    objective = float("nan")
    if raw.status.has_solution:
        objective = f.sign * float((f.c * plain) @ x) + 0.0
        if f.stages and len(stages) > f.target:
            objective = stages[f.target].value
    alloc = Allocation(
        status=raw.status,
        objective=objective,
        table=table,
        budgets=budgets,
        shortfalls=shortfalls,
        stages=stages,
        target_stage=f.stages[f.target].name if f.stages else "",
    )
    if raw.status.has_solution:
        alloc.unused = explain_unused(f, x, budgets["left"].to_numpy(dtype=float))
    alloc.provenance.extract_seconds = time.perf_counter() - t0
    return alloc
