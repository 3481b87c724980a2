"""The allocation files a planner opens: names, whole workers within each budget, formats."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from ucj_opt.allocate import solve
from ucj_opt.allocate.writers import write_allocation
from ucj_opt.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def test_whole_workers_never_exceed_a_budget_pool_and_names_sit_beside_codes(
    tmp_path: Path,
) -> None:
    study = load_scenario(ROOT / "scenarios" / "kabupaten_ppu.yaml", overrides=["one_year"])
    allocation = solve(study)
    write_allocation(allocation, tmp_path, ["csv", "xlsx"])
    table = pd.read_csv(tmp_path / "allocation.csv", dtype={"region": str})
    assert (table["enrolled"] == table["enrolled_extreme_poor"] + table["enrolled_other"]).all()
    assert table["enrolled"].dtype.kind == "i"
    # Each desa's APBDes pays for whole workers within its own budget (Rp 201,600 each).
    apbdes = table[table["source"] == "apbdes"].groupby("region")["premiums"].sum()
    amounts = allocation.budgets[allocation.budgets["source"] == "apbdes"].set_index("region")
    assert (apbdes <= amounts.loc[apbdes.index, "amount"] + 1e-6).all()
    # ... and no pool loses a whole worker to rounding.
    lp = allocation.table[allocation.table["source"] == "apbdes"].groupby("region")["enrolled"]
    assert (
        (lp.sum() - table[table["source"] == "apbdes"].groupby("region")["enrolled"].sum()) < 1
    ).all()
    assert table.loc[table["region"] == "64.09.04.2015", "name"].iloc[0] == "Telemow"
    budgets = pd.read_csv(tmp_path / "budgets.csv", dtype={"region": str})
    assert budgets.loc[budgets["region"] == "64", "name"].iloc[0] == "Kalimantan Timur"
    book = load_workbook(tmp_path / "allocation.xlsx")
    sheet = book["allocation"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["region", "name", "segment"]
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=2, column=header.index("premiums") + 1).number_format == '"Rp "#,##0'
    assert sheet.cell(row=2, column=header.index("coverage_rate") + 1).number_format == "0.0%"
    assert sheet.column_dimensions["B"].width >= len("Tanjung Tengah")
    assert "name" in {c.value for c in book["data_dictionary"]["A"]}


@given(st.lists(st.tuples(st.integers(0, 5_000), st.integers(0, 5_000)), min_size=1, max_size=8))
def test_whole_workers_pay_the_floor_of_each_pool_whatever_its_split(
    rows: list[tuple[int, int]],
) -> None:
    """A pool's whole workers are the floor of its LP workers, however the LP split them
    between the extreme poor and the others; no row rounds above its LP value's ceiling."""
    import numpy as np

    from ucj_opt.allocate.writers import whole_workers

    extreme = np.array([r[0] for r in rows]) / 100
    other = np.array([r[1] for r in rows]) / 100
    t = pd.DataFrame(
        {
            "region": [f"64.09.01.{2001 + i}" for i in range(len(rows))],
            "segment": "farmer",
            "year": 2026,
            "source": "apbd_kabkota",
            "enrolled_extreme_poor": extreme,
            "enrolled_other": other,
            "enrolled": extreme + other,
            "premiums": (extreme + other) * 201_600,
        }
    )
    w = whole_workers(t)
    assert w["enrolled"].sum() == int(np.floor(round((extreme + other).sum(), 6)))
    for column, lp in (("enrolled_extreme_poor", extreme), ("enrolled_other", other)):
        assert (w[column] >= np.floor(lp + 1e-9) - 1e-9).all()
        assert (w[column] <= np.ceil(lp - 1e-9) + 1e-9).all()


def test_a_cell_paid_by_two_pools_keeps_its_whole_extreme_poor() -> None:
    """50 extreme poor of one desa, paid 20.3 by its APBDes (with 5.7 others) and 29.7 by
    the kabupaten (with 0.3 others): the pools' floors alone give 20 + 29; the kabupaten's
    spare worker (30.0 in all, 29 + 0 by the rows' floors) pays the 50th."""
    t = pd.DataFrame(
        {
            "region": ["64.09.01.2001"] * 2,
            "segment": "farmer",
            "year": 2026,
            "source": ["apbdes", "apbd_kabkota"],
            "enrolled_extreme_poor": [20.3, 29.7],
            "enrolled_other": [5.7, 0.3],
        }
    )
    t["enrolled"] = t["enrolled_extreme_poor"] + t["enrolled_other"]
    t["premiums"] = t["enrolled"] * 201_600
    from ucj_opt.allocate.writers import whole_workers

    w = whole_workers(t).set_index("source")
    assert w["enrolled_extreme_poor"].sum() == 50
    assert w.loc["apbd_kabkota", "enrolled"] == 30 and w.loc["apbdes", "enrolled"] == 26
    assert w.loc["apbd_kabkota", "enrolled_other"] == 0


def test_solver_noise_under_whole_numbers_never_takes_a_pool_past_its_floor() -> None:
    """3,000 rows of 0.9999999995 worker: each floors to 1, their sum 2,999.9999985 to
    2,999, so one row gives its worker back."""
    import numpy as np

    from ucj_opt.allocate.writers import _largest_remainder

    values = np.full(3_000, 1 - 5e-10)
    whole = _largest_remainder(values)
    assert whole.sum() == 2_999 and whole.min() == 0 and whole.max() == 1
    assert _largest_remainder(values, 2_990).sum() == 2_990


def test_written_tables_hold_no_negative_zero(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Duals of zero come back as -0.0; the files say 0."""
    import numpy as np

    from ucj_opt.allocate.writers import _no_negative_zero

    frame = pd.DataFrame({"region": ["64"], "rate_holds_from": [-0.0], "amount": [-1.5]})
    clean = _no_negative_zero(frame)
    assert not np.signbit(clean["rate_holds_from"].to_numpy()).any()
    assert clean["amount"].tolist() == [-1.5]
    clean.to_csv(tmp_path / "t.csv", index=False)
    assert "-0.0" not in (tmp_path / "t.csv").read_text()
