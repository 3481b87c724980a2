"""A Formulation as an LP file (CPLEX LP format), written with numpy at village scale.

Why not PuLP's ``writeLP``: it needs the whole PuLP problem first, one Python object per
coefficient: 28.5 s and +1.6 GB for the one-year village LP (1.9 million columns), against
3.2 s and +0.2 GB here. Why not HiGHS's own writer: its readable names must be passed as
one Python string per column and row, and with them it took 11.0 s and +0.7 GB in the
same run (``benchmarks/bench_save_lp.py``, load ≈ 1; docs/performance.md).

How: every piece of text (a name, a number, a sign, a line break) is a fixed-width block
of bytes padded with NUL. The blocks of many terms are gathered side by side into one
byte matrix, a chunk at a time; dropping the NULs leaves the text, term after term.
Each distinct number is formatted once, exactly (shortest text that reads back as the
same double, where PuLP keeps 12 digits).

The file states the LP ``to_pulp`` builds, with the same names: each row with a finite
upper bound as ``<kind>_<i>_up: ... <= b`` and a finite lower one as ``<kind>_<i>_lo:``,
columns as ``to_pulp`` names them, and ``0 <= x`` left implicit.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pandas as pd

from ucj_opt.allocate.formulation import Formulation

__all__ = ["column_names", "lp_chunks", "number_text", "write_lp_file"]

_ILLEGAL = str.maketrans("-+[] ->/.", "_________")
"""Characters PuLP replaces in a variable's name (and the dots ``_column_names`` does)."""
_PARTS = ("kind", "region", "segment", "group", "year", "pool")
_CHUNK_BYTES = 64 << 20
"""Bytes of one chunk's byte matrix: small enough to stay beside the model in memory."""
_LINE = 250
"""Longest line aimed at (CPLEX reads lines of up to 510 characters)."""
_COMMENT = 96
"""Width of a header comment line."""
_DUMMY = "__dummy"
"""The column an empty row or objective names (as PuLP does), fixed at 0."""


def number_text(value: float) -> str:
    """The shortest text that reads back as ``value`` (no trailing ``.0``).

    Examples
    --------
    >>> [number_text(v) for v in (201600.0, 0.8, 1e20, float("-inf"), 1 / 3)]
    ['201600', '0.8', '1e+20', '-inf', '0.3333333333333333']
    """
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _table(texts: Sequence[str]) -> np.ndarray:
    """Texts as rows of a uint8 matrix, NUL-padded on the right."""
    raw = np.array([t.replace("\0", "").encode() for t in texts] or [b""], dtype=bytes)
    width = max(raw.dtype.itemsize, 1)
    return np.ascontiguousarray(raw.astype(f"S{width}")).view(np.uint8).reshape(len(raw), width)


def _digits(values: np.ndarray) -> np.ndarray:
    """Decimal text of non-negative integers, right-aligned in NUL padding."""
    v = np.asarray(values, dtype=np.int64)
    width = len(str(int(v.max()))) if len(v) else 1
    out = np.empty((len(v), width), dtype=np.uint8)
    rest = v.copy()
    for k in range(width - 1, -1, -1):
        out[:, k] = 48 + rest % 10
        rest //= 10
    shown = np.ones(len(v), dtype=np.int64)
    for k in range(1, width):
        shown += v >= 10**k
    out[np.arange(width)[None, :] < (width - shown)[:, None]] = 0
    return out


