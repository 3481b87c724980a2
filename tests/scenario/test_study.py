"""The Study: settings and tables that cannot drift apart."""

from __future__ import annotations

from pathlib import Path

import pytest

import ucj_opt
from ucj_opt.cli import build_parser
from ucj_opt.scenario import Study

ROOT = Path(__file__).resolve().parents[2]
PPU = ROOT / "scenarios" / "kabupaten_ppu.yaml"


@pytest.fixture(scope="module")
def ppu() -> Study:
    return ucj_opt.load_scenario(PPU, overrides=["one_year"])


def test_budget_scale_set_on_a_loaded_study_changes_the_solve(ppu: Study) -> None:
    full = ucj_opt.solve(ppu).summary()
    # The reproducer of the issue: a model copy with budget_scale 0 bought Rp 130 million.
    zero = Study(ppu.scenario.model_copy(update={"budget_scale": 0.0}), ppu.read)
    assert ucj_opt.solve(zero).summary().premiums_paid == 0.0
    half = ucj_opt.solve(ppu.with_changes(budget_scale=0.5)).summary()
    assert half.budget_total == pytest.approx(full.budget_total / 2)
    assert half.premiums_paid == pytest.approx(full.premiums_paid / 2, rel=1e-9)


def test_with_changes_validates_like_a_file(ppu: Study) -> None:
    changed = ppu.with_changes("policy.equity_floor.share=30%", **{"policy.continuity": False})
    assert changed.scenario.policy.equity_floor.share == 0.3
    assert changed.scenario.policy.continuity is False
    assert changed.read is ppu.read  # the tables were not read again
    with pytest.raises(ucj_opt.ScenarioError, match="did you mean 'equity_floor'"):
        ppu.with_changes(**{"policy.equity_flor.share": 0.3})


def test_changed_segments_check_the_tables_again(ppu: Study) -> None:
    with pytest.raises(ucj_opt.ScenarioError, match="is not a segment of this scenario"):
        ppu.with_changes(segments=[{"id": "farmer"}])


def test_horizon_change_rederives_budget_years(ppu: Study) -> None:
    years = sorted(set(ppu.read.budgets["year"]))
    assert set(ppu.tables.budgets["year"]) == {years[0]}
    longer = ppu.with_changes(**{"horizon.years": len(years)})
    assert sorted(set(longer.tables.budgets["year"])) == years
    assert not longer.tables.notes


def test_a_bad_scenario_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="objectve"):
        ucj_opt.load_scenario(PPU, sets=["policy.objectve=min_cost"])


def test_reprs_are_short(ppu: Study) -> None:
    allocation = ucj_opt.solve(ppu)
    for obj in (ppu, allocation, ppu.tables):
        text = repr(obj)
        assert len(text) < 300 and "\n" not in text, text
    assert repr(ppu).startswith("Study('Kab. Penajam Paser Utara")
    assert "<table>" in ppu._repr_html_() and "<table>" in allocation._repr_html_()


def test_a_command_that_cannot_import_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ucj_opt.cli._COMMANDS", ("scenario_cmds", "cmd_no_such_command"))
    with pytest.raises(ModuleNotFoundError, match="cmd_no_such_command"):
        build_parser()
