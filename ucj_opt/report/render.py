"""One self-contained HTML file: CSS inline, charts as base64 PNG, nothing fetched.

A report is read offline, mailed and archived, so it must never reach the network: no
script, no external stylesheet, font or image, and a Content-Security-Policy that forbids
any fetch in case a future edit slips one in. Every caller text is HTML-escaped.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import multiprocessing
import os
import sys
import time
import warnings
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ucj_opt.io import write_text_atomic
from ucj_opt.report.content import Chart, KeyFigure, ProvenanceValue, ReportContent, Section
from ucj_opt.report.tables import table_html
from ucj_opt.text.catalogue import TEXT, check_lang, localize, t
from ucj_opt.text.formatting import format_date, format_money, format_number, format_percent

__all__ = ["figure_png_base64", "render_report", "render_reports", "write_report"]

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

_CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111;
  background: #fff; margin: 0 auto; max-width: 60rem; padding: 1.5rem 2rem 3rem;
  line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #111; padding-bottom: .2rem;
  margin-top: 2.2rem; }
.subtitle, .meta, .note { color: #444; }
.meta { font-size: .9rem; }
nav ol { columns: 2; font-size: .95rem; }
a { color: #111; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
  gap: .8rem; margin: 0; }
.figures div { border: 1px solid #888; border-left: 6px solid #111; padding: .6rem .8rem; }
.figures dt { font-size: .85rem; color: #333; }
.figures dd { margin: .2rem 0 0; font-size: 1.35rem; font-weight: bold;
  font-variant-numeric: tabular-nums; }
.figures dd small { display: block; font-size: .8rem; font-weight: normal; color: #444; }
figure { margin: 1.2rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #ccc; }
figcaption { font-size: .95rem; margin-bottom: .4rem; }
figure.chart figcaption { margin: .4rem 0 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #bbb; padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 2px solid #111; background: #eee; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.prov { width: auto; }
table.prov th { font-weight: bold; padding-right: 1.5rem; }
table.prov td { word-break: break-word; }
footer { margin-top: 2.5rem; font-size: .85rem; color: #444; border-top: 1px solid #888; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; } figure, .figures div { break-inside: avoid; } }
"""


def figure_png_base64(figure: Figure, dpi: int = 130) -> str:
    """The figure as base64 PNG text, without the software-name metadata chunk."""
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _value(figure: KeyFigure, lang: str) -> str:
    value = figure.value
    if isinstance(value, str) or figure.kind == "text":
        return localize(value, lang) if isinstance(value, str) else str(value)
    if figure.kind == "money":
        return format_money(value, lang)
    if figure.kind == "percent":
        return format_percent(value, lang, 1 if figure.decimals is None else figure.decimals)
    if figure.kind == "integer":
        return format_number(value, lang, 0)
    return format_number(value, lang, figure.decimals or 0)


def _key_figures(figures: list[KeyFigure], lang: str) -> str:
    cards = []
    for fig in figures:
        note = localize(fig.note, lang)
        small = f"<small>{_esc(note)}</small>" if note else ""
        cards.append(
            f"<div><dt>{_esc(localize(fig.label, lang))}</dt>"
            f"<dd>{_esc(_value(fig, lang))}{small}</dd></div>"
        )
    return f'<dl class="figures">{"".join(cards)}</dl>'


def _chart(chart: Chart, number: int, lang: str) -> str:
    figure = chart.figure if isinstance(chart.figure, Figure) else chart.figure(lang)
    data = figure_png_base64(figure)
    title = localize(chart.title, lang)
    alt = localize(chart.alt, lang) or title
    caption = localize(chart.caption, lang)
    label = t("figure_n", lang, n=number)
    text = f"<b>{_esc(label)}.</b> {_esc(title)}" + (f" — {_esc(caption)}" if caption else "")
    return (
        f'<figure class="chart"><img src="data:image/png;base64,{data}" alt="{_esc(alt)}">'
        f"<figcaption>{text}</figcaption></figure>"
    )


def _section(section: Section, anchor: str, counters: dict[str, int], lang: str) -> tuple[str, str]:
    title = localize(section.title, lang)
    parts = [f'<section id="{anchor}"><h2>{_esc(title)}</h2>']
    parts += [f"<p>{_esc(localize(p, lang))}</p>" for p in section.paragraphs]
    for table in section.tables:
        counters["table"] += 1
        parts.append(table_html(table, counters["table"], lang))
    for chart in section.charts:
        counters["figure"] += 1
        parts.append(_chart(chart, counters["figure"], lang))
    parts.append("</section>")
    return title, "".join(parts)


def _assumptions(content: ReportContent, lang: str) -> str:
    head = "".join(
        f"<th>{_esc(t(k, lang))}</th>" for k in ("assumption", "value", "range", "source", "grade")
    )
    rows = []
    for a in content.assumptions:
        grade = t(f"status_{a.grade}", lang) if f"status_{a.grade}" in TEXT["en"] else a.grade
        cells = [localize(x, lang) for x in (a.name, a.value, a.range, a.source)] + [grade]
        rows.append("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>")
    return (
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<p class="note">{_esc(t("grades_note", lang))}</p>'
    )


def _detail(key: str, value: ProvenanceValue, lang: str) -> str:
    """A provenance value for people: yes/no, seconds rounded, numbers the language's way."""
    if isinstance(value, bool):
        return t("rt_yes" if value else "rt_no", lang)
    if isinstance(value, int | float):
        if key.endswith("_seconds"):
            return t("prov_seconds", lang, value=format_number(float(value), lang, 2))
        decimals = 0 if float(value).is_integer() else 2
        return format_number(float(value), lang, decimals)
    return str(value)


