"""The report and the command line in planner words of one language: no code names
(``extreme_poor``, ``apbd_kabkota``), no English beside Indonesian, numbers written the
language's way."""

from __future__ import annotations

from pathlib import Path

import pytest

from ucj_opt.cli import main
from ucj_opt.pipeline.report_content import build_report_content
from ucj_opt.pipeline.results import RunResults, read_results
from ucj_opt.report import Section
from ucj_opt.text.catalogue import localize

ROOT = Path(__file__).resolve().parents[2]
PPU = str(ROOT / "scenarios" / "kabupaten_ppu.yaml")
STAGE_CODES = ("extreme_poor", "vulnerable_workers", "fair_share")


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> RunResults:
    out = tmp_path_factory.mktemp("words") / "alloc"
    assert main(["solve", PPU, "-o", str(out)]) == 0
    return read_results(out)


def _section(results: RunResults, key: str) -> Section:
    from ucj_opt.text import both

    title = both(key)
    content = build_report_content(results)
    return next(s for s in content.sections if s.title == title)


def test_stages_are_named_in_planner_words(solved: RunResults) -> None:
    section = _section(solved, "rc_stages_unused")
    stages = [
        localize(p, "id") for p in section.paragraphs if localize(p, "id").startswith("Tahap")
    ]
    assert stages[0].startswith("Tahap 1, pekerja miskin ekstrem: 2.740,0 pekerja-tahun")
    english = [localize(p, "en") for p in section.paragraphs]
    assert english[0].startswith("Stage 1, extreme-poor workers: 2,740.0 extreme-poor")
    for line in stages + english:
        assert not any(code in line for code in STAGE_CODES), line


def test_solve_speaks_indonesian_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", PPU, "--lang", "id"]) == 0
    out = capsys.readouterr().out
    for english in ("status  ", "premiums", "objective", "worker-years", "rows", "stage "):
        assert english not in out, english
    assert not any(code in out for code in STAGE_CODES)
    assert "iuran           Rp 23.497.757.000 dari Rp 23.497.757.000" in out
    assert "nilai tujuan    2.740,00" in out
    assert "tahap 1         pekerja miskin ekstrem: 2.740,00 pekerja-tahun miskin ekstrem" in out
    assert main(["solve", PPU]) == 0
    out = capsys.readouterr().out
    assert "status        optimal" in out
    assert "premiums      Rp 23,497,757,000 of Rp 23,497,757,000" in out
    assert "stage 1       extreme-poor workers: 2,740.00 extreme-poor worker-years" in out


def test_budget_pools_are_named_as_planners_say_them(solved: RunResults) -> None:
    """The chart of what one more Rp 1 miliar buys and the budget table: sources in words
    of each language, never apbd_kabkota or other."""
    import dataclasses

    from matplotlib.figure import Figure

    budgets = solved.budgets.copy()
    budgets.loc[budgets.index[1], "source"] = "other"  # CSR, zakat: the fourth source
    first = budgets.drop_duplicates("source").index
    budgets["shadow_per_miliar"] = 0.0
    budgets.loc[first, "shadow_per_miliar"] = 1000.0  # one binding pool of each source
    results = dataclasses.replace(solved, budgets=budgets)
    section = _section(results, "rc_budgets")
    chart = next(
        c
        for c in section.charts
        if c.title
        == {
            "en": "What one more Rp 1 billion buys, where",
            "id": "Apa yang didapat dari tambahan Rp 1 miliar, di mana",
        }
    )
    assert not isinstance(chart.figure, Figure)
    words = {
        lang: [tick.get_text() for tick in chart.figure(lang).axes[0].get_yticklabels()]
        for lang in ("en", "id")
    }
    table = section.tables[0].frame["label"]
    cells = {lang: [localize(c, lang) for c in table] for lang in ("en", "id")}
    for lang in ("en", "id"):
        shown = " | ".join(words[lang] + cells[lang])
        for code in ("apbd_kabkota", "apbd_provinsi", "apbdes ", "· other 20", "lainnya"):
            assert code not in shown, (lang, code)
    assert len(words["id"]) == 4
    for lang, other in (("en", "other funds"), ("id", "dana lain")):
        for source in ("APBD kabupaten/kota", "APBD provinsi", "APBDes", other):
            assert any(f" · {source} 20" in w for w in words[lang]), (lang, source)
            assert any(f" · {source} 20" in c for c in cells[lang]), (lang, source)
    # the axis counts what the shadow prices count: the objective's stage, not "workers"
    assert solved.allocation_summary.target_stage == "extreme_poor"
    assert "extreme-poor worker-years" in chart.figure("en").axes[0].get_xlabel()
    assert "pekerja-tahun miskin ekstrem" in chart.figure("id").axes[0].get_xlabel()


