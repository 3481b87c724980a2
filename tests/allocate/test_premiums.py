import datetime as dt

import pytest

from ucj_opt.scenario.model import Discount, Package
from ucj_opt.scenario.premiums import monthly_premium, yearly_premium


def test_minimum_package_is_rp_16800_a_month_and_201600_a_year() -> None:
    p = Package()
    assert monthly_premium(p, 2026, 1, 2026) == pytest.approx(16_800)
    assert yearly_premium(p, 2026, 2026) == pytest.approx(201_600)


def test_jht_makes_it_rp_36800() -> None:
    assert monthly_premium(Package(jht=True), 2026, 5, 2026) == pytest.approx(36_800)


def test_jkk_uses_the_income_floor_and_declared_income_above_it() -> None:
    assert monthly_premium(Package(declared_income=500_000), 2026, 1, 2026) == pytest.approx(16_800)
    assert monthly_premium(Package(declared_income=3_000_000), 2026, 1, 2026) == pytest.approx(
        30_000 + 6_800
    )


def test_discount_applies_to_months_within_its_dates_and_not_to_jht() -> None:
    d = Discount(start=dt.date(2026, 7, 1), end=dt.date(2026, 12, 31), share=0.5)
    p = Package(jht=True, discounts=[d])
    assert monthly_premium(p, 2026, 6, 2026) == pytest.approx(36_800)
    assert monthly_premium(p, 2026, 7, 2026) == pytest.approx(8_400 + 20_000)
    assert yearly_premium(p, 2026, 2026) == pytest.approx(6 * 36_800 + 6 * 28_400)


def test_indexation_grows_income_yearly_and_whole_months() -> None:
    p = Package(declared_income=2_000_000, indexation=0.1, months_per_year=6)
    assert monthly_premium(p, 2028, 1, 2026) == pytest.approx(0.01 * 2_000_000 * 1.21 + 6_800)
    assert yearly_premium(p, 2026, 2026) == pytest.approx(6 * 26_800)


def test_pp50_discount_only_for_sources_outside_apbd() -> None:
    """PP 50/2025 excludes contributions paid through APBN/APBD: the shipped override
    discounts only 'other' (CSR, zakat) premiums, for April–December 2026."""
    from ucj_opt.scenario import load_scenario

    study = load_scenario("embedded:national", overrides=["pp50_discount"])
    package = study.scenario.package
    full = yearly_premium(package, 2026, 2026, "farmer", "apbd_kabkota")
    assert full == 12 * 16_800
    assert yearly_premium(package, 2026, 2026, "farmer", "other") == 3 * 16_800 + 9 * 8_400
    assert yearly_premium(package, 2027, 2026, "farmer", "other") == 12 * 16_800


def test_a_discount_for_one_segment_prices_segments_apart() -> None:
    from tests.allocate.conftest import make_case
    from ucj_opt.allocate import solve_tables
    from ucj_opt.allocate.pooling import pool_segments

    transport = {"start": "2026-01-01", "end": "2027-03-31", "share": 0.5, "segments": ["ojek"]}
    study, tables = make_case(
        [("11", "province", ""), ("11.01", "kabkota", "11")],
        [("11.01", "ojek", 100, 50), ("11.01", "farmer", 100, 50)],
        [("11.01", 2026, "apbd_kabkota", 12 * 16_800 * 60)],
        segments=[{"id": "ojek"}, {"id": "farmer"}],
        package={"discounts": [transport]},
    )
    assert pool_segments(study.scenario, tables) is None
    a = solve_tables(study.scenario, tables)
    per = (
        a.table.groupby("segment")["premiums"].sum() / a.table.groupby("segment")["enrolled"].sum()
    )
    assert per["ojek"] == 12 * 8_400 and per["farmer"] == 12 * 16_800
    # 60 full-price worker-years of money: the 50 extreme-poor ojek drivers at half price
    # (25 worth), then 35 extreme-poor farmers at full price.
    assert a.summary().enrolled_extreme_poor == pytest.approx(50 + 35)
