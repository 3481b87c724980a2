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
from typing import TYPE_CHECKING

from ucj_opt.errors import UserError
from ucj_opt.io import result_folder, write_text_atomic
from ucj_opt.scenario import Study
from ucj_opt.text.catalogue import t
from ucj_opt.text.formatting import format_number, format_percent

if TYPE_CHECKING:
    from ucj_opt.pipeline.averted import CoupledAllocation

__all__ = ["MainJobResult", "run_main_job", "screen_language"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class MainJobResult:
    """Where the main job wrote its results."""

    folder: Path
    reports: tuple[Path, ...]
    seconds: float
    stages: dict[str, float]
    """Seconds taken by each stage (allocation, frontier, projection, report)."""


def _quiet(_: str) -> None:
    return None


def screen_language(langs: tuple[str, ...]) -> str:
    """The language of the lines on screen: the report's, or English when both are written."""
    return langs[0] if len(langs) == 1 else "en"


def _loop_replications(study: Study, replications: int | None) -> int:
    return max(2, min(replications or study.scenario.simulation.min_replications, 8))


def _poverty_averted(
    study: Study, replications: int | None, progress: Progress, lang: str
) -> CoupledAllocation:
    from ucj_opt.pipeline.averted import allocate_for_poverty_averted

    measure = study.scenario.policy.poverty_measure
    progress(t("run_coupled", lang, measure=measure))
    coupled = allocate_for_poverty_averted(
        study, measure=measure, replications=_loop_replications(study, replications)
    )
    changes = ", ".join(format_percent(c, lang) for c in coupled.changes)
    progress(t("run_coupled_done", lang, n=coupled.iterations, changes=changes or "–"))
    return coupled


def _compare_targeting(
    study: Study,
    out: Path,
    replications: int | None,
    progress: Progress,
    coupled: CoupledAllocation | None,
    lang: str,
) -> None:
    """The max-extreme-poor allocation against the max-poverty-averted one (targeting/)."""
    from ucj_opt.allocate.solve import solve_tables
    from ucj_opt.pipeline.targeting import compare_targetings, write_targeting

    scenario = study.scenario
    if coupled is None:
        coupled = _poverty_averted(study, replications, progress, lang)
    policy = scenario.policy.model_copy(update={"objective": "max_extreme_poor"})
    extreme = solve_tables(scenario.model_copy(update={"policy": policy}), study.tables)
    extreme.raise_if_infeasible()
    progress(t("run_comparing", lang))
    comparison = compare_targetings(
        study,
        extreme.table,
        coupled.allocation.table,
        measure=coupled.measure,  # type: ignore[arg-type]
        replications=_loop_replications(study, replications),
    )
    write_targeting(out, coupled, comparison)


def run_main_job(
    study: Study,
    folder: str | Path,
    *,
    langs: tuple[str, ...] = ("en", "id"),
    replications: int | None = None,
    frontier_points: int = 9,
    progress: Progress = _quiet,
    compare_targeting: bool = False,
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
        tables), ``targets/`` (path to target, award standings), ``need/`` (the budget
        needed for every extreme-poor worker), ``frontier.csv``, ``run.json``, one
        ``report.<lang>.html`` per language
        and ``complete.json`` (written last).
    langs
        Report languages.
    replications
        Projection replications (default: the scenario's).
    frontier_points
        Budget scales of the frontier, from 0 to 2× today's budgets.
    progress
        Called with a line of text at each stage.
    compare_targeting
        Also find the allocation that averts the most extreme-poverty person-years
        (:mod:`ucj_opt.pipeline.averted`) and compare it with the one solved, on common
        random numbers (``targeting/``, and a section of the report).

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
    from ucj_opt.pipeline.standings import write_run_standings
    from ucj_opt.pipeline.sweep import budget_frontier
    from ucj_opt.pipeline.yearly import write_yearly_workbook
    from ucj_opt.projection import simulate
    from ucj_opt.report import render_reports, write_report

    if replications is not None and replications < 1:  # refused before any work
        raise UserError(f"replications must be at least 1, not {replications}")
    started = time.perf_counter()
    stages: dict[str, float] = {}
    clock = [started]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        stages[stage] = round(now - clock[0], 2)
        clock[0] = now

    out = Path(folder)
    scenario = study.scenario

    lang = screen_language(langs)
    progress(t("run_step_allocation", lang))
    coupled = None
    if scenario.policy.objective == "max_poverty_averted":
        coupled = _poverty_averted(study, replications, progress, lang)
        allocation = coupled.allocation
    else:
        allocation = solve(study)
    allocation.raise_unless_solved()  # nothing written: the folder keeps its previous run
    summary = allocation.summary()
    protected = format_number(summary.enrolled_extreme_poor, lang)
    progress(t("run_allocated", lang, status=allocation.status.value, n=protected))
    with result_folder(out, "run", status=allocation.status.value) as build:
        write_inputs(study, build)
        write_allocation(allocation, build / "allocation", formats=("csv", "xlsx"))

        lap("allocation")
        write_run_standings(study, allocation.table, build)  # targets/, need/
        lap("targets")
        progress(t("run_step_frontier", lang))
        # the frontier re-solves at each budget scale: the LP of extreme-poor worker-years
        # (a projection loop per point would cost a projection each)
        frontier_study = study
        if coupled is not None:
            frontier_study = study.with_changes("policy.objective=max_extreme_poor")
        frontier = budget_frontier(
            frontier_study,
            points=frontier_points,
            progress=lambda i, n, scale: progress(
                t("run_frontier_point", lang, i=i, n=n, scale=format_number(scale, lang, 2))
            ),
        )
        write_text_atomic(build / "frontier.csv", frontier.to_csv(index=False))

        lap("frontier")
        most = replications or scenario.simulation.replications
        progress(t("run_step_projection", lang, n=most))
        projection = simulate(
            study,
            allocation.table,
            replications=replications,
            progress=lambda r: progress(t("run_replication", lang, r=r)),
        )
        reps = len(projection.per_replication)
        projection.write(build / "projection")
        write_yearly_workbook(build)  # by region and year, with names, for Excel

        lap("projection")
        if compare_targeting or coupled is not None:
            _compare_targeting(study, build, replications, progress, coupled, lang)
            lap("targeting")

        progress(t("run_step_report", lang))
        content = build_report_content(read_results(build, require_complete=False))
        names = []
        for lang, text in render_reports(content, langs).items():
            write_report(build / f"report.{lang}.html", text)
            names.append(f"report.{lang}.html")
        lap("report")
        seconds = time.perf_counter() - started
        run = {
            "scenario": scenario.name,
            "status": allocation.status.value,
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seconds": round(seconds, 1),
            "replications": reps,
            "stage_seconds": stages,
            "reports": names,
        }
        write_text_atomic(build / "run.json", json.dumps(run, indent=2) + "\n")
    reports = [out / name for name in names]
    return MainJobResult(out, tuple(reports), seconds, stages)
