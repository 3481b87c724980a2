"""The official Kemendagri region hierarchy: names, levels, parents and children.

All 38 provinces, 514 kabupaten/kota, 7,285 kecamatan and 83,762 desa/kelurahan of
Kepmendagri 300.2.2-2138/2025, from ``wilayah/regions.csv.gz`` (source and licence in
``wilayah/PROVENANCE.md``). The file is read on first use, once (about 0.1 s), so importing
this module costs nothing; it uses only the standard library and numpy.

Codes are dotted: province ``32``, kabupaten/kota ``32.04``, kecamatan ``32.04.05``,
desa/kelurahan ``32.04.05.2001``. The first digit of a village's last part is 1 for a
kelurahan, 2 for a desa and 3 for a desa adat (Permendagri 58/2021); a desa adat counts as a
desa, as in the decree's totals. ``""`` stands for the whole country where a parent is taken.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import io
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

__all__ = [
    "HIERARCHY_LEVELS",
    "Level",
    "check_codes",
    "children",
    "descendants",
    "is_known",
    "level",
    "names_differ",
    "nearest",
    "official_name",
]

Level = Literal["province", "kabkota", "kecamatan", "desa", "kelurahan"]
"""Region levels, from the top; the same names as ``ucj_opt.scenario.regions.LEVELS``."""

HIERARCHY_LEVELS: tuple[Level, ...] = get_args(Level)
"""The levels in order."""


@dataclass(frozen=True, eq=False)
class _Table:
    codes: list[str]
    """All codes, sorted: a region's descendants follow it in one block."""
    array: npt.NDArray[np.str_]
    """The same codes as a numpy array, for vectorised look-ups."""
    names: list[str]
    position: dict[str, int]


@cache
def _table() -> _Table:
    """Read the file once; it is sorted by code, which the range look-ups rely on."""
    ref = resources.files("ucj_opt.data").joinpath("wilayah", "regions.csv.gz")
    text = gzip.decompress(ref.read_bytes()).decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    if next(reader) != ["code", "name"]:
        raise ValueError("regions.csv.gz: expected the columns code,name")
    codes: list[str] = []
    names: list[str] = []
    for code, name in reader:
        codes.append(code)
        names.append(name)
    if any(a >= b for a, b in pairwise(codes)):
        raise ValueError("regions.csv.gz: codes must be unique and sorted")
    return _Table(
        codes=codes,
        array=np.array(codes, dtype=str),
        names=names,
        position={c: i for i, c in enumerate(codes)},
    )


def _level_of(code: str) -> Level:
    """Level of a well-formed code, from its shape alone."""
    parts = code.split(".")
    if len(parts) == 4:
        return "kelurahan" if parts[3][:1] == "1" else "desa"
    return HIERARCHY_LEVELS[len(parts) - 1]


def _depth(code: str) -> int:
    """Number of parts: 0 for the country (""), 4 for a village."""
    return code.count(".") + 1 if code else 0


def _known(code: str) -> str:
    """``code`` itself, or a ValueError naming the nearest real codes."""
    if code and code not in _table().position:
        hint = ", ".join(nearest(code))
        raise ValueError(
            f"{code!r} is not a Kemendagri region code (Kepmendagri 300.2.2-2138/2025)"
            + (f"; nearest: {hint}" if hint else "")
        )
    return code


def is_known(code: str) -> bool:
    """Whether ``code`` (dotted, exactly) is a region of the decree."""
    return code in _table().position


def official_name(code: str) -> str | None:
    """The decree's name, e.g. "Kabupaten Kupang" for "53.01"; None for an unknown code."""
    table = _table()
    i = table.position.get(code)
    return None if i is None else table.names[i]


def level(code: str) -> Level:
    """Level of a known code; a desa adat (3xxx) is a desa. ValueError if unknown."""
    return _level_of(_known(code))


def descendants(code: str, level: Level | None = None) -> list[str]:
    """All regions inside ``code`` ("" for the country), sorted; only ``level`` if given.

    One slice of the sorted codes: everything that starts with ``code + "."``.
    """
    if level is not None and level not in HIERARCHY_LEVELS:
        raise ValueError(f"level must be one of {HIERARCHY_LEVELS}, not {level!r}")
    codes = _table().codes
    if _known(code) == "":
        block = codes
    else:  # "/" is the character after ".", so this is the block that starts with code + "."
        block = codes[bisect_left(codes, code + ".") : bisect_left(codes, code + "/")]
    if level is None:
        return list(block)
    return [c for c in block if _level_of(c) == level]


def children(code: str) -> list[str]:
    """The regions directly below ``code`` ("" gives the 38 provinces), sorted."""
    depth = _depth(_known(code)) + 1
    return [c for c in descendants(code) if _depth(c) == depth]


