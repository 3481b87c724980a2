"""Catalogue entries of the coverage targets, the award standings and the budget needed,
merged into :mod:`ucj_opt.text.catalogue` (the same keys in both languages, tested)."""

from __future__ import annotations

__all__ = ["EN", "ID"]

EN: dict[str, str] = {
    # charts
    "tp_coverage": "Coverage under the allocation",
    "tp_target": "Target",
    "tp_all_regions": "All regions, share of the workforce covered",
    "tp_regions_title": "Each region against its target",
    "tp_last_year": "Share of the workforce covered in {year} (◇ marks the target)",
    "tp_hidden": "{n} regions with lower coverage not shown",
    "award_hidden": "{n} lower-ranked regions not shown",
    "award_title": "Award standings (this tool's proposal)",
    "award_axis": "Score (0–100), each criterion's weighted part",
    "crit_coverage_vs_target": "Coverage against target",
    "crit_growth": "Growth of coverage",
    "crit_extreme_poor_coverage": "Extreme-poor coverage",
    "crit_own_budget_effort": "Own-budget effort",
    "shadow_line_later": (
        "+{value} {unit} per extra Rp 1 {miliar} of {pool}: it buys no more {target}, so "
        "the next priority gains (the rate of a first extra rupiah; its range is not computed)"
    ),
    "frontier_plateau": (
        "plateau: every extreme-poor worker covered; least budget {value} (ucj-opt need)"
    ),
    # report: targets
    "rt_title": "Targets and standings",
    "rt_measure": (
        "Coverage here is the published UCJ indicator: workers in BPJS Ketenagakerjaan as a "
        "share of the workforce (employed persons), not of the eligible workers above. "
        "Published figures: UCJ coverage was 35.68% in April 2025 against a 2025 target of "
        "52.15%, with no province on target (Kemendagri); RPJMN 2025–2029 targets 32.15% in "
        "2025 and 43.92% in 2029, RKP 2026 34.99%, RPJPN 99.5% by 2045. That the UCJ "
        "achievement already exceeds the RPJMN 2025 target while missing the UCJ one says "
        "the documents measure differently; the sources at hand do not state the RPJMN "
        "denominator, so it is read here as the same indicator."
    ),
    "rt_targets_from": (
        "Targets: {source}. Between the years given they are interpolated linearly "
        "(marked interpolated); after the last year given they are held."
    ),
    "rt_source_published": "the national path of the planning documents above",
    "rt_source_given": "the scenario's targets.national",
    "rt_source_regions": "the scenario's regional targets (targets.regions), elsewhere {national}",
    "rt_baseline": (
        "Workforce: {workforce}. Covered before the allocation: {covered}. Coverage outside "
        "this allocation is held at that level (no other growth, no drop-out): an assumption."
    ),
    "rt_workforce_given": "as given in the regions table",
    "rt_workforce_derived": (
        "population × {ratio} employed per person (145.77 million employed, Feb 2025, "
        "over 284.97 million people, Dec 2024; derived)"
    ),
    "rt_covered_given": "as given in the regions table",
    "rt_covered_assumed": (
        "{share} of the workforce in every region (targets.baseline_coverage; assumption "
        "from the national UCJ figure of April 2025, range 27.58%–50.88%)"
    ),
    "rt_nation": (
        "Under this allocation the coverage of all regions' workforce is {first} in "
        "{first_year} and {last} in {last_year}, against targets of {target_first} and "
        "{target_last}."
    ),
    "rt_on_target": "{n} of {total} regional governments reach their target in {year}.",
    "rt_skipped": (
        "The path to the targets and the award standings are not shown: in {n} of the regional "
        "governments the workers covered before the allocation (assumed a share of the "
        "workforce) plus the eligible workers exceed the workforce derived from the "
        "population. Give the regions table 'workforce' and 'covered' columns "
        "(docs/targets.md)."
    ),
    "rt_path_table": "Path to target, all regions, year by year",
    "rt_regions_table": "Each regional government in {year}",
    "rt_path_chart": "Coverage of the workforce against the target",
    "rt_award_intro": (
        "Award standings: this tool's proposal, not the official UCJ Award, whose criteria "
        "are not public. Criteria and weights are the scenario's (award.criteria): {weights}. "
        "Each criterion is scaled from 0 (lowest region) to 1 (highest; 1 for all when every "
        "region is equal); the score is 100 × the weighted mean. Equal scores are ordered by "
        "the criteria in the order listed, then by region code."
    ),
    "rt_award_defs": (
        "Coverage against target: coverage of the workforce in {year} ÷ the target. Growth: "
        "coverage in {year} minus coverage before the allocation, in percentage points. "
        "Extreme-poor coverage: extreme-poor workers enrolled in {year} ÷ extreme-poor "
        "workers. Own-budget effort: premiums paid from the region's own APBD and its desa's "
        "APBDes over the plan, per worker of its workforce and year."
    ),
    "rt_award_table": "Award standings (this tool's proposal)",
    "rt_award_chart": "Award standings",
    "rt_region": "Region",
    "rt_year": "Year",
    "rt_coverage": "Coverage of the workforce",
    "rt_coverage_first": "Coverage {year}",
    "rt_coverage_last": "Coverage {year}",
    "rt_target": "Target",
    "rt_target_year": "Target {year}",
    "rt_basis": "Target from",
    "rt_gap_points": "Gap (points)",
    "rt_on_target_col": "On target",
    "rt_rank": "Rank",
    "rt_score": "Score",
    "rt_all": "All regions",
    "rt_yes": "yes",
    "rt_no": "no",
    "basis_published": "published",
    "basis_given": "given",
    "basis_interpolated": "interpolated",
    "basis_held": "held",
    "basis_weighted": "regional targets, weighted by workforce",
    # report: budget needed
    "rn_title": "Budget needed",
    "rn_sentence": (
        "To protect every extreme-poor worker every year under the scenario's rules takes "
        "{needed} over the plan; the budgets above provide {today}, so {gap} of new money "
        "is needed (the least new money first, then the least money in all; ucj-opt need)."
    ),
    "rn_none": (
        "Today's budgets already protect every extreme-poor worker every year: no new money "
        "is needed for that target."
    ),
    "rn_infeasible": (
        "No budget protects every extreme-poor worker every year under the scenario's "
        "rules: a rule other than money binds (see ucj-opt need --target extreme_poor)."
    ),
    "rn_skipped": (
        "Not computed in this run: with {n} regions holding workers it takes minutes; run "
        "ucj-opt need --target extreme_poor (or --target workforce) on its own."
    ),
    "rn_workforce": (
        "To bring every regional government to its coverage target (a share of its "
        "workforce, see Targets and standings) every year takes {needed} over the plan, "
        "{gap} of it new money (ucj-opt need --target workforce; workforce.csv)."
    ),
    "rn_workforce_infeasible": (
        "No budget brings every regional government to its coverage target: some have too "
        "few uncovered eligible workers to reach it (ucj-opt need --target workforce lists "
        "them)."
    ),
    "rn_table": "Largest gaps by region, year and budget level",
    "rn_budget": "Budget",
    "rn_today": "Today",
    "rn_needed": "Needed",
    "rn_gap": "Gap",
}

