"""A results folder stands alone: rebuilt from its snapshot, refused when it was edited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.pipeline.folders import solved_folder
from ucj_opt.cli import main
from ucj_opt.pipeline.results import read_results


def _folder(tmp_path: Path) -> Path:
    source, out = solved_folder(tmp_path)
    shutil.rmtree(source)  # the original tables are gone: only the folder is left
    return out


def test_report_from_a_folder_whose_inputs_moved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _folder(tmp_path)
    results = read_results(out)
    assert int(results.workers["eligible"].sum()) == 1_770  # the conftest's workers
    assert main(["report", str(out), "-o", str(tmp_path / "r.html"), "--lang", "en"]) == 0
    assert "Giri Mukti" in (tmp_path / "r.html").read_text(encoding="utf-8")
    capsys.readouterr()


def test_a_snapshot_edited_after_the_run_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _folder(tmp_path)
    workers = pd.read_parquet(out / "inputs" / "workers.parquet")
    workers["eligible"] = workers["eligible"] * 3
    workers.to_parquet(out / "inputs" / "workers.parquet")
    assert main(["report", str(out), "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert "inputs/workers.parquet changed after the run" in err
    assert not (tmp_path / "r.html").exists()


@pytest.mark.slow
def test_report_rebuilt_from_a_moved_folder_is_the_same_file(tmp_path: Path) -> None:
    import ucj_opt

    study = ucj_opt.load_scenario("scenarios/kabupaten_ppu.yaml", overrides=["one_year"])
    first = tmp_path / "first"
    ucj_opt.run_main_job(study, first, langs=("en", "id"), replications=2)
    moved = tmp_path / "elsewhere" / "moved"
    moved.parent.mkdir()
    shutil.move(first, moved)
    for lang in ("en", "id"):
        rebuilt = tmp_path / f"rebuilt.{lang}.html"
        assert main(["report", str(moved), "-o", str(rebuilt), "--lang", lang]) == 0
        assert rebuilt.read_bytes() == (moved / f"report.{lang}.html").read_bytes()
