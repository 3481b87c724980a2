"""A one-page summary of one region, from a results folder: ``ucj-opt report --region``.

What a bupati or a kepala dinas asks: what the region pays, whom it protects, its gap and
what closing it costs, its path to its coverage target and its place in the standings,
and the outcome for its extreme poor. Everything is read from the
folder (allocation, budgets, the snapshot of the inputs, the projection by region); the
region counts with everything below it (a kabupaten with its desa).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ucj_opt._version import __version__
from ucj_opt.errors import UserError
from ucj_opt.pipeline.results import RunResults
from ucj_opt.pipeline.targets_report import path_table
from ucj_opt.report import KeyFigure, ReportContent, Section, Table
from ucj_opt.report.content import Provenance
from ucj_opt.targets.files import Standings, read_standings
from ucj_opt.text import both
from ucj_opt.text.catalogue import LANGS, Text, t
from ucj_opt.text.formatting import format_money, format_number, format_percent

__all__ = ["region_content"]


def _inside(codes: pd.Series, code: str) -> pd.Series:
    """The region itself and everything below it."""
    text = codes.astype(str)
    return (text == code) | text.str.startswith(code + ".")


def _averted(folder: Path, code: str) -> tuple[float, int] | None:
    """Extreme-poverty person-years averted in the region (mean over replications), and
    the projection's years; None without a projection."""
    path = folder / "projection" / "by_region.csv"
    if not path.exists():
        return None
    frame = pd.read_csv(path, dtype={"region": str})
    mine = frame[_inside(frame["region"], code)]
    if mine.empty:
        return None
    by_arm = mine.groupby("arm")["extreme_poor_person_years"].sum()
    return float(by_arm.get("without", 0.0) - by_arm.get("with", 0.0)), int(mine["year"].nunique())


def _path_section(standings: Standings | None, code: str) -> Section | None:
    """The region's coverage of the workforce against its target, year by year, and its
    rank in the award standings; None when the run made no standings or none for it."""
    if standings is None:
        return None
    path = standings.path[standings.path["region"].astype(str) == code]
    if path.empty:
        return None
    path = path.sort_values("year")
    first, last = path.iloc[0], path.iloc[-1]

    def line(lang: str) -> str:
        return t(
            "rs_path_line",
            lang,
            first_year=int(first["year"]),
            last_year=int(last["year"]),
            first=format_percent(float(first["coverage"]), lang, 2),
            last=format_percent(float(last["coverage"]), lang, 2),
            target=format_percent(float(last["target"]), lang, 2),
            verdict=t("rs_on_target" if bool(last["on_target"]) else "rs_off_target", lang),
        )

    paragraphs: list[Text] = [{lang: line(lang) for lang in LANGS}]
    award = standings.award[standings.award["region"].astype(str) == code]
    if not award.empty:
        paragraphs.append(
            both("rs_rank", rank=int(award["rank"].iloc[0]), total=len(standings.award))
        )
    table = path[["year", "coverage", "target", "gap_points"]].reset_index(drop=True)
    return Section(
        both("rs_path"),
        paragraphs=paragraphs,
        tables=[path_table(both("rs_path"), table)],
    )


