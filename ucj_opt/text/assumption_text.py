"""Catalogue entries for the assumptions table: settings' names and units, both languages.

Kept apart from the chart and report labels so the table of a run's settings can grow
with the settings; :mod:`ucj_opt.text.catalogue` merges them (the same keys in both
languages, tested there).
"""

from __future__ import annotations

__all__ = ["EN", "ID"]

EN: dict[str, str] = {
    # package rows
    "as_declared_income": "Declared income (JKK and JHT base)",
    "as_jkk": "JKK contribution",
    "as_jkk_value": "{rate} of max(declared income, {floor}) a month",
    "as_jkm": "JKM contribution",
    "as_per_month": "{amount} a month",
    "as_jht": "JHT (old-age savings)",
    "as_jht_on": "included: {rate} of max(declared income, {floor}) a month",
    "as_jht_off": "not included",
    "as_premium": "Premium per worker, first month",
    "as_discount": "Discount {start} to {end}",
    "as_discount_value": "{share} off {what}",
    "as_budget_scale": "Budgets scaled by",
    "as_equity_floor": "Equity floor (share of extreme-poor workers, each region)",
    "as_benefits_value": (
        "JKM Rp 42 million; JKK death 48× income + Rp 22 million; disability up to 56× income"
    ),
    "as_source_scenario": "this run's scenario",
    "status_official": "official",
    "status_derived": "derived",
    "status_assumed": "assumed",
    "rc_money_over_replications": "Money over replications (rupiah)",
    "current_budget_value": "current budget: {value} worker-years",
    # units
    "unit_rupiah_per_capita_month": "{value} per person a month",
    "unit_months": "{value} months",
    "unit_month": "{value} month",
    "unit_persons": "{value} persons",
    "unit_workers": "{value} workers",
    "unit_per_year": "{value} a year",
    "unit_per_month": "{value} a month",
    "unit_share_points_per_year": "{value} percentage points a year",
    "unit_times_poverty_line": "{value} × the poverty line",
    "unit_share_of_extreme_line": "{value} of the extreme-poverty line",
    "unit_times_life_table": "{value} × the life table",
    "unit_relative": "{value} × the average",
    "unit_claims_per_1000_insured_month": "{value} claims per 1,000 insured a month",
    # simulation settings
    "sim_poverty_line": "Poverty line",
    "sim_extreme_line": "Extreme-poverty line",
    "sim_vulnerable_multiple": "Vulnerable: below this multiple of the poverty line",
    "sim_destitution_share": "Destitution line",
    "sim_household_size_poor": "Household size, poor",
    "sim_household_size_nonpoor": "Household size, non-poor",
    "sim_workers_per_household": "Eligible workers per household",
    "sim_other_workers_poverty_ratio": "Poverty of other eligible workers, relative",
    "sim_eligible_income_share": "Worker's share of household income",
    "sim_savings_months": "Savings of poor households",
    "sim_debt_limit_months": "Borrowing limit",
    "sim_debt_service_share": "Debt repaid",
    "sim_lump_sum_spread_months": "A lump-sum benefit is spent over",
    "sim_school_participation": "School participation",
    "sim_dropout_risk": "School leaving after a parent's death",
    "sim_poverty_decline_per_year": "Poverty trend (decline)",
    "sim_poverty_exit_rate": "Exit from poverty",
    "sim_accident_claim_rate": "Work-accident claims (BPU)",
    "sim_claim_take_up": "Accident claims made",
    "sim_accident_risk": "Work-accident risk",
    "sim_death_claim_take_up": "Death claims made",
    "sim_mortality_scale": "Mortality",
    "sim_male_share": "Male workers",
    "sim_livelihood_loss_rate": "Livelihood loss (harvest, catch)",
    "sim_livelihood_loss_months": "Livelihood loss, duration",
    "sim_livelihood_income_loss": "Livelihood loss, income lost",
    "sim_temporary_months": "Temporary disability, duration",
    "sim_partial_table_share": "Partial disability, share of the table",
    "sim_severity_shares": "Accident outcomes",
    "sim_medical_cost": "Medical cost of an accident",
    "sim_oop_share": "Medical cost paid out of pocket without JKK",
    "sim_claims_capacity_per_1000": "Claims office capacity",
    "sim_lapse_per_month": "Enrolment lapse",
    "as_floor_soft": "soft: shortfalls allowed, each reported",
    "as_floor_hard": "hard: no shortfall allowed",
    # parts of a setting given per class, level or segment
    "as_sub_medical": "medical treatment",
    "as_sub_temporary": "temporary disability",
    "as_sub_partial": "partial disability",
    "as_sub_total": "total disability",
    "as_sub_death": "death",
    "as_sub_tk": "TK (ages 5–6)",
    "as_sub_sd": "SD (ages 7–12)",
    "as_sub_smp": "SMP (ages 13–15)",
    "as_sub_sma": "SMA (ages 16–18)",
    "as_sub_university": "university (ages 19–23)",
    "as_sub_default": "other segments",
    # sources of the default simulation settings: the English text is the source written in
    # ucj_opt/scenario/simulation.py (a scenario's own source is shown as it is given)
    "asrc_poverty_line": "REFERENCE §5: BPS Mar 2025 (rural 580,349; Sep 2025 641,443)",
    "asrc_extreme_line": (
        "REFERENCE §5: no official figure; reports of ~Rp 391k-400k for 2025 (grade C)"
    ),
    "asrc_vulnerable_multiple": (
        "assumption: 'vulnerable' = non-poor below 1.5 poverty lines, the usual World Bank "
        "band for Indonesia"
    ),
    "asrc_destitution_share": (
        "assumption: this tool's definition of destitution (half the extreme line)"
    ),
    "asrc_household_size_poor": (
        "BPS Sep 2025: 4.76 persons per poor household (range: releases Sep 2018-Sep 2025)"
    ),
    "asrc_household_size_nonpoor": (
        "BPS Sumatera Selatan 2021: non-poor households 3.65 persons (one province, used as "
        "the national figure: grade C)"
    ),
    "asrc_workers_per_household": (
        "assumption: 27m eligible of 145.8m employed (1.9 per household) cluster in farming "
        "and trading families"
    ),
    "asrc_other_workers_poverty_ratio": (
        "assumption: eligible workers who are not extreme poor are as often poor as the rest "
        "of the region above the extreme line (informal work may make them poorer)"
    ),
    "asrc_eligible_income_share": (
        "assumption: about 1.6 earners per poor household, the main one earning ~70% "
        "(LFPR Aug 2024: men 84.7%, women 56.4%)"
    ),
    "asrc_savings_months": "assumption: poor households hold little liquid savings",
    "asrc_debt_limit_months": "assumption: informal credit from family, shops, arisan",
    "asrc_debt_service_share": "assumption: informal loans repaid within about a year",
    "asrc_lump_sum_spread_months": (
        "assumption: a benefit is spent over about two years after debts are paid"
    ),
    "asrc_school_tk": "assumption: APS of ages 5-6 not found",
    "asrc_school_sd": (
        "BPS school participation rate (APS) 2023, via GoodStats (grade B): ages 7-12 99.16%"
    ),
    "asrc_school_smp": (
        "BPS school participation rate (APS) 2023, via GoodStats (grade B): ages 13-15 96.10%"
    ),
    "asrc_school_sma": (
        "BPS school participation rate (APS) 2023, via GoodStats (grade B): ages 16-18 73.42%"
    ),
    "asrc_school_university": (
        "BPS school participation rate (APS) 2023, via GoodStats (grade B): ages 19-23 28.96%"
    ),
    "asrc_dropout_risk": (
        "assumption: no Indonesian estimate of school leaving after a parent's death was "
        "found; used only for the 'kept in school' outcome"
    ),
    "asrc_poverty_decline_per_year": (
        "derived: BPS Mar/Sep poverty rates 2015-2025, OLS -0.24 pp/yr without 2020-21, "
        "-0.40 pp/yr since 2022 (9.03% Mar 2024, 8.47% Mar 2025, 8.25% Sep 2025)"
    ),
    "asrc_poverty_exit_rate": (
        "derived from Susenas panels: Dartanto & Nurkholis 2013 (BIES 49(1), 28% of poor "
        "households poor in both rounds) and Purwono et al. 2021 (6.7% of households poor in "
        "both 2008 and 2010); grade C"
    ),
    "asrc_accident_claim_rate": (
        "derived: 34,364 JKK cases among ~9.4m active BPU in 2024 (Kemnaker); 20,129 in "
        "Jan-Aug 2024 over 9.2m = 0.33%/yr (REFERENCE §6)"
    ),
    "asrc_claim_take_up": (
        "assumption: BPU claim 4x less often than wage earners (1.6%/yr, 2024), mostly "
        "from under-claiming, not lower risk"
    ),
    "asrc_accident_risk": (
        "assumption: relative work-accident risk of the segment; per-segment rates were not "
        "found (REFERENCE §6), fishers' boat accidents make theirs higher"
    ),
    "asrc_death_claim_take_up": "assumption: JKM death claims are well known and simple",
    "asrc_mortality_scale": (
        "JKN 2023 life table (BPJS Kesehatan & PAI, grade B); upper end: informal, poorer "
        "workers die younger than the JKN average"
    ),
    "asrc_male_share": (
        "derived: LFPR Aug 2024 men 84.66%, women 56.42% gives ~60% of workers male"
    ),
    "asrc_livelihood_loss_rate": "assumption: REFERENCE §6 rate not found",
    "asrc_livelihood_loss_months": "assumption: REFERENCE §6 duration not found",
    "asrc_livelihood_income_loss": (
        "assumption: a failed harvest or catch halves a worker's income"
    ),
    "asrc_temporary_months": "assumption: median STMB spell ~1 month, long tail",
    "asrc_partial_table_share": (
        "assumption: mean percentage of the PP 82/2019 disability table (not retrieved)"
    ),
    "asrc_severity_shares": (
        "assumption: the split of JKK cases by benefit type was not found for 2021-24 "
        "(BPJS TK annual report table wanted)"
    ),
    "asrc_severity_death": (
        "derived: 2,375 deaths among 105,182 JKK cases in 2015 (BPJS TK via Antara Foto, "
        "21 Apr 2016, grade B)"
    ),
    "asrc_medical_cost": (
        "assumption, checked against the average JKK benefit per BPU case in 2024 "
        "(8.05% of Rp 3.4 T over 34,364 cases, Kemnaker, calc; docs/validation.md)"
    ),
    "asrc_oop_share": (
        "derived from assumptions: 75% of poor informal households with active JKN pay "
        "~15%, the rest all (JKN 95.7% enrolled, 20.6% not active, DJSN 2024)"
    ),
    "asrc_claims_capacity_per_1000": (
        "assumption: far above the expected ~0.6 claims per 1,000 insured a month"
    ),
    "asrc_lapse_per_month": "assumption: budget-paid premiums do not lapse",
}

