"""DataFrames as HTML tables, with every number written for the report's language."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable

import pandas as pd

from ucj_opt.report.content import ColumnFormat, Table
from ucj_opt.text.catalogue import TEXT, check_lang, localize, t
from ucj_opt.text.formatting import format_date, format_money, format_number, format_percent

__all__ = ["CODE_WORDS", "format_cell", "guess_format", "table_html"]

CODE_WORDS = frozenset(
    {"apbd_provinsi", "apbd_kabkota", "apbdes", "farmer", "fisher", "informal", "other"}
)
"""Codes that text cells show in words of the report language."""


def guess_format(series: pd.Series) -> ColumnFormat:
    """The format a column gets when the caller named none."""
    if pd.api.types.is_bool_dtype(series):
        return "text"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    present = series.dropna()
    if len(present) and all(isinstance(v, dt.date) for v in present):
        return "date"
    return "text"


def format_cell(value: object, fmt: ColumnFormat, lang: str) -> str:
    """One cell as text (not yet HTML-escaped); missing values as an en dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if fmt == "text":
        return localize(value, lang) if isinstance(value, dict) else str(value)
    if fmt == "date":
        if isinstance(value, dt.date):
            return format_date(value, lang)
        return str(value)
    if not isinstance(value, int | float):
        return str(value)
    writers: dict[str, Callable[[float], str]] = {
        "number": lambda v: format_number(v, lang, 1),
        "integer": lambda v: format_number(v, lang, 0),
        "money": lambda v: format_money(v, lang),
        "percent": lambda v: format_percent(v, lang, 1),
    }
    return writers[fmt](float(value))


def _header(column: object, table: Table, lang: str) -> str:
    name = str(column)
    if name in table.headers:
        return localize(table.headers[name], lang)
    if name in TEXT[check_lang(lang)]:
        return t(name, lang)
    return name


def table_html(table: Table, number: int, lang: str) -> str:
    """The table as a ``<figure>`` with a caption; numbers right-aligned."""
    frame = table.frame
    title = html.escape(localize(table.title, lang))
    label = html.escape(t("table_n", lang, n=number))
    parts = [f'<figure class="table"><figcaption><b>{label}.</b> {title}</figcaption>']
    if frame.empty:
        parts.append(f"<p>{html.escape(t('no_rows', lang))}</p></figure>")
        return "".join(parts)
    formats = {str(c): table.formats.get(str(c), guess_format(frame[c])) for c in frame.columns}
    parts.append("<table><thead><tr>")
    for column in frame.columns:
        css = "" if formats[str(column)] in ("text", "date") else ' class="num"'
        parts.append(f"<th{css}>{html.escape(_header(column, table, lang))}</th>")
    parts.append("</tr></thead><tbody>")
    shown = frame.head(table.max_rows)
    for row in shown.itertuples(index=False, name=None):
        parts.append("<tr>")
        for column, value in zip(frame.columns, row, strict=True):
            fmt = formats[str(column)]
            css = "" if fmt in ("text", "date") else ' class="num"'
            text = format_cell(_localize_code(value, fmt, lang), fmt, lang)
            parts.append(f"<td{css}>{html.escape(text)}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    notes = []
    if len(frame) > len(shown):
        shown_n, total = format_number(len(shown), lang), format_number(len(frame), lang)
        notes.append(t("rows_cut", lang, shown=shown_n, total=total))
    if table.note:
        notes.append(localize(table.note, lang))
    if notes:
        parts.append(f'<p class="note">{html.escape(" ".join(notes))}</p>')
    parts.append("</figure>")
    return "".join(parts)


def _localize_code(value: object, fmt: ColumnFormat, lang: str) -> object:
    """Known codes in text columns (``apbdes``, ``farmer``) are shown in words."""
    if fmt == "text" and isinstance(value, str) and value in CODE_WORDS:
        return t(value, lang)
    return value
