"""Catalogue entries of the command line's own messages and screen output, merged into
:mod:`ucj_opt.text.catalogue` (the same keys in both languages, tested)."""

from __future__ import annotations

__all__ = ["EN", "ID"]

EN: dict[str, str] = {
    "cli_share_option": (
        "{option} must be a share in [0, 1], written 0.4 or 40% (not '{value}'); e.g. {option} 40%"
    ),
    "cli_sweep_numbers": (
        "start, stop and step must be numbers, or shares written 40% (got '{spec}'); "
        "e.g. budget_scale=0.5:2:0.25 or policy.equity_floor.share=0%:40%:10%"
    ),
    "cli_not_defined": "not defined",
    "cli_arm_line": "Compared: {arm}, against no one covered (same random draws in both).",
    "cli_arm_optimal": "the scenario's optimal allocation (solved once)",
    "cli_arm_resolved": (
        "the scenario's optimal allocation, solved again at each design point (a budget, "
        "a price or a worker count is uncertain)"
    ),
    "cli_arm_coverage": "{share} of eligible workers covered",
    "cli_arm_table": "the saved allocation {source}",
    "run_step_allocation": "1/4 solving the allocation",
    "run_allocated": "    {status}: {n} extreme-poor worker-years protected",
    "run_step_frontier": "2/4 sweeping the budget frontier",
    "run_frontier_point": "    point {i}/{n}: budgets × {scale}",
    "run_step_projection": (
        "3/4 projecting poverty with and without coverage (up to {n} replications)"
    ),
    "run_replication": "    replication {r}",
    "run_step_report": "4/4 writing the report",
    "run_coupled": "    allocating for {measure} averted (projection → estimates → allocation)",
    "run_coupled_done": "    {n} iterations, enrolment moved: {changes}",
    "run_comparing": "    comparing the two targetings on common random numbers",
    "run_done": "results in {folder}/ ({seconds} s)",
    "run_report": "report: {path}",
}

ID: dict[str, str] = {
    "cli_share_option": (
        "{option} harus berupa proporsi dalam [0, 1], ditulis 0.4 atau 40% (bukan '{value}'); "
        "misalnya {option} 40%"
    ),
    "cli_sweep_numbers": (
        "awal, akhir dan langkah harus berupa angka, atau proporsi yang ditulis 40% "
        "(tertulis '{spec}'); misalnya budget_scale=0.5:2:0.25 atau "
        "policy.equity_floor.share=0%:40%:10%"
    ),
    "cli_not_defined": "tidak terdefinisi",
    "cli_arm_line": (
        "Dibandingkan: {arm}, terhadap tanpa kepesertaan (undian acak yang sama di keduanya)."
    ),
    "cli_arm_optimal": "alokasi optimal skenario (diselesaikan sekali)",
    "cli_arm_resolved": (
        "alokasi optimal skenario, diselesaikan ulang di setiap titik desain (ada anggaran, "
        "harga atau jumlah pekerja yang tidak pasti)"
    ),
    "cli_arm_coverage": "{share} pekerja layak terlindungi",
    "cli_arm_table": "alokasi tersimpan {source}",
    "run_step_allocation": "1/4 menyelesaikan alokasi",
    "run_allocated": "    {status}: {n} pekerja-tahun miskin ekstrem terlindungi",
    "run_step_frontier": "2/4 menghitung kurva anggaran (frontier)",
    "run_frontier_point": "    titik {i}/{n}: anggaran × {scale}",
    "run_step_projection": (
        "3/4 memproyeksikan kemiskinan dengan dan tanpa perlindungan (hingga {n} replikasi)"
    ),
    "run_replication": "    replikasi {r}",
    "run_step_report": "4/4 menulis laporan",
    "run_coupled": (
        "    mengalokasikan untuk {measure} yang dicegah (proyeksi → estimasi → alokasi)"
    ),
    "run_coupled_done": "    {n} iterasi, kepesertaan berpindah: {changes}",
    "run_comparing": "    membandingkan kedua penargetan dengan bilangan acak yang sama",
    "run_done": "hasil di {folder}/ ({seconds} detik)",
    "run_report": "laporan: {path}",
}
