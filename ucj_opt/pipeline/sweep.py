"""Sweeps: re-solve a scenario over a range of one setting, in parallel processes.

The budget frontier (protected workers against total budget) is a sweep of
``budget_scale``. Each point is an independent solve, so points run in separate
processes ('spawn', safe from notebooks and on Windows); results come back in order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ucj_opt.errors import UserError
from ucj_opt.scenario import Study, load_scenario
from ucj_opt.text.catalogue import t
from ucj_opt.units import UnitError, parse_share
from ucj_opt.worker_pool import spawn_pool, starting_workers

__all__ = ["budget_frontier", "parse_range", "sweep", "sweep_point"]


def _bound(text: str) -> float:
    """A number, or a share written ``40%`` (read as in scenario files: 0.4)."""
    value = parse_share(text) if text.strip().endswith("%") else float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def parse_range(text: str) -> tuple[str, list[float]]:
    """``path=start:stop:step`` (stop included) → the path and its values; a bound written
    ``40%`` is the share 0.4 (``policy.equity_floor.share=0%:40%:10%``)."""
    if "=" not in text or text.count(":") != 2:
        raise UserError(
            f"--set for a sweep takes path=start:stop:step, e.g. budget_scale=0.5:2:0.25 "
            f"(got {text!r})"
        )
    path, spec = text.split("=", 1)
    try:
        start, stop, step = (_bound(x) for x in spec.split(":"))
    except UnitError as exc:  # a share out of [0, 1], e.g. 140%
        raise UserError(f"{text.strip()}: {exc}") from None
    except ValueError:
        raise UserError(t("cli_sweep_numbers", "en", spec=spec)) from None
    if step <= 0 or stop < start:
        raise UserError("a sweep needs step > 0 and stop ≥ start")
    count = math.floor((stop - start) / step + 1e-9) + 1
    if count > 200:
        raise UserError(f"{count} points is too many for one sweep; use a larger step")
    return path.strip(), [round(start + i * step, 12) for i in range(count)]


def _summarise(study: Study, value: float) -> dict[str, Any]:
    from ucj_opt.allocate import solve

    s = solve(study).summary()
    return {
        "value": value,
        "status": s.status,
        "objective": s.objective,
        "total_budget": s.budget_total,
        "premiums_paid": s.premiums_paid,
        "protected": s.enrolled_extreme_poor,
        "enrolled": s.enrolled_total,
        "floor_shortfalls": s.floor_shortfalls,
    }


def sweep_point(
    source: str, overrides: Sequence[str], sets: Sequence[str], path: str, value: float
) -> dict[str, Any]:
    """Load the scenario with ``path=value`` and solve it (runs in a worker process)."""
    study = load_scenario(source, overrides=overrides, sets=[*sets, f"{path}={value!r}"])
    return _summarise(study, value)


def sweep(
    source: str | Path,
    path: str,
    values: Sequence[float],
    *,
    overrides: Sequence[str] = (),
    sets: Sequence[str] = (),
    workers: int | None = None,
) -> pd.DataFrame:
    """Solve the scenario once per value of ``path``; one row per point, in order."""
    args = [(str(source), list(overrides), list(sets), path, v) for v in values]
    # Check the first point here, so bad input fails fast with a clear error.
    first = sweep_point(*args[0])
    rest: list[dict[str, Any]] = []
    if len(args) > 1:
        n = max(1, min(workers or 2, len(args) - 1))
        if n == 1:
            rest = [sweep_point(*a) for a in args[1:]]
        else:
            with spawn_pool(n) as pool, starting_workers():
                rest = list(pool.map(sweep_point, *zip(*args[1:], strict=True)))
    frame = pd.DataFrame([first, *rest])
    return frame.rename(columns={"value": path})


def budget_frontier(
    study: Study,
    *,
    points: int = 9,
    top: float = 2.0,
    progress: Callable[[int, int, float], None] | None = None,
) -> pd.DataFrame:
    """Protected extreme-poor workers against total budget, budgets scaled 0…``top``×
    (relative to the study's own ``budget_scale``).

    Solved in this process on the loaded tables; each point scales every budget alike.
    ``progress`` hears ``(point, points, scale)`` before each point is solved.
    """
    from ucj_opt.allocate import solve

    rows = []
    base = study.scenario.budget_scale
    for i, scale in enumerate(np.linspace(0.0, top, points)):
        if progress is not None:
            progress(i + 1, points, float(scale))
        s = solve(study.with_changes(budget_scale=float(scale) * base)).summary()
        rows.append(
            {
                "budget_scale": float(scale),
                "status": s.status,
                "total_budget": s.budget_total,
                "protected": s.enrolled_extreme_poor,
                "enrolled": s.enrolled_total,
                "premiums_paid": s.premiums_paid,
            }
        )
    return pd.DataFrame(rows)
