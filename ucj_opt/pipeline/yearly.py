"""The projection by region and year as a workbook a planner opens in Excel.

``projection/projection.parquet`` keeps every row; ``by_region.csv`` the means per region,
year and arm. This puts the two arms side by side with the region's name and what
coverage averts, one row per region and year: small even for a national run.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ucj_opt.io import write_atomic

__all__ = ["YEARLY_COLUMNS", "write_yearly_workbook", "yearly_table"]

YEARLY_COLUMNS = {
    "poor_person_years": "poor",
    "extreme_poor_person_years": "extreme_poor",
}
"""Figures of ``by_region.csv`` shown with and without coverage, and averted."""


def yearly_table(by_region: pd.DataFrame, names: pd.Series | None = None) -> pd.DataFrame:
    """One row per region and year: each figure without and with coverage, and averted.

    Examples
    --------
    >>> frame = pd.DataFrame({"region": ["64.09"] * 2, "year": [2026] * 2,
    ...     "arm": ["with", "without"], "poor_person_years": [90.0, 100.0],
    ...     "extreme_poor_person_years": [8.0, 10.0]})
    >>> yearly_table(frame).iloc[0].to_dict()["extreme_poor_averted"]
    2.0
    """
    wide = by_region.pivot_table(
        index=["region", "year"], columns="arm", values=list(YEARLY_COLUMNS), aggfunc="sum"
    )
    out = pd.DataFrame(index=wide.index)
    for column, short in YEARLY_COLUMNS.items():
        out[f"{short}_without"] = wide[(column, "without")]
        out[f"{short}_with"] = wide[(column, "with")]
        out[f"{short}_averted"] = out[f"{short}_without"] - out[f"{short}_with"]
    out = out.reset_index()
    if names is not None:
        out.insert(1, "name", out["region"].map(names).fillna(""))
    return out


def write_yearly_workbook(folder: str | Path) -> Path | None:
    """Write ``projection/by_region_yearly.xlsx`` of a results folder (none without a
    projection); names from the folder's own snapshot of the regions."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    root = Path(folder)
    source = root / "projection" / "by_region.csv"
    if not source.exists():
        return None
    by_region = pd.read_csv(source, dtype={"region": str})
    snapshot = root / "inputs" / "regions.parquet"
    names = pd.read_parquet(snapshot).set_index("code")["name"] if snapshot.exists() else None
    table = yearly_table(by_region, names)
    path = root / "projection" / "by_region_yearly.xlsx"

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            table.to_excel(xl, sheet_name="by_region_yearly", index=False)
            ws = xl.sheets["by_region_yearly"]
            ws.freeze_panes = "C2"
            for j, column in enumerate(table.columns, start=1):
                letter = get_column_letter(j)
                ws.cell(row=1, column=j).font = Font(bold=True)
                fmt = "@" if column == "region" else "#,##0.0" if j > 3 else None
                if fmt:
                    for cell in ws[letter][1:]:
                        cell.number_format = fmt
                width = max([len(str(column)), *(len(str(v)) for v in table[column][:500])])
                ws.column_dimensions[letter].width = min(width + 3, 60)

    write_atomic(path, write)
    return path
