"""The assumptions table says what the run used, in words of the report's language."""

from __future__ import annotations

import re

from ucj_opt.pipeline.assumptions import format_estimate, scenario_assumptions
from ucj_opt.scenario import load_scenario
from ucj_opt.text.catalogue import localize


def _rows(sets: list[str], lang: str) -> dict[str, str]:
    study = load_scenario("embedded:national", sets=sets)
    return {
        localize(a.name, lang): localize(a.value, lang)
        for a in scenario_assumptions(study.scenario)
    }


def test_the_package_set_on_the_command_line_is_the_package_reported() -> None:
    en = _rows(["package.jkm_monthly=20000", "package.jht=true"], "en")
    assert en["JKM contribution"] == "Rp 20,000 a month"
    assert en["JHT (old-age savings)"].startswith("included: 2% of max(declared income")
    # JKK 1% of Rp 1 juta + JKM Rp 20,000 + JHT 2% of Rp 1 juta (PP 44/2015, PP 46/2015)
    assert en["Premium per worker, first month"] == "Rp 50,000 a month"
    default = _rows([], "id")
    assert default["Iuran JKM"] == "Rp 6.800 per bulan"  # PP 44/2015
    assert default["JHT (tabungan hari tua)"] == "tidak termasuk"


def test_values_are_written_for_people() -> None:
    for lang in ("en", "id"):
        values = " | ".join(_rows([], lang).values())
        assert not re.search(r"\de[+-]\d", values), "no scientific notation"
        assert "rupiah_per" not in values and "_" not in values, "no unit identifiers"
        assert "1 months" not in values
    assert format_estimate(1.0, "months", "en") == "1 month"
    assert format_estimate(2.0, "months", "id") == "2 bulan"
    assert format_estimate(1_500_000, "rupiah", "en") == "Rp 1.5 million"
    assert format_estimate(609_160, "rupiah_per_capita_month", "en") == (
        "Rp 609,160 per person a month"
    )
    assert format_estimate(4.76, "persons", "id") == "4,76 orang"
