"""The main job end to end on a small real scenario: files, report, rebuild, frontier."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from ucj_opt.cli import main
from ucj_opt.pipeline.main_job import run_main_job
from ucj_opt.pipeline.report_content import build_report_content
from ucj_opt.pipeline.results import read_results
from ucj_opt.scenario import load_scenario


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import write_scenario

    folder = tmp_path_factory.mktemp("scenario")
    scenario = load_scenario(
        write_scenario(folder), sets=["simulation.households_per_group=200", "simulation.years=2"]
    )
    out = tmp_path_factory.mktemp("results")
    messages: list[str] = []
    run_main_job(scenario, out, replications=3, frontier_points=5, progress=messages.append)
    assert any("1/4" in m for m in messages) and any("4/4" in m for m in messages)
    return out


PREMIUM = 12 * 16_800.0
"""Rp 201,600 per worker-year: the minimum package (REFERENCE §2)."""
BUDGET = 20e6 + 100e6 + 5e6 + 5e6
"""The small scenario's budgets (tests/conftest.py)."""


def test_main_job_gets_the_hand_computed_allocation(results_dir: Path) -> None:
    """Rp 130 juta buys 130e6 / 201,600 = 644.8 worker-years; the 200 extreme-poor workers
    cost Rp 40.32 juta, so all of them are protected first, and every rupiah is spent
    (the APBDes lines pay for their own desa, which have enough workers)."""
    summary = json.loads((results_dir / "allocation" / "summary.json").read_text())
    assert summary["budget_total"] == pytest.approx(BUDGET)
    assert summary["premiums_paid"] == pytest.approx(BUDGET, rel=1e-9)
    assert summary["enrolled_total"] == pytest.approx(BUDGET / PREMIUM, rel=1e-9)
    assert summary["enrolled_extreme_poor"] == pytest.approx(200.0, rel=1e-9)
    run = json.loads((results_dir / "run.json").read_text())
    assert run["replications"] == 3
    for name in [
        "allocation/allocation.xlsx",
        "projection/projection.parquet",
        "inputs/workers.parquet",
        "inputs/hashes.json",
        "projection/by_region_yearly.xlsx",
        "report.en.html",
        "report.id.html",
    ]:
        assert (results_dir / name).is_file(), name


def test_yearly_workbook_has_names_and_what_coverage_averts(results_dir: Path) -> None:
    yearly = pd.read_excel(
        results_dir / "projection" / "by_region_yearly.xlsx", dtype={"region": str}
    )
    by_region = pd.read_csv(results_dir / "projection" / "by_region.csv", dtype={"region": str})
    assert len(yearly) == len(by_region) // 2  # one row per region and year, both arms beside
    assert "Giri Mukti" in set(yearly["name"])
    assert (
        yearly["extreme_poor_without"]
        - yearly["extreme_poor_with"]
        - yearly["extreme_poor_averted"]
    ).abs().max() < 1e-9


def test_projection_pays_the_premiums_the_allocation_bought(results_dir: Path) -> None:
    """Each year the covered workers cost what the allocation paid (continuity keeps them
    enrolled in the second year): 2 × Rp 130 juta, up to rounding of whole simulated
    workers and the deaths that stop premiums."""
    reps = pd.read_csv(results_dir / "projection" / "replications.csv")
    assert reps["premiums_paid"].mean() == pytest.approx(2 * BUDGET, rel=0.05)
    assert (reps["premiums_paid"] <= 2 * BUDGET * 1.01).all()


def test_reports_are_self_contained_and_in_their_language(results_dir: Path) -> None:
    en = (results_dir / "report.en.html").read_text(encoding="utf-8")
    id_ = (results_dir / "report.id.html").read_text(encoding="utf-8")
    assert "Allocation" in en and "Alokasi" in id_
    assert "Poverty projection" in en and "Proyeksi kemiskinan" in id_
    for html in (en, id_):
        assert "://" not in html
        assert html.count("data:image/png;base64,") >= 5
    assert "juta" in id_ and "million" not in id_
    assert "million" in en and "juta" not in en


def test_frontier_never_protects_fewer_with_more_budget(results_dir: Path) -> None:
    frontier = pd.read_csv(results_dir / "frontier.csv")
    frontier = frontier.sort_values("total_budget")
    assert frontier["total_budget"].iloc[0] == 0
    assert (frontier["protected"].diff().dropna() >= -1e-6).all()


