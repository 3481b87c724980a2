"""Loading and checking the region tables: regions, workers and budgets.

Tables join exactly on Kemendagri codes. Nothing is filled in: unknown or duplicated
codes, blanks, NaN, negative counts or budgets, more extreme poor than eligible, a desa
whose kabupaten is missing are all reported, with the file and line of each row.
Checks are vectorised so that a village-level table (83,762 desa × segments) loads fast.
"""

from __future__ import annotations

import difflib
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ucj_opt.errors import Problem
from ucj_opt.limits import (
    MAX_AMOUNT,
    MAX_COUNT,
    MAX_INCOME_SIGMA,
    MAX_TABLE_BYTES,
    MAX_TABLE_ROWS,
    MAX_TABLE_UNPACKED_BYTES,
    MAX_YEAR,
    MIN_YEAR,
    InputFileError,
    read_bytes_bounded,
)
from ucj_opt.scenario.model import BUDGET_SOURCES, Scenario, TableSource
from ucj_opt.scenario.regions import code_problem, levels_of, parent_codes
from ucj_opt.units import UnitError, parse_rupiah

__all__ = ["Tables", "load_tables"]

MAX_ROWS_PER_PROBLEM = 8
"""Rows listed for one kind of problem before the rest are counted, to keep one screen."""
FOLD_AFTER = 3
"""More rows than this with one problem in one column are one entry (a swapped header
is two problems, not hundreds)."""

SMALL_AMOUNT = 1_000.0
"""Budget amounts under this many rupiah a year are read but warned about: ``1.5`` meant
as 1.5 miliar is read as Rp 1.50."""


@dataclass(frozen=True, eq=False)
class Tables:
    """The validated region tables of a scenario."""

    regions: pd.DataFrame
    """Index ``code``; columns name, level, parent, population, poverty_rate,
    extreme_poverty_rate."""
    workers: pd.DataFrame
    """Columns region, segment, eligible, extreme_poor (int64)."""
    budgets: pd.DataFrame
    """Columns region, year (int64), source, amount (rupiah per year, float64). As read:
    every year; in :attr:`Study.tables`: the horizon's years, scaled by ``budget_scale``."""
    notes: tuple[str, ...] = ()
    """What was set aside on purpose (e.g. budget years outside the horizon)."""
    readings: tuple[str, ...] = ()
    """How each money and share column was read (``ucj-opt validate --explain``)."""
    warnings: tuple[Problem, ...] = ()
    """What loads but deserves a look (a name other than the official one, an amount under
    Rp 1,000); shown by ``ucj-opt validate``, never an error."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tables):
            return NotImplemented
        return all(
            getattr(self, n).equals(getattr(other, n)) for n in ("regions", "workers", "budgets")
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Tables(regions: {len(self.regions):,} rows, workers: {len(self.workers):,} rows, "
            f"budgets: {len(self.budgets):,} rows)"
        )


@dataclass
class _Raw:
    """A table as read, with a way to say where each row was written."""

    name: str
    frame: pd.DataFrame
    where: Callable[[int], tuple[str | None, int | None]]
    header_line: int = 1
    """Line (or sheet row) of the column names, for messages about columns."""
    decimal_comma: bool = False
    """Whether the file is an Excel export in a comma-decimal locale (``;`` separated,
    ``0,272``): numbers are read with ``,`` as the decimal mark and ``.`` for thousands."""


@dataclass(frozen=True)
class _Column:
    name: str
    kind: str  # "code", "text", "name", "count", "share", "year", "rupiah", "choice"
    required: bool = True
    choices: tuple[str, ...] = ()


_SCHEMAS: dict[str, tuple[_Column, ...]] = {
    "regions": (
        _Column("code", "code"),
        _Column("name", "name", required=False),
        _Column("population", "count"),
        _Column("poverty_rate", "share"),
        _Column("extreme_poverty_rate", "share"),
        _Column("workforce", "count", required=False),
        _Column("covered", "count", required=False),
    ),
    "workers": (
        _Column("region", "code"),
        _Column("segment", "text"),
        _Column("eligible", "count"),
        _Column("extreme_poor", "count"),
    ),
    "budgets": (
        _Column("region", "code"),
        _Column("year", "year"),
        _Column("source", "choice", choices=BUDGET_SOURCES),
        _Column("amount", "rupiah"),
    ),
}


class _Collector:
    """Gathers problems, folding the rows with the same problem in a column into one entry
    when there are more than ``FOLD_AFTER``."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.notes: list[str] = []
        self.readings: list[str] = []

    def rows(
        self,
        raw: _Raw,
        mask: np.ndarray | pd.Series,
        column: str,
        message: str,
        hint: str = "",
        values: pd.Series | None = None,
    ) -> None:
        idx = np.flatnonzero(np.asarray(mask))
        if not len(idx):
            return
        col = raw.frame[column] if values is None and column in raw.frame else values
        if len(idx) <= FOLD_AFTER:
            for i in idx:
                self.problems.append(self._one(raw, int(i), column, col, message, hint))
            return
        # one entry for the column: where it starts, how many rows, the first lines
        first = self._one(raw, int(idx[0]), column, col, message, hint)
        shown = [raw.where(int(i))[1] for i in idx[:FOLD_AFTER]]
        lines = ", ".join(str(n) for n in shown if n is not None)
        if len(raw.frame) > 1 and len(idx) == len(raw.frame):
            hint = (hint + "; " if hint else "") + (
                "every row fails here: check the header line (two columns swapped or misnamed?)"
            )
        self.problems.append(
            Problem(
                f"{message}; {len(idx)} rows of {raw.name} with the same problem in "
                f"'{column}'" + (f" (lines {lines}, ...)" if lines else ""),
                file=first.file,
                line=first.line,
                key=f"{raw.name}[{int(idx[0])}].{column}",
                value=first.value,
                has_value=first.has_value,
                hint=hint,
            )
        )

    @staticmethod
    def _one(
        raw: _Raw, i: int, column: str, col: pd.Series | None, message: str, hint: str
    ) -> Problem:
        file, line = raw.where(i)
        value = None if col is None else col.iloc[i]
        return Problem(
            message,
            file=file,
            line=line,
            key=f"{raw.name}[{i}].{column}",
            value=_plain(value),
            has_value=col is not None,
            hint=hint,
        )

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