ID: dict[str, str] = {
    "as_declared_income": "Penghasilan yang dilaporkan (dasar JKK dan JHT)",
    "as_jkk": "Iuran JKK",
    "as_jkk_value": "{rate} dari max(penghasilan dilaporkan, {floor}) per bulan",
    "as_jkm": "Iuran JKM",
    "as_per_month": "{amount} per bulan",
    "as_jht": "JHT (tabungan hari tua)",
    "as_jht_on": "termasuk: {rate} dari max(penghasilan dilaporkan, {floor}) per bulan",
    "as_jht_off": "tidak termasuk",
    "as_premium": "Iuran per pekerja, bulan pertama",
    "as_discount": "Diskon {start} sampai {end}",
    "as_discount_value": "potongan {share} untuk {what}",
    "as_budget_scale": "Anggaran dikalikan",
    "as_equity_floor": "Batas pemerataan (bagian pekerja miskin ekstrem, tiap wilayah)",
    "as_benefits_value": (
        "JKM Rp 42 juta; JKK kematian 48× penghasilan + Rp 22 juta; cacat hingga 56× penghasilan"
    ),
    "as_source_scenario": "skenario yang dijalankan",
    "status_official": "resmi",
    "status_derived": "turunan",
    "status_assumed": "asumsi",
    "rc_money_over_replications": "Uang antar replikasi (rupiah)",
    "current_budget_value": "anggaran saat ini: {value} pekerja-tahun",
    "unit_rupiah_per_capita_month": "{value} per orang per bulan",
    "unit_months": "{value} bulan",
    "unit_month": "{value} bulan",
    "unit_persons": "{value} orang",
    "unit_workers": "{value} pekerja",
    "unit_per_year": "{value} per tahun",
    "unit_per_month": "{value} per bulan",
    "unit_share_points_per_year": "{value} poin persen per tahun",
    "unit_times_poverty_line": "{value} × garis kemiskinan",
    "unit_share_of_extreme_line": "{value} dari garis kemiskinan ekstrem",
    "unit_times_life_table": "{value} × tabel mortalitas",
    "unit_relative": "{value} × rata-rata",
    "unit_claims_per_1000_insured_month": "{value} klaim per 1.000 peserta per bulan",
    "sim_poverty_line": "Garis kemiskinan",
    "sim_extreme_line": "Garis kemiskinan ekstrem",
    "sim_vulnerable_multiple": "Rentan: di bawah kelipatan garis kemiskinan ini",
    "sim_destitution_share": "Garis kemelaratan",
    "sim_household_size_poor": "Ukuran rumah tangga miskin",
    "sim_household_size_nonpoor": "Ukuran rumah tangga tidak miskin",
    "sim_workers_per_household": "Pekerja layak per rumah tangga",
    "sim_other_workers_poverty_ratio": "Kemiskinan pekerja layak lainnya, relatif",
    "sim_eligible_income_share": "Bagian pekerja dalam penghasilan rumah tangga",
    "sim_savings_months": "Tabungan rumah tangga miskin",
    "sim_debt_limit_months": "Batas pinjaman",
    "sim_debt_service_share": "Utang dibayar kembali",
    "sim_lump_sum_spread_months": "Manfaat sekaligus dibelanjakan selama",
    "sim_school_participation": "Angka partisipasi sekolah",
    "sim_dropout_risk": "Putus sekolah setelah orang tua meninggal",
    "sim_poverty_decline_per_year": "Tren kemiskinan (penurunan)",
    "sim_poverty_exit_rate": "Keluar dari kemiskinan",
    "sim_accident_claim_rate": "Klaim kecelakaan kerja (BPU)",
    "sim_claim_take_up": "Klaim kecelakaan yang diajukan",
    "sim_accident_risk": "Risiko kecelakaan kerja",
    "sim_death_claim_take_up": "Klaim kematian yang diajukan",
    "sim_mortality_scale": "Mortalitas",
    "sim_male_share": "Pekerja laki-laki",
    "sim_livelihood_loss_rate": "Kehilangan mata pencaharian (panen, tangkapan)",
    "sim_livelihood_loss_months": "Kehilangan mata pencaharian, lamanya",
    "sim_livelihood_income_loss": "Kehilangan mata pencaharian, penghasilan hilang",
    "sim_temporary_months": "Cacat sementara, lamanya",
    "sim_partial_table_share": "Cacat sebagian, bagian dari tabel",
    "sim_severity_shares": "Akibat kecelakaan",
    "sim_medical_cost": "Biaya berobat akibat kecelakaan",
    "sim_oop_share": "Biaya berobat ditanggung sendiri tanpa JKK",
    "sim_claims_capacity_per_1000": "Kapasitas kantor klaim",
    "sim_lapse_per_month": "Kepesertaan terputus",
    "as_floor_soft": "lunak: kekurangan diizinkan, masing-masing dilaporkan",
    "as_floor_hard": "mutlak: tidak boleh ada kekurangan",
    "as_sub_medical": "perawatan medis",
    "as_sub_temporary": "cacat sementara",
    "as_sub_partial": "cacat sebagian",
    "as_sub_total": "cacat total",
    "as_sub_death": "meninggal dunia",
    "as_sub_tk": "TK (usia 5–6)",
    "as_sub_sd": "SD (usia 7–12)",
    "as_sub_smp": "SMP (usia 13–15)",
    "as_sub_sma": "SMA (usia 16–18)",
    "as_sub_university": "perguruan tinggi (usia 19–23)",
    "as_sub_default": "segmen lain",
    "asrc_poverty_line": "REFERENCE §5: BPS Mar 2025 (perdesaan 580.349; Sep 2025 641.443)",
    "asrc_extreme_line": (
        "REFERENCE §5: tidak ada angka resmi; laporan menyebut ~Rp 391–400 ribu untuk 2025 (mutu C)"
    ),
    "asrc_vulnerable_multiple": (
        "asumsi: 'rentan' = tidak miskin tetapi di bawah 1,5 kali garis kemiskinan, rentang "
        "yang biasa dipakai Bank Dunia untuk Indonesia"
    ),
    "asrc_destitution_share": (
        "asumsi: definisi kemelaratan alat ini (separuh garis kemiskinan ekstrem)"
    ),
    "asrc_household_size_poor": (
        "BPS Sep 2025: 4,76 orang per rumah tangga miskin (rentang: rilis Sep 2018–Sep 2025)"
    ),
    "asrc_household_size_nonpoor": (
        "BPS Sumatera Selatan 2021: rumah tangga tidak miskin 3,65 orang (satu provinsi, "
        "dipakai sebagai angka nasional: mutu C)"
    ),
    "asrc_workers_per_household": (
        "asumsi: 27 juta pekerja layak dari 145,8 juta penduduk bekerja (1,9 per rumah "
        "tangga) terkumpul di keluarga petani dan pedagang"
    ),
    "asrc_other_workers_poverty_ratio": (
        "asumsi: pekerja layak yang tidak miskin ekstrem sama seringnya miskin dengan "
        "penduduk wilayahnya di atas garis kemiskinan ekstrem (pekerjaan informal dapat "
        "membuat mereka lebih miskin)"
    ),
    "asrc_eligible_income_share": (
        "asumsi: sekitar 1,6 pencari nafkah per rumah tangga miskin, yang utama menghasilkan "
        "~70% (TPAK Agu 2024: laki-laki 84,7%, perempuan 56,4%)"
    ),
    "asrc_savings_months": "asumsi: rumah tangga miskin hanya punya sedikit tabungan siap pakai",
    "asrc_debt_limit_months": "asumsi: pinjaman informal dari keluarga, warung, arisan",
    "asrc_debt_service_share": "asumsi: pinjaman informal dilunasi dalam sekitar setahun",
    "asrc_lump_sum_spread_months": (
        "asumsi: manfaat dibelanjakan selama sekitar dua tahun setelah utang dilunasi"
    ),
    "asrc_school_tk": "asumsi: APS usia 5–6 tahun tidak ditemukan",
    "asrc_school_sd": (
        "Angka partisipasi sekolah (APS) BPS 2023, melalui GoodStats (mutu B): usia 7–12 99,16%"
    ),
    "asrc_school_smp": (
        "Angka partisipasi sekolah (APS) BPS 2023, melalui GoodStats (mutu B): usia 13–15 96,10%"
    ),
    "asrc_school_sma": (
        "Angka partisipasi sekolah (APS) BPS 2023, melalui GoodStats (mutu B): usia 16–18 73,42%"
    ),
    "asrc_school_university": (
        "Angka partisipasi sekolah (APS) BPS 2023, melalui GoodStats (mutu B): usia 19–23 28,96%"
    ),
    "asrc_dropout_risk": (
        "asumsi: tidak ditemukan perkiraan untuk Indonesia tentang putus sekolah setelah "
        "orang tua meninggal; hanya dipakai untuk hasil 'tetap bersekolah'"
    ),
    "asrc_poverty_decline_per_year": (
        "turunan: tingkat kemiskinan BPS Mar/Sep 2015–2025, OLS -0,24 poin persen per tahun "
        "tanpa 2020–21, -0,40 poin persen per tahun sejak 2022 (9,03% Mar 2024, 8,47% "
        "Mar 2025, 8,25% Sep 2025)"
    ),
    "asrc_poverty_exit_rate": (
        "turunan dari panel Susenas: Dartanto & Nurkholis 2013 (BIES 49(1), 28% rumah tangga "
        "miskin tetap miskin di kedua putaran) dan Purwono et al. 2021 (6,7% rumah tangga "
        "miskin pada 2008 maupun 2010); mutu C"
    ),
    "asrc_accident_claim_rate": (
        "turunan: 34.364 kasus JKK di antara ~9,4 juta peserta BPU aktif pada 2024 "
        "(Kemnaker); 20.129 pada Jan–Agu 2024 dari 9,2 juta = 0,33% per tahun (REFERENCE §6)"
    ),
    "asrc_claim_take_up": (
        "asumsi: peserta BPU 4 kali lebih jarang mengajukan klaim daripada penerima upah "
        "(1,6% per tahun, 2024), terutama karena klaim tidak diajukan, bukan karena risikonya "
        "lebih rendah"
    ),
    "asrc_accident_risk": (
        "asumsi: risiko kecelakaan kerja relatif segmen; angka per segmen tidak ditemukan "
        "(REFERENCE §6), kecelakaan perahu membuat risiko nelayan lebih tinggi"
    ),
    "asrc_death_claim_take_up": "asumsi: klaim kematian JKM sudah dikenal luas dan mudah",
    "asrc_mortality_scale": (
        "Tabel mortalitas JKN 2023 (BPJS Kesehatan & PAI, mutu B); batas atas: pekerja "
        "informal yang lebih miskin meninggal lebih muda daripada rata-rata JKN"
    ),
    "asrc_male_share": (
        "turunan: TPAK Agu 2024 laki-laki 84,66%, perempuan 56,42%, sehingga ~60% pekerja laki-laki"
    ),
    "asrc_livelihood_loss_rate": "asumsi: angkanya tidak ditemukan (REFERENCE §6)",
    "asrc_livelihood_loss_months": "asumsi: lamanya tidak ditemukan (REFERENCE §6)",
    "asrc_livelihood_income_loss": (
        "asumsi: gagal panen atau gagal tangkap memangkas separuh penghasilan pekerja"
    ),
    "asrc_temporary_months": "asumsi: median masa STMB ~1 bulan, dengan ekor panjang",
    "asrc_partial_table_share": (
        "asumsi: rata-rata persentase tabel cacat PP 82/2019 (tabelnya tidak diperoleh)"
    ),
    "asrc_severity_shares": (
        "asumsi: pembagian kasus JKK menurut jenis manfaat untuk 2021–24 tidak ditemukan "
        "(dibutuhkan tabel laporan tahunan BPJS TK)"
    ),
    "asrc_severity_death": (
        "turunan: 2.375 kematian di antara 105.182 kasus JKK pada 2015 (BPJS TK melalui "
        "Antara Foto, 21 Apr 2016, mutu B)"
    ),
    "asrc_medical_cost": (
        "asumsi, diperiksa terhadap rata-rata manfaat JKK per kasus BPU pada 2024 "
        "(8,05% dari Rp 3,4 T untuk 34.364 kasus, Kemnaker, hitungan; docs/validation.md)"
    ),
    "asrc_oop_share": (
        "turunan dari asumsi: 75% rumah tangga informal miskin dengan JKN aktif membayar "
        "~15%, sisanya seluruhnya (JKN 95,7% terdaftar, 20,6% tidak aktif, DJSN 2024)"
    ),
    "asrc_claims_capacity_per_1000": (
        "asumsi: jauh di atas perkiraan ~0,6 klaim per 1.000 peserta per bulan"
    ),
    "asrc_lapse_per_month": "asumsi: iuran yang dibayar anggaran daerah tidak terputus",
}
