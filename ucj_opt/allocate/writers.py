"""Writing an Allocation: tables as CSV, XLSX (with a data dictionary) or Parquet, plus a
summary JSON; the LP file for other solvers.

The files are for planners: each code has its official name beside it, workers are whole
(rounded so that no group's total exceeds what its budget pays), and the workbook has
column widths, a frozen header, Rupiah and percent formats. ``summary.json`` keeps the LP's
exact totals.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ucj_opt._version import __version__
from ucj_opt.allocate.backends import check_finite
from ucj_opt.allocate.formulation import Formulation, Stage, build
from ucj_opt.allocate.lpfile import write_lp_file
from ucj_opt.allocate.result import Allocation
from ucj_opt.allocate.stages import stage_plan
from ucj_opt.errors import UserError
from ucj_opt.io import write_atomic, write_text_atomic
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.study import Study

__all__ = [
    "DATA_DICTIONARY",
    "FORMATS",
    "lp_header",
    "lp_model",
    "summary_json",
    "write_allocation",
    "write_lp",
]

FORMATS = ("csv", "xlsx", "parquet")

WORKER_COLUMNS = ("enrolled_extreme_poor", "enrolled_other")
"""Columns written as whole workers (``enrolled`` is their sum)."""

DATA_DICTIONARY = {
    "region": "Kemendagri code of the region the workers live in",
    "name": "name of the region: the official one (Kepmendagri 300.2.2-2138/2025); in the "
    "unused sheet, as the regions table gives it",
    "segment": "worker segment id (see the scenario's segments)",
    "year": "budget year",
    "source": "budget source paying: apbd_provinsi, apbd_kabkota, apbdes or other",
    "enrolled_extreme_poor": "extreme-poor workers enrolled (whole workers; the LP's exact "
    "totals are in summary.json)",
    "enrolled_other": "other eligible workers enrolled",
    "enrolled": "all workers enrolled",
    "premiums": "JKK+JKM(+JHT) premiums paid for them in the year (rupiah)",
    "coverage_rate": "enrolled / eligible in this region × segment × year (all sources)",
    "extreme_poor_coverage_rate": "enrolled extreme poor / extreme poor, all sources "
    "(blank where the row has no extreme poor)",
    "amount": "budget pool amount (rupiah per year)",
    "used": "premiums paid from the pool (rupiah)",
    "left": "amount not used (rupiah)",
    "shadow_per_miliar": "objective gained per additional Rp 1 miliar in this pool",
    "rate_holds_from": "lowest pool amount at which the shadow price still holds (rupiah)",
    "rate_holds_to": "highest pool amount at which the shadow price still holds (rupiah; "
    "inf: any larger amount)",
    "later_stage": "where an extra rupiah in this pool protects no more extreme poor: the "
    "first later priority it still improves (poor or vulnerable_workers)",
    "later_per_miliar": "that later priority's gain per additional Rp 1 miliar in this pool "
    "(poor-weighted or all workers)",
    "short": "extreme-poor workers short of the equity floor (soft floor)",
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
        "allocation": _with_names(whole_workers(allocation.table, allocation.budgets)),
        "budgets": _with_names(allocation.budgets),
        "shortfalls": _with_names(allocation.shortfalls),
        "unused": allocation.unused,
    }
    tables = {name: _no_negative_zero(frame) for name, frame in tables.items()}
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


def _largest_remainder(values: np.ndarray, total: int | None = None) -> np.ndarray:
    """Whole numbers adding up to ``total`` (default: the floor of the sum): floors, then
    one more to the largest remainders (ties: first row first). A value a hair under a
    whole number (solver noise) floors to that number; when thousands of them take the
    floors past the total, the ones furthest under give their worker back."""
    floors = np.floor(values + 1e-9)
    whole = int(np.floor(values.sum() + 1e-6)) if total is None else total
    short = min(whole - int(floors.sum()), len(values))
    if short > 0:
        order = np.argsort(-(values - floors), kind="stable")
        floors[order[:short]] += 1
    elif short < 0:
        order = np.argsort(values - floors, kind="stable")
        order = order[floors[order] > 0]
        floors[order[:-short]] -= 1
    return floors


def _pools(table: pd.DataFrame, budgets: pd.DataFrame) -> pd.Series:
    """The budget pool paying each row: the row's own region or its nearest ancestor that
    holds a budget of the row's source and year (APBDes at the desa, APBD kab/kota at the
    kabupaten, or at the province in the national tables)."""
    held = set(zip(budgets["region"].astype(str), budgets["source"], budgets["year"], strict=True))
    region = table["region"].astype(str)
    pool = pd.Series("", index=table.index, dtype=object)
    for cut in (4, 3, 2, 1):
        ancestor = region.str.split(".").str[:cut].str.join(".")
        keys = list(zip(ancestor, table["source"], table["year"], strict=True))
        hit = (pool == "") & pd.Series([k in held for k in keys], index=table.index)
        pool[hit] = ancestor[hit]
    return pool


def _cells_kept_whole(
    frame: pd.DataFrame, extreme: np.ndarray, other: np.ndarray, pool: np.ndarray
) -> np.ndarray:
    """Each row's extreme poor rounded down, then up where that keeps a cell whole: a
    cell (region, segment, year) whose extreme poor the LP pays from several pools (50 =
    20.3 + 29.7) would lose one to the pools' floors (20 + 29); a pool with a spare whole
    worker (its total's floor above its rows' floors) pays it for the extreme poor rather
    than for the others, largest fractions first. The most even split pays most cells
    from several pools: on the PPU scenario over five years, 2,676 of the LP's 2,740
    extreme-poor worker-years were left whole by pool floors alone."""
    whole = np.floor(extreme + 1e-9)
    fraction = extreme - whole
    cell = frame.groupby(["region", "segment", "year"], sort=False).ngroup().to_numpy()
    need = np.floor(np.bincount(cell, weights=extreme) + 1e-6) - np.bincount(cell, weights=whole)
    totals = np.bincount(pool, weights=extreme + other)
    floors = np.bincount(pool, weights=whole + np.floor(other + 1e-9))
    spare = np.floor(totals + 1e-6) - floors
    for i in np.argsort(-fraction, kind="stable"):
        if fraction[i] <= 1e-9:
            break
        if need[cell[i]] > 0 and spare[pool[i]] > 0:
            whole[i] += 1
            need[cell[i]] -= 1
            spare[pool[i]] -= 1
    return whole


def whole_workers(table: pd.DataFrame, budgets: pd.DataFrame | None = None) -> pd.DataFrame:
    """The allocation in whole workers: within each budget pool (source, year and the
    region holding the budget; without ``budgets``, each source and year) the total is the
    floor of the LP's, so no pool pays for more workers than its budget does; premiums
    follow at each row's premium per worker.

    Examples
    --------
    >>> t = pd.DataFrame({"region": ["64.09.01.2020", "64.09.01.2021"],
    ...     "segment": ["farmer", "farmer"], "year": [2026, 2026], "source": ["apbd_kabkota"] * 2,
    ...     "enrolled_extreme_poor": [2.6, 1.7], "enrolled_other": [0.0, 0.0],
    ...     "enrolled": [2.6, 1.7], "premiums": [2.6 * 201600, 1.7 * 201600]})
    >>> whole_workers(t)[["enrolled", "premiums"]].to_numpy().tolist()
    [[2.0, 403200.0], [2.0, 403200.0]]
    """
    if table.empty or not set(WORKER_COLUMNS) <= set(table.columns):
        return table
    frame = table.copy()
    enrolled = frame["enrolled"].to_numpy(dtype=float)
    premiums = frame["premiums"].to_numpy(dtype=float)
    per_worker = np.divide(premiums, enrolled, out=np.zeros_like(premiums), where=enrolled > 1e-9)
    keys = ["year", "source"]
    if budgets is not None and not budgets.empty:
        frame["_pool"] = _pools(frame, budgets)
        keys.append("_pool")
    pool = frame.groupby(keys, sort=False).ngroup().to_numpy()
    extreme = frame["enrolled_extreme_poor"].to_numpy(dtype=float)
    other = frame["enrolled_other"].to_numpy(dtype=float)
    whole_extreme = _cells_kept_whole(frame, extreme, other, pool)
    whole_other = np.zeros_like(other)
    for idx in pd.Series(np.arange(len(pool))).groupby(pool).indices.values():
        # the pool's whole workers first, so that its split between the extreme poor and
        # the others costs no worker; what its others cannot take (each at most its LP
        # value's ceiling) goes to its extreme poor, largest fractions first
        pool_total = int(np.floor(extreme[idx].sum() + other[idx].sum() + 1e-6))
        room = int(np.ceil(other[idx] - 1e-9).sum())
        over = pool_total - int(whole_extreme[idx].sum()) - room
        if over > 0:
            left = extreme[idx] - whole_extreme[idx]
            pick = np.argsort(-left, kind="stable")[:over]
            whole_extreme[idx[pick[left[pick] > 1e-9]]] += 1
        rest = pool_total - int(whole_extreme[idx].sum())
        whole_other[idx] = _largest_remainder(other[idx], rest)
    frame["enrolled_extreme_poor"] = whole_extreme.astype(np.int64)
    frame["enrolled_other"] = whole_other.astype(np.int64)
    frame = frame.drop(columns="_pool", errors="ignore")
    frame["enrolled"] = frame[list(WORKER_COLUMNS)].sum(axis=1).astype(np.int64)
    frame["premiums"] = np.round(frame["enrolled"].to_numpy() * per_worker)
    for column in ("coverage_rate", "extreme_poor_coverage_rate"):
        if column in frame:
            frame[column] = frame[column].round(6)
    return frame


def _no_negative_zero(frame: pd.DataFrame) -> pd.DataFrame:
    """-0.0 (a dual's sign on a zero) written as 0.0: a planner reads "-0" as a loss."""
    floats = frame.select_dtypes("float").columns
    return frame.assign(**{c: frame[c] + 0.0 for c in floats}) if len(floats) else frame


def _with_names(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the official name of each region beside its code."""
    if "region" not in frame.columns or "name" in frame.columns:
        return frame
    from ucj_opt.data.hierarchy import official_name

    codes = frame["region"].astype(str)
    names = {c: official_name(c) or "" for c in codes.unique()}
    out = frame.copy()
    out.insert(list(out.columns).index("region") + 1, "name", codes.map(names))
    return out


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
            _format_sheet(xl.sheets[name], frame)
        dictionary.to_excel(xl, sheet_name="data_dictionary", index=False)
        _format_sheet(xl.sheets["data_dictionary"], dictionary)


_RUPIAH_COLUMNS = ("premiums", "amount", "used", "left", "rate_holds_from", "rate_holds_to")
_PERCENT_COLUMNS = ("coverage_rate", "extreme_poor_coverage_rate")
_WHOLE_COLUMNS = ("enrolled_extreme_poor", "enrolled_other", "enrolled", "short")


def _format_sheet(ws: Any, frame: pd.DataFrame) -> None:
    """Widths from the content, a frozen bold header, Rupiah/percent/whole formats, codes
    as text (Excel would read 32.10 as 32.1)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    for j, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(j)
        ws.cell(row=1, column=j).font = Font(bold=True)
        fmt = (
            '"Rp "#,##0'
            if column in _RUPIAH_COLUMNS
            else "0.0%"
            if column in _PERCENT_COLUMNS
            else "#,##0"
            if column in _WHOLE_COLUMNS
            else "#,##0.00"
            if column == "shadow_per_miliar"
            else "@"
            if column == "region"
            else None
        )
        if fmt is not None:
            for cell in ws[letter][1:]:
                cell.number_format = fmt
        sample = [f"{v:,.0f}" if isinstance(v, float) else str(v) for v in frame[column][:500]]
        longest = max([len(str(column)), *map(len, sample)])
        ws.column_dimensions[letter].width = min(max(longest + 3, 9), 70)


_STAGE_WORDS = {
    "extreme_poor": "maximise extreme-poor worker-years",
    "poor": "maximise poor worker-years (others counted at their region's poor share)",
    "vulnerable_workers": "maximise all worker-years",
    "weighted": "maximise worker-years at the segment weights (others at other_weight)",
    "min_cost": "minimise the premiums paid (rupiah)",
    "min_rate": "maximise the lowest coverage rate of a leaf region in a year (adds a column "
    "m and a row per region x year: enrolled >= m x eligible)",
    "fair_share": "maximise the lowest coverage rate among the regions a pool reaches (adds "
    "a column t per pool x group and a row per region it reaches: rate >= t)",
}


def _stage_names(scenario: Scenario, stages: Sequence[Stage]) -> list[str]:
    """The stages ``build_staged`` plans: those over the model's own columns, then the fair
    stages, whose columns only the staged model has (see ``stage_plan``)."""
    names = [s.name for s in stages]
    policy = scenario.policy
    if "fair_share" in policy.priorities:
        names += ["fair_share"]
    return names


def lp_header(scenario: Scenario, f: Formulation, stages: Sequence[Stage]) -> list[str]:
    """The comment lines at the top of the LP file: what its names, rows and objective
    mean, and what the later stages (not in the file) do."""
    rows, cols = f.shape
    names = _stage_names(scenario, stages)
    first = stages[0]
    objective = f"Objective: stage 1 of {len(names)}, {first.name}: " + _STAGE_WORDS.get(
        first.name, first.name
    )
    if first.sign < 0:
        objective += ", minimised here as its negative"
    if (f.columns["kind"] == "slack").any():
        objective += "; slack columns at the equity floor's penalty"
    later = "; ".join(
        f"{k}. {n}: {_STAGE_WORDS.get(n, n)}" for k, n in enumerate(names[1:], start=2)
    )
    return [
        f"ucj_opt {__version__}, scenario: {scenario.name}; years "
        f"{', '.join(map(str, scenario.horizon.year_list))}; {rows:,} rows x {cols:,} columns.",
        "Columns x_<region>_<segment>_<group>_<year>_<pool>_<j>: workers of a leaf region x "
        "segment enrolled in a year (group 0 extreme poor, 1 other eligible) paid by budget "
        "pool <pool> (its row budget_<pool>_up); slack_<region>__0_<year>__1_<j>: extreme "
        "poor short of the soft equity floor.",
        "Rows: budget (premiums a pool pays <= its amount), cap (workers of a cell <= its "
        "workers, where pools share it), continuity (enrolled last year <= this year), floor "
        "(extreme poor enrolled + slack >= the floor share), province_share (the province "
        "pays at most its share in a kabupaten/kota), coverage (min_cost's target).",
        objective + ".",
        "Later stages (not in this file; ucj-opt solves each with the optima before it "
        f"held): {later or 'none'}. Then, among the last stage's optima, the one with the "
        "least sum of x^2 / (workers x reaches): the most even, and the only one.",
    ]


def lp_model(study: Study) -> tuple[Formulation, list[Stage]]:
    """The LP the file states: the study's rules (unpooled, as built) with the first
    stage's objective, and the stages planned over its columns.

    Examples
    --------
    >>> import ucj_opt
    >>> f, stages = lp_model(ucj_opt.load_scenario("embedded:national"))
    >>> bool((f.c == stages[0].c).all()), stages[0].name
    (True, 'extreme_poor')
    """
    scenario, tables = study.scenario, study.tables
    f = build(scenario, tables)
    stages, _ = stage_plan(f, scenario, tables)
    return replace(f, c=stages[0].c), stages


def write_lp(study: Study, path: str | Path) -> Path:
    """Write the study's LP to an LP file for any solver: its rules and the first stage's
    objective; the header says what the later stages do (see
    :mod:`ucj_opt.allocate.stages`). Written with numpy (:mod:`ucj_opt.allocate.lpfile`):
    seconds at village scale, where building it through PuLP took minutes.

    Raises
    ------
    UserError
        When the model holds NaN or infinite numbers (see ``check_finite``).

    Examples
    --------
    >>> import tempfile
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("embedded:national")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     text = write_lp(study, Path(folder) / "model.lp").read_text()
    >>> text.count("Subject To"), text.splitlines()[-1]
    (1, 'End')
    """
    f, stages = lp_model(study)
    check_finite(f)
    header = lp_header(study.scenario, f, stages)
    target = Path(path)

    def write(tmp: Path) -> None:
        with tmp.open("wb") as out:
            write_lp_file(f, out, header)

    write_atomic(target, write)
    return target
