"""The main job: solve the allocation, project poverty with and without it, report.

Sits above ``allocate`` and ``simulate`` (which never import each other) and writes every
result to disk before the report is built from those files, so a report can always be
rebuilt, in either language, without re-solving (``ucj-opt report``).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ucj_opt.io import result_folder, write_text_atomic
from ucj_opt.scenario import Study

__all__ = ["MainJobResult", "run_main_job"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class MainJobResult:
    """Where the main job wrote its results."""

    folder: Path
    reports: tuple[Path, ...]
    seconds: float


def _quiet(_: str) -> None:
    return None


def run_main_job(
    study: Study,
    folder: str | Path,
    *,
    langs: tuple[str, ...] = ("en", "id"),
    replications: int | None = None,
    frontier_points: int = 9,
    progress: Progress = _quiet,
) -> MainJobResult:
    """Solve, project, sweep the budget frontier, then write tables, charts and reports.

    Parameters
    ----------
    study
        A loaded scenario.
    folder
        The results folder, built beside its place and swapped in whole at the end (a
        failed or killed run leaves the previous folder as it was; a folder not written
        by ucj-opt is refused): ``scenario.yaml`` (resolved) and ``inputs/`` (the tables
        used), ``allocation/`` (tables, XLSX, ``summary.json``), ``projection/`` (tidy
        tables), ``frontier.csv``, ``run.json``, one ``report.<lang>.html`` per language
        and ``complete.json`` (written last).
    langs
        Report languages.
    replications
        Projection replications (default: the scenario's).
    frontier_points
        Budget scales of the frontier, from 0 to 2× today's budgets.
    progress
        Called with a line of text at each stage.

    Returns
    -------
    MainJobResult
        The folder, the report files and the seconds taken.

    Examples
    --------
    >>> import tempfile, ucj_opt
    >>> study = ucj_opt.load_scenario("scenarios/kabupaten_ppu.yaml", overrides=["one_year"])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = ucj_opt.run_main_job(study, folder, langs=("id",), replications=2)
    ...     [p.name for p in result.reports]
    ['report.id.html']
    """
    from ucj_opt.allocate import solve
    from ucj_opt.allocate.writers import write_allocation
    from ucj_opt.pipeline.report_content import build_report_content
    from ucj_opt.pipeline.results import read_results, write_inputs
    from ucj_opt.pipeline.sweep import budget_frontier
    from ucj_opt.projection import simulate
    from ucj_opt.report import render_report, write_report

    started = time.perf_counter()
    out = Path(folder)
    scenario = study.scenario

    progress("1/4 solving the allocation")
    allocation = solve(study)
    allocation.raise_unless_solved()  # nothing written: the folder keeps its previous run
    summary = allocation.summary()
    progress(
        f"    {allocation.status.value}: {summary.enrolled_extreme_poor:,.0f} "
        "extreme-poor worker-years protected"
    )
    with result_folder(out, "run", status=allocation.status.value) as build:
        write_inputs(study, build)
        write_allocation(allocation, build / "allocation", formats=("csv", "xlsx"))

        progress("2/4 sweeping the budget frontier")
        frontier = budget_frontier(study, points=frontier_points)
        write_text_atomic(build / "frontier.csv", frontier.to_csv(index=False))

        most = replications or scenario.simulation.replications
        progress(f"3/4 projecting poverty with and without coverage (up to {most} replications)")
        projection = simulate(
            study,
            allocation.table,
            replications=replications,
            progress=lambda r: progress(f"    replication {r}"),
        )
        reps = len(projection.per_replication)
        projection.write(build / "projection")

        progress("4/4 writing the report")
        content = build_report_content(read_results(build, require_complete=False))
        names = []
        for lang in langs:
            write_report(build / f"report.{lang}.html", render_report(content, lang))
            names.append(f"report.{lang}.html")
        seconds = time.perf_counter() - started
        run = {
            "scenario": scenario.name,
            "status": allocation.status.value,
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seconds": round(seconds, 1),
            "replications": reps,
            "reports": names,
        }
        write_text_atomic(build / "run.json", json.dumps(run, indent=2) + "\n")
    reports = [out / name for name in names]
    return MainJobResult(out, tuple(reports), seconds)