ID: dict[str, str] = {
    "tp_coverage": "Cakupan dengan alokasi ini",
    "tp_target": "Target",
    "tp_all_regions": "Seluruh wilayah, persentase angkatan kerja yang terlindungi",
    "tp_regions_title": "Setiap wilayah terhadap targetnya",
    "tp_last_year": "Persentase angkatan kerja yang terlindungi pada {year} (◇ menandai target)",
    "tp_hidden": "{n} wilayah dengan cakupan lebih rendah tidak ditampilkan",
    "award_hidden": "{n} wilayah dengan peringkat lebih rendah tidak ditampilkan",
    "award_title": "Peringkat penghargaan (usulan alat ini)",
    "award_axis": "Skor (0–100), bagian tertimbang tiap kriteria",
    "crit_coverage_vs_target": "Cakupan terhadap target",
    "crit_growth": "Pertumbuhan cakupan",
    "crit_extreme_poor_coverage": "Cakupan pekerja miskin ekstrem",
    "crit_own_budget_effort": "Upaya anggaran sendiri",
    "shadow_line_later": (
        "+{value} {unit} per tambahan Rp 1 {miliar} pada {pool}: anggaran ini tidak dapat "
        "membeli {target} lagi, sehingga prioritas berikutnya yang bertambah (laju rupiah "
        "tambahan pertama; rentangnya tidak dihitung)"
    ),
    "frontier_plateau": (
        "titik jenuh: setiap pekerja miskin ekstrem terlindungi; anggaran terkecil {value} "
        "(ucj-opt need)"
    ),
    "rt_title": "Target dan peringkat",
    "rt_measure": (
        "Cakupan di sini adalah indikator UCJ yang dipublikasikan: pekerja peserta BPJS "
        "Ketenagakerjaan sebagai persentase angkatan kerja (penduduk bekerja), bukan "
        "persentase pekerja yang memenuhi syarat di atas. Angka yang dipublikasikan: cakupan "
        "UCJ 35,68% pada April 2025 terhadap target 2025 sebesar 52,15%, tanpa satu provinsi "
        "pun mencapai target (Kemendagri); target RPJMN 2025–2029 32,15% pada 2025 dan 43,92% "
        "pada 2029, RKP 2026 34,99%, RPJPN 99,5% pada 2045. Capaian UCJ yang sudah melampaui "
        "target RPJMN 2025 tetapi belum mencapai target UCJ menunjukkan bahwa dokumen-dokumen "
        "itu mengukur secara berbeda; sumber yang tersedia tidak menyebutkan penyebut RPJMN, "
        "sehingga di sini dibaca sebagai indikator yang sama."
    ),
    "rt_targets_from": (
        "Target: {source}. Di antara tahun yang diberikan, target diinterpolasi secara linear "
        "(ditandai interpolasi); setelah tahun terakhir yang diberikan, target dipertahankan."
    ),
    "rt_source_published": "jalur nasional dokumen perencanaan di atas",
    "rt_source_given": "targets.national dalam skenario",
    "rt_source_regions": "target daerah dalam skenario (targets.regions), selebihnya {national}",
    "rt_baseline": (
        "Angkatan kerja: {workforce}. Terlindungi sebelum alokasi: {covered}. Cakupan di luar "
        "alokasi ini dianggap tetap pada tingkat itu (tanpa pertumbuhan lain, tanpa peserta "
        "yang berhenti): sebuah asumsi."
    ),
    "rt_workforce_given": "sesuai tabel wilayah",
    "rt_workforce_derived": (
        "jumlah penduduk × {ratio} penduduk bekerja per penduduk (145,77 juta penduduk "
        "bekerja, Februari 2025, dibagi 284,97 juta penduduk, Desember 2024; turunan)"
    ),
    "rt_covered_given": "sesuai tabel wilayah",
    "rt_covered_assumed": (
        "{share} dari angkatan kerja di setiap wilayah (targets.baseline_coverage; asumsi "
        "dari angka UCJ nasional April 2025, rentang 27,58%–50,88%)"
    ),
    "rt_nation": (
        "Dengan alokasi ini, cakupan angkatan kerja seluruh wilayah adalah {first} pada "
        "{first_year} dan {last} pada {last_year}, terhadap target {target_first} dan "
        "{target_last}."
    ),
    "rt_on_target": "{n} dari {total} pemerintah daerah mencapai targetnya pada {year}.",
    "rt_skipped": (
        "Jalur menuju target dan peringkat penghargaan tidak ditampilkan: di {n} pemerintah "
        "daerah, pekerja yang terlindungi sebelum alokasi (diasumsikan sebagai persentase "
        "angkatan kerja) ditambah pekerja yang memenuhi syarat melebihi angkatan kerja yang "
        "diturunkan dari jumlah penduduk. Isi kolom 'workforce' dan 'covered' pada tabel "
        "wilayah (docs/targets.md)."
    ),
    "rt_path_table": "Jalur menuju target, seluruh wilayah, per tahun",
    "rt_regions_table": "Setiap pemerintah daerah pada {year}",
    "rt_path_chart": "Cakupan angkatan kerja terhadap target",
    "rt_award_intro": (
        "Peringkat penghargaan: usulan alat ini, bukan UCJ Award resmi, yang kriterianya "
        "tidak dipublikasikan. Kriteria dan bobot berasal dari skenario (award.criteria): "
        "{weights}. Setiap kriteria diskalakan dari 0 (wilayah terendah) hingga 1 (tertinggi; "
        "1 untuk semua bila semua wilayah sama); skor adalah 100 × rata-rata tertimbang. Skor "
        "yang sama diurutkan menurut kriteria sesuai urutan daftarnya, lalu menurut kode "
        "wilayah."
    ),
    "rt_award_defs": (
        "Cakupan terhadap target: cakupan angkatan kerja pada {year} ÷ target. Pertumbuhan: "
        "cakupan pada {year} dikurangi cakupan sebelum alokasi, dalam poin persentase. "
        "Cakupan pekerja miskin ekstrem: pekerja miskin ekstrem yang didaftarkan pada {year} "
        "÷ pekerja miskin ekstrem. Upaya anggaran sendiri: iuran yang dibayar dari APBD "
        "daerah itu sendiri dan APBDes desanya selama rencana, per pekerja angkatan kerjanya "
        "per tahun."
    ),
    "rt_award_table": "Peringkat penghargaan (usulan alat ini)",
    "rt_award_chart": "Peringkat penghargaan",
    "rt_region": "Wilayah",
    "rt_year": "Tahun",
    "rt_coverage": "Cakupan angkatan kerja",
    "rt_coverage_first": "Cakupan {year}",
    "rt_coverage_last": "Cakupan {year}",
    "rt_target": "Target",
    "rt_target_year": "Target {year}",
    "rt_basis": "Asal target",
    "rt_gap_points": "Selisih (poin)",
    "rt_on_target_col": "Mencapai target",
    "rt_rank": "Peringkat",
    "rt_score": "Skor",
    "rt_all": "Seluruh wilayah",
    "rt_yes": "ya",
    "rt_no": "tidak",
    "basis_published": "dipublikasikan",
    "basis_given": "diberikan",
    "basis_interpolated": "interpolasi",
    "basis_held": "dipertahankan",
    "basis_weighted": "target daerah, ditimbang menurut angkatan kerja",
    "rn_title": "Anggaran yang dibutuhkan",
    "rn_sentence": (
        "Untuk melindungi setiap pekerja miskin ekstrem setiap tahun menurut aturan skenario "
        "dibutuhkan {needed} selama rencana; anggaran di atas menyediakan {today}, sehingga "
        "dibutuhkan {gap} dana baru (dana baru sekecil mungkin lebih dahulu, lalu total dana "
        "sekecil mungkin; ucj-opt need)."
    ),
    "rn_none": (
        "Anggaran saat ini sudah melindungi setiap pekerja miskin ekstrem setiap tahun: tidak "
        "dibutuhkan dana baru untuk target itu."
    ),
    "rn_infeasible": (
        "Tidak ada anggaran yang dapat melindungi setiap pekerja miskin ekstrem setiap tahun "
        "menurut aturan skenario: ada aturan selain dana yang mengikat (lihat ucj-opt need "
        "--target extreme_poor)."
    ),
    "rn_skipped": (
        "Tidak dihitung dalam proses ini: dengan {n} wilayah yang memiliki pekerja, "
        "perhitungannya memakan waktu beberapa menit; jalankan ucj-opt need --target "
        "extreme_poor (atau --target workforce) secara terpisah."
    ),
    "rn_workforce": (
        "Untuk membawa setiap pemerintah daerah ke target cakupannya (persentase angkatan "
        "kerjanya, lihat Target dan peringkat) setiap tahun dibutuhkan {needed} selama "
        "rencana, {gap} di antaranya dana baru (ucj-opt need --target workforce; "
        "workforce.csv)."
    ),
    "rn_workforce_infeasible": (
        "Tidak ada anggaran yang membawa setiap pemerintah daerah ke target cakupannya: "
        "sebagian memiliki terlalu sedikit pekerja memenuhi syarat yang belum terlindungi "
        "(ucj-opt need --target workforce menyebutkannya)."
    ),
    "rn_table": "Kekurangan terbesar menurut wilayah, tahun dan tingkat anggaran",
    "rn_budget": "Anggaran",
    "rn_today": "Saat ini",
    "rn_needed": "Dibutuhkan",
    "rn_gap": "Kekurangan",
}
