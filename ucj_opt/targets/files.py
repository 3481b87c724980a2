"""The ``targets/`` folder of results: the path to target and the award standings as
CSV and one XLSX workbook, with ``targets.json`` saying how they were computed.

The report reads this folder; :func:`standings` computes everything it holds from a
study and an allocation table, so ``run`` and ``award`` write the same files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ucj_opt.data.targets import NATIONAL_TARGETS, UCJ_ACHIEVEMENT
from ucj_opt.io import write_atomic, write_text_atomic
from ucj_opt.scenario.study import Study
from ucj_opt.targets.award import award_standings
from ucj_opt.targets.path import baseline, coverage_path

__all__ = ["Standings", "read_standings", "standings", "write_standings"]


@dataclass(frozen=True, eq=False)
class Standings:
    """The path to target and the award table of one allocation."""

    path: pd.DataFrame
    award: pd.DataFrame
    weights: dict[str, float]
    notes: dict[str, str | float]
    """How the workforce and the covered workers were obtained (:class:`Baseline`)."""


def standings(study: Study, allocation: pd.DataFrame) -> Standings:
    """The path to target and the award standings of ``allocation``.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("scenarios/kabupaten_ppu.yaml", overrides=["one_year"])
    >>> result = standings(study, ucj_opt.solve(study).table)
    >>> list(result.award["region"]), sorted(set(result.path["region"]))
    (['64.09'], ['64.09', 'all'])
    """
    scenario, tables = study.scenario, study.tables
    path = coverage_path(scenario, tables, allocation)
    award = award_standings(scenario, tables, allocation, path)
    weights = {str(c.id): float(c.weight) for c in scenario.award.criteria}
    notes = baseline(scenario, tables).notes | {
        "national": "given" if scenario.targets.national is not None else "published"
    }
    return Standings(path, award, weights, notes)


def _xlsx(tmp: Path, sheets: dict[str, pd.DataFrame]) -> None:
    from openpyxl.styles import Font

    with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name, index=False)
            ws = xl.sheets[name]
            ws.freeze_panes = "A2"
            for j, column in enumerate(frame.columns, start=1):
                ws.cell(row=1, column=j).font = Font(bold=True)
                letter = ws.cell(row=1, column=j).column_letter
                fmt = (
                    "0.0%"
                    if column in ("coverage", "target", "share", "extreme_poor_coverage")
                    else "@"
                    if column == "region"
                    else '"Rp "#,##0'
                    if column == "own_budget_effort"
                    else "#,##0"
                    if column in ("workforce", "covered_before", "enrolled")
                    else None
                )
                if fmt is not None:
                    for cell in ws[letter][1:]:
                        cell.number_format = fmt
                width = max([len(str(column)), *(len(str(v)) for v in frame[column][:200])])
                ws.column_dimensions[letter].width = min(max(width + 2, 9), 60)


def _published() -> pd.DataFrame:
    rows: list[dict[str, Any]] = [
        {"year": p.year, "share": p.share, "what": f"target, {p.document}", "source": p.source}
        for p in NATIONAL_TARGETS
    ]
    rows.append(
        {
            "year": 2025,
            "share": UCJ_ACHIEVEMENT[0],
            "what": "UCJ achievement, April 2025 (no province at target)",
            "source": "Kemendagri (REFERENCE §4)",
        }
    )
    rows.append(
        {
            "year": 2025,
            "share": UCJ_ACHIEVEMENT[1],
            "what": "UCJ target 2025",
            "source": "Kemendagri (REFERENCE §4)",
        }
    )
    return pd.DataFrame(rows)


def write_standings(result: Standings, folder: str | Path) -> list[Path]:
    """Write ``path.csv``, ``award.csv``, ``targets.xlsx`` and ``targets.json`` into
    ``folder``; return the paths written."""
    root = Path(folder)
    written = []
    for name, frame in (("path", result.path), ("award", result.award)):
        path = root / f"{name}.csv"
        write_text_atomic(path, frame.to_csv(index=False))
        written.append(path)
    sheets = {"path": result.path, "award": result.award, "published": _published()}
    write_atomic(root / "targets.xlsx", lambda tmp: _xlsx(tmp, sheets))
    meta = {"criteria": result.weights, "baseline": result.notes}
    write_text_atomic(root / "targets.json", json.dumps(meta, indent=2) + "\n")
    written += [root / "targets.xlsx", root / "targets.json"]
    return written


def read_standings(folder: str | Path) -> Standings | None:
    """The standings a results folder holds (``targets/``), or None for a run without."""
    root = Path(folder)
    if not (root / "targets.json").exists():
        return None
    meta = json.loads((root / "targets.json").read_text(encoding="utf-8"))
    path = pd.read_csv(root / "path.csv", dtype={"region": str})
    award = pd.read_csv(root / "award.csv", dtype={"region": str})
    return Standings(path, award, dict(meta["criteria"]), dict(meta["baseline"]))
