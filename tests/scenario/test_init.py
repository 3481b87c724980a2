"""``ucj-opt init CODE``: a starter scenario on the real regions that validates and solves.

Expected counts come from the decree (Kepmendagri 300.2.2-2138/2025): Kab. Penajam Paser
Utara (64.09) has 4 kecamatan, 30 desa and 24 kelurahan; Nusa Tenggara Timur (53) has 21
kabupaten and 1 kota.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from ucj_opt.cli import main
from ucj_opt.data import national_tables
from ucj_opt.scenario import load_scenario


def test_init_kabupaten_validates_and_solves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ppu"
    assert main(["init", "64.09", "-o", str(folder)]) == 0
    path = folder / "scenario.yaml"
    assert main(["validate", str(path)]) == 0
    study = load_scenario(path)
    regions = study.tables.regions
    assert len(regions) == 1 + 1 + 4 + 54
    assert (regions["level"] == "desa").sum() == 30
    assert (regions["level"] == "kelurahan").sum() == 24
    assert regions.loc["64.09.02.1003", "name"] == "Waru"
    assert study.tables.warnings == ()
    apbdes = study.tables.budgets[study.tables.budgets["source"] == "apbdes"]
    assert set(regions.loc[apbdes["region"], "level"]) == {"desa"}  # no APBDes for a kelurahan
    assert main(["solve", str(path), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "allocation.csv").is_file()
    capsys.readouterr()


def test_init_province_validates_solves_and_keeps_the_province_totals(tmp_path: Path) -> None:
    folder = tmp_path / "ntt"
    assert main(["init", "53", "-o", str(folder)]) == 0
    study = load_scenario(folder / "scenario.yaml")
    regions = study.tables.regions
    assert (regions["level"] == "kabkota").sum() == 22
    assert regions.loc["53.71", "name"] == "Kota Kupang"
    national = national_tables().workers
    ntt = national[national["region"] == "53"]
    assert study.tables.workers["eligible"].sum() == ntt["eligible"].sum()
    assert main(["solve", str(folder / "scenario.yaml"), "-o", str(tmp_path / "out")]) == 0


def test_workbook_is_made_for_excel(tmp_path: Path) -> None:
    assert main(["init", "64.09", "-o", str(tmp_path)]) == 0
    book = load_workbook(tmp_path / "tables.xlsx")
    assert book.sheetnames == ["regions", "workers", "budgets", "sources"]
    regions, workers = book["regions"], book["workers"]
    assert regions.freeze_panes == "B2"
    assert regions["A2"].value == "64" and regions["A2"].number_format == "@"
    assert regions["A1"].comment is not None and "Kemendagri" in regions["A1"].comment.text
    lists = {
        str(v.sqref).split(":")[0]: v.formula1 for v in workers.data_validations.dataValidation
    }
    assert lists["A2"].startswith("regions!$A$2")
    assert "informal" in lists["B2"]
    sources = pd.read_excel(tmp_path / "tables.xlsx", sheet_name="sources")
    assert set(sources["status"]) == {"official", "derived", "assumed"}


@pytest.mark.parametrize(
    ("code", "expected"),
    [("53.99", "nearest: 53.09"), ("64.09.01", "is a kecamatan"), ("x", "not a region code")],
)
def test_init_refuses_what_it_cannot_start_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], code: str, expected: str
) -> None:
    assert main(["init", code, "-o", str(tmp_path / "s")]) == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "s" / "scenario.yaml").exists()


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "64.09", "-o", str(tmp_path)]) == 0
    before = (tmp_path / "scenario.yaml").read_bytes()
    assert main(["init", "53", "-o", str(tmp_path)]) == 2
    assert "already holds" in capsys.readouterr().err
    assert (tmp_path / "scenario.yaml").read_bytes() == before
