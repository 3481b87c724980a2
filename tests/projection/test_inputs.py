"""The projection adapter, ``simulate()`` and the ``simulate`` command, on real files."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ucj_opt.cli import cmd_simulate
from ucj_opt.errors import UserError
from ucj_opt.projection import AllocationError, build_inputs, simulate
from ucj_opt.scenario import Study, load_scenario
from ucj_opt.scenario.base import Estimate
from ucj_opt.scenario.premiums import yearly_premium
from ucj_opt.scenario.simulation import SimulationSettings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def national() -> Study:
    return load_scenario("embedded:national", sets=["simulation.baseline=without_shocks"])


def test_inputs_from_a_coverage_rate(national: Study) -> None:
    inp = build_inputs(national, 0.4, years=2, households_per_group=50)
    workers = national.tables.workers
    eligible = inp.stratum < 2
    represented = inp.n_households * inp.weight * inp.workers_per_household
    assert represented[eligible].sum() == pytest.approx(workers["eligible"].sum())
    assert represented[inp.stratum == 0].sum() == pytest.approx(workers["extreme_poor"].sum())
    assert inp.months == 24
    assert np.all(inp.coverage[:, eligible] == 0.4) and np.all(inp.coverage[:, ~eligible] == 0)
    # the minimum package: Rp 16,800 a month (REFERENCE §2)
    assert np.all(inp.premium_monthly[:, eligible] == pytest.approx(16_800.0))


def test_premium_with_jht_uses_the_rp_1_million_floor(national: Study) -> None:
    """REFERENCE §2: Rp 36,800 a month with JHT, even for a declared income below 1m."""
    package = national.scenario.package.model_copy(update={"declared_income": 5e5, "jht": True})
    assert yearly_premium(package, 2026, 2026) / 12 == pytest.approx(36_800.0)
    rich = package.model_copy(update={"declared_income": 2e6})
    assert yearly_premium(rich, 2026, 2026) / 12 == pytest.approx(0.01 * 2e6 + 6_800 + 0.02 * 2e6)


def test_inputs_from_an_allocation_table(national: Study) -> None:
    workers = national.tables.workers
    first = workers.iloc[0]
    alloc = pd.DataFrame(
        {
            "region": [first["region"]],
            "segment": [first["segment"]],
            "year": [2026],
            "enrolled": [first["extreme_poor"] + 10],
            "enrolled_extreme_poor": [first["extreme_poor"]],
            "premiums": [(first["extreme_poor"] + 10) * 150_000.0],
        }
    )
    inp = build_inputs(national, alloc, years=2, households_per_group=50)
    assert inp.coverage[0, 0] == 1.0 and inp.stratum[0] == 0
    assert inp.coverage[1, 1] == pytest.approx(10 / (first["eligible"] - first["extreme_poor"]))
    assert inp.coverage[:, 2:].sum() == 0
    assert inp.premium_monthly[0, 0] == pytest.approx(150_000.0 / 12)
    with pytest.raises(AllocationError, match="lacks column"):
        build_inputs(national, alloc.drop(columns="enrolled"), years=1)
    with pytest.raises(AllocationError, match="no matching row"):
        build_inputs(national, alloc.assign(region="99"), years=1)


@pytest.mark.slow
def test_simulate_same_seed_same_bytes(national: Study, tmp_path: Path) -> None:
    inp = build_inputs(national, 0.5, years=1, households_per_group=30)
    a = simulate(national, 0.5, replications=2, seed=5, inputs=inp, engine="vector")
    b = simulate(national, 0.5, replications=2, seed=5, inputs=inp, engine="vector")
    pa, pb = a.write(tmp_path / "a"), b.write(tmp_path / "b")
    for x, y in zip(pa, pb, strict=True):
        assert x.read_bytes() == y.read_bytes()
    assert len(a.table) == 2 * 1 * inp.n_groups * 4 * 2
    assert set(a.table["arm"]) == {"with", "without"}
    assert a.summary.loc["premiums_paid", "mean"] > 0


def _estimates(model: object, path: str = "simulation") -> list[tuple[str, Estimate]]:
    out = []
    for name in type(model).model_fields:  # type: ignore[attr-defined]
        value = getattr(model, name)
        items = value.items() if isinstance(value, dict) else [("", value)]
        for key, item in items:
            if isinstance(item, Estimate):
                out.append((f"{path}.{name}{'.' + key if key else ''}", item))
    return out


def test_every_default_has_a_source_and_every_assumption_a_range() -> None:
    for path, est in _estimates(SimulationSettings()):
        assert est.source.strip(), path
        lo, hi = est.range
        if est.status == "assumed":
            assert "assumption" in est.source, path
            assert lo < hi or path.endswith("lapse_per_month"), path
        if est.status == "official":
            assert not est.source.startswith("assumption"), path
    with pytest.raises(ValueError, match="below poverty_line"):
        SimulationSettings(extreme_line={"value": 7e5, "unit": "rupiah"})


def _args(**kw: object) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    cmd_simulate.add_parser(sub)
    argv = ["simulate", str(ROOT / "scenarios" / "kabupaten_ppu.yaml")]
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
    args.sets = ["simulation.households_per_group=30"]
    assert cmd_simulate.run(args) == 0
    assert (tmp_path / "summary.csv").exists() and (tmp_path / "projection.parquet").exists()
    assert "extreme_poor_person_years_averted_among_extreme_poor" in capsys.readouterr().out
