"""Limits on what ucj_opt reads, and reading user files within them.

Every input is bounded, so a bad input fails fast with a clear message instead of a hang,
a traceback or a machine out of memory (docs/reliability.md lists the limits and why):

- only regular files are read: a FIFO, a device or a folder is refused before it is
  opened (``/dev/zero`` as a base scenario, a named pipe as a table);
- files are read up to a size limit, checked before and while reading;
- YAML aliases and nesting are bounded (a few hundred bytes of aliases can expand to
  gigabytes);
- every count, amount and year in a table lies within a plausible range, so that nothing
  that passes ``ucj-opt validate`` can overflow later.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ucj_opt.errors import UserError

__all__ = [
    "MAX_COUNT",
    "MAX_INCOME_SIGMA",
    "MAX_TABLE_BYTES",
    "MAX_TABLE_ROWS",
    "MAX_TABLE_UNPACKED_BYTES",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
    "MAX_YEAR",
    "MIN_YEAR",
    "InputFileError",
    "read_bytes_bounded",
    "regular_file_problem",
]

MAX_YAML_BYTES = 1024**2
"""A scenario file (and each file it ``extends:``) holds at most 1 MiB: a hand-written
scenario is a few KiB (the national one 2 KiB); larger tables belong in table files."""

MAX_YAML_NODES = 100_000
"""Values a YAML file may hold, and may expand to counting each use of an alias in full:
a scenario has a few hundred (inline rows: about 20,000 rows of 5 columns fit); an 'alias
bomb' of 528 bytes would expand to 10^9."""

MAX_YAML_DEPTH = 64
"""Nesting depth of a YAML file (the deepest scenario setting is 6 levels down)."""

MAX_TABLE_BYTES = 256 * 1024**2
"""A table file (CSV, XLSX, Parquet) holds at most 256 MiB: the desa-level national
workers table (83,762 desa × 4 segments) is about 12 MiB as CSV."""

MAX_TABLE_UNPACKED_BYTES = 512 * 1024**2
"""XLSX and Parquet files are compressed: their content may unpack to at most 512 MiB."""

MAX_TABLE_ROWS = 5_000_000
"""Rows of one table: 15× the desa-level national workers table."""

MAX_COUNT = 1_000_000_000
"""Largest head count in a table (population, eligible workers, extreme poor): more than
three times Indonesia's population (about 280 million)."""

MAX_AMOUNT = 1e16
"""Largest budget amount of one table row, in rupiah a year: Rp 10,000 triliun, nearly
three times the whole national budget (APBN 2025: about Rp 3,600 triliun)."""

MAX_INCOME_SIGMA = 3.0
"""Largest spread (σ of log income per person) a region's poverty and extreme-poverty
rates may imply with the scenario's two lines. A log-normal with σ = 3 has a Gini ratio of
0.97 (Gini = 2Φ(σ/√2) − 1); Indonesia's consumption Gini ratio is about 0.38 (BPS,
2024–25 releases), i.e. σ ≈ 0.7. Beyond it (e.g. an extreme-poverty rate equal to the
poverty rate) no income trend reproduces the poverty decline: found by fuzzing."""

MIN_YEAR, MAX_YEAR = 2000, 2100
"""Budget years a table may name."""


class InputFileError(UserError):
    """A file named as input cannot be read: not a regular file, too large, unreadable."""


def _mib(n: int) -> str:
    return f"{n / 1024**2:,.0f} MiB" if n >= 1024**2 else f"{n:,} bytes"


def regular_file_problem(path: Path, limit: int) -> str | None:
    """Why ``path`` cannot be read as an input file (``None``: it can).

    Checked with ``os.stat`` before anything opens the file, so a FIFO never blocks.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "file not found"
    except (OSError, ValueError) as exc:
        return f"cannot read the file: {exc.strerror if isinstance(exc, OSError) else exc}"
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        return "this is a folder, not a file"
    if not stat.S_ISREG(mode):
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        return f"this is {kind}; only regular files are read"
    if info.st_size > limit:
        return f"the file is {_mib(info.st_size)}, more than the limit of {_mib(limit)}"
    return None


def read_bytes_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    InputFileError
        When it is not a regular file, is larger than ``limit`` (also when it grows while
        being read) or cannot be read.
    """
    why = regular_file_problem(path, limit)
    if why == "file not found":
        raise FileNotFoundError(str(path))
    if why:
        raise InputFileError(why)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise InputFileError(f"cannot read the file: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped after the check above
            raise InputFileError("this is not a regular file; only regular files are read")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise InputFileError(f"the file is larger than the limit of {_mib(limit)}")
    except OSError as exc:
        raise InputFileError(f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(fd)
    return b"".join(chunks)
