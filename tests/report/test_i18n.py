"""Both languages say everything, and numbers, money and dates are written each language's way."""

from __future__ import annotations

import datetime as dt
import string
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ucj_opt.report import (
    allocation_sentences,
    format_date,
    format_money,
    format_number,
    format_percent,
    localize,
    projection_sentences,
    t,
)
from ucj_opt.text.catalogue import TEXT
from ucj_opt.text.formatting import money_scale


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    assert set(TEXT["en"]) == set(TEXT["id"])
    for key, english in TEXT["en"].items():
        assert fields(english) == fields(TEXT["id"][key]), key
        assert english.strip() and TEXT["id"][key].strip(), key


def test_indonesian_text_is_not_a_copy_of_the_english() -> None:
    same = [k for k in TEXT["en"] if TEXT["en"][k] == TEXT["id"][k]]
    # Only proper nouns, codes and words spelled alike may be equal.
    assert set(same) <= {
        "target",
        "tp_target",  # "Target" is the Indonesian word too (target RPJMN)
        "rt_target",
        "rt_target_year",
        "median",
        "total_order",
        "need_axis",
        "apbd_provinsi",
        "apbd_kabkota",
        "apbdes",
        "src_apbd",  # domain words, Indonesian in both languages
        "src_apbdes",
        "pool_label",  # "{source} {name} {year}": no words of its own
    }


def test_t_fills_fields_and_refuses_unknown_languages() -> None:
    assert t("figure_n", "id", n=3) == "Gambar 3"
    assert t("table_n", "en", n=2) == "Table 2"
    with pytest.raises(ValueError, match=r"'en' .* or 'id'"):
        t("summary", "fr")


def test_localize_picks_the_language_and_reports_a_missing_one() -> None:
    assert localize("Kab. Alpha", "id") == "Kab. Alpha"
    assert localize({"en": "Summary", "id": "Ringkasan"}, "id") == "Ringkasan"
    with pytest.raises(ValueError, match="no 'id' version"):
        localize({"en": "only English"}, "id")


@pytest.mark.parametrize(
    ("value", "decimals", "en", "id_"),
    [
        (1234567.5, 1, "1,234,567.5", "1.234.567,5"),
        (1234567.5, 0, "1,234,568", "1.234.568"),
        (-0.04, 1, "0.0", "0,0"),
        (-2500.25, 2, "-2,500.25", "-2.500,25"),
        (float("nan"), 0, "–", "–"),
    ],
)
def test_format_number(value: float, decimals: int, en: str, id_: str) -> None:
    assert format_number(value, "en", decimals) == en
    assert format_number(value, "id", decimals) == id_


def test_money_percent_and_scale() -> None:
    assert format_money(1.2e9, "en") == "Rp 1.2 billion"
    assert format_money(1.2e9, "id") == "Rp 1,2 miliar"
    assert format_money(16_800, "id") == "Rp 16.800"
    assert format_percent(0.3568, "en") == "35.7%"
    assert format_percent(0.3568, "id") == "35,7%"
    assert money_scale(3e9, "id") == (1e9, "Rp miliar")
    assert money_scale(2.5e12, "en") == (1e12, "Rp trillion")
    assert money_scale(500, "en") == (1.0, "Rp")


def test_dates_use_the_language_month_names() -> None:
    assert format_date(dt.date(2026, 11, 24), "id") == "24 November 2026"
    assert format_date(dt.date(2026, 5, 1), "id") == "1 Mei 2026"
    assert format_date(dt.date(2026, 8, 17), "id") == "17 Agustus 2026"
    assert format_date(dt.date(2026, 8, 17), "en") == "17 August 2026"


def _expected(value: float, decimals: int) -> Decimal:
    """``value`` rounded to ``decimals`` places: half to even on its exact binary value."""
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)


def _check_spelling(text: str, value: float, decimals: int, group: str, point: str) -> None:
    expected = _expected(value, decimals)
    sign = "-" if expected < 0 else ""  # a value that rounds to zero is written unsigned
    whole, _, fraction = text.removeprefix(sign).partition(point)
    assert text.startswith(sign) and not whole.startswith("-"), text
    assert len(fraction) == decimals and (point in text) == (decimals > 0), text
    # grouped by threes from the right, no leading zeros
    groups = whole.split(group)
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3, text
    assert "".join(groups) == str(abs(int(expected))), text
    assert fraction.isdigit() or not fraction, text


@given(
    st.one_of(
        st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
        st.integers(-(10**12), 10**12).map(lambda k: k / 8),  # exact ties at 0, 1 and 2 places
    ),
    st.integers(0, 3),
)
def test_numbers_read_back_as_the_rounded_value(value: float, decimals: int) -> None:
    """Read back by a parser of each convention, both spellings give ``value`` rounded."""
    en, id_ = format_number(value, "en", decimals), format_number(value, "id", decimals)
    expected = _expected(value, decimals)
    assert Decimal(id_.replace(".", "").replace(",", ".")) == expected, id_
    assert Decimal(en.replace(",", "")) == expected, en
    assert float(en.replace(",", "")) == round(value, decimals), en
    _check_spelling(id_, value, decimals, group=".", point=",")
    _check_spelling(en, value, decimals, group=",", point=".")


@pytest.mark.parametrize(
    ("value", "decimals", "rounded"),
    [(0.125, 2, "0.12"), (0.375, 2, "0.38"), (2.5, 0, "2"), (-0.5, 0, "0"), (1.005, 2, "1.00")],
)
def test_the_reference_rounding_is_half_even_on_the_binary_value(
    value: float, decimals: int, rounded: str
) -> None:
    """The oracle above, pinned: 0.125 and 2.5 are exact ties; 1.005 is just below 1.005."""
    assert _expected(value, decimals) == Decimal(rounded)
    assert format_number(value, "en", decimals) == rounded


def test_summary_sentences_restate_the_figures_in_each_language() -> None:
    en = allocation_sentences(budget=3e9, used=2.4e9, enrolled=11_904, eligible=20_614)
    assert en == [
        "With Rp 3.0 billion available, Rp 2.4 billion is spent on premiums that enrol "
        "11,904 of 20,614 eligible workers (57.7%).",
        "Rp 600.0 million of the budget is not used.",
    ]
    id_ = allocation_sentences(budget=3e9, used=3e9, enrolled=11_904, eligible=20_614, lang="id")
    assert len(id_) == 1 and "Rp 3,0 miliar" in id_[0] and "11.904 dari 20.614" in id_[0]
    assert "57,7%" in id_[0]
    text = projection_sentences(
        years=2,
        targeted=(1234.4, 200.0, 2500.0),
        targeted_poor=3000.0,
        everyone=(45_000.0, 40_000.0, 50_000.0),
        falls_averted=120.0,
        share_positive=0.97,
        lang="id",
    )
    assert text[0] == (
        "Di antara rumah tangga yang miskin ekstrem pada awal periode, perlindungan mencegah "
        "1.234 orang-tahun kemiskinan ekstrem selama 2 tahun (selang kepercayaan 95%: 200 "
        "sampai 2.500), serta 3.000 orang-tahun kemiskinan."
    )
    assert text[1].startswith("Pada seluruh penduduk, perlindungan mencegah 45.000 orang-tahun")
    assert text[2] == "Dampak bagi penduduk miskin ekstrem positif pada 97,0% replikasi."
    assert "JKP" in text[3]
    with pytest.raises(ValueError, match="eligible"):
        allocation_sentences(budget=1, used=0, enrolled=0, eligible=0)
