"""Every unused rupiah explained, and shadow prices in planner words (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.allocate.conftest import PPU_REGIONS, make_case
from ucj_opt.allocate import solve_tables
from ucj_opt.allocate.writers import write_allocation

P = 201_600.0  # Rp per worker-year, minimum package (12 × (10,000 + 6,800))
KAB = [("11", "province", ""), ("11.01", "kabkota", "11")]


def _unused(allocation):  # type: ignore[no-untyped-def]
    return allocation.unused.set_index(["region", "year", "source"])


def test_money_beyond_every_eligible_worker_is_said_to_be_so(tmp_path: Path) -> None:
    study, tables = make_case(
        PPU_REGIONS,
        [("64.09", "informal", 20_614, 15_000)],
        [("64.09", 2025, "apbd_kabkota", 5e9)],
        horizon={"start_year": 2025, "years": 1},
    )
    a = solve_tables(study.scenario, tables)
    row = _unused(a).loc[("64.09", 2025, "apbd_kabkota")]
    assert row["left"] == pytest.approx(5e9 - 20_614 * P)
    assert row["reason"] == "eligible_reached"
    assert row["text_en"].startswith(
        "Rp 844.2 million of APBD kabupaten/kota Region 64.09 2025 cannot be spent"
    )
    assert "(20,614)" in row["text_en"]
    assert row["text_id"].startswith("Rp 844,2 juta dari APBD kabupaten/kota Region 64.09 2025")
    assert "(20.614)" in row["text_id"]
    write_allocation(a, tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["unused"][0]["reason"] == "eligible_reached"
    assert summary["unused"][0]["left"] == pytest.approx(5e9 - 20_614 * P)
    assert (tmp_path / "unused.csv").exists()


def test_continuity_holding_back_a_first_year_budget_is_named() -> None:
    study, tables = make_case(
        KAB,
        [("11.01", "informal", 1000, 1000)],
        [("11.01", 2026, "apbd_kabkota", 800 * P), ("11.01", 2027, "apbd_kabkota", 300 * P)],
        horizon={"start_year": 2026, "years": 2},
    )
    a = solve_tables(study.scenario, tables)
    row = _unused(a).loc[("11.01", 2026, "apbd_kabkota")]
    assert row["left"] == pytest.approx(500 * P)
    assert row["reason"] == "continuity"
    assert "policy.continuity" in row["text_en"] and "2027" in row["text_en"]
    assert "policy.continuity" in row["text_id"]
    assert ("11.01", 2027, "apbd_kabkota") not in _unused(a).index


def test_the_province_share_holding_back_province_money_is_named() -> None:
    study, tables = make_case(
        KAB,
        [("11.01", "informal", 1000, 1000)],
        [("11", 2026, "apbd_provinsi", 500 * P), ("11.01", 2026, "apbd_kabkota", 100 * P)],
        cofinancing={"province_max_share": 0.5},
    )
    a = solve_tables(study.scenario, tables)
    row = _unused(a).loc[("11", 2026, "apbd_provinsi")]
    assert row["left"] == pytest.approx(400 * P)
    assert row["reason"] == "province_share"
    assert "50%" in row["text_en"] and "cofinancing.province_max_share" in row["text_id"]


def test_apbdes_rule_is_named_with_the_workers_it_may_pay_for() -> None:
    regions = [*KAB, ("11.01.01", "kecamatan", "11.01"), ("11.01.01.2001", "desa", "11.01.01")]
    regions.append(("11.01.01.2002", "desa", "11.01.01"))
    study, tables = make_case(
        regions,
        [("11.01.01.2001", "farmer", 40, 10), ("11.01.01.2002", "farmer", 500, 100)],
        [("11.01.01.2001", 2026, "apbdes", 100 * P)],
    )
    a = solve_tables(study.scenario, tables)
    row = _unused(a).loc[("11.01.01.2001", 2026, "apbdes")]
    assert row["left"] == pytest.approx(60 * P)
    assert row["reason"] == "eligible_reached"
    assert "(40)" in row["text_en"] and "apbdes_own_residents_only" in row["text_en"]


def test_shadow_prices_read_in_planner_units_and_words() -> None:
    study, tables = make_case(
        PPU_REGIONS,
        [("64.09", "informal", 20_614, 15_000)],
        [("64.09", 2025, "apbd_kabkota", 3e9)],
        horizon={"start_year": 2025, "years": 1},
    )
    a = solve_tables(study.scenario, tables)
    (en,) = a.budget_notes()
    (idn,) = a.budget_notes(lang="id")
    per_miliar = 1e9 / P  # 4,960.3 extreme-poor worker-years per Rp 1 miliar
    assert en == (
        f"+{per_miliar:,.1f} extreme-poor worker-years per extra Rp 1 billion of APBD kabupaten/kota Region "
        "64.09 2025, valid from Rp 0 to Rp 3.0 billion"
    )
    assert idn.startswith("+4.960,3 pekerja-tahun miskin ekstrem per tambahan Rp 1 miliar pada")
    assert "billion" not in idn and "miliar" not in en
    assert "1/1000" not in en
