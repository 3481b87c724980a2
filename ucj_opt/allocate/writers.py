"""Writing an Allocation: tables as CSV, XLSX (with a data dictionary) or Parquet, plus a
summary JSON; the LP file for other solvers."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ucj_opt.allocate.backends import to_pulp
from ucj_opt.allocate.formulation import build
from ucj_opt.allocate.result import Allocation
from ucj_opt.errors import UserError
from ucj_opt.io import write_atomic, write_text_atomic
from ucj_opt.scenario.study import Study

__all__ = ["DATA_DICTIONARY", "FORMATS", "summary_json", "write_allocation", "write_lp"]

FORMATS = ("csv", "xlsx", "parquet")

DATA_DICTIONARY = {
    "region": "Kemendagri code of the region the workers live in",
    "segment": "worker segment id (see the scenario's segments)",
    "year": "budget year",
    "source": "budget source paying: apbd_provinsi, apbd_kabkota, apbdes or other",
    "enrolled_extreme_poor": "extreme-poor workers enrolled (workers, may be fractional in an LP)",
    "enrolled_other": "other eligible workers enrolled",
    "enrolled": "all workers enrolled",
    "premiums": "JKK+JKM(+JHT) premiums paid for them in the year (rupiah)",
    "coverage_rate": "enrolled / eligible in this region × segment × year (all sources)",
    "extreme_poor_coverage_rate": "enrolled extreme poor / extreme poor, all sources",
    "amount": "budget pool amount (rupiah per year)",
    "used": "premiums paid from the pool (rupiah)",
    "left": "amount not used (rupiah)",
    "shadow_per_miliar": "objective gained per additional Rp 1 miliar in this pool",
    "rate_holds_from": "lowest pool amount at which the shadow price still holds (rupiah)",
    "rate_holds_to": "highest pool amount at which the shadow price still holds (rupiah)",
    "short": "extreme-poor workers short of the equity floor (soft floor)",
    "name": "name of the region (from the regions table)",
    "reason": "rule that keeps a pool's money unspent: eligible_reached, continuity, "
    "province_share, no_workers, small or other",
    "text_en": "the reason in planner words, English",
    "text_id": "the reason in planner words, Bahasa Indonesia",
}


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def summary_json(allocation: Allocation) -> str:
    """The summary as JSON text (NaN and infinities written as null)."""
    return json.dumps(_clean(allocation.summary().to_dict()), indent=2, sort_keys=False)


def write_allocation(
    allocation: Allocation, folder: str | Path, formats: Sequence[str] = ("csv",)
) -> list[Path]:
    """Write the tables in each format and ``summary.json``; return the paths written."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise UserError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    out = Path(folder)
    tables = {
        "allocation": allocation.table,
        "budgets": allocation.budgets,
        "shortfalls": allocation.shortfalls,
        "unused": allocation.unused,
    }
    written: list[Path] = []
    for fmt in formats:
        if fmt == "xlsx":
            path = out / "allocation.xlsx"
            write_atomic(path, lambda tmp: _xlsx(tmp, tables))
            written.append(path)
            continue
        for name, frame in tables.items():
            path = out / f"{name}.{fmt}"
            write_atomic(path, _writer(frame, fmt))
            written.append(path)
    path = out / "summary.json"
    write_text_atomic(path, summary_json(allocation) + "\n")
    written.append(path)
    return written


def _writer(frame: pd.DataFrame, fmt: str) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        if fmt == "csv":
            frame.to_csv(tmp, index=False)
        else:
            frame.to_parquet(tmp, index=False)

    return write


def _xlsx(tmp: Path, tables: dict[str, pd.DataFrame]) -> None:
    used = {c for frame in tables.values() for c in frame.columns}
    dictionary = pd.DataFrame(
        [{"column": k, "meaning": v} for k, v in DATA_DICTIONARY.items() if k in used]
    )
    with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
        for name, frame in tables.items():
            frame.to_excel(xl, sheet_name=name, index=False)
        dictionary.to_excel(xl, sheet_name="data_dictionary", index=False)


def write_lp(study: Study, path: str | Path) -> Path:
    """Write the study's LP (as built for PuLP) to an LP file for any solver: its rules and
    the first stage's objective (the later stages hold each optimum as a row; see
    :mod:`ucj_opt.allocate.stages`)."""
    prob, _ = to_pulp(build(study.scenario, study.tables))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    prob.writeLP(str(target))
    return target