def region_content(results: RunResults, code: str) -> ReportContent:
    """The one-page summary of ``code`` (with everything below it) in both languages.

    Raises
    ------
    UserError
        When the folder has no region ``code``.
    """
    regions = results.regions
    if code not in regions.index:
        some = ", ".join(str(c) for c in list(regions.index)[:5])
        raise UserError(t("rs_unknown", "en", code=code, some=some))
    name = str(regions.at[code, "name"]) if "name" in regions else code
    alloc, budgets, workers = results.allocation, results.budgets, results.workers
    year = int(alloc["year"].min())
    last = int(alloc["year"].max())
    first = alloc[(alloc["year"] == year) & _inside(alloc["region"], code)]
    held = budgets[(budgets["year"] == year) & _inside(budgets["region"], code)]
    mine = workers[_inside(workers["region"], code)]
    eligible, extreme = float(mine["eligible"].sum()), float(mine["extreme_poor"].sum())
    enrolled = float(first["enrolled"].sum())
    extreme_enrolled = float(first["enrolled_extreme_poor"].sum())
    premiums = float(first["premiums"].sum())
    all_first = alloc[alloc["year"] == year]
    premium = float(all_first["premiums"].sum()) / max(float(all_first["enrolled"].sum()), 1e-9)
    by_source = first.groupby("source")["premiums"].sum()
    uncovered = max(eligible - enrolled, 0.0)
    extreme_uncovered = max(extreme - extreme_enrolled, 0.0)
    averted = _averted(results.folder, code)

    def sentences(lang: str) -> list[str]:
        money = {str(s): format_money(float(v), lang) for s, v in by_source.items() if v > 0}
        out = [
            t(
                "rs_pays",
                lang,
                n=format_number(len(held), lang),
                budget=format_money(float(held["amount"].sum()), lang),
                used=format_money(float(held["used"].sum()), lang),
                year=year,
                premiums=format_money(premiums, lang),
                by_source="; ".join(f"{t(s, lang)} {v}" for s, v in money.items()) or "–",
            ),
            t(
                "rs_protects",
                lang,
                year=year,
                enrolled=format_number(enrolled, lang),
                eligible=format_number(eligible, lang),
                share=format_percent(enrolled / eligible if eligible else 0.0, lang),
                extreme_enrolled=format_number(extreme_enrolled, lang),
                extreme=format_number(extreme, lang),
                extreme_share=format_percent(extreme_enrolled / extreme if extreme else 0.0, lang),
            ),
        ]
        if uncovered >= 0.5:
            out.append(
                t(
                    "rs_gap",
                    lang,
                    uncovered=format_number(uncovered, lang),
                    extreme_uncovered=format_number(extreme_uncovered, lang),
                    extreme_cost=format_money(extreme_uncovered * premium, lang),
                    all_cost=format_money(uncovered * premium, lang),
                    premium=format_money(premium, lang),
                )
            )
        else:
            out.append(t("rs_no_gap", lang, year=year))
        if averted is not None:
            out.append(
                t("rs_outcome", lang, averted=format_number(averted[0], lang), years=averted[1])
            )
        return out

    per_lang = {lang: sentences(lang) for lang in LANGS}
    summary: list[Text] = [
        {lang: per_lang[lang][i] for lang in LANGS} for i in range(len(per_lang["en"]))
    ]
    key = [
        KeyFigure(both("rs_budget_year"), float(held["amount"].sum()), kind="money"),
        KeyFigure(both("rs_enrolled"), enrolled, kind="integer"),
        KeyFigure(
            both("rs_extreme_covered"), extreme_enrolled / extreme if extreme else 0.0, "percent"
        ),
        KeyFigure(both("rs_extreme_cost"), extreme_uncovered * premium, kind="money"),
    ]
    if averted is not None:
        key.append(KeyFigure(both("rs_averted"), averted[0], kind="integer"))
    sections = []
    on_path = _path_section(read_standings(results.folder / "targets"), code)
    if on_path is not None:
        sections.append(on_path)
    below: list[str] = (
        [str(c) for c in regions.index[regions["parent"] == code]] if "parent" in regions else []
    )
    if len(below):
        rows = []
        for child in below:
            inside_w = mine[_inside(mine["region"], child)]
            inside_a = first[_inside(first["region"], child)]
            rows.append(
                {
                    "name": str(regions.at[child, "name"]),
                    "eligible": int(inside_w["eligible"].sum()),
                    "extreme_poor": int(inside_w["extreme_poor"].sum()),
                    "enrolled": round(float(inside_a["enrolled"].sum())),
                    "premiums": float(inside_a["premiums"].sum()),
                }
            )
        table = pd.DataFrame(rows).sort_values("extreme_poor", ascending=False, kind="stable")
        sections.append(
            Section(
                both("rs_subregions"),
                tables=[
                    Table(
                        both("rs_subregions"),
                        table,
                        formats={"premiums": "money"},
                        headers={
                            "name": both("rc_region"),
                            "eligible": both("rc_eligible_workers"),
                            "extreme_poor": both("rc_extreme_poor"),
                            "enrolled": both("rc_enrolled"),
                            "premiums": both("premiums"),
                        },
                        max_rows=25,
                    )
                ],
            )
        )
    return ReportContent(
        title=f"{name} ({code})",
        subtitle=both("rs_subtitle", first=year, last=last),
        summary=summary,
        key_figures=key,
        sections=sections,
        provenance=Provenance(
            scenario=results.scenario.name if results.scenario else "",
            created=results.taken or dt.datetime.now(dt.UTC).replace(microsecond=0),
            version=__version__,
        ),
    )
