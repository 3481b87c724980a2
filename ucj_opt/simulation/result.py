"""What one replication returns: sums by year × group × baseline status × arm.

All figures are scaled to real households and persons (each simulated household stands for
``weight`` real ones). Arm 0 is 'without' coverage, arm 1 'with'. Head counts are
*person-months* summed over the year (divide by 12 for person-years); flows (entries,
exits) are counted each month; money is rupiah.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ucj_opt.simulation.population import STATUSES

__all__ = [
    "ARMS",
    "ARM_METRICS",
    "EVENTS",
    "SHOCK_EVENTS",
    "STOCKS",
    "Recorder",
    "ReplicationResult",
]

ARMS = ("without", "with")
ARM_METRICS = (
    "persons",
    "poor",
    "extreme_poor",
    "destitute",
    "gap",
    "severity",
    "extreme_gap",
    "extreme_severity",
    "entries",
    "exits",
    "extreme_entries",
    "extreme_exits",
    "households",
    "no_savings",
    "debt_limit_reached",
    "debt",
    "benefits_paid",
    "oop_paid",
    "scholarship_children",
    "premiums_paid",
)
"""Per year, group, baseline status and arm. ``gap``/``severity`` (and their ``extreme_``
twins) are the FGT1/FGT2 numerators at the poverty (extreme) line: person-months times the
normalised gap and its square; divide by ``persons`` for the index. ``households``,
``no_savings`` and ``debt_limit_reached`` count household-months; ``debt`` sums the debt
held at each month's end; ``scholarship_children`` counts child-months paid for."""
POVERTY_METRICS = (
    "poor",
    "extreme_poor",
    "destitute",
    "gap",
    "severity",
    "extreme_gap",
    "extreme_severity",
    "entries",
    "exits",
    "extreme_entries",
    "extreme_exits",
)
"""Household metrics that are zero unless the household is poor this month or was poor
last month (the extreme line and destitution lie below the poverty line): counted only
for those households."""
HOUSEHOLD_METRICS = tuple(
    m for m in ARM_METRICS if m not in POVERTY_METRICS and m != "premiums_paid"
)
"""The other metrics counted household by household each month (``premiums_paid`` is
paid per worker)."""
RECORDED_ROWS = (
    ("persons", 0),
    ("no_savings", 0),
    ("no_savings", 1),
    ("debt_limit_reached", 0),
    ("debt_limit_reached", 1),
    ("debt", 0),
    ("debt", 1),
    ("benefits_paid", 1),
    ("oop_paid", 0),
    ("oop_paid", 1),
    ("scholarship_children", 1),
)
"""The (metric, arm) rows of :data:`HOUSEHOLD_METRICS` handed to the recorder each month,
in this order; the recorder fills in the others, which cost a pass over every household
each month to sum: ``households`` is 1, ``persons`` is the same in both arms (shocks are
shared), and benefits exist only in the arm 'with'."""
STOCKS = (
    "persons",
    "poor",
    "extreme_poor",
    "destitute",
    "gap",
    "severity",
    "extreme_gap",
    "extreme_severity",
    "households",
    "no_savings",
    "debt_limit_reached",
    "debt",
    "scholarship_children",
)
"""Metrics summed over the months of a year (divide by 12 for the yearly mean)."""
SHOCK_EVENTS = (
    "accident_medical",
    "accident_temporary",
    "accident_partial",
    "accident_total",
    "accident_death",
    "death_not_from_work",
    "livelihood_loss",
)
"""Events by code: the five accident severity classes, then the two other shocks."""
EVENTS = (*SHOCK_EVENTS, "jkk_claims", "jkm_claims", "worker_months", "insured_worker_months")
"""Per year and group; the same in both arms (claims and insured months: arm 'with')."""


