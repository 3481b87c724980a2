"""``simulate(study, coverage) -> Projection``: replications run in turn, tidy tables.

The Monte Carlo layer runs replications in parallel through :func:`run_replication`; this
module is the simple serial path used by the command line and by tests, with the same
keyed seeds (replication r uses ``SeedSequence(seed, spawn_key=(r,))``), so both give the
same numbers.
"""

from __future__ import annotations

import contextlib
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
from ucj_opt.simulation.population import STATUSES
from ucj_opt.simulation.result import ARM_METRICS, ARMS, STOCKS, ReplicationResult
from ucj_opt.simulation.run import Engine, run_replication
from ucj_opt.worker_pool import handed_over, load_handed_over, spawn_pool, starting_workers

__all__ = ["HEADLINE", "Projection", "replication_seed", "simulate", "summarise"]

FLOAT_FORMAT = "%.10g"
"""CSV number format: fixed, so the same seed writes the same bytes."""

HEADLINE = "extreme_poor_person_years_averted_among_extreme_poor"
"""The figure the report leads with: what protection does for the households that were
extreme poor at the start (the people the default allocation targets)."""

_REGION_METRICS = ("persons", "poor", "extreme_poor", "gap", "extreme_gap", "benefits_paid")


def replication_seed(seed: int, replication: int) -> np.random.SeedSequence:
    """The seed of one replication, derived without spawning."""
    return np.random.SeedSequence(seed, spawn_key=(replication,))