def test_report_command_rebuilds_from_files(results_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "rebuilt.html"
    assert main(["report", str(results_dir), "-o", str(target), "--lang", "id"]) == 0
    assert "Ringkasan" in target.read_text(encoding="utf-8")


def test_report_content_matches_the_allocation(results_dir: Path) -> None:
    results = read_results(results_dir)
    content = build_report_content(results)
    protected = next(k for k in content.key_figures if "worker-years" in str(k.label))
    # whole workers, as allocation.csv adds up: the LP's 200.0, split evenly between the
    # budget pools, whole again once each cell keeps its whole extreme poor (pools' floors
    # alone gave 198); summary.json keeps the LP's exact total
    assert protected.value == results.allocation["enrolled_extreme_poor"].sum()
    assert protected.value == 200
    assert results.allocation_summary.enrolled_extreme_poor == pytest.approx(200.0)
    en = (results_dir / "report.en.html").read_text(encoding="utf-8")
    # whole workers: each budget pool pays the floor of its LP workers, whichever of the
    # LP's equally good splits between extreme poor and others it has (644.8 in the LP:
    # APBD kab 496.03 → 496, APBD provinsi 99.21 → 99, two APBDes of 24.80 → 24 + 24)
    assert "enrol 643 of 1,770 eligible workers (36.3%)" in en
    assert "Among the households that were extreme poor at the start" in en


def test_report_on_a_folder_without_results_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path)]) == 2
    assert "summary.json is missing" in capsys.readouterr().err


def test_main_job_writes_targets_award_and_need(results_dir: Path) -> None:
    """The small scenario's one kabupaten: coverage of its workforce (190,000 people ×
    0.5115 employed each, 35.68% covered before) plus the allocation's enrolment, against
    the RKP 2026 target; the standings and the budget needed are in the report."""
    path = pd.read_csv(results_dir / "targets" / "path.csv", dtype={"region": str})
    row = path[path["region"] == "64.09"].iloc[0]
    workforce = 190_000 * 145_770_000 / 284_973_643
    assert row["workforce"] == round(workforce)
    enrolled = json.loads((results_dir / "allocation" / "summary.json").read_text())
    assert row["enrolled"] == pytest.approx(enrolled["enrolled_total"], rel=1e-9)
    assert row["coverage"] == pytest.approx((0.3568 * workforce + row["enrolled"]) / workforce)
    assert row["target"] == 0.3499
    need = json.loads((results_dir / "need" / "need.json").read_text())
    assert need["target"] == "extreme_poor" and need["new_money"] == pytest.approx(0.0, abs=1)
    assert (results_dir / "targets" / "award.csv").is_file()
    en = (results_dir / "report.en.html").read_text(encoding="utf-8")
    idn = (results_dir / "report.id.html").read_text(encoding="utf-8")
    assert "Targets and standings" in en and "this tool&#x27;s proposal" in en
    assert "Target dan peringkat" in idn and "usulan alat ini" in idn
    assert "Budget needed" in en and "Anggaran yang dibutuhkan" in idn


def test_run_speaks_the_report_s_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`run --lang id`: the progress lines and the closing lines are Indonesian, numbers
    in Indonesian format; with both languages they stay English."""
    from tests.conftest import write_scenario

    scenario = write_scenario(tmp_path)
    small = ["--set", "simulation.households_per_group=100", "--set", "simulation.years=1"]
    args = ["run", str(scenario), *small, "--replications", "2", "-o", str(tmp_path / "out")]
    assert main([*args, "--lang", "id"]) == 0
    captured = capsys.readouterr()
    for line in (
        "1/4 menyelesaikan alokasi",
        "pekerja-tahun miskin ekstrem terlindungi",
        "titik 1/9: anggaran × 0,00",
        "replikasi 1",
        "4/4 menulis laporan",
    ):
        assert line in captured.err
    assert "hasil di " in captured.out and "laporan: " in captured.out
    assert "solving" not in captured.err and "replication" not in captured.err
    assert main([*args, "--lang", "both"]) == 0
    assert "1/4 solving the allocation" in capsys.readouterr().err
