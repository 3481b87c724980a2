"""solve(scenario) -> Allocation: build the arrays, solve, extract, record provenance."""

from __future__ import annotations

import platform
import time
from dataclasses import replace
from functools import cache
from importlib import metadata

import pulp

from ucj_opt._version import __version__
from ucj_opt.allocate.backends import Status
from ucj_opt.allocate.blocks import BlockProgress, blocks_to_solve, solve_in_blocks
from ucj_opt.allocate.diagnose import explain_infeasible
from ucj_opt.allocate.pooling import pool_segments, split_segments
from ucj_opt.allocate.result import Allocation, extract, table_hash
from ucj_opt.allocate.staged import solve_staged
from ucj_opt.allocate.stages import build_staged
from ucj_opt.errors import UserError
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.study import Study
from ucj_opt.scenario.tables import Tables

__all__ = ["solve", "solve_tables"]


def solve(study: Study, progress: BlockProgress | None = None) -> Allocation:
    """Allocate a study's budgets to vulnerable workers under its policy.

    Parameters
    ----------
    study
        A loaded scenario (:func:`ucj_opt.load_scenario`).
    progress
        Told ``(blocks done, blocks)`` while a large model's independent blocks are
        solved (village scale: minutes); not called for a model solved whole.

    Returns
    -------
    Allocation
        Status, enrolment per region × segment × year × source, budgets used and left
        with their shadow prices, and the provenance of the solve.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("embedded:national")
    >>> allocation = ucj_opt.solve(study)
    >>> allocation.status.value
    'optimal'
    >>> allocation.summary().premiums_paid <= allocation.summary().budget_total
    True
    """
    if study.scenario.policy.objective == "max_poverty_averted":
        raise UserError(
            "objective max_poverty_averted needs the projection's estimates: run "
            "'ucj-opt run' or ucj_opt.pipeline.averted.allocate_for_poverty_averted(study)"
        )
    return solve_tables(study.scenario, study.tables, progress=progress)


def solve_tables(
    scenario: Scenario,
    tables: Tables,
    backend: str = "auto",
    blocks: bool | None = None,
    pool: bool = True,
    progress: BlockProgress | None = None,
) -> Allocation:
    """Allocate over explicit ``tables``; ``backend`` is auto (HiGHS arrays when the solver
    is HiGHS), highs, or pulp. Two exact reductions apply where the rules allow: ``pool``
    merges the segments of a region (:mod:`ucj_opt.allocate.pooling`) and ``blocks``
    solves the model's independent blocks side by side (:mod:`ucj_opt.allocate.blocks`,
    HiGHS only): ``None`` splits from :data:`~ucj_opt.allocate.blocks.BLOCK_MIN_COLUMNS`
    columns, ``True`` at any size, ``False`` never."""
    pooled = pool_segments(scenario, tables) if pool else None
    if pooled is not None:
        inner = _solve_whole(*pooled, backend, blocks, progress)
        allocation = split_segments(inner, tables.workers)
    else:
        allocation = _solve_whole(scenario, tables, backend, blocks, progress)
    prov = allocation.provenance
    prov.scenario = scenario.name
    prov.inputs = _input_hashes(tables)
    prov.versions = dict(_versions())
    prov.objective = scenario.policy.objective
    return allocation


def _solve_whole(
    scenario: Scenario,
    tables: Tables,
    backend: str,
    blocks: bool | None,
    progress: BlockProgress | None,
) -> Allocation:
    """Build, solve (whole or by independent blocks) and read back, segments as given."""
    settings = scenario.solver
    use_highs = backend == "highs" or (backend == "auto" and settings.name == "highs")
    t0 = time.perf_counter()
    f = build_staged(scenario, tables)
    build_s = time.perf_counter() - t0
    parts = blocks_to_solve(f, blocks) if use_highs else None
    if parts:
        raw = solve_in_blocks(f, parts, settings.time_limit, settings.gap, progress=progress)
    else:
        raw = solve_staged(f, use_highs, settings.name, settings.time_limit, settings.gap)
    alloc = extract(f, raw, tables.workers)
    if raw.status is Status.INFEASIBLE:
        alloc.diagnosis = explain_infeasible(replace(f, c=f.stages[0].c, stages=()))
    prov = alloc.provenance
    prov.solver = raw.solver
    prov.rows, prov.columns = f.shape
    prov.integer_workers = f.integer
    prov.build_seconds = build_s
    prov.solve_seconds = raw.solve_seconds
    prov.blocks = len(parts) if parts else 0
    prov.most_even = raw.most_even
    prov.backend = ("highspy-arrays" if use_highs else "pulp") + (
        f", {len(parts)} independent blocks" if parts else ""
    )
    return alloc


@cache
def _versions() -> dict[str, str]:
    return {
        "ucj_opt": __version__,
        "python": platform.python_version(),
        "pulp": pulp.__version__,
        "highspy": metadata.version("highspy"),
    }


def _input_hashes(tables: Tables) -> dict[str, str]:
    return {n: table_hash(getattr(tables, n)) for n in ("regions", "workers", "budgets")}
