"""Loading, composing and round-tripping scenarios."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SCENARIO_YAML, write_scenario
from ucj_opt.errors import ScenarioError
from ucj_opt.scenario import load_scenario
from ucj_opt.scenario.dump import scenario_schema, scenario_to_yaml


def test_loads_tables_with_hierarchy(small_scenario: Path) -> None:
    sc = load_scenario(small_scenario)
    regions = sc.tables.regions
    assert regions.loc["64.09.01.2020", "parent"] == "64.09.01"
    assert regions.loc["64.09", "parent"] == "64"
    assert regions.loc["64.09.01.1001", "level"] == "kelurahan"
    assert regions.loc["64.09.01.2020", "level"] == "desa"
    assert sc.tables.workers["eligible"].sum() == 400 + 120 + 350 + 900
    assert sc.tables.budgets.set_index("region").loc["64.09", "amount"] == 100e6
    assert sc.scenario.package.declared_income == 1e6


def test_round_trip_show_then_load_is_identical(small_scenario: Path, tmp_path: Path) -> None:
    sc = load_scenario(
        small_scenario,
        overrides=["strict_floor"],
        sets=["policy.equity_floor.share=25%", "horizon.years=1"],
    )
    out = tmp_path / "elsewhere" / "resolved.yaml"
    out.parent.mkdir()
    out.write_text(scenario_to_yaml(sc.scenario), encoding="utf-8")
    again = load_scenario(out)
    assert again.scenario == sc.scenario
    assert again.tables == sc.tables
    assert again.scenario.policy.equity_floor.mode == "hard"
    assert again.scenario.policy.equity_floor.share == 0.25


def test_round_trip_inline_rows(tmp_path: Path) -> None:
    text = """\
name: inline
regions:
  rows:
    - {code: "32", name: Jawa Barat, population: 51316378, poverty_rate: 0.07, extreme_poverty_rate: 0.006}
workers:
  rows:
    - {region: "32", segment: farmer, eligible: 1000, extreme_poor: 100}
budgets:
  rows:
    - {region: "32", year: 2026, source: apbd_provinsi, amount: Rp 1 miliar}
package:
  discounts:
    - {start: 2026-01-01, end: 2026-12-31, share: 50%}
"""
    path = tmp_path / "inline.yaml"
    path.write_text(text, encoding="utf-8")
    sc = load_scenario(path)
    back = tmp_path / "back.yaml"
    back.write_text(scenario_to_yaml(sc.scenario), encoding="utf-8")
    assert load_scenario(back).scenario == sc.scenario


def test_extends_and_overrides(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    child = tmp_path / "sub" / "child.yaml"
    child.parent.mkdir()
    child.write_text(
        "extends: ../scenario.yaml\nname: Child\npolicy:\n  continuity: false\n", encoding="utf-8"
    )
    sc = load_scenario(child, overrides=["strict_floor"])
    assert sc.scenario.name == "Child"
    assert sc.scenario.policy.continuity is False
    assert sc.scenario.policy.equity_floor.share == 0.1  # kept from the base
    assert sc.scenario.policy.equity_floor.mode == "hard"  # from the base's named override
    assert len(sc.tables.regions) == 6  # base's relative table paths still resolve


def test_extends_loop_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="loops back"):
        load_scenario(tmp_path / "a.yaml")


@pytest.mark.parametrize("suffix", ["xlsx", "parquet"])
def test_tables_from_xlsx_and_parquet(tmp_path: Path, suffix: str) -> None:
    (tmp_path / "csv").mkdir()
    from_csv = load_scenario(write_scenario(tmp_path / "csv")).tables
    path = write_scenario(tmp_path)
    frame = pd.read_csv(tmp_path / "workers.csv", dtype=str)
    target = tmp_path / f"workers.{suffix}"
    if suffix == "xlsx":
        frame.to_excel(target, index=False)
    else:
        frame.to_parquet(target)
    path.write_text(
        SCENARIO_YAML.replace("file: workers.csv", f"file: workers.{suffix}"), encoding="utf-8"
    )
    sc = load_scenario(path)
    assert sc.tables == from_csv
    assert int(sc.tables.workers["eligible"].sum()) == 1770


def test_set_changes_value(small_scenario: Path) -> None:
    sc = load_scenario(small_scenario, sets=["package.jht=true", "segments[1].weight=2.5"])
    assert sc.scenario.package.jht is True
    assert sc.scenario.segments[1].weight == 2.5


def test_schema_is_json_and_describes_fields() -> None:
    import json

    schema = json.loads(scenario_schema())
    assert schema["additionalProperties"] is False
    policy = schema["$defs"]["Policy"]["properties"]["objective"]
    assert "protected extreme-poor workers" in policy["description"]


# --- property: random mutations of a valid file never produce a traceback ---------------

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_scenarios_never_crash(tmp_path: Path, data: st.DataObject) -> None:
    base = yaml.safe_load(SCENARIO_YAML)
    write_scenario(tmp_path)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = _paths(base)
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["replace", "delete", "rename"]))
        parent: object = base
        for part in path[:-1]:
            parent = parent[part]  # type: ignore[index]
        key = path[-1]
        if action == "replace":
            parent[key] = data.draw(_VALUES)  # type: ignore[index]
        elif action == "delete" and isinstance(parent, dict):
            del parent[key]
        elif action == "rename" and isinstance(parent, dict):
            parent[str(key) + data.draw(st.sampled_from(["x", "_", "s"]))] = parent.pop(key)
    path = tmp_path / "mutant.yaml"
    path.write_text(yaml.safe_dump(base), encoding="utf-8")
    try:
        load_scenario(path)
    except ScenarioError as exc:
        assert exc.problems
        assert all(p.message for p in exc.problems)


def test_budget_years_outside_the_horizon_are_set_aside_with_a_note(tmp_path: Path) -> None:
    from tests.conftest import BUDGETS_CSV

    path = write_scenario(tmp_path, budgets__csv=BUDGETS_CSV + "64,2031,apbd_provinsi,1e9\n")
    sc = load_scenario(path)
    assert 2031 not in set(sc.tables.budgets["year"])
    assert sc.tables.notes and "2031" in sc.tables.notes[0]
    assert "(Rp 1.0 billion)" in sc.tables.notes[0]  # what a mistyped year would lose