def _texts(
    values: np.ndarray, cache: dict[float, str], fmt: Callable[[float], str]
) -> tuple[np.ndarray, np.ndarray]:
    """Codes of ``values`` into a table of their texts, each distinct value formatted once."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=float), use_na_sentinel=False)
    texts = []
    for u in uniques:
        text = cache.get(u)
        if text is None:
            text = cache[u] = fmt(u)
        texts.append(text)
    return codes, _table(texts)


def _part_texts(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes and texts of one name part, as ``_column_names`` spells it (via object, NaN
    as empty, ``str``), with PuLP's illegal characters replaced."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        cats = pd.Series(column.cat.categories.to_numpy(dtype=object))
        codes = column.cat.codes.to_numpy().astype(np.int64)
        texts = [str(t).translate(_ILLEGAL) for t in cats.fillna("").astype(str)]
        if (codes < 0).any():  # a missing value is an empty part
            codes = np.where(codes < 0, len(texts), codes)
            texts.append("")
        return codes, texts
    codes, uniques = pd.factorize(column.to_numpy(), use_na_sentinel=False)
    values = pd.Series(np.asarray(uniques).astype(object)).fillna("").astype(str)
    return codes.astype(np.int64), [str(t).translate(_ILLEGAL) for t in values]


def _name_matrix(f: Formulation) -> np.ndarray:
    """The column names as rows of bytes with NULs inside (dropped when written)."""
    n = f.shape[1]
    blocks = []
    for k, part in enumerate(_PARTS):
        codes, texts = _part_texts(f.columns[part])
        blocks.append(_table(texts)[codes])
        if k:
            blocks.insert(-1, np.full((n, 1), ord("_"), dtype=np.uint8))
    blocks += [np.full((n, 1), ord("_"), dtype=np.uint8), _digits(np.arange(n))]
    return np.hstack(blocks) if n else np.zeros((0, 1), dtype=np.uint8)


def column_names(f: Formulation) -> list[str]:
    """The names the LP file gives the columns (those of ``to_pulp``), as strings.

    Examples
    --------
    >>> from ucj_opt.allocate import build
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("embedded:national")
    >>> column_names(build(study.scenario, study.tables))[0].startswith("x_")
    True
    """
    m = _name_matrix(f)
    return [row[row != 0].tobytes().decode() for row in m]


@dataclass(frozen=True)
class _Section:
    """Entries (a row or the objective) written as ``head terms tail``: entry e's terms
    are ``cols[base[e] : base[e] + count[e]]`` (an empty entry names the dummy column)."""

    base: np.ndarray
    count: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    head: Callable[[np.ndarray], np.ndarray]
    """Head bytes of the given entries (one row each)."""
    tail: Callable[[np.ndarray], np.ndarray]


def _section_chunks(s: _Section, names: np.ndarray, dummy: np.ndarray) -> Iterator[bytes]:
    """The text of a section, chunk by chunk."""
    m = len(s.base)
    if not m:
        return
    lens = np.maximum(s.count, 1)  # an empty entry gets the dummy term
    heads_at = np.concatenate([[0], np.cumsum(lens + 2)])  # token index of each head
    total = int(heads_at[-1])
    cache: dict[float, str] = {}
    name_w = max(names.shape[1], dummy.shape[0])
    # sign block: [newline][space][sign][space]; the coefficient; a space; the name
    term_w = 4 + 24 + 1 + name_w
    per_line = max(1, _LINE // (term_w - 24 + 8))
    step = max(1024, _CHUNK_BYTES // (term_w + 8))
    for t0 in range(0, total, step):
        t = np.arange(t0, min(total, t0 + step), dtype=np.int64)
        e = np.searchsorted(heads_at, t, side="right") - 1
        off = t - heads_at[e]
        is_head = off == 0
        is_tail = off == lens[e] + 1
        is_term = ~is_head & ~is_tail
        k = (off - 1)[is_term]  # the term's position within its entry
        te = e[is_term]
        empty = s.count[te] == 0
        if len(s.cols):
            pos = np.where(empty, 0, s.base[te] + k)
            cols = np.where(empty, -1, s.cols[pos])
            vals = np.where(empty, 0.0, s.vals[pos])
        else:
            cols, vals = np.full(len(te), -1), np.zeros(len(te))
        heads = s.head(e[is_head])
        tails = s.tail(e[is_tail])
        codes, coef = _texts(np.abs(vals), cache, number_text)
        width = max(heads.shape[1], tails.shape[1], 4 + coef.shape[1] + 1 + name_w)
        out = np.zeros((len(t), width), dtype=np.uint8)
        out[np.flatnonzero(is_head), : heads.shape[1]] = heads
        out[np.flatnonzero(is_tail), : tails.shape[1]] = tails
        rows = np.flatnonzero(is_term)
        block = np.zeros((len(rows), 4), dtype=np.uint8)
        block[:, 0] = np.where((k > 0) & (k % per_line == 0), 10, 0)
        block[:, 1] = 32
        block[:, 2] = np.where(vals < 0, ord("-"), np.where(k > 0, ord("+"), 0))
        block[:, 3] = np.where(block[:, 2] > 0, 32, 0)
        out[rows, :4] = block
        one = np.abs(vals) == 1.0
        c0 = 4 + coef.shape[1]
        shown = rows[~one]
        out[shown, 4:c0] = coef[codes[~one]]
        out[shown, c0] = 32
        named = cols >= 0
        out[rows[named], c0 + 1 : c0 + 1 + names.shape[1]] = names[cols[named]]
        if (~named).any():
            out[rows[~named], c0 + 1 : c0 + 1 + len(dummy)] = dummy
        yield out[out != 0].tobytes()


def _bound_text(op: str) -> Callable[[float], str]:
    def text(value: float) -> str:
        return f"{op}{number_text(value)}\n"

    return text


def _row_section(f: Formulation) -> _Section:
    """Each row with a finite upper bound as ``<kind>_<i>_up: ... <= b`` and with a finite
    lower one as ``<kind>_<i>_lo: ... >= b``, in row order (``_up`` first, as ``to_pulp``)."""
    up_rows = np.flatnonzero(np.isfinite(f.row_up))
    lo_rows = np.flatnonzero(np.isfinite(f.row_lo))
    key = np.concatenate([up_rows * 2, lo_rows * 2 + 1])
    order = np.argsort(key, kind="stable")
    rows = np.concatenate([up_rows, lo_rows])[order]
    lower = (key[order] % 2).astype(bool)
    bound = np.where(lower, f.row_lo[rows], f.row_up[rows]).astype(float)
    indptr = f.A.indptr.astype(np.int64)
    kinds, kind_texts = _part_texts(f.rows["kind"].astype(object))
    kind_table = _table([f"{t}_" for t in kind_texts])
    suffix = _table(["_up:", "_lo:"])
    cache: dict[float, str] = {}
    cache_lo: dict[float, str] = {}

    def head(entries: np.ndarray) -> np.ndarray:
        r = rows[entries]
        return np.hstack(
            [kind_table[kinds[r]], _digits(r), suffix[lower[entries].astype(np.int64)]]
        )

    def tail(entries: np.ndarray) -> np.ndarray:
        out = np.zeros((len(entries), 0), dtype=np.uint8)
        for side, op, memo in ((False, " <= ", cache), (True, " >= ", cache_lo)):
            mine = lower[entries] == side
            codes, table = _texts(bound[entries[mine]], memo, _bound_text(op))
            if table.shape[1] > out.shape[1]:
                out = np.hstack(
                    [out, np.zeros((len(entries), table.shape[1] - out.shape[1]), np.uint8)]
                )
            out[np.flatnonzero(mine), : table.shape[1]] = table[codes]
        return out

    return _Section(
        indptr[rows], indptr[rows + 1] - indptr[rows], f.A.indices, f.A.data, head, tail
    )


def _objective_section(c: np.ndarray) -> _Section:
    nz = np.flatnonzero(c)
    head_bytes = np.frombuffer(b"OBJ:", dtype=np.uint8)[None, :]
    tail_bytes = np.frombuffer(b"\n", dtype=np.uint8)[None, :]
    return _Section(
        np.zeros(1, dtype=np.int64),
        np.array([len(nz)]),
        nz,
        c[nz].astype(float),
        lambda e: np.repeat(head_bytes, len(e), axis=0),
        lambda e: np.repeat(tail_bytes, len(e), axis=0),
    )


def _bounds_chunks(f: Formulation, names: np.ndarray, dummy: bool) -> Iterator[bytes]:
    """``Bounds``: every column other than ``0 <= x`` (continuous), as PuLP words them."""
    lo, up = f.col_lo.astype(float), f.col_up.astype(float)
    fixed = np.isfinite(lo) & (lo == up)
    free = np.isneginf(lo) & np.isposinf(up)
    show_lo = ~fixed & ~free & ((lo != 0) | f.integer)
    show_up = ~fixed & ~free & np.isfinite(up)
    keep = np.flatnonzero(fixed | free | show_lo | show_up)
    yield b"Bounds\n"
    cache_lo: dict[float, str] = {}
    cache_up: dict[float, str] = {}
    cache_fix: dict[float, str] = {}
    step = max(1024, _CHUNK_BYTES // (names.shape[1] + 64))
    for i0 in range(0, len(keep), step):
        j = keep[i0 : i0 + step]
        lo_codes, lo_table = _texts(lo[j], cache_lo, lambda v: f"{number_text(v)} <= ")
        up_codes, up_table = _texts(
            np.where(show_up[j], up[j], 0.0), cache_up, lambda v: f" <= {number_text(v)}"
        )
        lo_block = lo_table[lo_codes] * show_lo[j][:, None].astype(np.uint8)
        up_block = up_table[up_codes] * show_up[j][:, None].astype(np.uint8)
        # "x = v" for a fixed column, "x free" for a free one
        fix_codes, fix_table = _texts(
            np.where(fixed[j], lo[j], 0.0), cache_fix, lambda v: f" = {number_text(v)}"
        )
        fix_block = fix_table[fix_codes] * fixed[j][:, None].astype(np.uint8)
        free_block = np.zeros((len(j), 5), dtype=np.uint8)
        free_block[free[j]] = np.frombuffer(b" free", dtype=np.uint8)
        out = np.hstack(
            [
                np.full((len(j), 1), 32, dtype=np.uint8),
                lo_block,
                names[j],
                up_block,
                fix_block,
                free_block,
                np.full((len(j), 1), 10, dtype=np.uint8),
            ]
        )
        yield out[out != 0].tobytes()
    if dummy:
        yield f" {_DUMMY} = 0\n".encode()


def lp_chunks(
    f: Formulation, header: Sequence[str] = (), name: str = "ucj_allocation"
) -> Iterator[bytes]:
    """The LP file of ``f`` (minimise ``f.c``), as successive chunks of bytes.

    ``header`` lines are written as comments after the title line.
    """
    names = _name_matrix(f)
    dummy = np.frombuffer(_DUMMY.encode(), dtype=np.uint8)
    yield f"\\* {name} *\\\n".encode()
    for line in header:
        for part in textwrap.wrap(" ".join(line.split()), _COMMENT) or [""]:
            yield f"\\ {part}\n".encode()
    yield b"Minimize\n"
    objective = _objective_section(np.asarray(f.c, dtype=float))
    yield from _section_chunks(objective, names, dummy)
    yield b"Subject To\n"
    rows = _row_section(f)
    yield from _section_chunks(rows, names, dummy)
    yield from _bounds_chunks(f, names, dummy=bool((rows.count == 0).any()) or not np.any(f.c))
    if f.integer and f.shape[1]:
        yield b"Generals\n"
        step = max(1024, _CHUNK_BYTES // (names.shape[1] + 2))
        for i0 in range(0, f.shape[1], step):
            block = names[i0 : i0 + step]
            out = np.hstack([block, np.full((len(block), 1), 10, dtype=np.uint8)])
            yield out[out != 0].tobytes()
    yield b"End\n"


def write_lp_file(
    f: Formulation, out: BinaryIO, header: Sequence[str] = (), name: str = "ucj_allocation"
) -> int:
    """Write ``f`` as an LP file to the binary stream ``out``; return the bytes written."""
    written = 0
    for chunk in lp_chunks(f, header, name):
        out.write(chunk)
        written += len(chunk)
    return written
