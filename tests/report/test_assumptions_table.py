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


def _assumptions_html(lang: str) -> str:
    import datetime as dt

    from ucj_opt.report import Provenance, ReportContent, render_report

    study = load_scenario("embedded:national")
    content = ReportContent(
        title="t",
        summary=[],
        provenance=Provenance("national", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "0"),
        assumptions=scenario_assumptions(study.scenario),
    )
    html = render_report(content, lang)
    return html[html.index('id="assumptions"') : html.index('id="provenance"')]


def test_every_default_source_has_indonesian_words() -> None:
    """A default's source is explained in the report's language; citations stay."""
    from ucj_opt.scenario.base import Estimate
    from ucj_opt.scenario.simulation import SimulationSettings
    from ucj_opt.text.catalogue import TEXT

    english = {v for k, v in TEXT["en"].items() if k.startswith("asrc_")}
    sim = SimulationSettings()
    for name in type(sim).model_fields:
        value = getattr(sim, name)
        for est in value.values() if isinstance(value, dict) else [value]:
            if isinstance(est, Estimate):
                assert est.source in english, f"{name}: source has no catalogue entry"
    id_ = _assumptions_html("id")
    for raw in (
        "assumption:",
        "derived:",
        "poor households hold little liquid savings",
        "· death",
        "· medical",
        "· temporary",
        "· university",
        "· default",
        "· tk",
        "(soft)",
    ):
        assert raw not in id_, raw
    for words in (
        "asumsi: rumah tangga miskin hanya punya sedikit tabungan siap pakai",
        "Akibat kecelakaan · meninggal dunia",
        "Angka partisipasi sekolah · perguruan tinggi (usia 19–23)",
        "Risiko kecelakaan kerja · segmen lain",
        "REFERENCE §5: BPS Mar 2025 (perdesaan 580.349; Sep 2025 641.443)",
        "PP 44/2015",  # a citation is the same in both languages
    ):
        assert words in id_, words
    en = _assumptions_html("en")
    assert "assumption: poor households hold little liquid savings" in en
    assert "Accident outcomes · death" in en and "School participation · university" in en
    assert "· default" not in en and "Work-accident risk · other segments" in en


def test_a_scenario_s_own_source_is_shown_as_given() -> None:
    from ucj_opt.pipeline.assumptions import source_text

    assert source_text("Dinas survey 2026") == "Dinas survey 2026"
