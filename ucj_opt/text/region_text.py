"""Catalogue entries of the one-page region summary (``ucj-opt report --region CODE``) and
of notes on long report tables, merged into :mod:`ucj_opt.text.catalogue` (the same keys
in both languages, tested)."""

from __future__ import annotations

__all__ = ["EN", "ID"]

EN: dict[str, str] = {
    "rs_subtitle": "One-page summary, {first}–{last}",
    "rs_pays": (
        "Budgets held here ({n} lines) total {budget} in {year}, of which {used} is spent on "
        "premiums. Premiums paid for this region's workers in {year}: {premiums}, {by_source}."
    ),
    "rs_protects": (
        "In {year} it enrols {enrolled} of {eligible} eligible workers ({share}), "
        "including {extreme_enrolled} of its {extreme} extreme-poor workers ({extreme_share})."
    ),
    "rs_gap": (
        "Gap: {uncovered} eligible workers are not enrolled, {extreme_uncovered} of them "
        "extreme poor. Enrolling the remaining extreme poor costs about {extreme_cost} a year, "
        "everyone left about {all_cost} a year, at this run's average premium of {premium} "
        "per worker-year."
    ),
    "rs_no_gap": "Every eligible worker of this region is enrolled in {year}.",
    "rs_outcome": (
        "For its people, coverage averts {averted} person-years of extreme poverty over the "
        "projection ({years} years; mean over replications)."
    ),
    "rs_budget_year": "Budget, first year",
    "rs_enrolled": "Workers enrolled, first year",
    "rs_extreme_covered": "Extreme-poor workers covered, first year",
    "rs_extreme_cost": "Cost to enrol the remaining extreme poor, a year",
    "rs_averted": "Extreme-poverty person-years averted",
    "rs_subregions": "Sub-regions, first year",
    "rs_unknown": "{code} is not a region of this results folder; its regions include {some}",
    "rc_full_in_workbook": "Every row is in allocation/allocation.xlsx (sheet budgets).",
    "rs_path": "Path to target",
    "rs_path_line": (
        "Coverage of the workforce under this allocation: {first} in {first_year}, {last} in "
        "{last_year}, against a target of {target}: {verdict}."
    ),
    "rs_on_target": "on target",
    "rs_off_target": "short of it",
    "rs_rank": (
        "Rank {rank} of {total} in the award standings (this tool's proposal, not the "
        "official UCJ Award)."
    ),
}

ID: dict[str, str] = {
    "rs_subtitle": "Ringkasan satu halaman, {first}–{last}",
    "rs_pays": (
        "Anggaran yang ada di sini ({n} pos) berjumlah {budget} pada {year}, dan {used} di "
        "antaranya dibelanjakan untuk iuran. Iuran yang dibayar untuk pekerja wilayah ini "
        "pada {year}: {premiums}, {by_source}."
    ),
    "rs_protects": (
        "Pada {year} wilayah ini mendaftarkan {enrolled} dari {eligible} pekerja layak "
        "({share}), termasuk {extreme_enrolled} dari {extreme} pekerja miskin ekstrem "
        "({extreme_share})."
    ),
    "rs_gap": (
        "Kesenjangan: {uncovered} pekerja layak belum didaftarkan, {extreme_uncovered} di "
        "antaranya miskin ekstrem. Mendaftarkan sisa pekerja miskin ekstrem memerlukan sekitar "
        "{extreme_cost} per tahun, semua sisanya sekitar {all_cost} per tahun, dengan iuran "
        "rata-rata {premium} per pekerja-tahun pada perhitungan ini."
    ),
    "rs_no_gap": "Semua pekerja layak di wilayah ini terdaftar pada {year}.",
    "rs_outcome": (
        "Bagi penduduknya, perlindungan mencegah {averted} orang-tahun kemiskinan ekstrem "
        "selama proyeksi ({years} tahun; rata-rata antar replikasi)."
    ),
    "rs_budget_year": "Anggaran, tahun pertama",
    "rs_enrolled": "Pekerja didaftarkan, tahun pertama",
    "rs_extreme_covered": "Pekerja miskin ekstrem tercakup, tahun pertama",
    "rs_extreme_cost": "Biaya mendaftarkan sisa pekerja miskin ekstrem, per tahun",
    "rs_averted": "Orang-tahun kemiskinan ekstrem tercegah",
    "rs_subregions": "Sub-wilayah, tahun pertama",
    "rs_unknown": "{code} bukan wilayah dalam folder hasil ini; wilayahnya antara lain {some}",
    "rc_full_in_workbook": "Semua baris ada di allocation/allocation.xlsx (lembar budgets).",
    "rs_path": "Jalur menuju target",
    "rs_path_line": (
        "Cakupan angkatan kerja dengan alokasi ini: {first} pada {first_year}, {last} pada "
        "{last_year}, dibandingkan target {target}: {verdict}."
    ),
    "rs_on_target": "target tercapai",
    "rs_off_target": "belum mencapai target",
    "rs_rank": (
        "Peringkat {rank} dari {total} dalam peringkat penghargaan (usulan alat ini, bukan "
        "UCJ Award resmi)."
    ),
}