def _provenance(content: ReportContent, lang: str) -> str:
    prov = content.provenance
    created = f"{format_date(prov.created.date(), lang)} {prov.created:%H:%M %Z}".strip()
    items = [
        (t("scenario", lang), prov.scenario),
        (t("created", lang), created),
        (t("version", lang), f"ucj_opt {prov.version}"),
    ]
    if prov.seed is not None:
        items.append((t("seed", lang), str(prov.seed)))
    shown = {"scenario", "created", "version", "seed"}
    for key, value in prov.details.items():
        if key in shown:  # said above already
            continue
        shown.add(key)
        label_key = f"prov_{key}"
        label = t(label_key, lang) if label_key in TEXT["en"] else key.replace("_", " ")
        items.append((label, _detail(key, value, lang)))
    body = "".join(
        f'<tr><th scope="row">{_esc(label)}</th><td>{_esc(value)}</td></tr>'
        for label, value in items
    )
    return f'<table class="prov"><tbody>{body}</tbody></table>'


def render_report(content: ReportContent, lang: str = "en") -> str:
    """The whole report as one HTML document in ``lang`` ('en' or 'id')."""
    code = check_lang(lang)
    title = localize(content.title, code)
    subtitle = localize(content.subtitle, code)
    counters = {"table": 0, "figure": 0}
    toc: list[tuple[str, str]] = [("summary", t("summary", code))]
    body = [f'<section id="summary"><h2>{_esc(t("summary", code))}</h2>']
    body += [f"<p>{_esc(localize(p, code))}</p>" for p in content.summary]
    if content.key_figures:
        body.append(f'<h3 id="key-figures">{_esc(t("key_figures", code))}</h3>')
        body.append(_key_figures(list(content.key_figures), code))
    body.append("</section>")
    for i, section in enumerate(content.sections, start=1):
        anchor = f"section-{i}"
        heading, text = _section(section, anchor, counters, code)
        toc.append((anchor, heading))
        body.append(text)
    if content.assumptions:
        toc.append(("assumptions", t("assumptions", code)))
        body.append(
            f'<section id="assumptions"><h2>{_esc(t("assumptions", code))}</h2>'
            f"{_assumptions(content, code)}</section>"
        )
    toc.append(("provenance", t("provenance", code)))
    body.append(
        f'<section id="provenance"><h2>{_esc(t("provenance", code))}</h2>'
        f"{_provenance(content, code)}</section>"
    )
    nav = "".join(f'<li><a href="#{a}">{_esc(h)}</a></li>' for a, h in toc)
    generated = t("generated", code, date=format_date(content.provenance.created.date(), code))
    sub = f'<p class="subtitle">{_esc(subtitle)}</p>' if subtitle else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{code}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{_esc(title)}</h1>{sub}<p class="meta">{_esc(generated)}</p></header>\n'
        f'<nav aria-label="{_esc(t("contents", code))}"><ol>{nav}</ol></nav>\n<main>\n'
        + "\n".join(body)
        + f"\n</main>\n<footer><p>{_esc(t('offline_note', code))}</p></footer>\n</body>\n</html>\n"
    )


def _render_into(content: ReportContent, lang: str, send: Connection) -> None:
    """In a forked process: the report in ``lang``, or nothing (the parent then renders
    it itself and meets the error there)."""
    try:
        send.send(render_report(content, lang))
    finally:
        send.close()


def render_reports(content: ReportContent, langs: Sequence[str]) -> dict[str, str]:
    """Each language's report. Drawing the charts is most of a report's time and each
    language draws its own, so on Linux with two cores or more the other languages are
    rendered in forked processes (the content's charts are closures, which only a fork
    can hand over) while this process renders the first: the national main job's report
    took 8.9 s one language after the other, 4.3 s side by side. A process that has not
    answered within three times the first language's time and a minute is stopped and
    its language rendered here, so nothing can hang."""
    codes: list[str] = [check_lang(lang) for lang in langs]
    if len(codes) < 2 or sys.platform != "linux" or (os.cpu_count() or 1) < 2:
        return {code: render_report(content, code) for code in codes}
    context = multiprocessing.get_context("fork")
    children: dict[str, tuple[BaseProcess, Connection]] = {}
    for other in codes[1:]:
        receive, send = context.Pipe(duplex=False)
        child: BaseProcess = context.Process(
            target=_render_into, args=(content, other, send), daemon=True
        )
        with warnings.catch_warnings():
            # the child only draws and writes a string: it takes no lock that another
            # thread of this process (a solver's idle workers) could hold at the fork
            warnings.simplefilter("ignore", DeprecationWarning)
            child.start()
        send.close()
        children[other] = (child, receive)
    started = time.perf_counter()
    out: dict[str, str] = {codes[0]: render_report(content, codes[0])}
    deadline = started + 3 * (time.perf_counter() - started) + 60
    for lang, (child, receive) in children.items():
        text: str | None = None
        with contextlib.suppress(EOFError, OSError):
            if receive.poll(max(deadline - time.perf_counter(), 0.0)):
                text = receive.recv()
        receive.close()
        child.join(timeout=1)
        if child.is_alive():
            child.terminate()
            child.join()
        out[lang] = text if isinstance(text, str) else render_report(content, lang)
    return {code: out[code] for code in codes}


def write_report(path: Path | str, html_text: str) -> Path:
    """Write the report atomically (a reader never sees half a file); return the path."""
    target = Path(path)
    write_text_atomic(target, html_text)
    return target
