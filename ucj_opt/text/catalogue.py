"""Every fixed label and sentence of the charts and the report, in English and Bahasa Indonesia.

One dictionary per language with the same keys (a test holds them equal), so a label can
never exist in one language only. Domain words (APBD, APBDes, desa, JKK, JKM) stay
Indonesian in both. Text given by the caller may be a plain string or a mapping
``{"en": ..., "id": ...}``; :func:`localize` picks the right one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeAlias

from ucj_opt.text.allocation_text import EN as _ALLOCATION_EN
from ucj_opt.text.allocation_text import ID as _ALLOCATION_ID
from ucj_opt.text.assumption_text import EN as _ASSUMPTIONS_EN
from ucj_opt.text.assumption_text import ID as _ASSUMPTIONS_ID
from ucj_opt.text.cli_text import EN as _CLI_EN
from ucj_opt.text.cli_text import ID as _CLI_ID
from ucj_opt.text.problem_text import EN as _PROBLEM_EN
from ucj_opt.text.problem_text import ID as _PROBLEM_ID
from ucj_opt.text.region_text import EN as _REGION_EN
from ucj_opt.text.region_text import ID as _REGION_ID
from ucj_opt.text.summary_text import EN as _SUMMARY_EN
from ucj_opt.text.summary_text import ID as _SUMMARY_ID
from ucj_opt.text.target_text import EN as _TARGET_EN
from ucj_opt.text.target_text import ID as _TARGET_ID

__all__ = [
    "LANGS",
    "TEXT",
    "Lang",
    "Text",
    "both",
    "check_lang",
    "localize",
    "source_words",
    "t",
]

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
    "shadow_title": "What one more Rp 1 billion buys, where",
    "shadow_axis": "Extra {objective} per extra Rp 1 billion",
    "shadow_note": "{n} budgets not shown are not binding (one more rupiah buys nothing there)",
    "protected_workers": "protected workers",
    "frontier_title": "Budget frontier",
    "frontier_x": "Total budget ({unit})",
    "frontier_y": "Extreme-poor worker-years protected",
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
    # outcome figures of a projection (simulation.result summary)
    "fig_extreme_poor_person_years_averted_among_extreme_poor": (
        "Extreme-poverty person-years averted, households extreme poor at the start"
    ),
    "fig_poor_person_years_averted_among_extreme_poor": (
        "Poverty person-years averted, households extreme poor at the start"
    ),
    "fig_extreme_gap_averted_among_extreme_poor": (
        "Extreme-poverty gap averted (FGT1 × person-years), extreme poor at the start"
    ),
    "fig_extreme_severity_averted_among_extreme_poor": (
        "Extreme-poverty severity averted (FGT2 × person-years), extreme poor at the start"
    ),
    "fig_extreme_exits_preserved_among_extreme_poor": (
        "Exits from extreme poverty preserved, extreme poor at the start"
    ),
    "fig_extreme_poor_person_years_averted": "Extreme-poverty person-years averted, everyone",
    "fig_poor_person_years_averted": "Poverty person-years averted, everyone",
    "fig_destitute_person_years_averted": "Destitution person-years averted",
    "fig_falls_into_extreme_poverty_averted": "Falls into extreme poverty averted (person-months)",
    "fig_falls_into_poverty_averted": "Falls into poverty averted (person-months)",
    "fig_gap_averted": "Poverty gap averted (FGT1 × person-years)",
    "fig_severity_averted": "Poverty severity averted (FGT2 × person-years)",
    "fig_extreme_gap_averted": "Extreme-poverty gap averted (FGT1 × person-years)",
    "fig_extreme_severity_averted": "Extreme-poverty severity averted (FGT2 × person-years)",
    "fig_household_years_without_savings_averted": "Household-years with no savings left, averted",
    "fig_household_years_at_debt_limit_averted": "Household-years at the debt limit, averted",
    "fig_mean_debt_averted": "Household debt averted (yearly mean, rupiah)",
    "fig_poor_averted_last_year": "People kept out of poverty in the last year (mean)",
    "fig_benefits_paid": "Benefits paid (rupiah)",
    "fig_premiums_paid": "Premiums paid (rupiah)",
    "fig_oop_averted": "Out-of-pocket medical costs averted (rupiah)",
    "fig_scholarship_child_years": "Child-years of school paid by scholarships",
    "fig_cost_per_poor_person_year_averted": "Premiums per poverty person-year averted (rupiah)",
    "fig_cost_per_extreme_poor_person_year_averted": (
        "Premiums per extreme-poverty person-year averted (rupiah)"
    ),
    "rc_targeted_effect": "Extreme-poverty person-years averted among the extreme poor (mean)",
    "rc_effect_axis": "Extreme-poverty person-years averted (without − with)",
    "rc_outcome": "Outcome",
    "rc_mean": "Mean",
    "rc_ci_low": "95% CI, low",
    "rc_ci_high": "95% CI, high",
    # the report's sections (pipeline.report_content)
    "rc_allocation": "Allocation",
    "rc_budgets": "Budgets",
    "rc_poverty_projection": "Poverty projection",
    "rc_coverage_region_first_year": "Coverage by region (first year)",
    "rc_premiums_paid_region_source": "Premiums paid by region and source (first year)",
    "rc_budget_against_need_first": "Budget against need (first year)",
    "rc_people_poverty_with_without": "People in poverty, with and without coverage",
    "rc_people_kept_out_poverty": (
        "Extreme-poverty person-years averted among the extreme poor, per replication"
    ),
    "rc_jkk_contribution": "JKK contribution",
    "rc_jkm_contribution": "JKM contribution",
    "rc_benefits": "Benefits",
    "rc_budget_all_years": "Budget, all years",
    "rc_solver_status": "Solver status: {status}. The solver stopped before proving this "
    "allocation optimal (e.g. at its time limit): it is the best one found, and a longer "
    "solve may protect more workers.",
    "rc_extreme_poor_worker_years": "Extreme-poor worker-years protected",
    "rc_workers_enrolled_first_year": "Workers enrolled, first year",
    "rc_sorted_bars_coverage_region": "Sorted bars of coverage per region",
    "rc_extreme_poor_workers_protected": "Extreme-poor workers protected, by province",
    "rc_who_enrolled_where_first": (
        "Who is enrolled where, in the first plan year. Regions are sorted by the share of "
        "their extreme-poor workers protected, lowest first."
    ),
    "rc_need_eligible_worker_enrolled": (
        "Need: every eligible worker enrolled at the plan's average premium."
    ),
    "rc_what_more_rp_1": "What one more Rp 1 billion buys, where",
    "rc_budget_frontier": "Budget frontier",
    "rc_both_arms_meet_same": (
        "Both arms meet the same accidents, deaths and livelihood losses (common random "
        "numbers); only the protection differs."
    ),
    "rc_poverty_person_years_averted": "Poverty person-years averted (mean)",
    "rc_coverage_region": "Coverage by region",
    "rc_extra_objective_units_extreme": (
        "Extra extreme-poor worker-years protected per additional Rp 1 billion in one budget,"
        " other budgets unchanged."
    ),
    "rc_protected_extreme_poor_worker": (
        "Protected extreme-poor worker-years when every budget is scaled alike."
    ),
    "rc_budget_pools": "Budget pools",
    "rc_outcomes_over_replications": "Outcomes over replications",
    "rc_net_cost_poverty_person": "Premiums per poverty person-year averted",
    "rc_region": "Region",
    "rc_eligible_workers": "Eligible workers",
    "rc_extreme_poor": "Extreme poor",
    "rc_enrolled": "Enrolled",
    "rc_coverage": "Coverage",
    "rc_extreme_poor_covered": "Extreme poor covered",
    "rc_budget": "Budget",
    "rc_amount": "Amount",
    "rc_used": "Used",
    "rc_left": "Left",
    "rc_extra_rp_1_miliar": "Per extra Rp 1 billion",
    "rc_shortfalls": "{n} region-years fall short of the equity floor; see the shortfalls table.",
    "rc_subtitle": "Allocation and poverty projection, {first}–{last}",
    "rc_targeting_title": "Which targeting wins",
    "rc_targeting_intro": (
        "Two allocations of the same budgets, projected on the same simulated futures: "
        "{first} (the extreme-poor workers first) and {second} (the most poverty averted, "
        "measured as {measure}, per worker-year estimated by the projection)."
    ),
    "rc_targeting_loop": (
        "The allocation for poverty averted converged after {iterations} iterations of "
        "projection → estimates → allocation (last change: {change} of enrolment moved)."
    ),
    "rc_targeting_loop_precision": (
        "The allocation for poverty averted stopped after {iterations} iterations: the last "
        "one moved {change} of enrolment but does not avert significantly more than the one "
        "before (the difference is within the Monte Carlo error; more replications would "
        "tell them apart)."
    ),
    "rc_targeting_loop_not_converged": (
        "The allocation for poverty averted had not converged after {iterations} "
        "iterations (last change: {change} of enrolment moved); read it with care."
    ),
    "rc_targeting_probability": (
        "{second} averts more than {first} in {share} of {replications} simulated futures."
    ),
    "rc_targeting_regions_count": (
        "Per region, under the second allocation: {gains} gain, {loses} lose and {unclear} "
        "show no clear change (95% confidence intervals)."
    ),
    "rc_targeting_table": "Poverty averted and cost per person-year averted",
    "rc_targeting_regions": "Who gains and who loses, per region",
    "rc_targeting_allocation": "Allocation",
    "rc_targeting_averted": "Person-years averted",
    "rc_targeting_premiums": "Premiums",
    "rc_targeting_cost": "Premiums per person-year averted",
    "rc_targeting_difference": "Difference",
    "rc_targeting_verdict": "Verdict",
    "rc_verdict_gains": "gains",
    "rc_verdict_loses": "loses",
    "rc_verdict_unclear": "unclear",
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
    "frontier_y": "Pekerja-tahun miskin ekstrem terlindungi",
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
    "fig_extreme_poor_person_years_averted_among_extreme_poor": (
        "Orang-tahun kemiskinan ekstrem tercegah, rumah tangga miskin ekstrem di awal"
    ),
    "fig_poor_person_years_averted_among_extreme_poor": (
        "Orang-tahun kemiskinan tercegah, rumah tangga miskin ekstrem di awal"
    ),
    "fig_extreme_gap_averted_among_extreme_poor": (
        "Kesenjangan kemiskinan ekstrem tercegah (FGT1 × orang-tahun), miskin ekstrem di awal"
    ),
    "fig_extreme_severity_averted_among_extreme_poor": (
        "Keparahan kemiskinan ekstrem tercegah (FGT2 × orang-tahun), miskin ekstrem di awal"
    ),
    "fig_extreme_exits_preserved_among_extreme_poor": (
        "Keluar dari kemiskinan ekstrem yang terjaga, miskin ekstrem di awal"
    ),
    "fig_extreme_poor_person_years_averted": (
        "Orang-tahun kemiskinan ekstrem tercegah, seluruh penduduk"
    ),
    "fig_poor_person_years_averted": "Orang-tahun kemiskinan tercegah, seluruh penduduk",
    "fig_destitute_person_years_averted": "Orang-tahun kemelaratan tercegah",
    "fig_falls_into_extreme_poverty_averted": (
        "Kejadian jatuh ke kemiskinan ekstrem tercegah (orang-bulan)"
    ),
    "fig_falls_into_poverty_averted": "Kejadian jatuh ke kemiskinan tercegah (orang-bulan)",
    "fig_gap_averted": "Kesenjangan kemiskinan tercegah (FGT1 × orang-tahun)",
    "fig_severity_averted": "Keparahan kemiskinan tercegah (FGT2 × orang-tahun)",
    "fig_extreme_gap_averted": "Kesenjangan kemiskinan ekstrem tercegah (FGT1 × orang-tahun)",
    "fig_extreme_severity_averted": "Keparahan kemiskinan ekstrem tercegah (FGT2 × orang-tahun)",
    "fig_household_years_without_savings_averted": (
        "Rumah tangga-tahun tanpa sisa tabungan, tercegah"
    ),
    "fig_household_years_at_debt_limit_averted": "Rumah tangga-tahun pada batas utang, tercegah",
    "fig_mean_debt_averted": "Utang rumah tangga tercegah (rata-rata tahunan, rupiah)",
    "fig_poor_averted_last_year": (
        "Penduduk terhindar dari kemiskinan pada tahun terakhir (rata-rata)"
    ),
    "fig_benefits_paid": "Manfaat dibayarkan (rupiah)",
    "fig_premiums_paid": "Iuran dibayarkan (rupiah)",
    "fig_oop_averted": "Biaya berobat sendiri tercegah (rupiah)",
    "fig_scholarship_child_years": "Anak-tahun sekolah dibiayai beasiswa",
    "fig_cost_per_poor_person_year_averted": "Iuran per orang-tahun kemiskinan tercegah (rupiah)",
    "fig_cost_per_extreme_poor_person_year_averted": (
        "Iuran per orang-tahun kemiskinan ekstrem tercegah (rupiah)"
    ),
    "rc_targeted_effect": (
        "Orang-tahun kemiskinan ekstrem tercegah pada penduduk miskin ekstrem (rata-rata)"
    ),
    "rc_effect_axis": "Orang-tahun kemiskinan ekstrem tercegah (tanpa − dengan)",
    "rc_outcome": "Hasil",
    "rc_mean": "Rata-rata",
    "rc_ci_low": "Selang kepercayaan 95%, batas bawah",
    "rc_ci_high": "Selang kepercayaan 95%, batas atas",
    "rc_allocation": "Alokasi",
    "rc_budgets": "Anggaran",
    "rc_poverty_projection": "Proyeksi kemiskinan",
    "rc_coverage_region_first_year": "Cakupan per wilayah (tahun pertama)",
    "rc_premiums_paid_region_source": "Iuran dibayar per wilayah dan sumber (tahun pertama)",
    "rc_budget_against_need_first": "Anggaran dibanding kebutuhan (tahun pertama)",
    "rc_people_poverty_with_without": "Penduduk miskin, dengan dan tanpa perlindungan",
    "rc_people_kept_out_poverty": (
        "Orang-tahun kemiskinan ekstrem tercegah pada penduduk miskin ekstrem, per replikasi"
    ),
    "rc_jkk_contribution": "Iuran JKK",
    "rc_jkm_contribution": "Iuran JKM",
    "rc_benefits": "Manfaat",
    "rc_budget_all_years": "Anggaran, semua tahun",
    "rc_solver_status": "Status solver: {status}. Solver berhenti sebelum membuktikan alokasi "
    "ini optimal (mis. karena batas waktu): ini alokasi terbaik yang ditemukan, dan "
    "penyelesaian yang lebih lama dapat melindungi lebih banyak pekerja.",
    "rc_extreme_poor_worker_years": "Pekerja-tahun miskin ekstrem terlindungi",
    "rc_workers_enrolled_first_year": "Pekerja didaftarkan, tahun pertama",
    "rc_sorted_bars_coverage_region": "Batang cakupan per wilayah, terurut",
    "rc_extreme_poor_workers_protected": "Pekerja miskin ekstrem terlindungi, per provinsi",
    "rc_who_enrolled_where_first": (
        "Siapa didaftarkan di mana, pada tahun rencana pertama. Wilayah diurutkan menurut "
        "bagian pekerja miskin ekstrem yang terlindungi, terendah dahulu."
    ),
    "rc_need_eligible_worker_enrolled": (
        "Kebutuhan: semua pekerja layak didaftarkan dengan iuran rata-rata rencana."
    ),
    "rc_what_more_rp_1": "Apa yang didapat dari tambahan Rp 1 miliar, di mana",
    "rc_budget_frontier": "Batas anggaran",
    "rc_both_arms_meet_same": (
        "Kedua kelompok mengalami kecelakaan, kematian dan kehilangan mata pencaharian yang "
        "sama (bilangan acak bersama); hanya perlindungannya berbeda."
    ),
    "rc_poverty_person_years_averted": "Orang-tahun kemiskinan tercegah (rata-rata)",
    "rc_coverage_region": "Cakupan per wilayah",
    "rc_extra_objective_units_extreme": (
        "Tambahan pekerja-tahun miskin ekstrem terlindungi per tambahan Rp 1 miliar pada satu "
        "anggaran, anggaran lain tetap."
    ),
    "rc_protected_extreme_poor_worker": (
        "Pekerja-tahun miskin ekstrem terlindungi bila semua anggaran diskalakan sama."
    ),
    "rc_budget_pools": "Pos anggaran",
    "rc_outcomes_over_replications": "Hasil antar replikasi",
    "rc_net_cost_poverty_person": "Iuran per orang-tahun kemiskinan tercegah",
    "rc_region": "Wilayah",
    "rc_eligible_workers": "Pekerja layak",
    "rc_extreme_poor": "Miskin ekstrem",
    "rc_enrolled": "Didaftarkan",
    "rc_coverage": "Cakupan",
    "rc_extreme_poor_covered": "Miskin ekstrem tercakup",
    "rc_budget": "Anggaran",
    "rc_amount": "Jumlah",
    "rc_used": "Terpakai",
    "rc_left": "Sisa",
    "rc_extra_rp_1_miliar": "Per tambahan Rp 1 miliar",
    "rc_shortfalls": "{n} wilayah-tahun belum mencapai batas pemerataan; lihat tabel kekurangan.",
    "rc_subtitle": "Alokasi dan proyeksi kemiskinan, {first}–{last}",
    "rc_targeting_title": "Penargetan mana yang unggul",
    "rc_targeting_intro": (
        "Dua alokasi dari anggaran yang sama, diproyeksikan pada masa depan simulasi yang "
        "sama: {first} (pekerja miskin ekstrem lebih dulu) dan {second} (kemiskinan tercegah "
        "terbanyak, diukur sebagai {measure}, per pekerja-tahun menurut proyeksi)."
    ),
    "rc_targeting_loop": (
        "Alokasi untuk kemiskinan tercegah konvergen setelah {iterations} iterasi proyeksi → "
        "estimasi → alokasi (perubahan terakhir: {change} kepesertaan berpindah)."
    ),
    "rc_targeting_loop_precision": (
        "Alokasi untuk kemiskinan tercegah berhenti setelah {iterations} iterasi: iterasi "
        "terakhir memindahkan {change} kepesertaan tetapi tidak mencegah kemiskinan secara "
        "nyata lebih banyak daripada sebelumnya (selisihnya di dalam galat Monte Carlo; "
        "replikasi tambahan dapat membedakannya)."
    ),
    "rc_targeting_loop_not_converged": (
        "Alokasi untuk kemiskinan tercegah belum konvergen setelah {iterations} iterasi "
        "(perubahan terakhir: {change} kepesertaan berpindah); baca dengan hati-hati."
    ),
    "rc_targeting_probability": (
        "{second} mencegah lebih banyak daripada {first} pada {share} dari {replications} "
        "masa depan simulasi."
    ),
    "rc_targeting_regions_count": (
        "Per wilayah, dengan alokasi kedua: {gains} diuntungkan, {loses} dirugikan dan "
        "{unclear} tanpa perubahan yang jelas (selang kepercayaan 95%)."
    ),
    "rc_targeting_table": "Kemiskinan tercegah dan biaya per orang-tahun tercegah",
    "rc_targeting_regions": "Siapa diuntungkan dan siapa dirugikan, per wilayah",
    "rc_targeting_allocation": "Alokasi",
    "rc_targeting_averted": "Orang-tahun tercegah",
    "rc_targeting_premiums": "Iuran",
    "rc_targeting_cost": "Iuran per orang-tahun tercegah",
    "rc_targeting_difference": "Selisih",
    "rc_targeting_verdict": "Kesimpulan",
    "rc_verdict_gains": "diuntungkan",
    "rc_verdict_loses": "dirugikan",
    "rc_verdict_unclear": "tidak jelas",
}

_EN |= _ALLOCATION_EN  # budget pools, unused money and shadow prices in planner words
_ID |= _ALLOCATION_ID
_EN |= _ASSUMPTIONS_EN  # the assumptions table's names and units
_ID |= _ASSUMPTIONS_ID
_EN |= _REGION_EN  # the one-page region summary
_ID |= _REGION_ID
_EN |= _SUMMARY_EN  # the report's opening sentences
_ID |= _SUMMARY_ID
_EN |= _TARGET_EN
_ID |= _TARGET_ID
_EN |= _CLI_EN  # the command line's messages and screen output
_ID |= _CLI_ID
_EN |= _PROBLEM_EN  # a setting's problem in planner words
_ID |= _PROBLEM_ID

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


def both(key: str, **fields: object) -> dict[str, str]:
    """The fixed text ``key`` in every language, as caller text for the report."""
    return {lang: t(key, lang, **fields) for lang in LANGS}


def source_words(code: str, lang: str) -> str:
    """A budget source as planners say it: ``apbd_kabkota`` "APBD kabupaten/kota",
    ``other`` "other funds" / "dana lain"; an unknown code as it is."""
    if code == "other":
        return t("source_other", lang)
    return t(code, lang) if code in TEXT[check_lang(lang)] else code
