"""The main job's targets, award standings and budget needed (``targets/``, ``need/``).

Computed from the study and the allocation just solved, written before the report is
built, so the report reads them from the folder like every other result.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ucj_opt.errors import ScenarioError, UserError
from ucj_opt.io import write_text_atomic
from ucj_opt.scenario.study import Study

__all__ = [
    "NEED_MAX_LEAVES",
    "NEED_TARGET",
    "SKIPPED",
    "WORKFORCE_TARGET",
    "write_run_standings",
]

SKIPPED = "skipped.json"
"""Written in ``targets/`` instead of the tables when the regions' workforce cannot hold
their covered and eligible workers (derived figures only; given ones fail at load)."""

NEED_TARGET = "extreme_poor"
"""The target the main job prices first: every extreme-poor worker, every year."""

NEED_MAX_LEAVES = 1_000
"""Above this many regions holding workers the main job skips the budget needed: measured
at 4,193 desa (5% of the village scale), the two need solves took 18.7 s and 44.5 s
against 1.9 s for the allocation, and over 15 minutes at 25%."""

WORKFORCE_TARGET = "workforce"
"""The second: every regional government at its coverage target (a share of its
workforce), every year."""


def write_run_standings(study: Study, allocation: pd.DataFrame, folder: str | Path) -> None:
    """Write ``targets/`` (path to target, award standings; :data:`SKIPPED` with the
    reasons when the baseline is inconsistent) and ``need/`` (the least budget that
    protects every extreme-poor worker, ``need.*``, and that brings every regional
    government to its coverage target, ``workforce.*``;
    :func:`~ucj_opt.allocate.need.budget_need`) into a results folder being built.

    Examples
    --------
    >>> import tempfile, ucj_opt
    >>> from pathlib import Path
    >>> study = ucj_opt.load_scenario("scenarios/kabupaten_ppu.yaml", overrides=["one_year"])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_run_standings(study, ucj_opt.solve(study).table, tmp)
    ...     sorted(p.name for p in Path(tmp).rglob("*.*"))
    ['award.csv', 'need.csv', 'need.json', 'path.csv', 'targets.json', 'targets.xlsx',
     'workforce.csv', 'workforce.json']
    """
    from ucj_opt.targets.files import standings, write_standings

    root = Path(folder)
    try:
        write_standings(standings(study, allocation), root / "targets")
    except ScenarioError as exc:  # the derived workforce cannot hold the workers: say so
        skipped = {"problems": [p.message for p in exc.problems]}
        write_text_atomic(root / "targets" / SKIPPED, json.dumps(skipped, indent=2) + "\n")
    leaves = int(study.tables.workers["region"].nunique())
    for stem, target in (("need", NEED_TARGET), ("workforce", WORKFORCE_TARGET)):
        if leaves > NEED_MAX_LEAVES:  # minutes at village scale: 'ucj-opt need' on its own
            skip: dict[str, object] = {"target": target, "status": "skipped", "leaves": leaves}
            write_text_atomic(root / "need" / f"{stem}.json", json.dumps(skip) + "\n")
        else:
            _write_need(study, root / "need", stem, target)


def _write_need(study: Study, folder: Path, stem: str, target: str) -> None:
    """``<stem>.csv`` and ``<stem>.json``; a target out of reach under the rules is
    recorded with its reason, for the report to say (not a failed run)."""
    from ucj_opt.allocate.need import budget_need

    try:
        need = budget_need(study, target)
    except UserError as exc:
        totals: dict[str, object] = {"target": target, "status": "infeasible", "reason": str(exc)}
        write_text_atomic(folder / f"{stem}.json", json.dumps(totals, indent=2) + "\n")
        return
    write_text_atomic(folder / f"{stem}.csv", need.table.to_csv(index=False))
    totals = {
        "target": need.target,
        "status": need.status.value,
        "needed": need.total_needed,
        "today": need.total_today,
        "new_money": need.total_gap,
    }
    write_text_atomic(folder / f"{stem}.json", json.dumps(totals, indent=2) + "\n")
