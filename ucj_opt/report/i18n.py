"""Every fixed label and sentence of the charts and the report, in English and Bahasa Indonesia.

One dictionary per language with the same keys (a test holds them equal), so a label can
never exist in one language only. Domain words (APBD, APBDes, desa, JKK, JKM) stay
Indonesian in both. Text given by the caller may be a plain string or a mapping
``{"en": ..., "id": ...}``; :func:`localize` picks the right one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeAlias

__all__ = ["LANGS", "TEXT", "Lang", "Text", "check_lang", "localize", "t"]

Lang: TypeAlias = Literal["en", "id"]
"""A language the report and charts are written in."""

Text: TypeAlias = str | Mapping[str, str]
"""Caller text: one string (same in both languages) or ``{"en": ..., "id": ...}``."""

LANGS: tuple[Lang, ...] = ("en", "id")

_EN: dict[str, str] = {
    # chart titles and axis labels
    "coverage_title": "Coverage of eligible workers by region",
    "coverage_axis": "Share of eligible workers enrolled",
    "target": "target {value}",
    "allocation_title": "Premiums paid by region",
    "allocation_axis": "Premiums paid ({unit})",
    "need_title": "Budget used against need",
    "need_axis": "Rupiah ({unit})",
    "need": "Need (all eligible workers)",
    "budget": "Budget available",
    "used": "Budget used",
    "shadow_title": "What one more Rp 1 miliar buys, where",
    "shadow_axis": "Extra {objective} per extra Rp 1 miliar",
    "shadow_note": "{n} budgets not shown are not binding (one more rupiah buys nothing there)",
    "protected_workers": "protected workers",
    "frontier_title": "Budget frontier",
    "frontier_x": "Total budget ({unit})",
    "frontier_y": "Protected workers",
    "current_budget": "current budget",
    "map_title": "By province",
    "no_data": "no data",
    "fan_title": "Projection with and without coverage",
    "fan_x": "Month",
    "poor_people": "People in poverty",
    "with": "With coverage",
    "without": "Without coverage",
    "median": "median",
    "band": "{level}% band",
    "effect_title": "Paired effect of coverage across replications",
    "effect_x": "People kept out of poverty (without − with)",
    "effect_y": "Replications",
    "effect_interval": "{level}% of replications",
    "zero_line": "no effect",
    "sensitivity_title": "What drives the result (sensitivity indices)",
    "sensitivity_axis": "Sensitivity index",
    "first_order": "first order (S1)",
    "total_order": "total (ST)",
    "convergence_title": "Monte Carlo convergence",
    "convergence_x": "Replications",
    "convergence_y": "Running mean",
    "running_mean": "running mean",
    "half_width": "± {level}% half-width",
    "other": "other",
    "hidden_regions": "{n} smaller regions not shown",
    # common column names (tables translate these when they appear as headers)
    "region": "Region",
    "segment": "Segment",
    "year": "Year",
    "source": "Source",
    "enrolled": "Enrolled workers",
    "eligible": "Eligible workers",
    "premiums": "Premiums",
    "coverage": "Coverage",
    "amount": "Amount",
    "apbd_provinsi": "APBD provinsi",
    "apbd_kabkota": "APBD kabupaten/kota",
    "apbdes": "APBDes",
    "farmer": "farmers",
    "fisher": "fishers",
    "informal": "informal workers",
    # plain-words summary sentences
    "sum_alloc": (
        "With {budget} available, {used} is spent on premiums that enrol {enrolled} of "
        "{eligible} eligible workers ({share})."
    ),
    "sum_unspent": "{unspent} of the budget is not used.",
    "sum_effect": (
        "Over {months} months, coverage keeps a median of {median} people out of poverty "
        "({level}% of replications: {low} to {high})."
    ),
    "sum_positive": "The effect is positive in {share} of replications.",
    "sum_jkp": (
        "Loss of livelihood stays uninsured: JKP covers wage earners only, so informal "
        "workers remain exposed to it."
    ),
    # report structure
    "report": "Report",
    "contents": "Contents",
    "summary": "Summary",
    "key_figures": "Key figures",
    "assumptions": "Assumptions and sources",
    "assumption": "Assumption",
    "value": "Value",
    "range": "Range",
    "grade": "Grade",
    "provenance": "Provenance",
    "generated": "Generated on {date}",
    "scenario": "Scenario",
    "created": "Created",
    "version": "Version",
    "seed": "Random seed",
    "figure_n": "Figure {n}",
    "table_n": "Table {n}",
    "no_rows": "No rows.",
    "rows_cut": "First {shown} of {total} rows shown.",
    "offline_note": "This file is self-contained: it fetches nothing from the network.",
    "grades_note": (
        "Grades: A official release or primary text; B one secondary report that agrees "
        "with other facts; C uncertain, conflicting or computed."
    ),
}

_ID: dict[str, str] = {
    "coverage_title": "Cakupan pekerja yang memenuhi syarat per wilayah",
    "coverage_axis": "Bagian pekerja memenuhi syarat yang terdaftar",
    "target": "target {value}",
    "allocation_title": "Iuran yang dibayar per wilayah",
    "allocation_axis": "Iuran yang dibayar ({unit})",
    "need_title": "Anggaran terpakai dibanding kebutuhan",
    "need_axis": "Rupiah ({unit})",
    "need": "Kebutuhan (semua pekerja memenuhi syarat)",
    "budget": "Anggaran tersedia",
    "used": "Anggaran terpakai",
    "shadow_title": "Apa yang dibeli tambahan Rp 1 miliar, dan di mana",
    "shadow_axis": "Tambahan {objective} per tambahan Rp 1 miliar",
    "shadow_note": (
        "{n} anggaran yang tidak ditampilkan tidak mengikat "
        "(tambahan rupiah tidak membeli apa pun di sana)"
    ),
    "protected_workers": "pekerja terlindungi",
    "frontier_title": "Batas anggaran",
    "frontier_x": "Total anggaran ({unit})",
    "frontier_y": "Pekerja terlindungi",
    "current_budget": "anggaran saat ini",
    "map_title": "Per provinsi",
    "no_data": "tidak ada data",
    "fan_title": "Proyeksi dengan dan tanpa perlindungan",
    "fan_x": "Bulan",
    "poor_people": "Penduduk miskin",
    "with": "Dengan perlindungan",
    "without": "Tanpa perlindungan",
    "median": "median",
    "band": "pita {level}%",
    "effect_title": "Dampak berpasangan perlindungan antar-replikasi",
    "effect_x": "Orang yang terhindar dari kemiskinan (tanpa − dengan)",
    "effect_y": "Replikasi",
    "effect_interval": "{level}% replikasi",
    "zero_line": "tanpa dampak",
    "sensitivity_title": "Apa yang menentukan hasil (indeks sensitivitas)",
    "sensitivity_axis": "Indeks sensitivitas",
    "first_order": "orde pertama (S1)",
    "total_order": "total (ST)",
    "convergence_title": "Konvergensi Monte Carlo",
    "convergence_x": "Replikasi",
    "convergence_y": "Rata-rata berjalan",
    "running_mean": "rata-rata berjalan",
    "half_width": "± setengah lebar {level}%",
    "other": "lainnya",
    "hidden_regions": "{n} wilayah yang lebih kecil tidak ditampilkan",
    "region": "Wilayah",
    "segment": "Segmen",
    "year": "Tahun",
    "source": "Sumber",
    "enrolled": "Pekerja terdaftar",
    "eligible": "Pekerja memenuhi syarat",
    "premiums": "Iuran",
    "coverage": "Cakupan",
    "amount": "Jumlah",
    "apbd_provinsi": "APBD provinsi",
    "apbd_kabkota": "APBD kabupaten/kota",
    "apbdes": "APBDes",
    "farmer": "petani",
    "fisher": "nelayan",
    "informal": "pekerja informal",
    "sum_alloc": (
        "Dengan anggaran {budget}, sebanyak {used} dibelanjakan untuk iuran yang mendaftarkan "
        "{enrolled} dari {eligible} pekerja yang memenuhi syarat ({share})."
    ),
    "sum_unspent": "Sebanyak {unspent} dari anggaran tidak terpakai.",
    "sum_effect": (
        "Selama {months} bulan, perlindungan menjaga median {median} orang dari kemiskinan "
        "({level}% replikasi: {low} sampai {high})."
    ),
    "sum_positive": "Dampaknya positif pada {share} replikasi.",
    "sum_jkp": (
        "Kehilangan mata pencaharian tetap tidak diasuransikan: JKP hanya untuk penerima "
        "upah, sehingga pekerja informal tetap menanggung risiko itu."
    ),
    "report": "Laporan",
    "contents": "Daftar isi",
    "summary": "Ringkasan",
    "key_figures": "Angka utama",
    "assumptions": "Asumsi dan sumber",
    "assumption": "Asumsi",
    "value": "Nilai",
    "range": "Rentang",
    "grade": "Mutu",
    "provenance": "Asal-usul hasil",
    "generated": "Dibuat pada {date}",
    "scenario": "Skenario",
    "created": "Dibuat",
    "version": "Versi",
    "seed": "Benih acak",
    "figure_n": "Gambar {n}",
    "table_n": "Tabel {n}",
    "no_rows": "Tidak ada baris.",
    "rows_cut": "Ditampilkan {shown} baris pertama dari {total}.",
    "offline_note": "Berkas ini berdiri sendiri: tidak mengambil apa pun dari jaringan.",
    "grades_note": (
        "Mutu: A rilis resmi atau teks primer; B satu laporan sekunder yang sesuai dengan "
        "fakta lain; C tidak pasti, bertentangan atau hasil hitungan."
    ),
}

TEXT: dict[Lang, dict[str, str]] = {"en": _EN, "id": _ID}
"""The fixed text of each language; both dictionaries have the same keys."""


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is a supported language, else raise a clear ``ValueError``."""
    if lang == "en":
        return "en"
    if lang == "id":
        return "id"
    raise ValueError(f"unknown language {lang!r}; use 'en' (English) or 'id' (Bahasa Indonesia)")


def t(key: str, lang: str, **fields: object) -> str:
    """The fixed text ``key`` in ``lang``, with ``{fields}`` filled in."""
    text = TEXT[check_lang(lang)][key]
    return text.format(**fields) if fields else text


def localize(text: Text, lang: str) -> str:
    """Pick the ``lang`` version of caller text; a plain string is the same in both."""
    if isinstance(text, str):
        return text
    code = check_lang(lang)
    if code not in text:
        raise ValueError(f"text {dict(text)!r} has no {code!r} version")
    return text[code]
