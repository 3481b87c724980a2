"""Catalogue entries of the allocation in planner words (budget pools, unused money,
shadow prices, stages), merged into :mod:`ucj_opt.text.catalogue` (the same keys in both
languages, tested)."""

from __future__ import annotations

__all__ = ["EN", "ID"]

EN: dict[str, str] = {
    "src_apbd": "APBD",
    "src_apbdes": "APBDes",
    "src_other": "other funds of",
    "source_other": "other funds",
    "pool_label": "{source} {name} {year}",
    "unused_eligible_reached": (
        "{amount} of {pool} cannot be spent: every eligible worker it may pay for ({workers})"
        " is already enrolled"
    ),
    "unused_continuity": (
        "{amount} of {pool} cannot be spent: workers enrolled in {year} must stay funded in "
        "{next} (policy.continuity) and the {next} budgets that may pay for them are used up; "
        "raise the {next} budgets or set policy.continuity: false"
    ),
    "unused_province_share": (
        "{amount} of {pool} cannot be spent: the province already pays its largest share "
        "({share}) of the premiums in the kabupaten/kota it reaches "
        "(cofinancing.province_max_share); raise that share or their own budgets"
    ),
    "unused_no_workers": "{amount} of {pool} cannot be spent: it may pay for no eligible worker",
    "unused_small": "{amount} of {pool} is less than one worker's premium for the year",
    "unused_other": (
        "{amount} of {pool} is not spent; no rule holds it back (the solver's rounding)"
    ),
    "rule_apbdes_own": (
        "; APBDes pays only for its own desa (cofinancing.apbdes_own_residents_only)"
    ),
    "rule_no_top_up": (
        "; the province may not top up kabupaten/kota (cofinancing.province_tops_up: false)"
    ),
    "shadow_line": "+{value} {unit} per extra Rp 1 {miliar} of {pool}, valid from {lo} to {hi}",
    "shadow_floor_note": (
        "While {n} regions are below the soft equity floor, these rates also count its "
        "penalty for each extreme-poor worker short (policy.equity_floor.penalty), so they "
        "can exceed what Rp 1 {miliar} buys"
    ),
    "miliar": "billion",
    "no_limit": "no limit",
    "stage_unit_extreme_poor": "extreme-poor worker-years",
    "stage_unit_poor": "poor worker-years (estimated)",
    "stage_unit_workers": "worker-years",
    "stage_unit_weighted": "weighted worker-years",
    "stage_unit_rupiah": "rupiah of cost",
    "stage_unit_min_rate": "of the minimum coverage rate",
    "stage_unit_fair": "fairness units",
    "stage_name_extreme_poor": "extreme-poor workers",
    "stage_name_poor": "poor workers (estimated)",
    "stage_name_vulnerable_workers": "all eligible workers",
    "stage_name_weighted": "workers at their weights",
    "stage_name_min_cost": "least cost",
    "stage_name_min_rate": "lowest regional coverage rate",
    "stage_name_fair_share": "fair share among the regions of a budget",
    "unused_title": "Budget left unspent, and why",
    "shadow_title_notes": "Where one more Rp 1 {miliar} helps most",
    "rc_stages_unused": "Priorities, shadow prices and unspent money",
    "rc_stage_line": "Stage {k}, {name}: {value} {unit} (each stage keeps the optimum of those "
    "before it).",
    "rc_unused_more": "… and {n} more pools with money left; see unused.csv.",
    "more_unused": "… and {n} more pools with money left; see unused.csv",
    "solve_status": "status",
    "solve_objective": "objective",
    "solve_extreme": "extreme poor",
    "solve_extreme_value": "{value} worker-years enrolled",
    "solve_all": "all workers",
    "solve_all_value": "{value} worker-years enrolled",
    "solve_premiums": "premiums",
    "solve_premiums_value": "Rp {used} of Rp {budget}",
    "solve_shortfalls": "shortfalls",
    "solve_shortfalls_value": "{n} region-years below the soft equity floor",
    "solve_model": "model",
    "solve_model_value": ("{rows} rows × {columns} columns; build {build} s, solve {solve} s"),
    "solve_stage": "stage {k}",
    "prov_objective": "Objective (policy.objective)",
    "prov_backend": "Solver interface",
    "prov_solver": "Solver",
    "prov_rows": "Model rows",
    "prov_columns": "Model columns",
    "prov_integer_workers": "Whole workers (integer model)",
    "prov_blocks": "Blocks solved apart",
    "prov_segments_pooled": "Worker segments pooled",
    "prov_most_even": "The most even of the equally good allocations",
    "prov_build_seconds": "Time to build the model",
    "prov_solve_seconds": "Time to solve",
    "prov_extract_seconds": "Time to read the results",
    "prov_seconds": "{value} s",
    "solve_not_optimal": (
        "note: the solver stopped with status {status}; this is not a proven optimum"
    ),
    "solve_blocks_progress": "solving: {done} of {total} independent blocks done, {elapsed}",
}