class Recorder:
    """Accumulates weighted sums by year × (group, status) × arm, and monthly series of
    all groups together; ``weight`` is the real households per simulated one of a group.

    Households must come sorted by (group, baseline status), as ``population.synthesise``
    draws them, so each cell is a contiguous run and a month's sums of
    :data:`HOUSEHOLD_METRICS` are one ``reduceat`` pass over the households, weighted per
    cell afterwards. :data:`POVERTY_METRICS` come only for the households near poverty and
    are summed the same way.
    """

    def __init__(
        self,
        months: int,
        group: NDArray[np.int64],
        status: NDArray[np.int64],
        weight: NDArray[np.float64],
    ) -> None:
        years = -(-months // 12)
        n_groups = len(weight)
        self.n_groups = n_groups
        self.weight = np.asarray(weight, dtype=np.float64)
        self.n_cells = n_groups * len(STATUSES)
        self._cell = group * len(STATUSES) + status
        if np.any(np.diff(self._cell) < 0):
            raise ValueError("households must be sorted by group, then baseline status")
        counts = np.bincount(self._cell, minlength=self.n_cells)
        self._present = np.flatnonzero(counts)
        """Cells with at least one household."""
        self._starts = np.concatenate([[0], np.cumsum(counts)])[self._present]
        self._cell_weight = np.repeat(self.weight, len(STATUSES))
        self._rows = [ARM_METRICS.index(m) for m in HOUSEHOLD_METRICS]
        self._recorded = np.array(
            [2 * HOUSEHOLD_METRICS.index(m) + arm for m, arm in RECORDED_ROWS], dtype=np.int64
        )
        """Where each of :data:`RECORDED_ROWS` goes among (metric, arm) rows."""
        self._persons = 2 * HOUSEHOLD_METRICS.index("persons")
        self._households = np.zeros(self.n_cells)
        """Households per cell, weighted: the same every month."""
        self._households[self._present] = counts[self._present] * self._cell_weight[self._present]
        self._poverty_rows = [ARM_METRICS.index(m) for m in POVERTY_METRICS]
        self.arms = np.zeros((len(ARM_METRICS), years, self.n_cells, 2))
        self.monthly = np.zeros((len(ARM_METRICS), months, len(STATUSES), 2))
        self.events = np.zeros((len(EVENTS), years, n_groups))

    def record_households(
        self,
        month: int,
        values: NDArray[np.float64],
        near: NDArray[np.int64],
        poverty: NDArray[np.float64],
    ) -> None:
        """Add a month: ``values`` (len(RECORDED_ROWS), H households) and, for the
        households ``near`` poverty, ``poverty`` (len(POVERTY_METRICS), 2, len(near))."""
        k = len(HOUSEHOLD_METRICS)
        sums = np.zeros((k * 2, self.n_cells))
        if len(self._starts):
            part = np.add.reduceat(values, self._starts, axis=1)
            sums[np.ix_(self._recorded, self._present)] = part * self._cell_weight[self._present]
        sums[self._persons + 1] = sums[self._persons]
        households = 2 * HOUSEHOLD_METRICS.index("households")
        sums[households : households + 2] = self._households
        dense = sums.reshape(k, 2, self.n_cells).transpose(0, 2, 1)  # (k, cells, 2)
        kp = len(POVERTY_METRICS)
        flat_sparse = np.zeros((kp * 2, self.n_cells))
        if len(near):  # ``near`` is sorted, so its cells come in runs too
            cells = self._cell[near]
            starts = np.flatnonzero(np.concatenate([[True], cells[1:] != cells[:-1]]))
            part = np.add.reduceat(poverty.reshape(kp * 2, -1), starts, axis=1)
            flat_sparse[:, cells[starts]] = part * self._cell_weight[cells[starts]]
        sparse = flat_sparse.reshape(kp, 2, self.n_cells)
        year = month // 12
        for rows, by_metric in (
            (self._rows, dense),
            (self._poverty_rows, sparse.transpose(0, 2, 1)),
        ):
            self.arms[rows, year] += by_metric
            per_status = by_metric.reshape(len(rows), self.n_groups, len(STATUSES), 2)
            self.monthly[rows, month] = per_status.sum(axis=1)

    def record_premiums(self, month: int, per_group: NDArray[np.float64]) -> None:
        """Premiums paid this month for the arm 'with' (booked on the 'nonpoor' status
        column of each group: premiums belong to workers, not to a household status)."""
        cells = np.arange(self.n_groups) * len(STATUSES) + len(STATUSES) - 1
        k = ARM_METRICS.index("premiums_paid")
        weighted = per_group * self.weight
        self.arms[k, month // 12, cells, 1] += weighted
        self.monthly[k, month, -1, 1] += weighted.sum()

    def record_events(self, month: int, name: str, per_group: NDArray[np.generic]) -> None:
        """Add per-group counts (simulated) to an event row, weighted."""
        counts = np.asarray(per_group, dtype=np.float64)
        self.events[EVENTS.index(name), month // 12] += counts * self.weight


@dataclass(frozen=True, eq=False)
class ReplicationResult:
    """Both arms of one replication, scaled to real households and persons."""

    region: tuple[str, ...]
    segment: tuple[str, ...]
    stratum: NDArray[np.int64]
    arms: NDArray[np.float64]
    """Shape (len(ARM_METRICS), years, groups, statuses, 2)."""
    monthly: NDArray[np.float64]
    """Shape (len(ARM_METRICS), months, statuses, 2): all groups together."""
    events: NDArray[np.float64]
    """Shape (len(EVENTS), years, groups)."""

    @property
    def years(self) -> int:
        """Years simulated (the last one may be partial)."""
        return int(self.arms.shape[1])

    def arm(self, metric: str) -> NDArray[np.float64]:
        """One arm metric as (years, groups, statuses, 2)."""
        out: NDArray[np.float64] = self.arms[ARM_METRICS.index(metric)]
        return out

    def event(self, name: str) -> NDArray[np.float64]:
        """One event count as (years, groups)."""
        out: NDArray[np.float64] = self.events[EVENTS.index(name)]
        return out

    def to_columns(self) -> dict[str, NDArray[np.generic]]:
        """Tidy columns, one row per year × group × status × arm (for a DataFrame)."""
        y, g = self.arms.shape[1], self.arms.shape[2]
        s, a = len(STATUSES), len(ARMS)
        idx = np.indices((y, g, s, a)).reshape(4, -1)
        cols: dict[str, NDArray[np.generic]] = {
            "year": idx[0],
            "region": np.asarray(self.region, dtype=object)[idx[1]],
            "segment": np.asarray(self.segment, dtype=object)[idx[1]],
            "stratum": self.stratum[idx[1]],
            "status": np.asarray(STATUSES, dtype=object)[idx[2]],
            "arm": np.asarray(ARMS, dtype=object)[idx[3]],
        }
        for k, name in enumerate(ARM_METRICS):
            cols[name] = self.arms[k].reshape(-1)
        return cols

    def summary(self) -> dict[str, float]:
        """Headline figures over the whole horizon (arm 'without' minus arm 'with' for
        what coverage averts), first for the households that were extreme poor at the
        start, then for everyone."""
        out: dict[str, float] = {}

        def averted(metric: str, status: int | None = None, per: float = 12.0) -> float:
            x = self.arm(metric)
            if status is not None:
                x = x[:, :, status]
            return float((x[..., 0] - x[..., 1]).sum() / per)

        ext = STATUSES.index("extreme_poor")
        out["extreme_poor_person_years_averted_among_extreme_poor"] = averted("extreme_poor", ext)
        out["poor_person_years_averted_among_extreme_poor"] = averted("poor", ext)
        out["extreme_gap_averted_among_extreme_poor"] = averted("extreme_gap", ext)
        out["extreme_severity_averted_among_extreme_poor"] = averted("extreme_severity", ext)
        # net exits (exits less returns): a household that falls back and leaves again
        # counts two gross exits, so fewer falls with coverage meant fewer gross exits
        out["extreme_exits_preserved_among_extreme_poor"] = averted(
            "extreme_entries", ext, 1.0
        ) - averted("extreme_exits", ext, 1.0)
        out["extreme_poor_person_years_averted"] = averted("extreme_poor")
        out["poor_person_years_averted"] = averted("poor")
        out["destitute_person_years_averted"] = averted("destitute")
        out["falls_into_extreme_poverty_averted"] = averted("extreme_entries", per=1.0)
        out["falls_into_poverty_averted"] = averted("entries", per=1.0)
        for name in ("gap", "severity", "extreme_gap", "extreme_severity"):
            out[f"{name}_averted"] = averted(name)
        out["household_years_without_savings_averted"] = averted("no_savings")
        out["household_years_at_debt_limit_averted"] = averted("debt_limit_reached")
        out["mean_debt_averted"] = averted("debt") / max(self.years, 1)
        last = self.arm("poor")[-1]
        out["poor_averted_last_year"] = float((last[..., 0] - last[..., 1]).sum() / 12.0)
        out["benefits_paid"] = float(self.arm("benefits_paid")[..., 1].sum())
        out["premiums_paid"] = premiums = float(self.arm("premiums_paid")[..., 1].sum())
        out["oop_averted"] = averted("oop_paid", per=1.0)
        out["scholarship_child_years"] = float(self.arm("scholarship_children")[..., 1].sum() / 12)
        for key, label in (
            ("poor_person_years_averted", "poor_person_year"),
            ("extreme_poor_person_years_averted", "extreme_poor_person_year"),
        ):
            value = out[key]
            out[f"cost_per_{label}_averted"] = premiums / value if value > 0 else float("inf")
        return out
