"""The LP file written with numpy states the same LP as PuLP's ``writeLP`` of ``to_pulp``
(the reference), read back by HiGHS and compared name by name; HiGHS solving the file
reaches the optimum ``solve`` reports."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pytest
import scipy.sparse as sp

from tests.allocate.conftest import make_case
from tests.allocate.test_solve import _two_level
from ucj_opt.allocate import solve_tables
from ucj_opt.allocate.backends import to_pulp
from ucj_opt.allocate.lpfile import column_names, number_text
from ucj_opt.allocate.writers import lp_model, write_lp
from ucj_opt.scenario import Study

ROOT = Path(__file__).resolve().parents[2]
P = 201_600.0
VILLAGES = [
    ("11", "province", ""),
    ("11.01", "kabkota", "11"),
    ("11.01.01", "kecamatan", "11.01"),
    ("11.01.01.2001", "desa", "11.01.01"),
    ("11.01.01.2002", "desa", "11.01.01"),
    ("11.01.01.2003", "desa", "11.01.01"),
    ("11.02", "kabkota", "11"),
    ("11.02.01", "kecamatan", "11.02"),
    ("11.02.01.2001", "desa", "11.02.01"),
]
WORKERS = [
    ("11.01.01.2001", "farmer", 120, 40),
    ("11.01.01.2001", "fisher", 60, 25),
    ("11.01.01.2002", "farmer", 90, 10),
    ("11.02.01.2001", "informal", 200, 70),
]


def _budgets(years: int) -> list[tuple[str, int, str, float]]:
    rows = []
    for k in range(years):
        y = 2026 + k
        rows += [
            ("11", y, "apbd_provinsi", 30 * P * (1 + k)),
            ("11.01", y, "apbd_kabkota", 45.5 * P),
            ("11.02", y, "apbd_kabkota", 123_456_789.123456789),  # more than 12 digits
            ("11.01.01.2001", y, "apbdes", 12 * P),
            ("11.01.01.2003", y, "apbdes", 5 * P),  # a desa without workers: an empty row
        ]
    return rows


def _rich(**settings: Any) -> Study:
    """Three levels, three years, every budget source, the province's share, a floor."""
    base: dict[str, Any] = {
        "horizon": {"start_year": 2026, "years": 3},
        "cofinancing": {"province_max_share": 0.4},
        "policy": {"equity_floor": {"share": 0.2, "mode": "soft", "penalty": 7}},
        "package": {"declared_income": 1_500_000},
    }
    for key, value in settings.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return make_case(VILLAGES, WORKERS, _budgets(base["horizon"]["years"]), **base)[0]


def _village() -> Study:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_allocate import village_instance

    scenario, tables = village_instance(0.01, 1)
    return Study(scenario, tables)


def _floored() -> Study:
    study, _ = _two_level(1.5e8, [5e7, 2e8], [900, 400])
    return study.with_changes(**{"policy.equity_floor.share": 0.3})


CASES = {
    "reviewed_two_level_floor": _floored,
    "rich_three_years": _rich,
    "integer_workers": lambda: _rich(policy={"integer_workers": True}),
    "min_cost_coverage": lambda: _rich(
        policy={"objective": "min_cost", "coverage_target": 0.3, "equity_floor": {"share": 0}}
    ),
    "weighted_segments": lambda: _rich(
        policy={"objective": "weighted", "priority": "none"},
        segments=[
            {"id": "farmer", "label": "Farmers", "weight": 2.0},
            {"id": "fisher", "label": "Fishers", "weight": 1.5},
            {"id": "informal", "label": "Informal", "weight": 1.0},
        ],
    ),
    "village_1_percent": _village,
}


def _read(path: Path) -> dict[str, Any]:
    """The LP in a file as HiGHS reads it, keyed by names. PuLP's stand-in for an empty
    row or objective (a column ``__dummy`` held at 0 by a row ``_dummy``) is left out:
    it adds nothing to any row."""
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    assert h.readModel(str(path)) == highspy.HighsStatus.kOk
    lp = h.getLp()
    cols, rows = list(lp.col_names_), list(lp.row_names_)
    m = lp.a_matrix_
    A = sp.csc_matrix(
        (np.asarray(m.value_), np.asarray(m.index_), np.asarray(m.start_)),
        shape=(lp.num_row_, lp.num_col_),
    ).tocoo()
    integral = list(lp.integrality_) or [highspy.HighsVarType.kContinuous] * len(cols)
    return {
        "sense": lp.sense_,
        "offset": lp.offset_,
        "columns": {
            n: (lo, up, cost, integral[j] == highspy.HighsVarType.kInteger)
            for j, (n, lo, up, cost) in enumerate(
                zip(cols, lp.col_lower_, lp.col_upper_, lp.col_cost_, strict=True)
            )
            if n != "__dummy"
        },
        "rows": {
            n: (lo, up)
            for n, lo, up in zip(rows, lp.row_lower_, lp.row_upper_, strict=True)
            if n != "_dummy"
        },
        "entries": {
            (rows[i], cols[j]): v
            for i, j, v in zip(A.row, A.col, A.data, strict=True)
            if cols[j] != "__dummy" and v != 0
        },
    }