def _read_source(
    name: str,
    source: TableSource,
    lines: dict[tuple[str | int, ...], tuple[str, int]],
    out: _Collector,
) -> _Raw | None:
    """Read one table as text columns; say where each row came from."""
    key_file, key_line = lines.get((name, "file"), lines.get((name,), (None, None)))
    if source.embedded is not None:
        from ucj_opt import data

        frame = getattr(data.national_tables(), name).copy()
        if name == "regions" and frame.index.name == "code":
            frame = frame.reset_index()
        frame = frame.astype(str)
        return _Raw(name, frame, lambda i: (f"<embedded {source.embedded} {name}>", i + 1))
    if source.rows is not None:
        frame = pd.DataFrame.from_records(source.rows)
        frame = frame.map(lambda v: v if v is None else str(v))

        def where_inline(i: int) -> tuple[str | None, int | None]:
            file, line = lines.get((name, "rows", i), (key_file, key_line))
            return file, line

        return _Raw(name, frame, where_inline)
    assert source.file is not None
    path = Path(source.file)

    def bad_file(message: str, hint: str) -> Problem:
        """A problem with the file named in the scenario, pointed at that line."""
        return Problem(
            message,
            file=key_file,
            line=key_line,
            key=f"{name}.file",
            value=source.file,
            has_value=True,
            hint=hint,
        )

    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm", ".parquet"):
        out.add(
            bad_file(
                f"cannot read a '{suffix}' file as a table", "use a .csv, .xlsx or .parquet file"
            )
        )
        return None
    try:
        content = read_bytes_bounded(path, MAX_TABLE_BYTES)
    except FileNotFoundError:
        out.add(
            bad_file("the table file does not exist", "paths are relative to the scenario file")
        )
        return None
    except InputFileError as exc:
        out.add(bad_file(str(exc), "name a regular CSV, XLSX or Parquet file"))
        return None
    header = _csv_header_line(content, name) if suffix == ".csv" else None
    if header is not None and source.header_row is None:
        out.add(
            Problem(
                f"the column names of the {name} table are on line {header}; the lines "
                "above them (a title?) would be read as the header",
                file=shown,
                line=1,
                key=name,
                hint=f"add 'header_row: {header}' to {name}: in the scenario, or delete "
                "the lines above the column names",
            )
        )
        return None
    try:
        frame, offset, decimal_comma = _parse_table(
            content, suffix, source.sheet, source.header_row
        )
    except _SheetMissing as exc:
        out.add(
            Problem(
                f"the workbook has no sheet '{source.sheet}'",
                file=key_file,
                line=key_line,
                key=f"{name}.sheet",
                value=source.sheet,
                has_value=True,
                hint=f"its sheets are: {', '.join(exc.sheets)}",
            )
        )
        return None
    except _TableTooLarge as exc:
        out.add(bad_file(str(exc), "split the table, or aggregate it to fewer regions"))
        return None
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        out.add(
            Problem(
                "the file is not UTF-8 text",
                file=shown,
                line=line,
                key=name,
                hint="save it as 'CSV UTF-8' (Excel: File → Save as → CSV UTF-8)",
            )
        )
        return None
    except Exception as exc:  # any reader failure is the user's file, not our bug
        out.add(
            Problem(
                f"cannot read the table: {exc}",
                file=shown,
                key=name,
                hint="check that the file is a valid CSV/XLSX/Parquet table",
            )
        )
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    if decimal_comma:
        out.notes.append(
            f"{path.name}: read as an Excel export with ';' between columns and ',' as the "
            "decimal mark (0,272 = 0.272; 1.500.000 = 1500000)"
        )
    if offset:
        return _Raw(name, frame, lambda i: (shown, i + offset), offset - 1, decimal_comma)
    return _Raw(name, frame, lambda i: (f"{shown} (row {i + 1})", None), 1, decimal_comma)


class _TableTooLarge(Exception):
    """A table beyond the row or unpacked-size limits."""


class _SheetMissing(Exception):
    """A ``sheet:`` the workbook does not have."""

    def __init__(self, sheets: list[str]) -> None:
        super().__init__(", ".join(sheets))
        self.sheets = sheets


def _separator(header: str) -> str:
    """``;`` when the header line is split by semicolons rather than commas (Excel in a
    locale whose decimal mark is the comma, as in Indonesia), else ``,``."""
    return ";" if header.count(";") > header.count(",") else ","


MAX_TABLE_COLUMNS = 1000
"""Columns a table file may have (the tables have 4 or 5)."""


