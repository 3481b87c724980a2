"""The HTML report: one self-contained file, complete structure, every text in its language."""

from __future__ import annotations

import base64
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from ucj_opt.report import Chart, Provenance, ReportContent, Section, Table, render_report
from ucj_opt.report import write_report as write

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Outline(HTMLParser):
    """Collects tags, attributes and visible text of a document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.headings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "img", "br", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> after {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip() and self.stack and self.stack[-1] not in ("style", "title"):
            self.text.append(data.strip())
            if self.stack[-1] == "h2":
                self.headings.append(data.strip())

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    assert parser.stack == [], f"unclosed tags {parser.stack}"
    return parser


@pytest.mark.parametrize("lang", ["en", "id"])
def test_report_is_self_contained(reports: dict[str, str], lang: str) -> None:
    html = reports[lang]
    page = outline(html)
    assert "://" not in html, "no URL of any scheme may appear"
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert "url(" not in html
    images = page.all("img")
    assert len(images) == 10
    for attrs in images:
        src = attrs["src"] or ""
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1]).startswith(PNG_MAGIC)
        assert attrs["alt"]
    for tag, attrs in page.tags:
        for name in ("href", "src", "action", "srcset", "poster"):
            value = attrs.get(name)
            assert value is None or value.startswith(("#", "data:")), (tag, name, value)
    (csp,) = [a for a in page.all("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in (csp["content"] or "")


def test_report_structure_in_english(reports: dict[str, str]) -> None:
    page = outline(reports["en"])
    assert page.headings == [
        "Summary",
        "Allocation",
        "Projection",
        "Assumptions and sources",
        "Provenance",
    ]
    html = reports["en"]
    assert '<html lang="en">' in html
    # Titles are escaped, not interpreted.
    assert "UCJ allocation: sample &lt;report&gt;" in html and "&amp; friends" in html
    text = " ".join(page.text)
    for expected in (
        "With Rp 12 billion the five kabupaten protect 7,380 workers.",
        "7,380",
        "Rp 1.2 billion",
        "35.7%",
        "1,234,567.5",
        "Figure 10.",
        "Table 1.",
        "Generated on 24 November 2026",
        "First 10 of 80 rows shown.",
        "No rows.",
        "PP 44/2015 (REFERENCE §2)",
        "0.2–1%",
        "20261124",
        "sha256:abc123",
        "24 November 2026 09:30 UTC",
    ):
        assert expected in text, expected
    anchors = [a["href"] for a in page.all("a")]
    ids = {a.get("id") for _, a in page.tags}
    assert anchors and all(href[1:] in ids for href in anchors if href)


def test_report_table_formats_numbers_per_column(reports: dict[str, str]) -> None:
    en, id_ = outline(reports["en"]), outline(reports["id"])
    assert "Enrolled workers" in en.text and "Pekerja terdaftar" in id_.text
    assert "Premiums" in en.text and "Iuran" in id_.text
    money = [s for s in id_.text if s.startswith("Rp ") and "juta" in s]
    assert money, "premiums are written as rupiah words"
    percents = [s for s in id_.text if re.fullmatch(r"\d+,\d%", s)]
    assert len(percents) >= 5
    assert "24 November 2026" in id_.text
    cells = re.findall(r'<td class="num">([^<]*)</td>', reports["id"])
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})+", c) for c in cells), "thousands with dots"


def test_report_in_indonesian(reports: dict[str, str]) -> None:
    html = reports["id"]
    page = outline(html)
    assert '<html lang="id">' in html
    assert page.headings == [
        "Ringkasan",
        "Alokasi",
        "Proyeksi",
        "Asumsi dan sumber",
        "Asal-usul hasil",
    ]
    text = " ".join(page.text)
    for expected in (
        "Dengan Rp 12 miliar lima kabupaten melindungi 7.380 pekerja.",
        "Angka utama",
        "7.380",
        "Rp 1,2 miliar",
        "35,7%",
        "1.234.567,5",
        "Gambar 1.",
        "Tabel 2.",
        "Dibuat pada 24 November 2026",
        "Ditampilkan 10 baris pertama dari 80.",
        "Tidak ada baris.",
        "Benih acak",
        "Berkas ini berdiri sendiri",
    ):
        assert expected in text, expected
    assert "Summary" not in text and "Generated" not in text


def test_charts_follow_the_report_language() -> None:
    """A chart given as a function is drawn once per language, with that language."""
    seen: list[str] = []

    def draw(lang: str) -> Figure:
        from report_samples import need_table

        from ucj_opt.plot import budget_vs_need

        seen.append(lang)
        return budget_vs_need(need_table(), lang=lang)

    content = ReportContent(
        title="t",
        summary=[],
        provenance=Provenance("s", dt.datetime(2026, 1, 2), "0"),
        sections=[Section("s", charts=[Chart("c", draw)])],
    )
    render_report(content, "id")
    render_report(content, "en")
    assert seen == ["id", "en"]


def test_languages_rendered_side_by_side_are_the_ones_rendered_one_by_one() -> None:
    """render_reports draws each language in its own forked process (charts given as
    closures included); the documents are those render_report gives, byte for byte."""
    from ucj_opt.report import render_reports

    def draw(lang: str) -> Figure:
        from report_samples import need_table

        from ucj_opt.plot import budget_vs_need

        return budget_vs_need(need_table(), lang=lang)

    content = ReportContent(
        title={"en": "Report", "id": "Laporan"},
        summary=[],
        provenance=Provenance("s", dt.datetime(2026, 1, 2), "0"),
        sections=[Section("s", charts=[Chart("c", draw)])],
    )
    both = render_reports(content, ["en", "id"])
    assert list(both) == ["en", "id"]
    assert both == {lang: render_report(content, lang) for lang in ("en", "id")}
    assert render_reports(content, ["id"]) == {"id": both["id"]}
    with pytest.raises(ValueError, match="unknown language"):
        render_reports(content, ["en", "de"])


def test_a_language_whose_process_dies_is_rendered_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from ucj_opt.report import render, render_reports

    def die(*_: object) -> None:
        os._exit(3)

    monkeypatch.setattr(render, "_render_into", die)
    content = ReportContent(
        title={"en": "Report", "id": "Laporan"},
        summary=[],
        provenance=Provenance("s", dt.datetime(2026, 1, 2), "0"),
    )
    assert render_reports(content, ["en", "id"]) == {
        lang: render_report(content, lang) for lang in ("en", "id")
    }


def test_missing_translation_and_unknown_language_are_clear_errors() -> None:
    content = ReportContent(
        title={"en": "English only"},
        summary=[],
        provenance=Provenance("s", dt.datetime(2026, 1, 2), "0"),
    )
    assert "English only" in render_report(content, "en")
    with pytest.raises(ValueError, match="no 'id' version"):
        render_report(content, "id")
    with pytest.raises(ValueError, match="unknown language"):
        render_report(content, "de")


def test_text_cells_are_escaped() -> None:
    frame = pd.DataFrame({"region": ["<b>Kab. X</b>"], "amount": [2.5e9]})
    content = ReportContent(
        title="t",
        summary=[],
        provenance=Provenance("s", dt.datetime(2026, 1, 2), "0"),
        sections=[Section("s", tables=[Table("x", frame, formats={"amount": "money"})])],
    )
    html = render_report(content, "id")
    assert "&lt;b&gt;Kab. X&lt;/b&gt;" in html and "<b>Kab. X" not in html
    assert "Rp 2,5 miliar" in html and "Wilayah" in html


def test_write_report_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    write(target, "<!DOCTYPE html><p>één</p>")
    assert target.read_text(encoding="utf-8") == "<!DOCTYPE html><p>één</p>"
    write(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]
