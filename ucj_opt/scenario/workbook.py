"""The planner's workbook: regions, workers and budgets sheets that Excel keeps intact.

One header row (row 1) with each column's unit in a cell comment, so the loader reads the
sheets as they are; codes stored as text (Excel would turn ``32.10`` into ``32.1``); lists
of choices (codes known in the regions sheet, segments, budget sources) as data
validation; frozen header; column widths; and a ``sources`` sheet saying where each
figure came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ucj_opt.scenario.model import BUDGET_SOURCES

if TYPE_CHECKING:
    from ucj_opt.scenario.starter import Starter

__all__ = ["COLUMN_NOTES", "write_workbook"]

COLUMN_NOTES: dict[str, str] = {
    "code": "Kemendagri code as text: 64, 64.09, 64.09.01, 64.09.01.2020",
    "name": "official name (Kepmendagri 300.2.2-2138/2025); may be left blank",
    "population": "persons",
    "poverty_rate": "share of persons below the poverty line, 0-1 (e.g. 0.0517 or 5.17%)",
    "extreme_poverty_rate": "share of persons in extreme poverty, 0-1",
    "region": "Kemendagri code as text, one of the regions sheet",
    "segment": "worker segment: " + ", ".join(("farmer", "fisher", "informal", "other")),
    "eligible": "workers without coverage who may be enrolled (persons)",
    "extreme_poor": "extreme-poor workers among the eligible (persons)",
    "year": "budget year",
    "source": "paying budget: " + ", ".join(BUDGET_SOURCES),
    "amount": "rupiah a year (a number such as 3000000000, or 'Rp 3 miliar')",
}
"""Each column's unit and meaning, shown as the header cell's comment."""

_TEXT_COLUMNS = ("code", "region", "name", "segment", "source")
_FORMATS = {
    "population": "#,##0",
    "eligible": "#,##0",
    "extreme_poor": "#,##0",
    "amount": '"Rp "#,##0',
    "poverty_rate": "0.00%",
    "extreme_poverty_rate": "0.00%",
    "year": "0",
}


def _sheet(workbook: object, title: str, frame: pd.DataFrame) -> object:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = workbook.create_sheet(title)  # type: ignore[attr-defined]
    ws.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        ws.append([v.item() if hasattr(v, "item") else v for v in record])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for j, column in enumerate(frame.columns, start=1):
        head = ws.cell(row=1, column=j)
        head.font, head.fill = bold, fill
        if column in COLUMN_NOTES:
            head.comment = Comment(COLUMN_NOTES[column], "ucj-opt")
        letter = get_column_letter(j)
        fmt = "@" if column in _TEXT_COLUMNS else _FORMATS.get(str(column))
        if fmt:
            for cell in ws[letter][1:]:
                cell.number_format = fmt
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(2000))])
        ws.column_dimensions[letter].width = min(max(longest + 2, 10), 60)
    ws.freeze_panes = "B2" if title != "sources" else "A2"
    return ws


def _choices(ws: object, column: int, formula: str, rows: int, what: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    check = DataValidation(type="list", formula1=formula, allow_blank=False)
    check.error = f"choose one of the {what}"
    check.errorTitle = "ucj-opt"
    check.showErrorMessage = True
    letter = get_column_letter(column)
    check.add(f"{letter}2:{letter}{max(rows, 1) + 1000}")  # room for rows the planner adds
    ws.add_data_validation(check)  # type: ignore[attr-defined]


def write_workbook(path: Path, starter: Starter) -> None:
    """Write the starter's tables as an XLSX workbook (atomically)."""
    from openpyxl import Workbook

    from ucj_opt.io import write_atomic

    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    _sheet(workbook, "regions", starter.regions)
    workers = _sheet(workbook, "workers", starter.workers)
    budgets = _sheet(workbook, "budgets", starter.budgets)
    _sheet(workbook, "sources", starter.sources)
    codes = f"regions!$A$2:$A${len(starter.regions) + 1000}"
    _choices(workers, 1, codes, len(starter.workers), "codes of the regions sheet")
    _choices(workers, 2, '"farmer,fisher,informal,other"', len(starter.workers), "segments")
    _choices(budgets, 1, codes, len(starter.budgets), "codes of the regions sheet")
    _choices(budgets, 3, f'"{",".join(BUDGET_SOURCES)}"', len(starter.budgets), "sources")
    write_atomic(path, workbook.save)
