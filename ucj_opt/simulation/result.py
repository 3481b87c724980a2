"""What one replication returns: arrays by month × group × arm, and tidy columns.

All figures are scaled to real workers and persons (each simulated worker stands for
``weight`` real ones). Arm 0 is 'without' coverage, arm 1 'with'.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["ARMS", "ARM_METRICS", "EVENTS", "Recorder", "ReplicationResult"]

ARMS = ("without", "with")
ARM_METRICS = (
    "persons",
    "poor",
    "extreme_poor",
    "gap",
    "severity",
    "entries",
    "exits",
    "impoverished_by_shock",
    "benefits_paid",
    "oop_paid",
    "debt",
    "premiums_paid",
)
"""Per month, group and arm. ``gap``/``severity`` are the FGT1/FGT2 numerators (sums over
persons of the normalised gap and its square): divide by ``persons`` for the index."""
EVENTS = (
    "accident_medical",
    "accident_temporary",
    "accident_partial",
    "accident_total",
    "accident_death",
    "death_not_from_work",
    "livelihood_loss",
    "claims",
    "worker_months",
    "insured_worker_months",
)
"""Per month and group; the same in both arms (except claims and insured months: arm 'with')."""


class Recorder:
    """Accumulates per-group sums month by month (groups are contiguous slices)."""

    def __init__(self, months: int, offsets: NDArray[np.int64]) -> None:
        g = len(offsets) - 1
        self.starts = offsets[:-1]
        self.arms = np.zeros((len(ARM_METRICS), months, g, 2))
        self.events = np.zeros((len(EVENTS), months, g))

    def _sum(self, values: NDArray[np.generic]) -> NDArray[np.float64]:
        return np.add.reduceat(np.asarray(values, dtype=np.float64), self.starts, axis=-1)

    def record_arms(self, month: int, values: dict[str, NDArray[np.generic]]) -> None:
        """Sum each (2, N) array of ``values`` by group into the month's row."""
        for name, arr in values.items():
            self.arms[ARM_METRICS.index(name), month] = self._sum(arr).T

    def record_premiums(self, month: int, per_group: NDArray[np.float64]) -> None:
        """Premiums paid this month for the arm 'with'."""
        self.arms[ARM_METRICS.index("premiums_paid"), month, :, 1] = per_group

    def record_events(self, month: int, name: str, per_worker: NDArray[np.generic]) -> None:
        """Sum a (N,) indicator by group into an event row."""
        self.events[EVENTS.index(name), month] = self._sum(per_worker)


@dataclass(frozen=True, eq=False)
class ReplicationResult:
    """Both arms of one replication, scaled to real workers."""

    region: tuple[str, ...]
    segment: tuple[str, ...]
    arms: NDArray[np.float64]
    """Shape (len(ARM_METRICS), months, groups, 2)."""
    events: NDArray[np.float64]
    """Shape (len(EVENTS), months, groups)."""

    @property
    def months(self) -> int:
        """Months simulated."""
        return int(self.arms.shape[1])

    def arm(self, metric: str) -> NDArray[np.float64]:
        """One arm metric as (months, groups, 2)."""
        out: NDArray[np.float64] = self.arms[ARM_METRICS.index(metric)]
        return out

    def event(self, name: str) -> NDArray[np.float64]:
        """One event count as (months, groups)."""
        out: NDArray[np.float64] = self.events[EVENTS.index(name)]
        return out

    def to_columns(self) -> dict[str, NDArray[np.generic]]:
        """Tidy columns, one row per month × group × arm (ready for a DataFrame)."""
        m, g = self.months, len(self.region)
        month = np.repeat(np.arange(m), g * 2)
        group = np.tile(np.repeat(np.arange(g), 2), m)
        cols: dict[str, NDArray[np.generic]] = {
            "month": month,
            "region": np.asarray(self.region, dtype=object)[group],
            "segment": np.asarray(self.segment, dtype=object)[group],
            "arm": np.tile(np.asarray(ARMS, dtype=object), m * g),
        }
        for k, name in enumerate(ARM_METRICS):
            cols[name] = self.arms[k].reshape(-1)
        for k, name in enumerate(EVENTS):
            cols[name] = np.repeat(self.events[k].reshape(-1), 2)
        return cols

    def summary(self) -> dict[str, float]:
        """Cases averted (person-years and at the last month), money, cost per case."""
        poor, ext = self.arm("poor"), self.arm("extreme_poor")
        py = float((poor[..., 0] - poor[..., 1]).sum() / 12.0)
        epy = float((ext[..., 0] - ext[..., 1]).sum() / 12.0)
        premiums = float(self.arm("premiums_paid").sum())
        out = {
            "poor_person_years_averted": py,
            "extreme_poor_person_years_averted": epy,
            "poor_averted_last_month": float((poor[-1, :, 0] - poor[-1, :, 1]).sum()),
            "extreme_poor_averted_last_month": float((ext[-1, :, 0] - ext[-1, :, 1]).sum()),
            "benefits_paid": float(self.arm("benefits_paid")[..., 1].sum()),
            "premiums_paid": premiums,
            "oop_averted": float(
                (self.arm("oop_paid")[..., 0] - self.arm("oop_paid")[..., 1]).sum()
            ),
        }
        out["cost_per_poor_person_year_averted"] = premiums / py if py > 0 else float("inf")
        out["cost_per_extreme_poor_person_year_averted"] = (
            premiums / epy if epy > 0 else float("inf")
        )
        return out
