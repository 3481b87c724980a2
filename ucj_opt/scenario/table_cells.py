"""Text cells made typed columns: the header checked against the schema, then counts,
shares, years and rupiah read from what planners write (``0,272``, ``5.17%``,
``Rp 3 miliar``). A bad cell is reported and becomes NaN; how each money and share
column was read is kept for ``ucj-opt validate --explain``."""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from ucj_opt.errors import Problem
from ucj_opt.limits import MAX_AMOUNT, MAX_COUNT, MAX_YEAR, MIN_YEAR
from ucj_opt.scenario.table_problems import MAX_ROWS_PER_PROBLEM, Collector, RawTable
from ucj_opt.scenario.table_schema import SCHEMAS
from ucj_opt.units import UnitError, parse_rupiah

__all__ = ["check_columns", "convert"]

SMALL_AMOUNT = 1_000.0
"""Budget amounts under this many rupiah a year are read but warned about: ``1.5`` meant
as 1.5 miliar is read as Rp 1.50."""


def _header_elsewhere(raw: RawTable) -> int | None:
    """The row (1-based, as Excel numbers it) that holds the table's column names, when it
    is not the row read as the header: a title or notes above the table."""
    required = {c.name for c in SCHEMAS[raw.name] if c.required}
    for i in range(min(len(raw.frame), 30)):
        cells = {str(v).strip() for v in raw.frame.iloc[i].tolist()}
        if required <= cells:
            return raw.header_line + 1 + i
    return None


def _artefacts(raw: RawTable, out: Collector) -> bool:
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


def check_columns(raw: RawTable, out: Collector) -> bool:
    """Whether the header has the table's columns and no others, and the table has rows:
    the cells are read only then."""
    schema = SCHEMAS[raw.name]
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


def convert(raw: RawTable, out: Collector) -> pd.DataFrame:
    """Typed columns; bad cells reported and set to NaN."""
    result: dict[str, pd.Series] = {}
    for c in SCHEMAS[raw.name]:
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
    raw: RawTable, column: str, text: pd.Series, blank: pd.Series, out: Collector
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
