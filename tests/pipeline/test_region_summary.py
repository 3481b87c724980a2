"""``ucj-opt report --region CODE``: one page for one region, figures from the folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.pipeline.folders import solved_folder
from ucj_opt.cli import main
from ucj_opt.pipeline.region_summary import region_content
from ucj_opt.pipeline.results import read_results
from ucj_opt.text.catalogue import localize


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return solved_folder(tmp_path)[1]


def test_a_kecamatan_page_counts_everything_below_it(folder: Path) -> None:
    content = region_content(read_results(folder), "64.09.01")
    assert localize(content.title, "en") == "Penajam (64.09.01)"
    text = " ".join(localize(p, "en") for p in content.summary)
    # the conftest's workers all live in kecamatan 64.09.01: 1,770 eligible, 200 extreme poor
    allocation = pd.read_csv(folder / "allocation" / "allocation.csv", dtype={"region": str})
    enrolled = int(allocation["enrolled"].sum())
    assert f"enrols {enrolled:,} of 1,770 eligible workers" in text
    assert "of its 200 extreme-poor workers" in text
    (section,) = content.sections
    table = section.tables[0].frame
    assert set(table["name"]) == {"Giri Mukti", "Bukit Subur", "Tanjung Tengah"}
    assert table["eligible"].sum() == 1_770


def test_report_region_writes_one_page_and_refuses_an_unknown_code(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "giri.html"
    assert (
        main(["report", str(folder), "--region", "64.09.01.2020", "--lang", "id", "-o", str(page)])
        == 0
    )
    html = page.read_text(encoding="utf-8")
    assert "Giri Mukti (64.09.01.2020)" in html and "Ringkasan satu halaman" in html
    assert main(["report", str(folder), "--region", "53.01"]) == 2
    assert "53.01 is not a region of this results folder" in capsys.readouterr().err


def test_report_lang_both_writes_each_language(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    assert (
        main(["report", str(folder), "--region", "64.09", "--lang", "both", "-o", str(target)]) == 0
    )
    assert '<html lang="en">' in (tmp_path / "page.en.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in (tmp_path / "page.id.html").read_text(encoding="utf-8")


def test_a_region_page_shows_its_path_to_target_and_its_rank(tmp_path: Path) -> None:
    folder = solved_folder(tmp_path, standings=True)[1]
    path = pd.read_csv(folder / "targets" / "path.csv", dtype={"region": str})
    mine = path[path["region"] == "64.09"].sort_values("year")
    content = region_content(read_results(folder), "64.09")
    section = next(s for s in content.sections if localize(s.title, "en") == "Path to target")
    line = localize(section.paragraphs[0], "en")
    last = mine.iloc[-1]
    assert f"{100 * last['coverage']:.2f}% in {int(last['year'])}" in line
    assert f"against a target of {100 * last['target']:.2f}%" in line
    assert ("on target" if last["on_target"] else "short of it") in line
    assert "Rank 1 of 1 in the award standings" in localize(section.paragraphs[1], "en")
    assert "Peringkat 1 dari 1" in localize(section.paragraphs[1], "id")
    assert list(section.tables[0].frame["year"]) == list(mine["year"])
    # a folder without standings (``ucj-opt solve``) has no such section
    (tmp_path / "plain").mkdir()
    plain = region_content(read_results(solved_folder(tmp_path / "plain")[1]), "64.09")
    assert all(localize(s.title, "en") != "Path to target" for s in plain.sections)
