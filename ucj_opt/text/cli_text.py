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
}
