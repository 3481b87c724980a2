"""Which targeting wins: two allocations projected on the same random numbers.

"Protect the extreme poor first" (the LP's ``max_extreme_poor``) against "avert the most
poverty" (:mod:`ucj_opt.pipeline.averted`): both are projected with the same keyed
seeds, so each replication is one simulated future lived under either allocation, and
their difference carries no noise from the shocks themselves. Every figure comes with
its 95% confidence interval over replications.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ucj_opt.errors import UserError
from ucj_opt.montecarlo.stats import mean_ci
from ucj_opt.pipeline.averted import MEASURES, CoupledAllocation, Measure
from ucj_opt.scenario.study import Study

__all__ = ["TargetingComparison", "compare_targetings", "write_targeting"]


@dataclass(frozen=True)
class TargetingComparison:
    """Two allocations side by side (``first``, ``second``) on common random numbers."""

    names: tuple[str, str]
    measure: str
    summary: pd.DataFrame
    """One row per allocation and one for ``second − first``: poverty averted, premiums,
    cost per person-year averted, each with ``_low``/``_high`` (95% CI)."""
    regions: pd.DataFrame
    """Per region: poverty averted under each, the difference with its CI, and
    ``verdict`` (gains / loses / unclear under ``second`` compared with ``first``)."""
    probability_second_better: float
    """Share of the simulated futures (replications) in which ``second`` averts more."""
    replications: int


def _per_replication(
    study: Study, table: pd.DataFrame, metric: str, replications: int, seed: int, workers: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(replications,) averted and premiums, (replications, regions) averted by region."""
    from ucj_opt.projection.inputs import build_inputs
    from ucj_opt.projection.projection import _replications

    inputs = build_inputs(study, table)
    runs = _replications(
        inputs,
        study.scenario.simulation.engine,
        seed,
        most=replications,
        least=replications,
        target=None,
        workers=workers,
        progress=None,
    )
    regions = sorted(set(inputs.region))
    index = np.array([regions.index(r) for r in inputs.region])
    by_group = np.stack(
        [(r.arm(metric)[..., 0] - r.arm(metric)[..., 1]).sum(axis=(0, 2)) / 12.0 for r in runs]
    )
    by_region = np.zeros((len(runs), len(regions)))
    for j in range(len(regions)):
        by_region[:, j] = by_group[:, index == j].sum(axis=1)
    premiums = np.array([r.arm("premiums_paid")[..., 1].sum() for r in runs])
    return by_group.sum(axis=1), premiums, by_region, regions


def _row(name: str, averted: np.ndarray, premiums: np.ndarray) -> dict[str, object]:
    a, a_hw = mean_ci(averted)
    p, p_hw = mean_ci(premiums)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(averted > 0, premiums / averted, np.nan)
    c, c_hw = mean_ci(ratio[np.isfinite(ratio)]) if np.isfinite(ratio).any() else (math.nan,) * 2
    return {
        "allocation": name,
        "averted": a,
        "averted_low": a - a_hw,
        "averted_high": a + a_hw,
        "premiums": p,
        "premiums_low": p - p_hw,
        "premiums_high": p + p_hw,
        "cost_per_averted": c,
        "cost_per_averted_low": c - c_hw,
        "cost_per_averted_high": c + c_hw,
    }


