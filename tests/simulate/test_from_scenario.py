"""The scenario adapter, ``simulate()`` and the ``simulate`` command, on real files."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ucj_opt.cli import cmd_simulate
from ucj_opt.errors import UserError
from ucj_opt.projection.inputs import AllocationError, build_inputs, premium_monthly
from ucj_opt.projection.projection import simulate
from ucj_opt.scenario import load_scenario
from ucj_opt.scenario.simulation import SimulationSettings


@pytest.fixture(scope="module")
def national() -> object:
    return load_scenario("embedded:national")


def test_inputs_from_a_coverage_rate(national: object) -> None:
    inp = build_inputs(national, 0.4, years=2, workers_per_group=50)
    workers = national.tables.workers  # type: ignore[attr-defined]
    assert inp.n_groups == int((workers["eligible"] > 0).sum())
    np.testing.assert_allclose((inp.n_workers * inp.weight).sum(), workers["eligible"].sum())
    assert inp.months == 24
    assert np.all(inp.coverage == 0.4)
    assert np.all(inp.extreme_rate < inp.poverty_rate)
    assert inp.institutions.premium_monthly == pytest.approx(16_800.0)


def test_premium_follows_the_package(national: object) -> None:
    package = national.scenario.package.model_copy(update={"declared_income": 2e6, "jht": True})  # type: ignore[attr-defined]
    assert premium_monthly(package) == pytest.approx(0.01 * 2e6 + 6_800 + 0.02 * 2e6)


def test_inputs_from_an_allocation_table(national: object) -> None:
    workers = national.tables.workers  # type: ignore[attr-defined]
    first = workers.iloc[0]
    alloc = pd.DataFrame(
        {
            "region": [first["region"]],
            "segment": [first["segment"]],
            "year": [2026],
            "enrolled": [first["extreme_poor"] + 10],
            "enrolled_extreme_poor": [first["extreme_poor"]],
        }
    )
    inp = build_inputs(national, alloc, years=2, workers_per_group=50)
    assert inp.coverage_extreme[0, 0] == 1.0
    assert inp.coverage[1, 0] == pytest.approx(10 / (first["eligible"] - first["extreme_poor"]))
    assert inp.coverage[:, 1:].sum() == 0
    with pytest.raises(AllocationError, match="lacks column"):
        build_inputs(national, alloc.drop(columns="enrolled"), years=1)
    bad = alloc.assign(region="99")
    with pytest.raises(AllocationError, match="no matching row"):
        build_inputs(national, bad, years=1)


def test_simulate_same_seed_same_bytes(national: object, tmp_path: Path) -> None:
    inp = build_inputs(national, 0.5, years=1, workers_per_group=30)
    a = simulate(national, 0.5, replications=2, seed=5, inputs=inp, engine="vector")
    b = simulate(national, 0.5, replications=2, seed=5, inputs=inp, engine="vector")
    pa, pb = a.write(tmp_path / "a"), b.write(tmp_path / "b")
    for x, y in zip(pa, pb, strict=True):
        assert x.read_bytes() == y.read_bytes()
    assert len(a.table) == 2 * 12 * inp.n_groups * 2
    assert set(a.table["arm"]) == {"with", "without"}
    assert a.summary.loc["premiums_paid", "mean"] > 0


def test_settings_defaults_cite_sources() -> None:
    s = SimulationSettings()
    assert "REFERENCE §5" in s.poverty_line.source
    assert s.accident_rate["farmer"].low == pytest.approx(0.0033)
    with pytest.raises(ValueError, match="below poverty_line"):
        SimulationSettings(extreme_line={"value": 7e5, "unit": "rupiah"})


def _args(**kw: object) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    cmd_simulate.add_parser(sub)
    argv = ["simulate", "embedded:national"]
    for k, v in kw.items():
        argv += [f"--{k}", str(v)]
    return parser.parse_args(argv)


def test_cli_needs_coverage_or_allocation() -> None:
    with pytest.raises(UserError, match="either --allocation"):
        cmd_simulate.run(_args())
    with pytest.raises(UserError, match=r"\[0, 1\]"):
        cmd_simulate.run(_args(coverage=1.5))
    with pytest.raises(UserError, match="no such file"):
        cmd_simulate.run(_args(allocation="/nonexistent-dir-xyz"))


def test_cli_writes_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _args(coverage=0.5, years=1, replications=1, seed=3, output=tmp_path)
    assert cmd_simulate.run(args) == 0
    assert (tmp_path / "summary.csv").exists()
    assert "poor_person_years_averted" in capsys.readouterr().out
