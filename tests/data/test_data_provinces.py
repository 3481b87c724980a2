"""The embedded province table matches the decree (Kepmendagri 300.2.2-2138/2025)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ucj_opt.data import provinces
from ucj_opt.data.sources import DECREE
from ucj_opt.scenario.regions import PROVINCE_CODES, code_problem

# The project's shared/ folder sits beside the checkout (in CI too).
SHARED = Path(__file__).resolve().parents[3] / "shared" / "domain" / "provinces_2025.csv"


def test_totals_match_the_decree() -> None:
    prov = provinces()
    assert len(prov) == DECREE["provinces"] == 38
    assert prov["kabupaten"].sum() == 416
    assert prov["kota"].sum() == 98
    assert prov["kecamatan"].sum() == 7_285
    assert prov["kelurahan"].sum() == 8_496
    assert prov["desa"].sum() == 75_266
    assert prov["population_dec2024"].sum() == 284_973_643


def test_codes_are_the_38_kemendagri_province_codes() -> None:
    codes = list(provinces().index)
    assert len(set(codes)) == 38
    assert set(codes) == PROVINCE_CODES
    assert all(code_problem(c) is None and len(c) == 2 for c in codes)


def test_every_row_is_official_with_the_decree_as_source() -> None:
    prov = provinces()
    assert (prov["status"] == "official").all()
    assert prov["source"].str.contains("Kepmendagri 300.2.2-2138/2025").all()


@pytest.mark.skipif(not SHARED.exists(), reason="shared domain folder not present")
def test_identical_to_the_shared_domain_table() -> None:
    shared = pd.read_csv(SHARED, dtype={"code": str}).set_index("code")
    ours = provinces()[shared.columns]
    pd.testing.assert_frame_equal(ours, shared)