def _provenance_html(results: RunResults, lang: str) -> str:
    import dataclasses

    from ucj_opt.report import render_report

    content = dataclasses.replace(build_report_content(results), sections=(), assumptions=())
    html = render_report(content, lang)
    return html[html.index('<section id="provenance">') : html.index("</main>")]


def test_provenance_is_a_readable_table_in_each_language(solved: RunResults) -> None:
    import re

    en, id_ = (_provenance_html(solved, lang) for lang in ("en", "id"))
    for html in (en, id_):
        assert "<table" in html
        assert html.count(solved.scenario.name if solved.scenario else "") == 1
        for raw in ("integer_workers", "build_seconds", "segments_pooled", "False", "True"):
            assert raw not in html, raw
        assert not re.search(r"\d[.,]\d{3,}\d* (s|detik)<", html), "seconds are rounded"
    assert re.search(r"Time to build the model</th><td>\d+\.\d\d s<", en)
    assert re.search(r"Waktu menyusun model</th><td>\d+,\d\d detik<", id_)
    assert "Whole workers (integer model)</th><td>no<" in en
    assert "Pekerja bulat (model bilangan bulat)</th><td>tidak<" in id_
    assert "Segmen pekerja digabung</th><td>ya<" in id_
    assert "Baris model</th><td>1.967<" in id_ and "Model rows</th><td>1,967<" in en
    for english in ("Time to", "Model rows", "Solver interface", "Objective"):
        assert english not in id_, english


def test_the_opening_sentence_names_the_year_of_its_budget(solved: RunResults) -> None:
    from ucj_opt.report import allocation_sentences

    first = build_report_content(solved).summary[0]
    assert isinstance(first, dict)
    assert first["en"].startswith("In 2026, with Rp ")
    assert first["id"].startswith("Pada 2026, dengan anggaran Rp ")
    en = allocation_sentences(budget=3e9, used=2.4e9, enrolled=10, eligible=20, year=2027)
    assert en[1] == "Rp 600.0 million of the 2027 budget is not used."
    id_ = allocation_sentences(
        budget=3e9, used=2.4e9, enrolled=10, eligible=20, lang="id", year=2027
    )
    assert id_[1] == "Sebanyak Rp 600,0 juta dari anggaran 2027 tidak terpakai."


def test_one_year_is_one_year() -> None:
    from ucj_opt.report import projection_sentences

    def first(years: int, lang: str) -> str:
        return projection_sentences(
            years=years,
            targeted=(10.0, 5.0, 15.0),
            targeted_poor=20.0,
            everyone=(30.0, 20.0, 40.0),
            falls_averted=1.0,
            lang=lang,
        )[0]

    assert "extreme poverty over one year (" in first(1, "en")
    assert "1 years" not in first(1, "en")
    assert "extreme poverty over 5 years (" in first(5, "en")
    assert "kemiskinan ekstrem selama satu tahun (" in first(1, "id")
    assert "kemiskinan ekstrem selama 5 tahun (" in first(5, "id")
