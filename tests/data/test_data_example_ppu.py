"""The Kab. Penajam Paser Utara example: consistent codes, the real budgets, loadable."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ucj_opt.data.example_ppu import HEADER, build_example, write_example
from ucj_opt.data.hierarchy import descendants, official_name
from ucj_opt.data.sources import PPU
from ucj_opt.scenario import load_scenario
from ucj_opt.scenario.regions import code_level, code_problem

FOLDER = Path(__file__).resolve().parents[2] / "scenarios" / "kabupaten_ppu"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(FOLDER / f"{name}.csv", dtype={"code": str, "region": str}, comment="#")


def test_files_are_what_the_builder_writes(tmp_path: Path) -> None:
    write_example(tmp_path)
    for name in ("regions", "workers", "budgets"):
        committed = (FOLDER / f"{name}.csv").read_text(encoding="utf-8")
        assert committed.startswith(HEADER)
        assert committed == (tmp_path / f"{name}.csv").read_text(encoding="utf-8")


def test_codes_valid_and_hierarchy_complete() -> None:
    regions = _read("regions")
    codes = set(regions["code"])
    assert len(codes) == len(regions)
    assert codes == {"64", *descendants("64.09"), "64.09"}  # the decree's units, all of them
    assert all(code_problem(c) is None for c in codes)
    levels = pd.Series([code_level(c) for c in regions["code"]]).value_counts()
    assert levels.to_dict() == {
        "desa": 30, "kelurahan": 24, "kecamatan": 4, "province": 1, "kabkota": 1
    }  # fmt: skip
    for code in codes:
        parts = code.split(".")
        for cut in range(1, len(parts)):
            assert ".".join(parts[:cut]) in codes, f"{code}: its parent is missing"
        assert regions.set_index("code").loc[code, "name"] == official_name(code)


def test_workers_only_in_villages_and_extreme_within_eligible() -> None:
    workers = _read("workers")
    assert {code_level(c) for c in workers["region"]} == {"desa", "kelurahan"}
    assert (workers["extreme_poor"] <= workers["eligible"]).all()
    assert workers["eligible"].sum() > PPU["enrolled"]


def test_budgets_carry_the_real_case() -> None:
    budgets = _read("budgets").set_index(["region", "year", "source"])["amount"]
    assert budgets[("64.09", 2026, "apbd_kabkota")] == PPU["apbd_2025"]
    assert budgets[("64", 2026, "apbd_provinsi")] == pytest.approx(5_614 * 201_600, abs=500)
    apbdes = [r for r, _, s in budgets.index if s == "apbdes"]
    assert {code_level(r) for r in apbdes} == {"desa"}  # no APBDes for a kelurahan


def test_kabupaten_rates_are_population_weighted() -> None:
    regions = _read("regions").set_index("code")
    villages = regions[regions.index.str.count(r"\.") == 3]
    assert regions.loc["64.09", "population"] == villages["population"].sum()
    weighted = (villages["poverty_rate"] * villages["population"]).sum()
    assert regions.loc["64.09", "poverty_rate"] == pytest.approx(
        weighted / villages["population"].sum(), abs=1e-6
    )
    assert regions.loc["64.09", "poverty_rate"] == pytest.approx(0.0517, abs=1e-6)


def test_example_loads_as_a_scenario(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "name: PPU\nhorizon: {start_year: 2026, years: 5}\n"
        + "".join(
            f"{n}: {{file: {FOLDER / (n + '.csv')}}}\n" for n in ("regions", "workers", "budgets")
        ),
        encoding="utf-8",
    )
    sc = load_scenario(tmp_path / "s.yaml")
    assert sc.tables.regions.loc["64.09.01.2020", "parent"] == "64.09.01"
    assert len(sc.tables.workers) == 54 * 4


def test_build_is_deterministic() -> None:
    a, b = build_example(), build_example()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
