"""The report and the command line in planner words of one language: no code names
(``extreme_poor``, ``apbd_kabkota``), no English beside Indonesian, numbers written the
language's way."""

from __future__ import annotations

from pathlib import Path

import pytest

from ucj_opt.cli import main
from ucj_opt.pipeline.report_content import build_report_content
from ucj_opt.pipeline.results import RunResults, read_results
from ucj_opt.report import Section
from ucj_opt.text.catalogue import localize

ROOT = Path(__file__).resolve().parents[2]
PPU = str(ROOT / "scenarios" / "kabupaten_ppu.yaml")
STAGE_CODES = ("extreme_poor", "vulnerable_workers", "fair_share", "fair_split")


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> RunResults:
    out = tmp_path_factory.mktemp("words") / "alloc"
    assert main(["solve", PPU, "-o", str(out)]) == 0
    return read_results(out)


def _section(results: RunResults, key: str) -> Section:
    from ucj_opt.text import both

    title = both(key)
    content = build_report_content(results)
    return next(s for s in content.sections if s.title == title)


def test_stages_are_named_in_planner_words(solved: RunResults) -> None:
    section = _section(solved, "rc_stages_unused")
    stages = [
        localize(p, "id") for p in section.paragraphs if localize(p, "id").startswith("Tahap")
    ]
    assert stages[0].startswith("Tahap 1, pekerja miskin ekstrem: 2.740,0 pekerja-tahun")
    english = [localize(p, "en") for p in section.paragraphs]
    assert english[0].startswith("Stage 1, extreme-poor workers: 2,740.0 extreme-poor")
    for line in stages + english:
        assert not any(code in line for code in STAGE_CODES), line


def test_solve_speaks_indonesian_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", PPU, "--lang", "id"]) == 0
    out = capsys.readouterr().out
    for english in ("status  ", "premiums", "objective", "worker-years", "rows", "stage "):
        assert english not in out, english
    assert not any(code in out for code in STAGE_CODES)
    assert "iuran           Rp 23.497.757.000 dari Rp 23.497.757.000" in out
    assert "nilai tujuan    2.740,00" in out
    assert "tahap 1         pekerja miskin ekstrem: 2.740,00 pekerja-tahun miskin ekstrem" in out
    assert main(["solve", PPU]) == 0
    out = capsys.readouterr().out
    assert "status        optimal" in out
    assert "premiums      Rp 23,497,757,000 of Rp 23,497,757,000" in out
    assert "stage 1       extreme-poor workers: 2,740.00 extreme-poor worker-years" in out
