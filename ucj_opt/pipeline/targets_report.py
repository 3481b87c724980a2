"""The report's sections "Targets and standings" and "Budget needed", from a results
folder's ``targets/`` and ``need/``.

Reads the files :mod:`ucj_opt.pipeline.standings` wrote; never re-solves. Absent files
mean the run made none (a folder written before they existed, or by ``solve``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ucj_opt.pipeline.standings import SKIPPED
from ucj_opt.plot.targets import award_chart, path_to_target, regions_against_target
from ucj_opt.report import Chart, Section, Table
from ucj_opt.report.content import ColumnFormat
from ucj_opt.report.tables import CODE_WORDS
from ucj_opt.targets.files import Standings, read_standings
from ucj_opt.targets.path import NATION
from ucj_opt.text import LANGS, both, t
from ucj_opt.text.formatting import format_money, format_number, format_percent

__all__ = ["need_plateau", "need_section", "path_table", "targets_section"]

Text = dict[str, str]
_NEED_ROWS = 15
"""Gaps listed in the report; all are in ``need/need.csv``."""


def _each(key: str, **fields: object) -> Text:
    """``key`` in each language, with share fields written in that language."""
    out: dict[str, str] = {}
    for lang in LANGS:
        filled = {
            k: format_percent(v[1], lang, 2) if isinstance(v, tuple) else v
            for k, v in fields.items()
        }
        out[lang] = t(key, lang, **filled)
    return out


def _basis(code: object) -> Text:
    key = f"basis_{code}"
    return both(key) if key in _known() else {lang: str(code) for lang in LANGS}


def _known() -> set[str]:
    from ucj_opt.text.catalogue import TEXT

    return set(TEXT["en"])


def _paragraphs(s: Standings, first: int, last: int) -> list[Text]:
    notes = s.notes
    source_key = "rt_source_given" if notes.get("national") == "given" else "rt_source_published"
    path = s.path
    has_own = (path["target_basis"] == "weighted").any()
    sources = {
        lang: t("rt_source_regions", lang, national=t(source_key, lang))
        if has_own
        else t(source_key, lang)
        for lang in LANGS
    }
    ratio = float(notes.get("employed_per_person", 0.0))
    share = float(notes.get("baseline_coverage", 0.0))
    baseline: Text = {
        lang: t(
            "rt_baseline",
            lang,
            workforce=t("rt_workforce_given", lang)
            if notes.get("workforce") == "given"
            else t("rt_workforce_derived", lang, ratio=format_number(ratio, lang, 4)),
            covered=t("rt_covered_given", lang)
            if notes.get("covered") == "given"
            else t("rt_covered_assumed", lang, share=format_percent(share, lang, 2)),
        )
        for lang in LANGS
    }
    nation = path[path["region"] == NATION].set_index("year")
    cov = dict(zip(nation.index.astype(int), nation["coverage"].astype(float), strict=True))
    tgt = dict(zip(nation.index.astype(int), nation["target"].astype(float), strict=True))
    regions = path[(path["region"] != NATION) & (path["year"] == last)]
    weights = {
        lang: ", ".join(
            f"{t(f'crit_{c}', lang)} {format_number(w, lang, 2)}" for c, w in s.weights.items()
        )
        for lang in LANGS
    }
    return [
        both("rt_measure"),
        {lang: t("rt_targets_from", lang, source=sources[lang]) for lang in LANGS},
        baseline,
        _each(
            "rt_nation",
            first=("share", cov[first]),
            last=("share", cov[last]),
            first_year=first,
            last_year=last,
            target_first=("share", tgt[first]),
            target_last=("share", tgt[last]),
        ),
        both("rt_on_target", n=int(regions["on_target"].sum()), total=len(regions), year=last),
        {lang: t("rt_award_intro", lang, weights=weights[lang]) for lang in LANGS},
        both("rt_award_defs", year=last),
    ]


def path_table(title: Text, frame: pd.DataFrame) -> Table:
    """A path to target, year by year (columns year, coverage, target, gap_points and
    optionally basis), as the report and the region page show it."""
    headers = {
        "year": both("rt_year"),
        "coverage": both("rt_coverage"),
        "target": both("rt_target"),
        "basis": both("rt_basis"),
        "gap_points": both("rt_gap_points"),
    }
    return Table(
        title,
        frame,
        formats={"year": "text", "coverage": "percent", "target": "percent"},
        headers={k: v for k, v in headers.items() if k in frame.columns},
    )


def _tables(s: Standings, first: int, last: int) -> list[Table]:
    path = s.path
    nation = path[path["region"] == NATION][["year", "coverage", "target", "gap_points"]].copy()
    nation.insert(3, "basis", [_basis(b) for b in path.loc[nation.index, "target_basis"]])
    by_region = path[path["region"] != NATION]
    wide = by_region[by_region["year"] == last].set_index("region")
    wide = wide.assign(
        first=by_region[by_region["year"] == first].set_index("region")["coverage"]
    ).sort_values(["gap_points", "name"], ascending=[False, True], kind="stable")
    regions = pd.DataFrame(
        {
            "name": wide["name"],
            "first": wide["first"],
            "coverage": wide["coverage"],
            "target": wide["target"],
            "gap_points": wide["gap_points"],
            "on_target": [both("rt_yes") if v else both("rt_no") for v in wide["on_target"]],
        }
    ).reset_index(drop=True)
    award = s.award[["rank", "name", "score", *s.weights]].copy()
    award_formats: dict[str, ColumnFormat] = {
        "rank": "integer",
        "score": "number",
        "coverage_vs_target": "percent",
        "growth": "number",
        "extreme_poor_coverage": "percent",
        "own_budget_effort": "money",
    }
    return [
        path_table(both("rt_path_table"), nation),
        Table(
            both("rt_regions_table", year=last),
            regions,
            formats={"first": "percent", "coverage": "percent", "target": "percent"},
            headers={
                "name": both("rt_region"),
                "first": both("rt_coverage_first", year=first),
                "coverage": both("rt_coverage_last", year=last),
                "target": both("rt_target_year", year=last),
                "gap_points": both("rt_gap_points"),
                "on_target": both("rt_on_target_col"),
            },
        ),
        Table(
            both("rt_award_table"),
            award,
            formats=award_formats,
            headers={
                "rank": both("rt_rank"),
                "name": both("rt_region"),
                "score": both("rt_score"),
            }
            | {c: both(f"crit_{c}") for c in s.weights},
        ),
    ]


def targets_section(folder: str | Path) -> Section | None:
    """Each region's path to its coverage target and the award standings, or None when
    the folder has no ``targets/``.

    Examples
    --------
    >>> from ucj_opt.pipeline.targets_report import targets_section
    >>> targets_section("no/such/folder") is None
    True
    """
    skipped = Path(folder) / "targets" / SKIPPED
    if skipped.exists():
        n = len(json.loads(skipped.read_text(encoding="utf-8"))["problems"])
        return Section(both("rt_title"), paragraphs=[both("rt_measure"), both("rt_skipped", n=n)])
    s = read_standings(Path(folder) / "targets")
    if s is None or s.path.empty:
        return None
    years = sorted(int(y) for y in s.path["year"].unique())
    first, last = years[0], years[-1]
    path, award, weights = s.path, s.award, s.weights
    charts = [
        Chart(both("rt_path_chart"), lambda lang: path_to_target(path, lang=lang)),
        Chart(both("tp_regions_title"), lambda lang: regions_against_target(path, lang=lang)),
        Chart(both("rt_award_chart"), lambda lang: award_chart(award, weights, lang=lang)),
    ]
    return Section(
        both("rt_title"),
        paragraphs=_paragraphs(s, first, last),
        tables=_tables(s, first, last),
        charts=charts,
    )


def need_plateau(folder: str | Path) -> float | None:
    """The least budget in all that protects every extreme-poor worker (``need.json``),
    or None when the folder has none."""
    path = Path(folder) / "need" / "need.json"
    if not path.exists():
        return None
    totals = json.loads(path.read_text(encoding="utf-8"))
    return (
        float(totals["needed"]) if totals.get("status") not in ("infeasible", "skipped") else None
    )


def need_section(folder: str | Path, names: pd.Series) -> Section | None:
    """The budget needed for every extreme-poor worker and its gap to today's budgets,
    or None when the folder has no ``need/``.

    Examples
    --------
    >>> from ucj_opt.pipeline.targets_report import need_section
    >>> need_section("no/such/folder", pd.Series(dtype=str)) is None
    True
    """
    root = Path(folder) / "need"
    if not (root / "need.json").exists():
        return None
    totals = json.loads((root / "need.json").read_text(encoding="utf-8"))
    if totals.get("status") == "skipped":
        return Section(both("rn_title"), paragraphs=[both("rn_skipped", n=totals["leaves"])])
    if totals.get("status") == "infeasible" or not (root / "need.csv").exists():
        return Section(both("rn_title"), paragraphs=[both("rn_infeasible"), *_workforce_need(root)])
    table = pd.read_csv(root / "need.csv", dtype={"region": str})
    if totals["new_money"] <= 1.0:
        paragraph = both("rn_none")
    else:
        paragraph = {
            lang: t(
                "rn_sentence",
                lang,
                needed=format_money(float(totals["needed"]), lang),
                today=format_money(float(totals["today"]), lang),
                gap=format_money(float(totals["new_money"]), lang),
            )
            for lang in LANGS
        }
    gaps = table[table["gap"] > 1.0].sort_values(["gap", "region"], ascending=[False, True])
    gaps = gaps.head(_NEED_ROWS)
    tables = []
    if len(gaps):
        label = [
            {
                lang: f"{names.get(r, n)} · {t(s, lang) if s in CODE_WORDS else s} {y}"
                for lang in LANGS
            }
            for r, n, s, y in zip(
                gaps["region"], gaps["name"], gaps["source"], gaps["year"], strict=True
            )
        ]
        frame = pd.DataFrame(
            {
                "budget": pd.Series(label, dtype=object),
                "today": gaps["today"].to_numpy(),
                "needed": gaps["needed"].to_numpy(),
                "gap": gaps["gap"].to_numpy(),
            }
        )
        tables.append(
            Table(
                both("rn_table"),
                frame,
                formats={"today": "money", "needed": "money", "gap": "money"},
                headers={
                    "budget": both("rn_budget"),
                    "today": both("rn_today"),
                    "needed": both("rn_needed"),
                    "gap": both("rn_gap"),
                },
            )
        )
    return Section(both("rn_title"), paragraphs=[paragraph, *_workforce_need(root)], tables=tables)


def _workforce_need(root: Path) -> list[Text]:
    """The budget that brings every regional government to its coverage target."""
    path = root / "workforce.json"
    if not path.exists():
        return []
    totals = json.loads(path.read_text(encoding="utf-8"))
    if totals.get("status") == "skipped":
        return []
    if totals.get("status") == "infeasible":
        return [both("rn_workforce_infeasible")]
    return [
        {
            lang: t(
                "rn_workforce",
                lang,
                needed=format_money(float(totals["needed"]), lang),
                gap=format_money(float(totals["new_money"]), lang),
            )
            for lang in LANGS
        }
    ]