ID: dict[str, str] = {
    "src_apbd": "APBD",
    "src_apbdes": "APBDes",
    "src_other": "dana lain",
    "source_other": "dana lain",
    "pool_label": "{source} {name} {year}",
    "unused_eligible_reached": (
        "{amount} dari {pool} tidak dapat dibelanjakan: semua pekerja layak yang dapat "
        "dibiayainya ({workers}) sudah terdaftar"
    ),
    "unused_continuity": (
        "{amount} dari {pool} tidak dapat dibelanjakan: pekerja yang didaftarkan pada {year} "
        "harus tetap dibiayai pada {next} (policy.continuity) dan anggaran {next} yang dapat "
        "membiayai mereka sudah habis; naikkan anggaran {next} atau atur "
        "policy.continuity: false"
    ),
    "unused_province_share": (
        "{amount} dari {pool} tidak dapat dibelanjakan: provinsi sudah membayar bagian "
        "terbesarnya ({share}) dari iuran di kabupaten/kota yang dijangkaunya "
        "(cofinancing.province_max_share); naikkan bagian itu atau anggaran mereka sendiri"
    ),
    "unused_no_workers": (
        "{amount} dari {pool} tidak dapat dibelanjakan: tidak ada pekerja layak yang dapat "
        "dibiayainya"
    ),
    "unused_small": "{amount} dari {pool} kurang dari iuran satu pekerja setahun",
    "unused_other": (
        "{amount} dari {pool} tidak terpakai; tidak ada aturan yang menahannya (pembulatan pemecah)"
    ),
    "rule_apbdes_own": (
        "; APBDes hanya membiayai warga desanya sendiri (cofinancing.apbdes_own_residents_only)"
    ),
    "rule_no_top_up": (
        "; provinsi tidak boleh menambah untuk kabupaten/kota (cofinancing.province_tops_up: false)"
    ),
    "shadow_line": (
        "+{value} {unit} per tambahan Rp 1 {miliar} pada {pool}, berlaku dari {lo} sampai {hi}"
    ),
    "shadow_floor_note": (
        "Selama {n} wilayah masih di bawah batas pemerataan lunak, angka ini juga menghitung "
        "penaltinya untuk setiap pekerja miskin ekstrem yang kurang "
        "(policy.equity_floor.penalty), sehingga bisa melebihi yang dapat dibeli Rp 1 {miliar}"
    ),
    "miliar": "miliar",
    "no_limit": "tanpa batas",
    "stage_unit_extreme_poor": "pekerja-tahun miskin ekstrem",
    "stage_unit_poor": "pekerja-tahun miskin (perkiraan)",
    "stage_unit_workers": "pekerja-tahun",
    "stage_unit_weighted": "pekerja-tahun berbobot",
    "stage_unit_rupiah": "rupiah biaya",
    "stage_unit_min_rate": "tingkat cakupan minimum",
    "stage_unit_fair": "satuan pemerataan",
    "stage_name_extreme_poor": "pekerja miskin ekstrem",
    "stage_name_poor": "pekerja miskin (perkiraan)",
    "stage_name_vulnerable_workers": "semua pekerja layak",
    "stage_name_weighted": "pekerja menurut bobotnya",
    "stage_name_min_cost": "biaya terkecil",
    "stage_name_min_rate": "tingkat cakupan wilayah terendah",
    "stage_name_fair_share": "bagian adil antarwilayah satu anggaran",
    "unused_title": "Anggaran yang tidak terpakai, dan sebabnya",
    "shadow_title_notes": "Di mana tambahan Rp 1 {miliar} paling berguna",
    "rc_stages_unused": "Prioritas, harga bayangan dan anggaran tidak terpakai",
    "rc_stage_line": "Tahap {k}, {name}: {value} {unit} (setiap tahap mempertahankan optimum "
    "tahap sebelumnya).",
    "rc_unused_more": "… dan {n} pos lain dengan sisa anggaran; lihat unused.csv.",
    "more_unused": "… dan {n} pos lain dengan sisa anggaran; lihat unused.csv",
    "solve_status": "status solver",
    "solve_objective": "nilai tujuan",
    "solve_extreme": "miskin ekstrem",
    "solve_extreme_value": "{value} pekerja-tahun terdaftar",
    "solve_all": "semua pekerja",
    "solve_all_value": "{value} pekerja-tahun terdaftar",
    "solve_premiums": "iuran",
    "solve_premiums_value": "Rp {used} dari Rp {budget}",
    "solve_shortfalls": "kekurangan",
    "solve_shortfalls_value": "{n} wilayah-tahun di bawah batas pemerataan lunak",
    "solve_model": "ukuran model",
    "solve_model_value": (
        "{rows} baris × {columns} kolom; penyusunan {build} detik, penyelesaian {solve} detik"
    ),
    "solve_stage": "tahap {k}",
    "prov_objective": "Tujuan (policy.objective)",
    "prov_backend": "Antarmuka solver",
    "prov_solver": "Pemecah (solver)",
    "prov_rows": "Baris model",
    "prov_columns": "Kolom model",
    "prov_integer_workers": "Pekerja bulat (model bilangan bulat)",
    "prov_blocks": "Blok yang diselesaikan terpisah",
    "prov_segments_pooled": "Segmen pekerja digabung",
    "prov_most_even": "Alokasi paling merata di antara yang sama baiknya",
    "prov_build_seconds": "Waktu menyusun model",
    "prov_solve_seconds": "Waktu penyelesaian",
    "prov_extract_seconds": "Waktu membaca hasil",
    "prov_seconds": "{value} detik",
    "solve_not_optimal": (
        "catatan: solver berhenti dengan status {status}; ini bukan optimum yang terbukti"
    ),
    "solve_blocks_progress": (
        "menyelesaikan: {done} dari {total} blok independen selesai, {elapsed}"
    ),
}
