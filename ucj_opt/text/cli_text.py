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
}
