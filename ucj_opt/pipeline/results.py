"""A results folder: the inputs it was computed from, and reading it back.

A folder stands alone: the resolved scenario (``scenario.yaml``) and the tables the
engines used (``inputs/*.parquet``) are written into it, with their SHA-256 hashes
(``inputs/hashes.json``), so a report is rebuilt from the folder only, never from the
original files, which may have moved or changed; a snapshot edited after the run is
refused rather than reported as if the run had used it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml
from pydantic import ValidationError

from ucj_opt.allocate.result import AllocationSummary
from ucj_opt.errors import UserError
from ucj_opt.io import COMPLETE, check_complete, write_atomic, write_text_atomic
from ucj_opt.scenario.dump import scenario_to_yaml
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.study import Study

__all__ = ["HASHES", "INPUT_TABLES", "RunResults", "read_results", "write_inputs"]

HASHES = "inputs/hashes.json"
TAKEN = "inputs/taken.json"
"""The SHA-256 of each snapshot file, relative to the results folder."""

INPUT_TABLES = ("regions", "workers", "budgets")
"""The tables snapshotted into ``inputs/`` (as used: budgets scaled, within the horizon)."""

_CODES = {"region": str}


@dataclass(frozen=True)
class RunResults:
    """Everything a report needs, read from files; nothing is re-solved."""

    folder: Path
    scenario: Scenario | None
    """The resolved scenario the run used (its ``scenario.yaml``; none for a folder
    written by ``solve`` alone)."""
    regions: pd.DataFrame
    """The scenario's regions table (code, name, level, ...), when it could be read."""
    workers: pd.DataFrame
    """The scenario's workers table (region, segment, eligible, extreme_poor)."""
    allocation: pd.DataFrame
    budgets: pd.DataFrame
    shortfalls: pd.DataFrame
    allocation_summary: AllocationSummary
    monthly: pd.DataFrame | None
    """Both arms month by month, every region together, by baseline status."""
    replications: pd.DataFrame | None
    """One row per replication: what coverage averts."""
    frontier: pd.DataFrame | None
    taken: dt.datetime | None = None
    """When the run snapshotted its inputs (none for older folders)."""


def _csv(path: Path, required: bool = True) -> pd.DataFrame | None:
    if not path.exists():
        if required:
            raise UserError(
                f"{path} is missing; is this a folder written by 'ucj-opt run' or 'ucj-opt solve'?"
            )
        return None
    return pd.read_csv(path, dtype=_CODES)


def read_results(folder: str | Path, *, require_complete: bool = True) -> RunResults:
    """Read a results folder; a missing piece is a clear error (or absent if optional).

    A folder is read only when the command that wrote it finished (its ``complete.json``;
    for a folder assembled from ``solve -o DIR/allocation`` and ``simulate -o
    DIR/projection``, theirs), so a killed or failed run is never reported on.
    """
    root = Path(folder)
    if not root.is_dir():
        raise UserError(f"{root} is not a folder of results")
    alloc_dir = root / "allocation" if (root / "allocation").is_dir() else root
    base = root if (root / "scenario.yaml").exists() else alloc_dir  # solve -o DIR/allocation
    _check_snapshot(base)
    scenario = _scenario(base / "scenario.yaml")
    summary_file = alloc_dir / "summary.json"
    if not summary_file.exists():
        raise UserError(f"{summary_file} is missing; run 'ucj-opt run' or 'ucj-opt solve' first")
    if require_complete:
        _check_finished(root)
    proj_dir = root / "projection"
    regions, workers = _tables(base)
    allocation = _csv(alloc_dir / "allocation.csv")
    budgets = _csv(alloc_dir / "budgets.csv")
    shortfalls = _csv(alloc_dir / "shortfalls.csv", required=False)
    assert allocation is not None and budgets is not None
    return RunResults(
        folder=root,
        scenario=scenario,
        regions=regions,
        workers=workers,
        allocation=allocation,
        budgets=budgets,
        shortfalls=shortfalls if shortfalls is not None else pd.DataFrame(),
        allocation_summary=AllocationSummary.from_dict(
            json.loads(summary_file.read_text(encoding="utf-8"))
        ),
        monthly=_csv(proj_dir / "monthly.csv", required=False),
        replications=_csv(proj_dir / "replications.csv", required=False),
        frontier=_csv(root / "frontier.csv", required=False),
        taken=_taken(base),
    )


def _check_finished(root: Path) -> None:
    if (root / COMPLETE).exists() or not (root / "allocation").is_dir():
        check_complete(root)
        return
    check_complete(root / "allocation")  # assembled from solve and simulate
    if (root / "projection").is_dir():
        check_complete(root / "projection")


def _scenario(path: Path) -> Scenario | None:
    if not path.exists():
        return None
    try:
        return Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise UserError(
            f"{path} is not the resolved scenario ucj-opt wrote ({type(exc).__name__}); "
            "run the job again rather than editing a results folder"
        ) from None


def write_inputs(study: Study, folder: str | Path) -> None:
    """Snapshot the resolved scenario and the tables the engines use into ``folder``."""
    root = Path(folder)
    write_text_atomic(root / "scenario.yaml", scenario_to_yaml(study.scenario))
    files = ["scenario.yaml"]
    for name in INPUT_TABLES:
        frame: pd.DataFrame = getattr(study.tables, name)
        if name == "regions":
            frame = frame.reset_index()
        write_atomic(root / "inputs" / f"{name}.parquet", frame.to_parquet)
        files.append(f"inputs/{name}.parquet")
    hashes = {f: _sha256(root / f) for f in files}
    write_text_atomic(root / HASHES, json.dumps(hashes, indent=2) + "\n")
    taken = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    write_text_atomic(root / TAKEN, json.dumps({"taken": taken}) + "\n")


def _taken(root: Path) -> dt.datetime | None:
    """When the run snapshotted its inputs: the report's date, so a report rebuilt from
    the folder is the same file as the one the run wrote."""
    try:
        return dt.datetime.fromisoformat(json.loads((root / TAKEN).read_text())["taken"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_snapshot(root: Path) -> None:
    """Refuse a folder whose snapshot no longer matches the hashes written with it."""
    path = root / HASHES
    if not path.exists():
        return  # written by 'ucj-opt solve' alone, or before snapshots had hashes
    try:
        hashes = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UserError(f"{path} cannot be read; run the job again") from None
    changed = [
        name
        for name, digest in hashes.items()
        if not (root / name).is_file() or _sha256(root / name) != digest
    ]
    if changed:
        raise UserError(
            f"{root}: {', '.join(changed)} changed after the run (the hashes in {HASHES} "
            "no longer match), so a report would not describe the run; run the job again "
            "instead of editing a results folder"
        )


def _tables(root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The regions and workers tables the run used, from its ``inputs/`` snapshot."""
    folder = root / "inputs"
    if not folder.is_dir():
        return (
            pd.DataFrame(columns=["name"], index=pd.Index([], dtype=object, name="code")),
            pd.DataFrame(columns=["region", "segment", "eligible", "extreme_poor"]),
        )
    regions = pd.read_parquet(folder / "regions.parquet").set_index("code")
    workers = pd.read_parquet(folder / "workers.parquet")
    return regions, workers