def check_codes(codes: Sequence[str]) -> npt.NDArray[np.bool_]:
    """One bool per code: is it a region of the decree? Vectorised (binary search in numpy),
    so a whole table's codes are checked at once."""
    query = np.asarray(codes, dtype=str)
    if query.size == 0:
        return np.zeros(query.shape, dtype=bool)
    known = _table().array
    where = np.minimum(np.searchsorted(known, query), known.size - 1)
    found: npt.NDArray[np.bool_] = known[where] == query
    return found


_DIGITS = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}


def _dotted(code: str) -> str:
    """``3204052001`` -> ``32.04.05.2001``; anything else as given (stripped)."""
    code = code.strip()
    widths = _DIGITS.get(len(code)) if code.isdigit() else None
    if widths is None:
        return code
    parts: list[str] = []
    start = 0
    for w in widths:
        parts.append(code[start : start + w])
        start += w
    return ".".join(parts)


def _edits(a: str, b: str) -> int:
    """Edit distance where swapping two neighbouring characters is one edit, as in "90"/"09"
    (optimal string alignment); difflib alone scores a swap like any two changes."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _rank(target: str, candidates: Sequence[str]) -> list[str]:
    """Candidates closest to ``target`` first: fewest edits, then difflib similarity, then
    code order."""
    matcher = difflib.SequenceMatcher(b=target, autojunk=False)
    scored: list[tuple[int, float, str]] = []
    for c in candidates:
        matcher.set_seq1(c)
        scored.append((_edits(c, target), -matcher.ratio(), c))
    return [c for *_, c in sorted(scored)]


def nearest(code: str, n: int = 3) -> list[str]:
    """Up to ``n`` real codes closest to a mistyped one, best first (the code itself if real).

    Siblings come first (a typo is most often in the last part, and the parent is then
    right); then the children of the parent's own nearest codes, which fixes a typo higher
    up. Each group is ranked by edits (a swapped pair of digits is one), then by difflib.
    Undotted input such as ``3204052001`` is dotted first.
    """
    target = _dotted(code)
    depth = _depth(target)
    if n <= 0 or not 1 <= depth <= 4:
        return []
    parent = target.rpartition(".")[0]
    ranked = _rank(target, children(parent)) if parent == "" or is_known(parent) else []
    if len(ranked) < n and depth > 1:
        cousins = [c for p in nearest(parent, n) if p != parent for c in children(p)]
        ranked += _rank(target, cousins)
    return ranked[:n]


# Names: compare what is left after case, accents, punctuation, spaces and the level's
# prefix ("Kab.", "Kabupaten", "Kota", "Kec.", "Desa", ...) are set aside. For a kab/kota
# the kind still counts when both names give one, since "Kabupaten Bogor" (32.01) and
# "Kota Bogor" (32.71) differ only by it.
_PREFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "province": (("provinsi", ""), ("prov", "")),
    "kabkota": (
        ("kabupaten administrasi", "kabupaten"),
        ("kabupaten adm", "kabupaten"),
        ("kab adm", "kabupaten"),
        ("kabupaten", "kabupaten"),
        ("kab", "kabupaten"),
        ("kota administrasi", "kota"),
        ("kota adm", "kota"),
        ("kotamadya", "kota"),
        ("kodya", "kota"),
        ("kota", "kota"),
    ),
    "kecamatan": (("kecamatan", ""), ("kec", ""), ("distrik", "")),
    "village": (
        ("desa adat", ""),
        ("kelurahan", ""),
        ("kel", ""),
        ("desa", ""),
        ("ds", ""),
    ),
}
_ABBREVIATIONS = {"dki": "daerah khusus ibukota", "di": "daerah istimewa"}
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _name_key(name: str, level: Level) -> tuple[str, str]:
    """(kind, body) of a name: kind is "kabupaten"/"kota" or ""; body has no spaces."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = _NOT_WORD.sub(" ", plain.lower()).split()
    group = level if level in ("province", "kabkota", "kecamatan") else "village"
    kind = ""
    for prefix, prefix_kind in _PREFIXES[group]:
        head = prefix.split()
        if words[: len(head)] == head and len(words) > len(head):
            words, kind = words[len(head) :], prefix_kind
            break
    if level == "province":
        initials = 0  # "D.K.I." -> "dki"
        while initials < len(words) - 1 and len(words[initials]) == 1:
            initials += 1
        if initials > 1:
            words = ["".join(words[:initials]), *words[initials:]]
        if words and words[0] in _ABBREVIATIONS:
            words = _ABBREVIATIONS[words[0]].split() + words[1:]
    return kind, "".join(words)


def names_differ(code: str, name: str) -> bool:
    """Whether ``name`` is not the decree's name for ``code``, tolerantly.

    "Kab. Penajam Paser Utara", "PENAJAM PASER UTARA" and "Kabupaten Penajam Paser Utara"
    all match 64.09; "Kota Penajam Paser Utara" does not. ValueError for an unknown code.
    """
    lvl = level(code)
    official = official_name(code) or ""
    kind, body = _name_key(name, lvl)
    official_kind, official_body = _name_key(official, lvl)
    return body != official_body or bool(kind and official_kind and kind != official_kind)
