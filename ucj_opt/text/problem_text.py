"""Catalogue entries of the scenario checks: what pydantic finds wrong with a setting, said
in a planner's words (the same for a YAML file and a ``--set``), merged into
:mod:`ucj_opt.text.catalogue` (the same keys in both languages, tested)."""

from __future__ import annotations

__all__ = ["EN", "ID"]

EN: dict[str, str] = {
    "pb_greater_than_equal": "must be at least {limit}",
    "pb_greater_than": "must be more than {limit}",
    "pb_less_than_equal": "must be at most {limit}",
    "pb_less_than": "must be less than {limit}",
    "pb_whole_number": "must be a whole number, e.g. 5",
    "pb_number": "must be a number, e.g. 0.5",
    "pb_finite": "must be a finite number (not NaN or infinity)",
    "pb_true_false": "must be true or false",
    "pb_text": "must be text",
    "pb_mapping": "must be a mapping of keys to values (key: value), not a single value",
    "pb_list": "must be a list, e.g. [a, b]",
    "pb_one_of": "must be one of {expected}",
}

ID: dict[str, str] = {
    "pb_greater_than_equal": "harus paling sedikit {limit}",
    "pb_greater_than": "harus lebih dari {limit}",
    "pb_less_than_equal": "harus paling banyak {limit}",
    "pb_less_than": "harus kurang dari {limit}",
    "pb_whole_number": "harus berupa bilangan bulat, misalnya 5",
    "pb_number": "harus berupa angka, misalnya 0.5",
    "pb_finite": "harus berupa angka terhingga (bukan NaN atau tak hingga)",
    "pb_true_false": "harus true atau false",
    "pb_text": "harus berupa teks",
    "pb_mapping": "harus berupa pemetaan kunci ke nilai (kunci: nilai), bukan satu nilai",
    "pb_list": "harus berupa daftar, misalnya [a, b]",
    "pb_one_of": "harus salah satu dari {expected}",
}
