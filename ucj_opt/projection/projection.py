"""``simulate(scenario, coverage) -> Projection``: replications run in turn, tidy tables.

The Monte Carlo layer runs replications in parallel through :func:`run_replication`; this
module is the simple serial path used by the command line and by tests, with the same
keyed seeds (replication r uses ``SeedSequence(seed, spawn_key=(r,))``), so both give the
same numbers.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ucj_opt.io import write_atomic
from ucj_opt.projection.inputs import build_inputs
from ucj_opt.scenario.study import Study
from ucj_opt.simulation.inputs import SimulationInputs
from ucj_opt.simulation.run import Engine, run_replication

__all__ = ["Projection", "replication_seed", "simulate", "summarise"]

FLOAT_FORMAT = "%.10g"
"""CSV number format: fixed, so the same seed writes the same bytes."""


def replication_seed(seed: int, replication: int) -> np.random.SeedSequence:
    """The seed of one replication, derived without spawning."""
    return np.random.SeedSequence(seed, spawn_key=(replication,))


@dataclass(frozen=True, eq=False)
class Projection:
    """Tidy results (month × region × segment × arm × replication) and their summary.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario(
    ...     "scenarios/kabupaten_ppu.yaml", sets=["simulation.workers_per_group=20"]
    ... )
    >>> projection = ucj_opt.simulate(study, 1.0, replications=3, years=1)
    >>> projection  # doctest: +ELLIPSIS
    Projection(3 replications × 12 months; poverty person-years averted: mean ...)
    >>> sorted(projection.table["arm"].unique())
    ['with', 'without']
    """

    table: pd.DataFrame
    """One row per replication, month, region, segment and arm."""
    per_replication: pd.DataFrame
    """One row per replication: cases averted, money paid, cost per case averted."""
    summary: pd.DataFrame
    """Per figure: mean over replications, standard error, 2.5% and 97.5% quantiles."""

    def __repr__(self) -> str:
        reps = len(self.per_replication)
        months = int(self.table["month"].max()) + 1 if len(self.table) else 0
        line = f"Projection({reps} replications × {months} months"
        if "poor_person_years_averted" in self.summary.index:
            row = self.summary.loc["poor_person_years_averted"]
            line += f"; poverty person-years averted: mean {row['mean']:,.0f}"
            if reps > 1:
                line += f" ± {1.96 * row['std_error']:,.0f} (95% CI)"
        return line + ")"

    def _repr_html_(self) -> str:
        head = html.escape(repr(self))
        return f"<p>{head}</p>{self.summary.to_html(float_format=lambda x: f'{x:,.4g}')}"

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write projection.csv, replications.csv and summary.csv into ``out_dir``."""
        out = Path(out_dir)
        frames = {
            "projection.csv": (self.table, False),
            "replications.csv": (self.per_replication, False),
            "summary.csv": (self.summary, True),
        }
        paths = []
        for name, (frame, index) in frames.items():
            path = out / name
            write_atomic(path, partial(_write_csv, frame, index))
            paths.append(path)
        return paths


def _write_csv(frame: pd.DataFrame, index: bool, path: Path) -> None:
    frame.to_csv(path, index=index, float_format=FLOAT_FORMAT)


def summarise(per_replication: pd.DataFrame) -> pd.DataFrame:
    """Mean, standard error and a 95% range of every figure over replications."""
    figures = per_replication.drop(columns="replication")
    n = len(figures)
    finite = figures.replace([np.inf, -np.inf], np.nan)
    return pd.DataFrame(
        {
            "mean": finite.mean(),
            "std_error": finite.std(ddof=1) / np.sqrt(n) if n > 1 else np.nan,
            "q025": finite.quantile(0.025),
            "q975": finite.quantile(0.975),
            "replications": n,
        }
    )


def simulate(
    study: Study,
    coverage: float | pd.DataFrame,
    *,
    replications: int | None = None,
    seed: int | None = None,
    years: int | None = None,
    engine: Engine | None = None,
    inputs: SimulationInputs | None = None,
    progress: Callable[[int], None] | None = None,
) -> Projection:
    """Project poverty with and without ``coverage``, replication after replication.

    Parameters
    ----------
    study
        A loaded scenario.
    coverage
        A share of eligible workers covered, or an allocation table (region, segment,
        year, enrolled, enrolled_extreme_poor), e.g. ``ucj_opt.solve(study).table``.
    replications, seed, years, engine
        Defaults from the scenario's ``simulation`` section.
    inputs
        Simulation inputs already built (skips building them from ``study``).
    progress
        Called with the number of replications done.

    Returns
    -------
    Projection
        Both arms on common random numbers, and the effect of coverage.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario(
    ...     "scenarios/kabupaten_ppu.yaml", sets=["simulation.workers_per_group=50"]
    ... )
    >>> projection = ucj_opt.simulate(study, 0.5, replications=2, years=1)
    >>> len(projection.per_replication)
    2
    >>> bool(projection.summary.loc["premiums_paid", "mean"] > 0)
    True
    """
    settings = study.scenario.simulation
    inp = inputs or build_inputs(study, coverage, years=years)
    reps = replications or settings.replications
    root = settings.seed if seed is None else seed
    chosen: Engine = engine or settings.engine
    frames, rows = [], []
    start = study.scenario.horizon.start_year
    for r in range(reps):
        res = run_replication(inp, replication_seed(root, r), engine=chosen)
        cols = res.to_columns()
        frame = pd.DataFrame({"replication": np.full(len(cols["month"]), r), **cols})
        frame.insert(2, "year", start + frame["month"] // 12)
        frames.append(frame)
        rows.append({"replication": r, **res.summary()})
        if progress is not None:
            progress(r + 1)
    per_rep = pd.DataFrame(rows)
    return Projection(
        table=pd.concat(frames, ignore_index=True),
        per_replication=per_rep,
        summary=summarise(per_rep),
    )
