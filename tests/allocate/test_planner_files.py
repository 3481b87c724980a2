"""The allocation files a planner opens: names, whole workers within each budget, formats."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from ucj_opt.allocate import solve
from ucj_opt.allocate.writers import write_allocation
from ucj_opt.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def test_whole_workers_never_exceed_a_budget_pool_and_names_sit_beside_codes(
    tmp_path: Path,
) -> None:
    study = load_scenario(ROOT / "scenarios" / "kabupaten_ppu.yaml", overrides=["one_year"])
    allocation = solve(study)
    write_allocation(allocation, tmp_path, ["csv", "xlsx"])
    table = pd.read_csv(tmp_path / "allocation.csv", dtype={"region": str})
    assert (table["enrolled"] == table["enrolled_extreme_poor"] + table["enrolled_other"]).all()
    assert table["enrolled"].dtype.kind == "i"
    # Each desa's APBDes pays for whole workers within its own budget (Rp 201,600 each).
    apbdes = table[table["source"] == "apbdes"].groupby("region")["premiums"].sum()
    amounts = allocation.budgets[allocation.budgets["source"] == "apbdes"].set_index("region")
    assert (apbdes <= amounts.loc[apbdes.index, "amount"] + 1e-6).all()
    # ... and no pool loses a whole worker to rounding.
    lp = allocation.table[allocation.table["source"] == "apbdes"].groupby("region")["enrolled"]
    assert (
        (lp.sum() - table[table["source"] == "apbdes"].groupby("region")["enrolled"].sum()) < 1
    ).all()
    assert table.loc[table["region"] == "64.09.04.2015", "name"].iloc[0] == "Telemow"
    budgets = pd.read_csv(tmp_path / "budgets.csv", dtype={"region": str})
    assert budgets.loc[budgets["region"] == "64", "name"].iloc[0] == "Kalimantan Timur"
    book = load_workbook(tmp_path / "allocation.xlsx")
    sheet = book["allocation"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["region", "name", "segment"]
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=2, column=header.index("premiums") + 1).number_format == '"Rp "#,##0'
    assert sheet.cell(row=2, column=header.index("coverage_rate") + 1).number_format == "0.0%"
    assert sheet.column_dimensions["B"].width >= len("Tanjung Tengah")
    assert "name" in {c.value for c in book["data_dictionary"]["A"]}
