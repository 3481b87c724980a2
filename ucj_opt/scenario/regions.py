"""Kemendagri region codes: levels, parents and format checks.

Codes follow Kepmendagri 300.2.2-2138/2025 (REFERENCE §7): province ``PP``, kabupaten/kota
``PP.RR`` (kabupaten 01–69, kota 71–99), kecamatan ``PP.RR.DD``, desa/kelurahan
``PP.RR.DD.VVVV`` (first digit of the last part: 1 kelurahan, 2 desa, 3 desa adat).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["LEVELS", "PROVINCE_CODES", "code_level", "code_problem", "levels_of", "parent_codes"]

LEVELS = ("province", "kabkota", "kecamatan", "desa", "kelurahan")
"""Region levels, from the top."""

PROVINCE_CODES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
    }
)
"""The 38 province codes (Kepmendagri 300.2.2-2138/2025; provinces_2025.csv)."""

_FORMAT = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def code_level(code: str) -> str:
    """Level of a well-formed code."""
    parts = code.split(".")
    if len(parts) == 4:
        return "kelurahan" if parts[3][0] == "1" else "desa"
    return LEVELS[len(parts) - 1]


def code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid Kemendagri code, or None when it is."""
    if not _FORMAT.match(code):
        return (
            "not a Kemendagri region code; write '32' (province), '32.04' (kabupaten/kota), "
            "'32.04.05' (kecamatan) or '32.04.05.2001' (desa/kelurahan)"
        )
    parts = code.split(".")
    if parts[0] not in PROVINCE_CODES:
        return f"'{parts[0]}' is not one of the 38 province codes"
    if len(parts) >= 2 and not (1 <= int(parts[1]) <= 69 or 71 <= int(parts[1]) <= 99):
        return "the kabupaten/kota part must be 01–69 (kabupaten) or 71–99 (kota)"
    if len(parts) == 4 and parts[3][0] not in "123":
        return "the last part must start with 1 (kelurahan), 2 (desa) or 3 (desa adat)"
    return None


def levels_of(codes: pd.Series) -> pd.Series:
    """Levels of many well-formed codes at once."""
    depth = codes.str.count(r"\.")
    level = pd.Series(np.array(LEVELS[:4], dtype=object)[depth.to_numpy()], index=codes.index)
    kel = (depth == 3) & codes.str[-4].eq("1")
    level[kel] = "kelurahan"
    return level


def parent_codes(codes: pd.Series, present: set[str] | frozenset[str]) -> pd.Series:
    """The nearest ancestor of each code that is in ``present`` ("" for a root)."""
    parent = pd.Series("", index=codes.index, dtype=object)
    found = pd.Series(False, index=codes.index)
    # Ancestors from the nearest up: drop one part at a time.
    for cut in (3, 2, 1):
        ancestor = codes.str.split(".").str[:cut].str.join(".")
        deeper = codes.str.count(r"\.") >= cut
        hit = deeper & ~found & ancestor.isin(present)
        parent[hit] = ancestor[hit]
        found |= hit
    return parent
