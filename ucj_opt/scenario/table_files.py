"""Reading a table file (CSV, XLSX, Parquet, inline rows or the embedded national
tables) into text columns that remember where each row was written. Everything that
can go wrong with the file itself (missing, too large, not UTF-8, a title above the
header, a missing sheet) is a problem here, so the cell checks only ever see text.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from ucj_opt.errors import Problem
from ucj_opt.limits import (
    MAX_TABLE_BYTES,
    MAX_TABLE_ROWS,
    MAX_TABLE_UNPACKED_BYTES,
    InputFileError,
    read_bytes_bounded,
)
from ucj_opt.scenario.model import TableSource
from ucj_opt.scenario.table_problems import Collector, RawTable
from ucj_opt.scenario.table_schema import SCHEMAS

__all__ = ["read_source"]


def read_source(
    name: str,
    source: TableSource,
    lines: dict[tuple[str | int, ...], tuple[str, int]],
    out: Collector,
) -> RawTable | None:
    """Read one table as text columns; say where each row came from."""
    key_file, key_line = lines.get((name, "file"), lines.get((name,), (None, None)))
    if source.embedded is not None:
        from ucj_opt import data

        frame = getattr(data.national_tables(), name).copy()
        if name == "regions" and frame.index.name == "code":
            frame = frame.reset_index()
        frame = frame.astype(str)
        return RawTable(name, frame, lambda i: (f"<embedded {source.embedded} {name}>", i + 1))
    if source.rows is not None:
        frame = pd.DataFrame.from_records(source.rows)
        frame = frame.map(lambda v: v if v is None else str(v))

        def where_inline(i: int) -> tuple[str | None, int | None]:
            file, line = lines.get((name, "rows", i), (key_file, key_line))
            return file, line

        return RawTable(name, frame, where_inline)
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
                f"cannot read a '{suffix}' file as a table"
                if suffix
                else f"'{path.name}' has no file type (.csv, .xlsx, .parquet)",
                "use a .csv, .xlsx or .parquet file",
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
        return RawTable(name, frame, lambda i: (shown, i + offset), offset - 1, decimal_comma)
    return RawTable(name, frame, lambda i: (f"{shown} (row {i + 1})", None), 1, decimal_comma)


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
    required = {c.name for c in SCHEMAS[name] if c.required}
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
