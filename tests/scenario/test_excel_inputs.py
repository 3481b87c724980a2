"""Tables as Excel writes them: read when the intent is clear, otherwise the exact fix.

Cases from a planner's session: ';'-separated CSV with decimal commas (Excel in an
Indonesian locale), a workbook with a title row, a column without a header, an amount
typed 1.5, and what ``validate --explain`` echoes.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import BUDGETS_CSV, REGIONS_CSV, SCENARIO_YAML, WORKERS_CSV, write_scenario
from ucj_opt.cli import main
from ucj_opt.errors import ScenarioError
from ucj_opt.scenario import load_scenario


def _excel_locale(text: str) -> str:
    """The CSV as Excel saves it where ',' is the decimal mark."""
    rows = [line.split(",") for line in text.splitlines()]
    local = [
        [row[0], *(c.replace(".", ",") if c.replace(".", "").isdigit() else c for c in row[1:])]
        for row in rows
    ]
    return "\n".join(";".join(row) for row in local) + "\n"


def test_semicolons_and_decimal_commas_are_read(tmp_path: Path) -> None:
    regions = _excel_locale(REGIONS_CSV).replace("4123303", "4.123.303")
    assert "0,0517" in regions and ";" in regions
    path = write_scenario(tmp_path, regions__csv=regions, workers__csv=_excel_locale(WORKERS_CSV))
    study = load_scenario(path)
    (tmp_path / "plain").mkdir()
    reference = load_scenario(write_scenario(tmp_path / "plain"))
    pd.testing.assert_frame_equal(study.tables.regions, reference.tables.regions)
    assert study.tables.regions.loc["64", "poverty_rate"] == 0.0517
    assert study.tables.regions.loc["64", "population"] == 4_123_303
    assert any("';' between columns" in note for note in study.tables.notes)


def test_a_decimal_comma_in_a_comma_file_gets_the_exact_fix(tmp_path: Path) -> None:
    path = write_scenario(tmp_path, regions__csv=REGIONS_CSV.replace(",0.07,", ',"0,07",', 1))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert problem.value == "0,07" and problem.line == 3
    assert "write a decimal point (0.272, not 0,272)" in problem.hint


def test_percent_shares_in_a_table(tmp_path: Path) -> None:
    path = write_scenario(tmp_path, regions__csv=REGIONS_CSV.replace(",0.0517,", ",5.17%,"))
    assert load_scenario(path).tables.regions.loc["64", "poverty_rate"] == pytest.approx(0.0517)


def _xlsx(path: Path, frame: pd.DataFrame, title: bool) -> None:
    with pd.ExcelWriter(path) as writer:
        frame.to_excel(writer, sheet_name="data", index=False, startrow=2 if title else 0)
        if title:
            writer.sheets["data"]["A1"] = "Tabel wilayah Kab. Penajam Paser Utara 2026"


def test_title_row_in_a_workbook_names_the_header_row_then_header_row_reads_it(
    tmp_path: Path,
) -> None:
    frame = pd.read_csv(io.StringIO(REGIONS_CSV), dtype=str)
    _xlsx(tmp_path / "regions.xlsx", frame, title=True)
    yaml = SCENARIO_YAML.replace("  file: regions.csv", "  file: regions.xlsx\n  sheet: data")
    path = write_scenario(tmp_path, scenario__yaml=yaml)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert "on row 3" in problem.message and "header_row: 3" in problem.hint
    assert "Unnamed" not in problem.render()
    path.write_text(yaml.replace("sheet: data", "sheet: data\n  header_row: 3"), encoding="utf-8")
    study = load_scenario(path)
    assert study.tables.regions.loc["64.09.01.2021", "name"] == "Bukit Subur"


def test_title_line_in_a_csv_names_the_header_line(tmp_path: Path) -> None:
    path = write_scenario(tmp_path, regions__csv="Tabel wilayah 2026\n" + REGIONS_CSV)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "header_row: 2" in info.value.problems[0].hint


def test_a_column_without_a_header_is_explained(tmp_path: Path) -> None:
    frame = pd.read_csv(io.StringIO(REGIONS_CSV), dtype=str)
    frame.insert(5, " ", "x")
    frame.columns = [*frame.columns[:5], None]
    with pd.ExcelWriter(tmp_path / "regions.xlsx") as writer:
        frame.to_excel(writer, index=False)
    yaml = SCENARIO_YAML.replace("  file: regions.csv", "  file: regions.xlsx")
    with pytest.raises(ScenarioError) as info:
        load_scenario(write_scenario(tmp_path, scenario__yaml=yaml))
    text = info.value.render()
    assert "column 6 of the regions table has no name" in text
    assert "Unnamed" not in text


def test_a_missing_sheet_lists_the_sheets(tmp_path: Path) -> None:
    frame = pd.read_csv(io.StringIO(REGIONS_CSV), dtype=str)
    _xlsx(tmp_path / "regions.xlsx", frame, title=False)
    yaml = SCENARIO_YAML.replace("  file: regions.csv", "  file: regions.xlsx\n  sheet: wilayah")
    with pytest.raises(ScenarioError) as info:
        load_scenario(write_scenario(tmp_path, scenario__yaml=yaml))
    (problem,) = info.value.problems
    assert "no sheet 'wilayah'" in problem.message and "data" in problem.hint


def test_an_amount_under_rp_1000_is_read_with_a_warning(tmp_path: Path) -> None:
    path = write_scenario(tmp_path, budgets__csv=BUDGETS_CSV.replace("5000000", "1.5"))
    study = load_scenario(path)
    assert study.tables.budgets["amount"].min() == 1.5
    (warning,) = study.tables.warnings
    assert "1.5 was read as Rp 1.50" in warning.message and "1.5 miliar" in warning.hint
    assert warning.line == 5


def test_validate_explain_echoes_how_numbers_were_read(
    small_scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["validate", str(small_scenario), "--explain", "--set", "package.jkm_monthly=Rp 20 ribu"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "package.declared_income: 'Rp 1 juta' read as Rp 1,000,000" in out
    assert "package.jkm_monthly: 'Rp 20 ribu' read as Rp 20,000" in out
    assert "'Rp 20 juta' read as Rp 20,000,000" in out  # a budget row
    assert "regions.poverty_rate: shares from 0.05 to 0.09" in out
