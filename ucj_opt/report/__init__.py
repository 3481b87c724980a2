"""The report: bilingual text, number formatting and one self-contained HTML file.

``report`` reads results; it never re-solves or re-simulates. Charts come from
:mod:`ucj_opt.plot` (or any matplotlib Figure) and are embedded as PNG.
"""

from __future__ import annotations

from ucj_opt.report.content import (
    Assumption,
    Chart,
    KeyFigure,
    Provenance,
    ReportContent,
    Section,
    Table,
)
from ucj_opt.report.render import figure_png_base64, render_report, render_reports, write_report
from ucj_opt.report.summary import allocation_sentences, projection_sentences
from ucj_opt.text import (
    LANGS,
    Lang,
    Text,
    format_date,
    format_money,
    format_number,
    format_percent,
    localize,
    t,
)

__all__ = [
    "LANGS",
    "Assumption",
    "Chart",
    "KeyFigure",
    "Lang",
    "Provenance",
    "ReportContent",
    "Section",
    "Table",
    "Text",
    "allocation_sentences",
    "figure_png_base64",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
    "localize",
    "projection_sentences",
    "render_report",
    "render_reports",
    "t",
    "write_report",
]