def _same(ours: dict[str, Any], reference: dict[str, Any]) -> None:
    """Same names, bounds, costs, integrality and coefficients (PuLP writes 12 digits)."""
    assert ours["sense"] == reference["sense"] and ours["offset"] == reference["offset"]
    for part in ("columns", "rows", "entries"):
        assert ours[part].keys() == reference[part].keys(), part
        for key, value in ours[part].items():
            assert value == pytest.approx(reference[part][key], rel=1e-11), (part, key)


def _files(study: Study, tmp_path: Path) -> tuple[Path, Path]:
    ours = write_lp(study, tmp_path / "ours.lp")
    prob, _ = to_pulp(lp_model(study)[0])
    reference = tmp_path / "pulp.lp"
    prob.writeLP(str(reference))
    return ours, reference


@pytest.mark.parametrize("case", sorted(CASES))
def test_lp_file_is_the_lp_pulp_writes(case: str, tmp_path: Path) -> None:
    study = CASES[case]()
    ours, reference = _files(study, tmp_path)
    mine, theirs = _read(ours), _read(reference)
    _same(mine, theirs)
    f = lp_model(study)[0]
    # nothing was lost on the way: every coefficient and column of the model is there
    assert len(mine["entries"]) == np.count_nonzero(f.A.data)
    assert sorted(mine["columns"]) == sorted(column_names(f))
    assert len(mine["rows"]) == np.isfinite(f.row_lo).sum() + np.isfinite(f.row_up).sum()


def test_lp_file_words_rows_and_bounds_as_the_reviewed_reference(tmp_path: Path) -> None:
    """Same LP as tests/allocate/reference/two_level_floor.lp (test_solve.py), and the same
    words for a row and a bound: a planner reading both sees the same names."""
    text = write_lp(_floored(), tmp_path / "ours.lp").read_text()
    assert "floor_7_lo: x_11_01_farmer_0_2026_0_0 + x_11_01_farmer_0_2026_1_1" in text
    assert "\n x_11_02_farmer_1_2026_2_7 <= 401\n" in text


def test_rich_case_has_what_it_is_meant_to_test() -> None:
    f = lp_model(_rich())[0]
    counts = np.diff(f.A.indptr)
    kinds = set(f.rows["kind"])
    assert {"budget", "cap", "continuity", "floor", "province_share"} <= kinds
    assert (counts == 0).any()  # the APBDes of a desa without workers
    assert (f.columns["kind"] == "slack").any()


@pytest.mark.parametrize("case", ["rich_three_years", "village_1_percent", "integer_workers"])
def test_highs_solving_the_file_reaches_the_optimum_solve_reports(
    case: str, tmp_path: Path
) -> None:
    """The first stage is the target stage of the default priorities: the file's optimum
    is the allocation's objective (solved pooled, by blocks, through another route)."""
    study = CASES[case]()
    path = write_lp(study, tmp_path / "model.lp")
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.readModel(str(path))
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    expected = solve_tables(study.scenario, study.tables).objective
    assert -h.getInfo().objective_function_value == pytest.approx(expected, rel=1e-7)


def test_numbers_are_written_exactly(tmp_path: Path) -> None:
    """Every double reads back as itself (PuLP keeps 12 digits)."""
    path = write_lp(_rich(), tmp_path / "model.lp")
    budgets = {
        v[1] for k, v in _read(path)["rows"].items() if k.startswith("budget_") and v[1] > 1e8
    }
    assert 123_456_789.123456789 in budgets
    values = [0.1, 1 / 3, 2.5e-320, 1e22, 123_456_789.123456789, -0.0, 7.0]
    assert [float(number_text(v)) for v in values] == values


def test_empty_objective_and_empty_rows_read_back(tmp_path: Path) -> None:
    """A model whose objective is all zero and which has empty rows: the stand-in column
    is held at 0, and HiGHS reads and solves it as it does PuLP's file."""
    study = _rich()
    f = lp_model(study)[0]
    f = replace(f, c=np.zeros_like(f.c))
    from ucj_opt.allocate.lpfile import write_lp_file

    ours = tmp_path / "ours.lp"
    with ours.open("wb") as out:
        write_lp_file(f, out)
    reference = tmp_path / "pulp.lp"
    to_pulp(f)[0].writeLP(str(reference))
    _same(_read(ours), _read(reference))
    assert "\n __dummy = 0\n" in ours.read_text()
