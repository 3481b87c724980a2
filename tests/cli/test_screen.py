"""What planners see on screen: money in rupiah words, arms in words, no NaN, no exponents."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from ucj_opt.cli import main
from ucj_opt.cli.screen import arm_words, show_money, show_number, show_table
from ucj_opt.pipeline.compare import Comparison
from ucj_opt.pipeline.mc_task import ArmSpec

PPU = "scenarios/kabupaten_ppu.yaml"
EXPONENT = re.compile(r"\d[eE][+-]?\d")


def _planner_text(text: str) -> None:
    assert not EXPONENT.search(text), text
    assert "NaN" not in text and "nan" not in text.split() and "inf" not in text.split()
    assert "ArmSpec" not in text


def test_numbers_and_money_for_people() -> None:
    assert show_money(4.229e10) == "Rp 42.3 billion"
    assert show_money(4.229e10, "id") == "Rp 42,3 miliar"
    assert show_money(-6.406682e09) == "-Rp 6.4 billion"
    assert show_money(float("nan")) == "–"
    assert show_money(float("inf")) == "not defined"
    assert show_money(float("inf"), "id") == "tidak terdefinisi"
    assert show_number(108.6854) == "108.7"
    assert show_number(9295140.3) == "9,295,140"
    assert show_number(0.5508472) == "0.5508"
    assert show_number(3.0) == "3"
    assert show_number(float("nan")) == "–"


def test_arms_in_words() -> None:
    assert arm_words(ArmSpec("optimal")) == "the scenario's optimal allocation (solved once)"
    assert "solved again at each design point" in arm_words(ArmSpec("optimal", resolve=True))
    assert arm_words(ArmSpec("coverage", coverage=0.4)) == "40.0% of eligible workers covered"
    assert arm_words(ArmSpec("table", table_hash="abc"), source="alloc/") == (
        "the saved allocation alloc/"
    )
    assert arm_words(ArmSpec("coverage", coverage=0.4), "id") == "40,0% pekerja layak terlindungi"


def test_tables_show_money_rows_and_columns() -> None:
    outcomes = pd.DataFrame(
        {
            "figure": ["premiums_paid", "poor_person_years_averted", "cost_per_poor_person_year"],
            "a": [4.229e10, 1234.5678, float("inf")],
            "b": [2.0e10, float("nan"), 5.0e7],
            "noise": [0.25, 0.5, float("nan")],
        }
    )
    text = show_table(outcomes, money_rows="figure", share_columns=("noise",))
    _planner_text(text)
    assert "Rp 42.3 billion" in text and "Rp 20.0 billion" in text and "Rp 50.0 million" in text
    assert "1,235" in text and "not defined" in text and "25.0%" in text and "–" in text
    assert "Rp 0" not in text  # a share column is never money


def test_simulate_prints_money_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["simulate", PPU, "-O", "one_year", "--coverage", "40%", "--replications", "1"]
    assert main([*argv, "--years", "1"]) == 0
    out = capsys.readouterr().out
    _planner_text(out)
    assert re.search(r"premiums_paid +Rp [\d.]+ (billion|million)", out), out


def test_compare_prints_money_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    regions = pd.DataFrame(
        {
            "region": ["64", "64.09"],
            "name": ["Kalimantan Timur", "Penajam Paser Utara"],
            "budget_change": [-3.126906e09, 0.0],
            "enrolled_change": [0.0, -3745.0],
            "enrolled_extreme_poor_change": [0.0, -1.0],
        }
    )
    outcomes = pd.DataFrame(
        {
            "figure": ["premiums_paid", "poor_person_years_averted"],
            "a": [4.229e10, 36.05],
            "b": [2.1e10, 20.5],
            "change": [-2.129e10, -15.55],
        }
    )
    settings = pd.DataFrame({"path": ["budget_scale"], "a": [1.0], "b": [0.5]})
    comparison = Comparison(settings, regions, outcomes)
    monkeypatch.setattr("ucj_opt.pipeline.compare.compare", lambda a, b: comparison)
    assert main(["compare", "a", "b"]) == 0
    out = capsys.readouterr().out
    _planner_text(out)
    assert "-Rp 3.1 billion" in out and "-3,745" in out
    assert "Rp 42.3 billion" in out and "-Rp 21.3 billion" in out and "-15.55" in out


def test_montecarlo_prints_the_arm_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["montecarlo", PPU, "-O", "one_year", "--samples", "2", "--replications", "2"]
    assert main([*argv, "--households-per-group", "10", "-o", str(tmp_path / "mc"), "-q"]) == 0
    out = capsys.readouterr().out
    _planner_text(out)
    assert "Compared: the scenario's optimal allocation (solved once)" in out
    assert re.search(r"premiums_paid +-Rp [\d.]+ (billion|million)", out), out
