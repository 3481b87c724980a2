"""Units: rupiah, rates and shares as planners write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ucj_opt.units import (
    UnitError,
    format_rupiah,
    parse_rate_per_year,
    parse_rupiah,
    parse_share,
)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        (3000000000, 3e9),
        (3e9, 3e9),
        ("3e9", 3e9),
        ("Rp 3 miliar", 3e9),
        ("Rp3 milyar", 3e9),
        ("Rp 1,2 miliar", 1.2e9),
        ("Rp 750 juta", 750e6),
        ("Rp 16.800", 16_800),
        ("Rp 201,600", 201_600),
        ("1.000.000", 1e6),
        ("Rp 71 triliun", 71e12),
        ("2.5 billion", 2.5e9),
        ("Rp 1.234.567,50", 1_234_567.5),
    ],
)
def test_parse_rupiah(text: object, amount: float) -> None:
    assert parse_rupiah(text) == pytest.approx(amount)


@pytest.mark.parametrize("bad", ["Rp 3 M", "tiga miliar", "-5", -1, float("nan"), True, None, "Rp"])
def test_parse_rupiah_refuses(bad: object) -> None:
    with pytest.raises(UnitError):
        parse_rupiah(bad)


def test_rates_need_their_period() -> None:
    assert parse_rate_per_year("0.4% / year") == pytest.approx(0.004)
    assert parse_rate_per_year("0.03% per month") == pytest.approx(0.0036)
    assert parse_rate_per_year(0.001, unit="per_month") == pytest.approx(0.012)
    with pytest.raises(UnitError, match="has no period"):
        parse_rate_per_year(0.004)


def test_shares() -> None:
    assert parse_share("40%") == pytest.approx(0.4)
    assert parse_share(0.25) == 0.25
    for bad in ("140%", 1.5, -0.1, "abc"):
        with pytest.raises(UnitError):
            parse_share(bad)


def test_format_rupiah_both_languages() -> None:
    assert format_rupiah(1.2e9, "id") == "Rp 1,2 miliar"
    assert format_rupiah(1.2e9, "en") == "Rp 1.2 billion"
    assert format_rupiah(16_800, "id") == "Rp 16.800"
    assert format_rupiah(201_600, "en") == "Rp 201,600"


@given(st.integers(min_value=0, max_value=10**15))
def test_integers_round_trip_through_text(amount: int) -> None:
    assert parse_rupiah(str(amount)) == amount
    assert parse_rupiah(f"Rp {amount:,}".replace(",", ".")) == amount