def _parse_table(
    data: bytes, suffix: str, sheet: str | None, header_row: int | None = None
) -> tuple[pd.DataFrame, int, bool]:
    """A table's text columns from its bytes, the line of its first row minus one (0: lines
    are not meaningful, rows are counted instead), and whether numbers use decimal commas."""
    if suffix == ".csv":
        text = data.decode("utf-8-sig")  # a BOM is not part of the first line
        if text.count("\n") > MAX_TABLE_ROWS + 1000:
            raise _TableTooLarge(f"the table has more than {MAX_TABLE_ROWS:,} rows")
        skip = header_row - 1 if header_row else _comment_lines(text)
        first = text.split("\n", skip + 1)[skip] if text.count("\n") >= skip else ""
        sep = _separator(first)
        if first.count(sep) >= MAX_TABLE_COLUMNS:
            raise _TableTooLarge(f"the table has more than {MAX_TABLE_COLUMNS:,} columns")
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            comment="#" if not header_row else None,
            skiprows=skip if header_row else None,
            sep=sep,
        )
        return frame, 2 + skip, sep == ";"
    if suffix in (".xlsx", ".xlsm"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_TABLE_UNPACKED_BYTES:
            raise _TableTooLarge(
                f"the workbook unpacks to {unpacked / 1024**2:,.0f} MiB, more than the limit "
                f"of {MAX_TABLE_UNPACKED_BYTES / 1024**2:,.0f} MiB"
            )
        book = pd.ExcelFile(io.BytesIO(data))
        if sheet is not None and sheet not in book.sheet_names:
            raise _SheetMissing([str(n) for n in book.sheet_names])
        frame = pd.read_excel(
            book,
            sheet_name=sheet if sheet is not None else 0,
            dtype=str,
            keep_default_na=False,
            header=(header_row or 1) - 1,
        )
        if len(frame) > MAX_TABLE_ROWS:
            raise _TableTooLarge(f"the table has more than {MAX_TABLE_ROWS:,} rows")
        return frame, 1 + (header_row or 1), False
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(io.BytesIO(data)).metadata
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if meta.num_rows > MAX_TABLE_ROWS or meta.num_columns > MAX_TABLE_COLUMNS:
        raise _TableTooLarge(
            f"the table has {meta.num_rows:,} rows and {meta.num_columns:,} columns; the "
            f"limits are {MAX_TABLE_ROWS:,} rows and {MAX_TABLE_COLUMNS:,} columns"
        )
    if unpacked > MAX_TABLE_UNPACKED_BYTES:
        raise _TableTooLarge(
            f"the table unpacks to {unpacked / 1024**2:,.0f} MiB, more than the limit of "
            f"{MAX_TABLE_UNPACKED_BYTES / 1024**2:,.0f} MiB"
        )
    return pd.read_parquet(io.BytesIO(data)).astype(str), 0, False


def _csv_header_line(content: bytes, name: str) -> int | None:
    """The line (1-based) of a CSV that holds the table's column names, among the first
    30 lines, when it is not the first line that is not a '#' comment."""
    required = {c.name for c in _SCHEMAS[name] if c.required}
    lines = content[:100_000].decode("utf-8-sig", errors="replace").splitlines()[:30]
    first = next((i for i, line in enumerate(lines) if not line.startswith("#")), 0)
    for i, line in enumerate(lines):
        cells = {c.strip().strip('"') for c in line.replace(";", ",").split(",")}
        if required <= cells:
            return None if i == first else i + 1
    return None


def _comment_lines(text: str) -> int:
    """Leading '#' lines of a CSV text (pandas skips them; line numbers must not)."""
    count = 0
    for line in text.split("\n", 10_000):
        if not line.startswith("#"):
            break
        count += 1
    return count


def _header_elsewhere(raw: _Raw) -> int | None:
    """The row (1-based, as Excel numbers it) that holds the table's column names, when it
    is not the row read as the header: a title or notes above the table."""
    required = {c.name for c in _SCHEMAS[raw.name] if c.required}
    for i in range(min(len(raw.frame), 30)):
        cells = {str(v).strip() for v in raw.frame.iloc[i].tolist()}
        if required <= cells:
            return raw.header_line + 1 + i
    return None


def _artefacts(raw: _Raw, out: _Collector) -> bool:
    """Columns pandas names itself ('Unnamed: 1', 'code.1') explained in planner words;
    True when one was found (the column checks would only repeat it less clearly)."""
    file, _ = raw.where(0)
    line = raw.header_line if file and not file.startswith("<") else None
    unnamed = [c for c in raw.frame.columns if c.startswith("Unnamed:")]
    twice = [c for c in raw.frame.columns if c.rpartition(".")[0] in raw.frame.columns]
    header = _header_elsewhere(raw)
    if header is not None:
        out.add(
            Problem(
                f"the column names of the {raw.name} table are on row {header}, not on row "
                f"{raw.header_line}: the rows above them (a title?) were read as the header",
                file=file,
                line=line,
                key=raw.name,
                hint=f"add 'header_row: {header}' to {raw.name}: in the scenario, or delete "
                "the rows above the column names",
            )
        )
        return True
    if unnamed:
        positions = ", ".join(str(int(c.split(":")[1]) + 1) for c in unnamed[:5])
        out.add(
            Problem(
                f"column{'s' * (len(unnamed) > 1)} {positions} of the {raw.name} table "
                f"{'have' if len(unnamed) > 1 else 'has'} no name in the header row "
                f"(row {raw.header_line})",
                file=file,
                line=line,
                key=raw.name,
                hint="give every column a name, or delete empty columns (Excel keeps a "
                "column that once had a value); if the names are on a later row, say "
                "header_row: N",
            )
        )
        return True
    if twice:
        out.add(
            Problem(
                f"the column '{twice[0].rpartition('.')[0]}' appears twice in the header of "
                f"the {raw.name} table",
                file=file,
                line=line,
                key=raw.name,
                hint="keep one column of each name",
            )
        )
        return True
    return False


def _check_columns(raw: _Raw, out: _Collector) -> bool:
    schema = _SCHEMAS[raw.name]
    names = [c.name for c in schema]
    file, _ = raw.where(0)
    if _artefacts(raw, out):
        return False
    ok = True
    unknown = [col for col in raw.frame.columns if col not in names]
    if len(unknown) > MAX_ROWS_PER_PROBLEM:
        out.add(
            Problem(
                f"{len(unknown)} columns are not columns of the {raw.name} table "
                f"({', '.join(repr(c[:20]) for c in unknown[:3])}, ...)",
                file=file,
                line=1 if file and not file.startswith("<") else None,
                key=raw.name,
                hint=f"the columns are: {', '.join(names)}",
            )
        )
        unknown, ok = [], False
    for col in unknown:
        if col not in names:
            close = difflib.get_close_matches(col[:100], names, n=1)
            out.add(
                Problem(
                    f"'{col}' is not a column of the {raw.name} table",
                    file=file,
                    line=1 if file and not file.startswith("<") else None,
                    key=f"{raw.name}.{col}",
                    hint=f"did you mean '{close[0]}'?"
                    if close
                    else f"the columns are: {', '.join(names)}",
                )
            )
            ok = False
    for c in schema:
        if c.required and c.name not in raw.frame.columns:
            out.add(
                Problem(
                    f"the {raw.name} table has no '{c.name}' column",
                    file=file,
                    key=f"{raw.name}.{c.name}",
                    hint=f"the columns are: {', '.join(names)}",
                )
            )
            ok = False
    if raw.frame.empty:
        out.add(Problem(f"the {raw.name} table has no rows", file=file, key=raw.name))
        ok = False
    return ok


def _blank(col: pd.Series) -> pd.Series:
    return col.isna() | col.astype(str).str.strip().isin(["", "nan", "NaN", "None", "NA", "<NA>"])


def _convert(raw: _Raw, out: _Collector) -> pd.DataFrame:
    """Typed columns; bad cells reported and set to NaN."""
    result: dict[str, pd.Series] = {}
    for c in _SCHEMAS[raw.name]:
        if c.name not in raw.frame.columns:  # an optional column left out
            result[c.name] = pd.Series(None, index=raw.frame.index, dtype=object)
            continue
        text = raw.frame[c.name].astype(object)
        blank = _blank(text)
        if c.kind != "name":  # a blank name is taken from the decree
            out.rows(raw, blank, c.name, "this cell is empty", "fill it in; nothing is assumed")
        text = text.where(~blank, None).map(lambda v: v.strip() if isinstance(v, str) else v)
        if c.kind in ("code", "text", "name", "choice"):
            result[c.name] = text
            if c.kind == "choice":
                bad = ~blank & ~text.isin(c.choices)
                out.rows(raw, bad, c.name, f"must be one of {', '.join(c.choices)}")
            continue
        if raw.decimal_comma:
            text = _decimal_comma(text)
        if c.kind == "rupiah":
            result[c.name] = _rupiah_column(raw, c.name, text, blank, out)
            continue
        if c.kind == "share":
            written = text
            text = _percent(text)
        values = pd.to_numeric(text, errors="coerce")
        bad = ~blank & values.isna()
        comma = bad & text.astype(str).str.fullmatch(r"-?\d+,\d+")
        out.rows(
            raw,
            comma,
            c.name,
            "is not a number: ',' is read as a thousands or list separator here",
            "write a decimal point (0.272, not 0,272), or save the file from Excel as CSV "
            "with ';' between columns: then ',' is read as the decimal mark",
        )
        out.rows(raw, bad & ~comma, c.name, "is not a number")
        infinite = values.notna() & ~np.isfinite(values.fillna(0.0))
        out.rows(raw, infinite, c.name, "must be a finite number")
        values = values.where(~infinite)
        if c.kind in ("count", "year"):
            frac = values.notna() & (values != np.floor(values.fillna(0)))
            out.rows(raw, frac, c.name, "must be a whole number")
            neg = values < 0
            out.rows(raw, neg, c.name, "cannot be negative")
        if c.kind == "count":
            out.rows(
                raw,
                values > MAX_COUNT,
                c.name,
                f"is more than {MAX_COUNT:,}, beyond any plausible head count",
                "counts are persons (or workers), not rupiah or thousands",
            )
        if c.kind == "year":
            out.rows(
                raw,
                (values >= 0) & ((values < MIN_YEAR) | (values > MAX_YEAR)),
                c.name,
                f"a budget year must lie in {MIN_YEAR}–{MAX_YEAR}",
            )
        if c.kind == "share":
            outside = (values < 0) | (values > 1)
            out.rows(raw, outside, c.name, "a share must lie in [0, 1]", "write 0.085 for 8.5%")
            out.readings.append(_share_reading(raw.name, c.name, written, values))
        result[c.name] = values
    return pd.DataFrame(result)


def _decimal_comma(text: pd.Series) -> pd.Series:
    """Numbers as written in a comma-decimal locale made plain: ``0,272`` -> ``0.272``,
    ``1.500.000`` -> ``1500000``, ``5,17%`` -> ``5.17%``; anything else as it was.

    A column is read the locale's way only when it shows a decimal comma or dotted
    thousands somewhere (``0.004`` alone stays 0.004: a column of dot decimals in a
    ``;``-separated file is read as written).
    """
    plain = text.astype(str)
    body = plain.str.removesuffix("%")
    comma = body.str.fullmatch(r"-?\d+,\d+|-?\d{1,3}(\.\d{3})+,\d+").fillna(False)
    thousands = body.str.fullmatch(r"-?\d{1,3}(\.\d{3}){2,}").fillna(False)
    if not (comma.any() or thousands.any()):
        return text
    local = body.str.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+,\d+").fillna(False)
    fixed = body.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    fixed = fixed + plain.str.endswith("%").map({True: "%", False: ""})
    return text.where(~local, fixed)


def _percent(text: pd.Series) -> pd.Series:
    """Shares written as percentages (``5.17%``) as plain shares (``0.0517``)."""
    plain = text.astype(str).str.strip()
    pct = plain.str.fullmatch(r"-?\d+(\.\d+)?\s*%").fillna(False)
    if not pct.any():
        return text
    values = pd.to_numeric(plain[pct].str.rstrip("%").str.strip(), errors="coerce") / 100.0
    result = text.astype(object).copy()
    result[pct] = values.astype(str)
    return result


def _rupiah_column(
    raw: _Raw, column: str, text: pd.Series, blank: pd.Series, out: _Collector
) -> pd.Series:
    """Amounts from numbers or texts such as 'Rp 3 miliar'; every kind of problem folded
    into one entry (a column of words, e.g. a swapped header, is one problem, not one per
    row)."""
    amounts = pd.to_numeric(text, errors="coerce").astype(float)
    words = ~blank & amounts.isna()
    unreadable = np.zeros(len(text), dtype=bool)
    for pos in np.flatnonzero(words.to_numpy()):
        try:
            amounts.iloc[int(pos)] = parse_rupiah(text.iloc[int(pos)])
        except UnitError:
            unreadable[pos] = True
    out.rows(
        raw,
        unreadable,
        column,
        "cannot read this as rupiah",
        "write a number (3000000000, 3e9) or a text such as 'Rp 3 miliar', 'Rp 750 juta'",
    )
    finite = np.isfinite(amounts.fillna(0.0).to_numpy())
    out.rows(raw, ~finite, column, "an amount of rupiah must be a finite number")
    amounts = amounts.where(finite)
    out.rows(raw, amounts < 0, column, "an amount of rupiah cannot be negative")
    out.rows(
        raw,
        amounts > MAX_AMOUNT,
        column,
        f"is more than Rp {MAX_AMOUNT:,.0f} a year, beyond any plausible budget",
        "amounts are rupiah a year, e.g. 'Rp 3 miliar'",
    )
    small = ((amounts > 0) & (amounts < SMALL_AMOUNT)).to_numpy()
    for pos in np.flatnonzero(small)[:MAX_ROWS_PER_PROBLEM]:
        file, line = raw.where(int(pos))
        value = float(amounts.iloc[int(pos)])
        out.warnings.append(
            Problem(
                f"{text.iloc[int(pos)]} was read as Rp {value:,.2f} a year",
                file=file,
                line=line,
                key=f"{raw.name}[{int(pos)}].{column}",
                hint=f"did you mean {value:g} miliar (write 'Rp {value:g} miliar') or "
                f"{value:g} juta? amounts are whole rupiah",
            )
        )
    if small.sum() > MAX_ROWS_PER_PROBLEM:
        out.warnings.append(
            Problem(
                f"... and {int(small.sum()) - MAX_ROWS_PER_PROBLEM} more amounts under "
                f"Rp {SMALL_AMOUNT:,.0f}",
                file=raw.where(0)[0],
                key=f"{raw.name}.{column}",
            )
        )
    out.readings.append(_money_reading(raw.name, column, text, words, amounts))
    return amounts.where(~pd.Series(unreadable, index=amounts.index))


def _money_reading(
    table: str, column: str, text: pd.Series, words: pd.Series, amounts: pd.Series
) -> str:
    """``budgets.amount``: how many amounts, which were words, their range and total."""
    good = amounts.dropna()
    if good.empty:
        return f"{table}.{column}: no amount could be read"
    line = (
        f"{table}.{column}: {len(good):,} amounts in rupiah a year, from {_rp(good.min())} "
        f"to {_rp(good.max())}, total {_rp(good.sum())}"
    )
    shown = [
        f"{text.iloc[int(i)]!r} read as {_rp(amounts.iloc[int(i)])}"
        for i in np.flatnonzero(words.to_numpy())[:3]
        if pd.notna(amounts.iloc[int(i)])
    ]
    if shown:
        line += f"; {int(words.sum()):,} written in words, e.g. " + ", ".join(shown)
    return line


def _rp(amount: float) -> str:
    """Rupiah with thousands commas; cents only for the odd amount under Rp 1,000."""
    return (
        f"Rp {amount:,.2f}"
        if amount < SMALL_AMOUNT and amount != int(amount)
        else (f"Rp {amount:,.0f}")
    )


def _share_reading(table: str, column: str, written: pd.Series, values: pd.Series) -> str:
    """``regions.poverty_rate``: the range of shares read, and how many were percentages."""
    good = values.dropna()
    if good.empty:
        return f"{table}.{column}: no share could be read"
    line = (
        f"{table}.{column}: shares from {good.min():g} to {good.max():g} "
        f"({good.min() * 100:g}% to {good.max() * 100:g}%)"
    )
    pct = written.astype(str).str.strip().str.endswith("%")
    if pct.any():
        first = int(np.flatnonzero(pct.to_numpy())[0])
        line += (
            f"; {int(pct.sum()):,} written as percentages, e.g. {written.iloc[first]!r} read "
            f"as {values.iloc[first]:g}"
        )
    return line


def _check_codes(raw: _Raw, frame: pd.DataFrame, column: str, out: _Collector) -> pd.Series:
    codes = frame[column]
    valid = codes.notna()
    problems = codes[valid].map(code_problem)
    bad_idx = problems[problems.notna()]
    for message in bad_idx.unique():
        mask = codes.index.isin(bad_idx.index[bad_idx == message])
        hint = "format the code column as text in Excel" if "not a Kemendagri" in message else ""
        out.rows(raw, mask, column, message, hint)
    return valid & ~codes.index.isin(bad_idx.index)


_DECREE = "Kepmendagri 300.2.2-2138/2025"


def _official(raw: _Raw, frame: pd.DataFrame, ok: pd.Series, out: _Collector) -> pd.Series:
    """Codes checked against the decree's hierarchy (vectorised): an unknown code is an
    error naming the nearest real ones, one entry per code. Returns ``ok`` without them."""
    from ucj_opt.data import hierarchy

    codes = frame["code"]
    known = np.zeros(len(frame), dtype=bool)
    known[ok.to_numpy()] = hierarchy.check_codes(codes[ok].tolist())
    unknown = ok.to_numpy() & ~known
    values = codes[unknown]
    for value in values.unique()[:MAX_ROWS_PER_PROBLEM]:
        near = hierarchy.nearest(str(value))
        first = unknown & (codes == value).to_numpy()
        first &= np.cumsum(first) == 1
        out.rows(
            raw,
            first,
            "code",
            f"'{value}' is not a region code of {_DECREE}",
            (
                "the nearest real codes: "
                + ", ".join(f"{c} ({hierarchy.official_name(c)})" for c in near)
            )
            if near
            else "see 'ucj-opt init' for a province's or kabupaten's real codes",
        )
    more = values.nunique() - MAX_ROWS_PER_PROBLEM
    if more > 0:
        file, _ = raw.where(int(np.flatnonzero(unknown)[0]))
        out.add(
            Problem(
                f"... and {more} more codes of {raw.name} that are not in {_DECREE}",
                file=file,
                key=f"{raw.name}.code",
            )
        )
    return ok & ~pd.Series(unknown, index=frame.index)


def _income_spread(
    raw: _Raw, frame: pd.DataFrame, rows: pd.Series, lines: tuple[float, float], out: _Collector
) -> None:
    """Rates the projection's log-normal incomes cannot meet: an extreme-poverty rate (near)
    equal to the poverty rate needs an income spread beyond any region's, and then no
    income trend reproduces the poverty decline (found by fuzzing: ``simulate`` failed
    on tables that passed ``validate``)."""
    from ucj_opt.simulation.population import log_income_sigma

    sigma = log_income_sigma(
        frame["poverty_rate"].to_numpy(np.float64, na_value=0.0),
        frame["extreme_poverty_rate"].to_numpy(np.float64, na_value=0.0),
        *lines,
    )
    out.rows(
        raw,
        (rows & (frame["poverty_rate"] > 0)).to_numpy() & (sigma > MAX_INCOME_SIGMA),
        "extreme_poverty_rate",
        f"is too close to the poverty rate: with lines of Rp {lines[0]:,.0f} and "
        f"Rp {lines[1]:,.0f} a month the two rates imply incomes spread beyond any region's "
        f"(σ of log income above {MAX_INCOME_SIGMA:g}: a Gini ratio above 0.97)",
        "check both rates: the extreme poor are usually a small part of the poor",
    )


def _decline_reachable(
    scenario: Scenario,
    regions: pd.DataFrame,
    workers: pd.DataFrame,
    lines: dict[tuple[str | int, ...], tuple[str, int]],
    out: _Collector,
) -> None:
    """The poverty decline a year must be one an income trend can give in the regions with
    eligible workers: with almost no poor there (rates of 0), none can, and the projection's
    calibration failed after ``validate`` had passed (found by fuzzing)."""
    from ucj_opt.simulation.population import TREND_BOUND, log_income_sigma, poverty_decline

    sim = scenario.simulation
    decline = sim.poverty_decline_per_year.value
    codes = list(dict.fromkeys(workers.loc[workers["eligible"] > 0, "region"].astype(str)))
    if decline == 0 or not codes:
        return
    chosen = regions.loc[codes]
    rates = chosen["poverty_rate"].to_numpy(np.float64)
    persons = chosen["population"].to_numpy(np.float64)
    if persons.sum() <= 0:
        return  # reported with the workers (more workers than persons)
    sigma = log_income_sigma(
        rates,
        chosen["extreme_poverty_rate"].to_numpy(np.float64),
        sim.poverty_line.value,
        sim.extreme_line.value,
    )
    most = poverty_decline(TREND_BOUND, np.minimum(rates, 1.0), sigma, persons)
    if decline <= most:
        return
    key = ("simulation", "poverty_decline_per_year")
    file, line = lines.get((*key, "value"), lines.get(key, (None, None)))
    share = float((rates * persons).sum() / persons.sum())
    out.problems.append(
        Problem(
            f"no income trend lowers poverty by {decline:.4g} a year in the regions with "
            f"eligible workers: their poverty rate is {share:.4g} (persons-weighted), at most "
            f"{max(most, 0.0):.4g} a year",
            file=file,
            line=line,
            key="simulation.poverty_decline_per_year.value",
            value=decline,
            has_value=True,
            hint="lower simulation.poverty_decline_per_year (0 holds incomes still), or check "
            "the poverty_rate column of the regions table",
        )
    )


def _official_names(raw: _Raw, frame: pd.DataFrame, out: _Collector) -> pd.Series:
    """Names: a blank is filled from the decree; one that differs from the decree's (after
    case, accents, punctuation and the level's prefix are set aside) is a warning naming
    both. Only names that differ as written are compared word by word, so a table that
    copies the decree costs one vectorised comparison."""
    from ucj_opt.data import hierarchy

    codes = frame["code"]
    official = pd.Series(
        [hierarchy.official_name(c) for c in codes], index=frame.index, dtype=object
    )
    names = frame["name"]
    blank = names.isna()
    written = names.where(~blank, official)
    maybe = (~blank & (names.str.lower() != official.str.lower())).to_numpy()
    differ = np.zeros(len(frame), dtype=bool)
    for pos in np.flatnonzero(maybe):
        differ[pos] = hierarchy.names_differ(str(codes.iloc[pos]), str(names.iloc[pos]))
    idx = np.flatnonzero(differ)
    for pos in idx[:MAX_ROWS_PER_PROBLEM]:
        file, line = raw.where(int(pos))
        out.warnings.append(
            Problem(
                f"the official name of {codes.iloc[pos]} is '{official.iloc[pos]}', not "
                f"'{names.iloc[pos]}' ({_DECREE})",
                file=file,
                line=line,
                key=f"{raw.name}[{int(pos)}].name",
                hint=_name_hint(str(codes.iloc[pos]), str(names.iloc[pos])),
            )
        )
    if len(idx) > MAX_ROWS_PER_PROBLEM:
        file, _ = raw.where(int(idx[0]))
        out.warnings.append(
            Problem(
                f"... and {len(idx) - MAX_ROWS_PER_PROBLEM} more names that differ from {_DECREE}",
                file=file,
                key=f"{raw.name}.name",
            )
        )
    _village_kind(raw, frame, names, out)
    if blank.any():
        n = int(blank.sum())
        out.notes.append(f"{n:,} region name{'s' * (n != 1)} taken from {_DECREE}")
    return written


def _village_kind(raw: _Raw, frame: pd.DataFrame, names: pd.Series, out: _Collector) -> None:
    """A name that calls a desa a kelurahan (or the reverse) is a warning: the code decides
    (Permendagri 58/2021: 1xxx kelurahan, 2xxx desa, 3xxx desa adat), and only a desa has
    APBDes."""
    codes = frame["code"].astype(str)
    village = codes.str.count(r"\.") == 3
    if not village.any():
        return
    said = names.fillna("").astype(str).str.strip().str.lower()
    says_kel = said.str.match(r"(kelurahan|kel\.?)\s")
    says_desa = said.str.match(r"(desa|ds\.?)\s")
    kel = codes.str.split(".").str[3].str[:1] == "1"
    wrong = (village & says_kel & ~kel) | (village & says_desa & kel)
    for pos in np.flatnonzero(wrong.to_numpy())[:MAX_ROWS_PER_PROBLEM]:
        code = codes.iloc[int(pos)]
        is_kel = bool(kel.iloc[int(pos)])
        file, line = raw.where(int(pos))
        out.warnings.append(
            Problem(
                f"the name '{names.iloc[int(pos)]}' says "
                f"{'desa' if is_kel else 'kelurahan'}, but {code} is a "
                f"{'kelurahan' if is_kel else 'desa'} (Permendagri 58/2021: the last part "
                "starts with 1 for a kelurahan, 2 or 3 for a desa)",
                file=file,
                line=line,
                key=f"{raw.name}[{int(pos)}].name",
                hint="the code decides: a kelurahan has no APBDes; check the code or the name",
            )
        )


def _name_hint(code: str, name: str) -> str:
    """Which sibling of ``code`` carries ``name``, when one does: the code is then the
    likelier mistake (e.g. 'Sumba Barat' written for 53.01, which is 53.12)."""
    from ucj_opt.data import hierarchy

    parent = code.rpartition(".")[0]
    same = [
        c
        for c in hierarchy.children(parent)
        if hierarchy.level(c) == hierarchy.level(code) and not hierarchy.names_differ(c, name)
    ]
    if same:
        return f"'{name}' is {same[0]} ({hierarchy.official_name(same[0])}): check the code"
    return "check the code; if it is right, use the official name"


def _unknown(
    raw: _Raw,
    frame: pd.DataFrame,
    column: str,
    known: Sequence[str],
    ok: pd.Series,
    out: _Collector,
    what: str,
) -> pd.Series:
    """Rows naming an unknown code or id: one entry per unknown value (at its first row,
    with the number of rows), at most ``MAX_ROWS_PER_PROBLEM`` values."""
    known_set = set(known)
    unknown = ok & ~frame[column].isin(known_set)
    values = frame.loc[unknown, column]
    counts = values.value_counts(sort=False)
    for value in values.unique()[:MAX_ROWS_PER_PROBLEM]:
        close = difflib.get_close_matches(str(value)[:100], list(known_set), n=1)
        first = unknown & (frame[column] == value)
        first &= first.cumsum() == 1
        n = int(counts[value])
        out.rows(
            raw,
            first,
            column,
            f"'{value}' is not a {what} of this scenario"
            + (f" ({n} rows name it)" if n > 1 else ""),
            f"did you mean '{close[0]}'?" if close else f"add it to the {what}s first",
        )
    more = values.nunique() - MAX_ROWS_PER_PROBLEM
    if more > 0:
        file, _ = raw.where(int(np.flatnonzero(unknown.to_numpy())[0]))
        out.add(
            Problem(
                f"... and {more} more {what}s of {raw.name} that are not in this scenario",
                file=file,
                key=f"{raw.name}.{column}",
            )
        )
    return ok & ~unknown


def _duplicates(raw: _Raw, frame: pd.DataFrame, keys: list[str], out: _Collector) -> None:
    dup = frame.duplicated(keys, keep="first") & frame[keys].notna().all(axis=1)
    if dup.any():
        out.rows(
            raw,
            dup,
            keys[0],
            f"this ({', '.join(keys)}) is given twice",
            "keep one row per " + " × ".join(keys),
        )


def load_tables(
    scenario: Scenario,
    lines: dict[tuple[str | int, ...], tuple[str, int]],
) -> tuple[Tables | None, list[Problem]]:
    """Read and check the three tables; return them with every problem found."""
    out = _Collector()
    raws = {n: _read_source(n, getattr(scenario, n), lines, out) for n in _SCHEMAS}
    frames: dict[str, pd.DataFrame] = {}
    for name, raw in raws.items():
        if raw is not None and _check_columns(raw, out):
            frames[name] = _convert(raw, out)
    sim = scenario.simulation
    income_lines = (sim.poverty_line.value, sim.extreme_line.value)
    regions = _regions(raws.get("regions"), frames.get("regions"), income_lines, out)
    if regions is not None:
        _workers(raws["workers"], frames.get("workers"), regions, scenario, out)
        _budgets(raws["budgets"], frames.get("budgets"), regions, scenario, out)
    if regions is not None and not out.problems:
        _decline_reachable(scenario, regions, frames["workers"], lines, out)
    if out.problems or regions is None:
        return None, out.problems
    workers = frames["workers"].astype(
        {"eligible": "int64", "extreme_poor": "int64", "region": str, "segment": str}
    )
    budgets = frames["budgets"].astype(
        {"year": "int64", "amount": "float64", "region": str, "source": str}
    )
    return (
        Tables(
            regions,
            workers.reset_index(drop=True),
            budgets.reset_index(drop=True),
            notes=tuple(out.notes),
            readings=tuple(out.readings),
            warnings=tuple(out.warnings),
        ),
        [],
    )


def _regions(
    raw: _Raw | None,
    frame: pd.DataFrame | None,
    lines: tuple[float, float],
    out: _Collector,
) -> pd.DataFrame | None:
    if raw is None or frame is None:
        return None
    before = len(out.problems)
    ok = _check_codes(raw, frame, "code", out)
    ok = _official(raw, frame, ok, out)
    _duplicates(raw, frame, ["code"], out)
    both = frame["extreme_poverty_rate"].notna() & frame["poverty_rate"].notna()
    above = both & (frame["extreme_poverty_rate"] > frame["poverty_rate"])
    out.rows(
        raw,
        above,
        "extreme_poverty_rate",
        "the extreme-poverty rate exceeds the poverty rate",
        "the extreme poor are part of the poor",
    )
    _income_spread(raw, frame, both & ~above, lines, out)
    _workforce_rows(raw, frame, out)
    codes = frame.loc[ok, "code"]
    present = set(codes)
    levels = levels_of(codes)
    # A lower-level region needs the chain above it (kecamatan may be left out).
    for cut, what in ((1, "province"), (2, "kabupaten/kota")):
        deeper = codes.str.count(r"\.") >= cut
        ancestor = codes.str.split(".").str[:cut].str.join(".")
        missing = deeper & ~ancestor.isin(present)
        mask = frame.index.isin(missing[missing].index)
        for code in ancestor[missing].unique()[:MAX_ROWS_PER_PROBLEM]:
            out.rows(
                raw,
                mask & (frame["code"].str.startswith(code + ".")),
                "code",
                f"its {what} {code} is not in the regions table",
                f"add a row for {code}; nothing is filled in",
            )
    if len(out.problems) > before or not ok.all():
        return None  # a blank code (reported by _convert) has no name, level or parent
    frame = frame.assign(name=_official_names(raw, frame, out))
    absent = [c for c in ("workforce", "covered") if c not in raw.frame.columns]
    frame = frame.drop(columns=absent)
    if frame.isna().any().any():
        return None
    regions = frame.copy()
    regions["level"] = levels
    regions["parent"] = parent_codes(regions["code"], present)
    regions["population"] = regions["population"].astype("int64")
    optional = [c for c in ("workforce", "covered") if c in frame.columns]
    for column in optional:
        regions[column] = regions[column].astype("int64")
    regions = regions.set_index("code")[
        ["name", "level", "parent", "population", "poverty_rate", "extreme_poverty_rate", *optional]
    ]
    return regions


def _workforce_rows(raw: _Raw, frame: pd.DataFrame, out: _Collector) -> None:
    """The optional workforce columns: covered workers are part of the workforce, and the
    workforce part of the population."""
    if "workforce" in raw.frame.columns:
        out.rows(
            raw,
            frame["workforce"] > frame["population"],
            "workforce",
            "the workforce exceeds the population",
            "workforce counts employed persons, who are part of the population",
        )
    if "covered" in raw.frame.columns and "workforce" in raw.frame.columns:
        out.rows(
            raw,
            frame["covered"] > frame["workforce"],
            "covered",
            "more workers covered than in the workforce",
            "covered counts employed persons already in BPJS Ketenagakerjaan",
        )


def _workers(
    raw: _Raw | None,
    frame: pd.DataFrame | None,
    regions: pd.DataFrame,
    scenario: Scenario,
    out: _Collector,
) -> None:
    if raw is None or frame is None:
        return
    ok = frame["region"].notna()
    ok = _unknown(raw, frame, "region", list(regions.index), ok, out, "region")
    _unknown(
        raw,
        frame,
        "segment",
        [s.id for s in scenario.segments],
        frame["segment"].notna(),
        out,
        "segment",
    )
    _duplicates(raw, frame, ["region", "segment"], out)
    out.rows(
        raw,
        frame["extreme_poor"] > frame["eligible"],
        "extreme_poor",
        "more extreme poor than eligible workers",
        "extreme_poor counts the extreme poor among the eligible workers",
    )
    # Found by fuzzing: workers in a region of 0 persons broke the projection's calibration.
    eligible = frame["eligible"].where(ok, 0.0).groupby(frame["region"].where(ok, "")).sum()
    population = regions["population"].reindex(eligible.index).astype("float64")
    crowded = eligible.index[(eligible > population).to_numpy()]
    out.rows(
        raw,
        ok & frame["region"].isin(crowded) & ~frame["region"].duplicated(),  # once a region
        "region",
        "the region's eligible workers (all segments) outnumber its population",
        "check the population column of the regions table and the workers' counts",
    )
    parents = set(regions["parent"])
    inner = ok & frame["region"].isin(parents)
    out.rows(
        raw,
        inner,
        "region",
        "workers are given for a region that has sub-regions in the table",
        "give workers at the lowest level only, so nobody is counted twice",
    )


_SOURCE_LEVELS = {
    "apbd_provinsi": ("province",),
    "apbd_kabkota": ("kabkota", "province"),
    "apbdes": ("desa", "kabkota", "province"),
    "other": ("province", "kabkota", "kecamatan", "desa", "kelurahan"),
}


def _budgets(
    raw: _Raw | None,
    frame: pd.DataFrame | None,
    regions: pd.DataFrame,
    scenario: Scenario,
    out: _Collector,
) -> None:
    if raw is None or frame is None:
        return
    ok = _unknown(raw, frame, "region", list(regions.index), frame["region"].notna(), out, "region")
    _duplicates(raw, frame, ["region", "year", "source"], out)
    level = frame["region"].map(regions["level"])
    # A budget at a higher code standing for all units below it together (national tables)
    # is only allowed when those units are not listed one by one.
    listed_below = {
        "apbd_kabkota": {c.split(".")[0] for c in regions.index[regions["level"] == "kabkota"]},
        "apbdes": {
            prefix
            for c in regions.index[regions["level"] == "desa"]
            for prefix in (c.split(".")[0], ".".join(c.split(".")[:2]))
        },
    }
    for source, allowed in _SOURCE_LEVELS.items():
        rows = ok & (frame["source"] == source)
        wrong = rows & ~level.isin(allowed)
        if source in listed_below:
            aggregate = level.isin(("province", "kabkota")) & (level != allowed[0])
            wrong |= rows & aggregate & frame["region"].isin(listed_below[source])
        out.rows(
            raw,
            wrong,
            "source",
            f"a {source} budget cannot belong to a region at this level",
            {
                "apbd_provinsi": "attach APBD provinsi budgets to a province code",
                "apbd_kabkota": "attach APBD kabupaten/kota budgets to a kabupaten/kota code",
                "apbdes": "attach APBDes to a desa code (a kelurahan has no APBDes)",
                "other": "",
            }[source],
        )
