"""What a report says, independent of how it is drawn: typed pieces the renderer lays out.

One :class:`ReportContent` renders in either language: caller text may be a plain string
or ``{"en": ..., "id": ...}``, and a chart may be a ready Figure or a function of the
language that draws one (so its axis labels follow ``--lang``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

import pandas as pd
from matplotlib.figure import Figure

from ucj_opt.text.catalogue import Text

__all__ = [
    "Assumption",
    "Chart",
    "ColumnFormat",
    "FigureSource",
    "KeyFigure",
    "Provenance",
    "ProvenanceValue",
    "ReportContent",
    "Section",
    "Table",
    "ValueKind",
]

ValueKind: TypeAlias = Literal["number", "integer", "money", "percent", "text"]
"""How a value is written: ``money`` in rupiah words, ``percent`` from a share in [0, 1]."""

ColumnFormat: TypeAlias = Literal["number", "integer", "money", "percent", "text", "date"]
"""How a table column is written."""

ProvenanceValue: TypeAlias = str | int | float | bool
"""A provenance detail: text, a number or a yes/no."""

FigureSource: TypeAlias = Figure | Callable[[str], Figure]
"""A drawn Figure, or a function ``lang -> Figure`` so labels follow the report language."""


@dataclass(frozen=True)
class KeyFigure:
    """One headline number, e.g. workers protected or rupiah spent."""

    label: Text
    value: float | str
    kind: ValueKind = "number"
    note: Text = ""
    """A short qualifier shown under the number (e.g. the 90% interval)."""
    decimals: int | None = None
    """Decimals for ``number`` (default 0) and ``percent`` (default 1) values."""


@dataclass(frozen=True, eq=False)
class Table:
    """A DataFrame shown as a table; numbers are written per ``formats``.

    Columns without a format are guessed from their dtype: integers as ``integer``,
    floats as ``number`` (one decimal), dates as ``date``, anything else as text.
    Column headers are taken from ``headers``, else translated when they are a known
    label (``region``, ``enrolled``, ...), else shown as they are.
    """

    title: Text
    frame: pd.DataFrame
    formats: Mapping[str, ColumnFormat] = field(default_factory=dict)
    headers: Mapping[str, Text] = field(default_factory=dict)
    note: Text = ""
    max_rows: int = 60
    """Rows beyond this are cut, with a note saying how many were left out."""


@dataclass(frozen=True, eq=False)
class Chart:
    """A chart embedded in the report as a PNG image."""

    title: Text
    figure: FigureSource
    caption: Text = ""
    alt: Text = ""
    """Text alternative for readers who cannot see the image; the title when empty."""


@dataclass(frozen=True, eq=False)
class Section:
    """A titled part of the report: paragraphs, then tables, then charts."""

    title: Text
    paragraphs: Sequence[Text] = ()
    tables: Sequence[Table] = ()
    charts: Sequence[Chart] = ()


@dataclass(frozen=True)
class Assumption:
    """A figure the results rest on, with its source (or the word assumption and a range)."""

    name: Text
    value: Text
    source: Text
    range: Text = ""
    grade: str = ""
    """A, B or C as in REFERENCE.md; empty for assumptions."""


@dataclass(frozen=True)
class Provenance:
    """Where the results came from, so a reader can reproduce them."""

    scenario: str
    created: dt.datetime
    version: str
    seed: int | None = None
    details: Mapping[str, ProvenanceValue] = field(default_factory=dict)
    """Anything else worth recording: scenario hash, solver, replications, command line.
    A key the catalogue knows (``prov_<key>``) gets its label in the report's language;
    ``True``/``False`` are written yes/no, ``*_seconds`` as rounded seconds, numbers in
    the language's format."""


@dataclass(frozen=True, eq=False)
class ReportContent:
    """Everything one report says; :func:`ucj_opt.report.render_report` lays it out."""

    title: Text
    summary: Sequence[Text]
    """Plain-words paragraphs a planner reads first."""
    provenance: Provenance
    key_figures: Sequence[KeyFigure] = ()
    sections: Sequence[Section] = ()
    assumptions: Sequence[Assumption] = ()
    subtitle: Text = ""