@dataclass(frozen=True, eq=False)
class Projection:
    """Both arms of every replication, as tidy tables, and the effect of coverage.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario(
    ...     "scenarios/kabupaten_ppu.yaml", sets=["simulation.households_per_group=20"]
    ... )
    >>> projection = ucj_opt.simulate(study, 1.0, replications=3, years=1)
    >>> projection  # doctest: +ELLIPSIS
    Projection(3 replications × 1 years; extreme-poverty person-years averted among ...)
    >>> sorted(projection.table["arm"].unique())
    ['with', 'without']
    """

    table: pd.DataFrame
    """One row per replication, year, region, segment, stratum, baseline status and arm;
    head counts in person-years (``*_person_years``), flows and money as totals."""
    monthly: pd.DataFrame
    """One row per replication, month, baseline status and arm: every region together."""
    per_replication: pd.DataFrame
    """One row per replication: what coverage averts, money paid, cost per case averted."""
    summary: pd.DataFrame
    """Per figure: mean over replications, standard error, 2.5% and 97.5% quantiles."""

    def __repr__(self) -> str:
        reps = len(self.per_replication)
        years = int(self.table["year"].nunique()) if len(self.table) else 0
        line = f"Projection({reps} replications × {years} years"
        if HEADLINE in self.summary.index:
            row = self.summary.loc[HEADLINE]
            line += (
                f"; extreme-poverty person-years averted among the extreme poor: {row['mean']:,.0f}"
            )
            if reps > 1:
                line += f" ± {1.96 * row['std_error']:,.0f} (95% CI)"
        return line + ")"

    def _repr_html_(self) -> str:
        head = html.escape(repr(self))
        return f"<p>{head}</p>{self.summary.to_html(float_format=lambda x: f'{x:,.4g}')}"

    def by_region(self) -> pd.DataFrame:
        """Means over replications per region, year and arm (person-years and rupiah):
        small enough for a spreadsheet."""
        cols = [_label(m) for m in _REGION_METRICS]
        grouped = self.table.groupby(["replication", "region", "year", "arm"])[cols].sum()
        return grouped.groupby(["region", "year", "arm"]).mean().reset_index()

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``projection.parquet`` (every row), ``by_region.csv``, ``monthly.csv``,
        ``replications.csv`` and ``summary.csv`` into ``out_dir``."""
        out = Path(out_dir)
        paths = [out / "projection.parquet"]
        write_atomic(paths[0], partial(self.table.to_parquet, index=False))
        frames = {
            "by_region.csv": (self.by_region(), False),
            "monthly.csv": (self.monthly, False),
            "replications.csv": (self.per_replication, False),
            "summary.csv": (self.summary, True),
        }
        for name, (frame, index) in frames.items():
            path = out / name
            write_atomic(path, partial(_write_csv, frame, index))
            paths.append(path)
        return paths


def _label(metric: str) -> str:
    return f"{metric}_person_years" if metric in STOCKS else metric


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


def _tidy(res: ReplicationResult, replication: int, start_year: int) -> pd.DataFrame:
    cols = res.to_columns()
    frame = pd.DataFrame({"replication": np.full(len(cols["year"]), replication), **cols})
    frame["year"] = start_year + frame["year"]
    for name in STOCKS:
        frame[_label(name)] = frame.pop(name) / 12.0
    return frame


def _monthly(res: ReplicationResult, replication: int) -> pd.DataFrame:
    m, s, a = res.monthly.shape[1:]
    idx = np.indices((m, s, a)).reshape(3, -1)
    data: dict[str, object] = {
        "replication": replication,
        "month": idx[0],
        "status": np.asarray(STATUSES, dtype=object)[idx[1]],
        "arm": np.asarray(ARMS, dtype=object)[idx[2]],
    }
    for k, name in enumerate(ARM_METRICS):
        data[name] = res.monthly[k].reshape(-1)
    return pd.DataFrame(data)


STEP = 2
"""Replications added between two looks of the stopping rule (fixed, so the number run
does not depend on how many processes run them)."""


def _narrow_enough(values: list[float], target: float) -> bool:
    """Whether the 95% confidence interval of the mean is within ``target`` of the mean."""
    from scipy import stats

    x = np.asarray(values, dtype=np.float64)
    mean = float(x.mean())
    if mean <= 0 or len(x) < 2:
        return False
    half = float(stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x)))
    return half <= target * mean


_WORKER: dict[str, object] = {}


def _init_worker(inputs: SimulationInputs, engine: Engine, root: int) -> None:
    _WORKER.update(inputs=inputs, engine=engine, root=root)


def _init_worker_from(path: str, engine: Engine, root: int) -> None:
    inputs = load_handed_over(path)
    assert isinstance(inputs, SimulationInputs)
    _init_worker(inputs, engine, root)


def _one(replication: int) -> ReplicationResult:
    inputs = _WORKER["inputs"]
    assert isinstance(inputs, SimulationInputs)
    seed = replication_seed(int(_WORKER["root"]), replication)  # type: ignore[call-overload]
    return run_replication(inputs, seed, engine=_WORKER["engine"])  # type: ignore[arg-type]


def _replications(
    inputs: SimulationInputs,
    engine: Engine,
    root: int,
    *,
    most: int,
    least: int,
    target: float | None,
    workers: int,
    progress: Callable[[int], None] | None,
) -> list[ReplicationResult]:
    """Run replications 0, 1, ... in rounds until the headline is precise enough (or
    ``most`` are done); keyed seeds make the numbers the same on any number of workers."""
    results: list[ReplicationResult] = []
    with contextlib.ExitStack() as stack:
        pool = None
        if min(workers, most) > 1:  # a process pool costs ~1 s to start: not for one run
            path = stack.enter_context(handed_over(inputs))
            pool = spawn_pool(workers, initializer=_init_worker_from, initargs=(path, engine, root))
            stack.callback(pool.shutdown, cancel_futures=True)
            stack.enter_context(starting_workers())
        else:
            _init_worker(inputs, engine, root)
        while len(results) < most:
            size = least if not results else STEP
            batch = range(len(results), min(len(results) + size, most))
            runs = pool.map(_one, batch) if pool is not None else map(_one, batch)
            for res in runs:
                results.append(res)
                if progress is not None:
                    progress(len(results))
            if target is not None and _narrow_enough(
                [r.summary()[HEADLINE] for r in results], target
            ):
                break
    return results


def simulate(
    study: Study,
    coverage: float | pd.DataFrame,
    *,
    replications: int | None = None,
    seed: int | None = None,
    years: int | None = None,
    engine: Engine | None = None,
    inputs: SimulationInputs | None = None,
    workers: int | None = None,
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
    replications
        Run exactly this many. By default the scenario's ``simulation`` section decides:
        at least ``min_replications``, then more until the headline's 95% confidence
        interval is within ``target_relative_half_width`` of its mean, at most
        ``replications``.
    seed, years, engine, workers
        Defaults from the scenario's ``simulation`` section; ``workers`` processes run
        replications side by side with the same numbers as one.
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
    ...     "scenarios/kabupaten_ppu.yaml", sets=["simulation.households_per_group=50"]
    ... )
    >>> projection = ucj_opt.simulate(study, 0.5, replications=2, years=1, workers=1)
    >>> len(projection.per_replication)
    2
    >>> bool(projection.summary.loc["premiums_paid", "mean"] > 0)
    True
    """
    settings = study.scenario.simulation
    inp = inputs or build_inputs(study, coverage, years=years)
    root = settings.seed if seed is None else seed
    chosen: Engine = engine or settings.engine
    if replications is None:
        most, target = settings.replications, settings.target_relative_half_width
        least = min(settings.min_replications, most)
    else:
        most, target, least = replications, None, replications
    results = _replications(
        inp,
        chosen,
        root,
        most=most,
        least=least,
        target=target,
        workers=workers or settings.workers,
        progress=progress,
    )
    start = study.scenario.horizon.start_year
    per_rep = pd.DataFrame([{"replication": r, **res.summary()} for r, res in enumerate(results)])
    return Projection(
        table=pd.concat([_tidy(res, r, start) for r, res in enumerate(results)], ignore_index=True),
        monthly=pd.concat([_monthly(res, r) for r, res in enumerate(results)], ignore_index=True),
        per_replication=per_rep,
        summary=summarise(per_rep),
    )