def compare_targetings(
    study: Study,
    first: pd.DataFrame,
    second: pd.DataFrame,
    *,
    names: tuple[str, str] = ("max_extreme_poor", "max_poverty_averted"),
    measure: Measure = "extreme_poor_person_years",
    replications: int = 8,
    seed: int | None = None,
    workers: int = 1,
) -> TargetingComparison:
    """Project two allocation tables on the same seeds and set them side by side.

    ``seed`` defaults to the scenario's simulation seed plus one, so an allocation chosen
    from estimates made with the scenario's seed (:mod:`ucj_opt.pipeline.averted`) is
    judged on other simulated futures. ``cost_per_averted`` is premiums over poverty
    averted per replication; the difference row pairs replications.

    Examples
    --------
    >>> import ucj_opt
    >>> from ucj_opt.pipeline.targeting import compare_targetings
    >>> study = ucj_opt.load_scenario(
    ...     "scenarios/kabupaten_ppu.yaml", overrides=["one_year"],
    ...     sets=["simulation.households_per_group=20"],
    ... )
    >>> full = ucj_opt.solve(study).table
    >>> half = ucj_opt.solve(study.with_changes(budget_scale=0.5)).table
    >>> c = compare_targetings(study, full, half, names=("full", "half"), replications=3)
    >>> c.summary["allocation"].tolist()
    ['full', 'half', 'half − full']
    """
    if measure not in MEASURES:
        raise UserError(f"unknown poverty measure {measure!r}; choose from {', '.join(MEASURES)}")
    if replications < 2:
        raise UserError(f"replications must be at least 2, not {replications}")
    metric = MEASURES[measure]
    # by default not the loop's seed: the estimates that chose an allocation are not
    # re-used to judge it (no winner's curse)
    root = study.scenario.simulation.seed + 1 if seed is None else seed
    a_tot, a_pay, a_reg, regions = _per_replication(
        study, first, metric, replications, root, workers
    )
    b_tot, b_pay, b_reg, regions_b = _per_replication(
        study, second, metric, replications, root, workers
    )
    assert regions == regions_b
    diff_row = _row(f"{names[1]} − {names[0]}", b_tot - a_tot, b_pay - a_pay)
    with np.errstate(divide="ignore", invalid="ignore"):
        ca = np.where(a_tot > 0, a_pay / a_tot, np.nan)
        cb = np.where(b_tot > 0, b_pay / b_tot, np.nan)
    d = cb - ca
    c, c_hw = mean_ci(d[np.isfinite(d)]) if np.isfinite(d).any() else (math.nan, math.nan)
    diff_row.update(
        cost_per_averted=c, cost_per_averted_low=c - c_hw, cost_per_averted_high=c + c_hw
    )
    summary = pd.DataFrame([_row(names[0], a_tot, a_pay), _row(names[1], b_tot, b_pay), diff_row])
    rows = []
    for j, region in enumerate(regions):
        dm, hw = mean_ci(b_reg[:, j] - a_reg[:, j])
        low, high = dm - hw, dm + hw
        verdict = "gains" if low > 0 else "loses" if high < 0 else "unclear"
        rows.append(
            {
                "region": region,
                names[0]: float(a_reg[:, j].mean()),
                names[1]: float(b_reg[:, j].mean()),
                "difference": dm,
                "difference_low": low,
                "difference_high": high,
                "verdict": verdict,
            }
        )
    return TargetingComparison(
        names=names,
        measure=measure,
        summary=summary,
        regions=pd.DataFrame(rows),
        probability_second_better=float(np.mean(b_tot > a_tot)),
        replications=replications,
    )


def write_targeting(
    folder: str | Path, coupled: CoupledAllocation, comparison: TargetingComparison
) -> list[Path]:
    """Write ``targeting/``: the poverty-averted allocation (``allocation/``), the
    comparison (``comparison.csv``, ``regions.csv``), the estimates (``coefficients.csv``)
    and the loop (``loop.json``), which the report reads."""
    from ucj_opt.allocate.writers import write_allocation
    from ucj_opt.io import write_text_atomic

    out = Path(folder) / "targeting"
    out.mkdir(parents=True, exist_ok=True)
    written = write_allocation(coupled.allocation, out / "allocation")
    for name, frame in (
        ("comparison", comparison.summary),
        ("regions", comparison.regions),
        ("coefficients", coupled.coefficients),
    ):
        path = out / f"{name}.csv"
        write_text_atomic(path, frame.to_csv(index=False))
        written.append(path)
    loop = {
        "measure": coupled.measure,
        "names": list(comparison.names),
        "iterations": coupled.iterations,
        "changes": list(coupled.changes),
        "gains": [{"gain": g, "standard_error": se} for g, se in coupled.gains],
        "converged": coupled.converged,
        "stopped_by": coupled.stopped_by,
        "projections": coupled.projections,
        "seconds": round(coupled.seconds, 2),
        "replications": comparison.replications,
        "probability_second_better": comparison.probability_second_better,
    }
    path = out / "loop.json"
    write_text_atomic(path, json.dumps(loop, indent=2) + "\n")
    written.append(path)
    return written
