"""From a results folder to the report's content: key figures, tables, charts, sources.

Reads :class:`~ucj_opt.pipeline.results.RunResults` only; it never re-solves. Every text
is given in English and Bahasa Indonesia, and every chart is a function of the language,
so one content object renders either report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ucj_opt import plot
from ucj_opt._version import __version__
from ucj_opt.allocate.stages import STAGE_UNITS
from ucj_opt.pipeline.assumptions import scenario_assumptions
from ucj_opt.pipeline.results import RunResults
from ucj_opt.pipeline.targets_report import need_plateau, need_section, targets_section
from ucj_opt.projection.projection import HEADLINE
from ucj_opt.report import (
    Chart,
    KeyFigure,
    Provenance,
    ReportContent,
    Section,
    Table,
    allocation_sentences,
    projection_sentences,
)
from ucj_opt.report.content import ColumnFormat
from ucj_opt.text import LANGS, both, t
from ucj_opt.text.catalogue import source_words

__all__ = ["build_report_content"]

Text = dict[str, str]


def _both(make: Callable[[str], list[str]]) -> list[Text]:
    en, id_ = make("en"), make("id")
    return [{"en": a, "id": b} for a, b in zip(en, id_, strict=True)]


def _label(results: RunResults, codes: pd.Series) -> pd.Series:
    names = results.regions["name"] if "name" in results.regions else pd.Series(dtype=str)
    return codes.map(lambda c: str(names.get(c, c)))


def _first_year(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["year"] == frame["year"].min()] if len(frame) else frame


def _coverage_frame(results: RunResults, workers: pd.DataFrame) -> pd.DataFrame:
    """Enrolled and eligible per region in the first year."""
    first = _first_year(results.allocation)
    enrolled = first.groupby("region")[["enrolled", "enrolled_extreme_poor"]].sum()
    eligible = workers.groupby("region")[["eligible", "extreme_poor"]].sum()
    frame = eligible.join(enrolled, how="left").fillna(0.0).reset_index()
    return frame


def _allocation_section(results: RunResults, workers: pd.DataFrame) -> Section:
    cov = _coverage_frame(results, workers)
    cov_chart = cov.assign(region=_label(results, cov["region"]))
    first = _first_year(results.allocation)
    by_source = first.groupby(["region", "source"])["premiums"].sum().reset_index()
    by_source["region"] = _label(results, by_source["region"])
    table = cov.assign(name=_label(results, cov["region"]))
    table["coverage"] = np.where(table["eligible"] > 0, table["enrolled"] / table["eligible"], 0)
    table["extreme_coverage"] = np.where(
        table["extreme_poor"] > 0, table["enrolled_extreme_poor"] / table["extreme_poor"], 0
    )
    table = table.sort_values(["extreme_coverage", "coverage"], kind="stable")[
        ["name", "eligible", "extreme_poor", "enrolled", "coverage", "extreme_coverage"]
    ]
    charts = [
        Chart(
            both("rc_coverage_region_first_year"),
            lambda lang: plot.coverage_by_region(cov_chart, lang=lang),
            alt=both("rc_sorted_bars_coverage_region"),
        ),
        Chart(
            both("rc_premiums_paid_region_source"),
            lambda lang: plot.allocation_by_region(by_source, lang=lang),
        ),
    ]
    if results.regions.index.str.len().max() == 2 and len(cov):
        share = cov.set_index("region")
        rate = share["enrolled_extreme_poor"] / share["extreme_poor"].where(
            share["extreme_poor"] > 0
        )
        charts.append(
            Chart(
                both("rc_extreme_poor_workers_protected"),
                lambda lang: plot.province_tile_map(rate.dropna(), lang=lang, kind="percent"),
            )
        )
    return Section(
        both("rc_allocation"),
        paragraphs=[both("rc_who_enrolled_where_first")],
        tables=[
            Table(
                both("rc_coverage_region"),
                table,
                formats={
                    "eligible": "integer",
                    "extreme_poor": "integer",
                    "enrolled": "integer",
                    "coverage": "percent",
                    "extreme_coverage": "percent",
                },
                headers={
                    "name": both("rc_region"),
                    "eligible": both("rc_eligible_workers"),
                    "extreme_poor": both("rc_extreme_poor"),
                    "enrolled": both("rc_enrolled"),
                    "coverage": both("rc_coverage"),
                    "extreme_coverage": both("rc_extreme_poor_covered"),
                },
            )
        ],
        charts=charts,
    )


_UNUSED_SHOWN = 20
"""Unused pools written out in the report; the rest are in ``unused.csv``."""


def _stages_and_unused_section(results: RunResults) -> Section | None:
    """The stages solved, the shadow prices in planner words and every unused rupiah
    explained (from ``summary.json``, both languages)."""
    from ucj_opt.allocate.stages import STAGE_UNITS, stage_words
    from ucj_opt.text import LANGS, t
    from ucj_opt.text.formatting import format_number

    summary = results.allocation_summary
    if not summary.stages and not summary.unused and not summary.budget_notes:
        return None
    paragraphs: list[dict[str, str]] = []
    for k, stage in enumerate(summary.stages):
        paragraphs.append(
            {
                lang: t(
                    "rc_stage_line",
                    lang,
                    k=k + 1,
                    name=stage_words(stage.name, lang),
                    value=format_number(stage.value, lang, 1),
                    unit=t(STAGE_UNITS.get(stage.name, "stage_unit_fair"), lang),
                )
                for lang in LANGS
            }
        )
    for en, idn in zip(summary.budget_notes, summary.budget_notes_id, strict=False):
        paragraphs.append({"en": en, "id": idn})
    for note in summary.unused[:_UNUSED_SHOWN]:
        paragraphs.append({"en": note.text_en, "id": note.text_id})
    if len(summary.unused) > _UNUSED_SHOWN:
        paragraphs.append(both("rc_unused_more", n=len(summary.unused) - _UNUSED_SHOWN))
    return Section(both("rc_stages_unused"), paragraphs=paragraphs)


def _budget_section(results: RunResults, workers: pd.DataFrame) -> Section:
    b = results.budgets.copy()
    names = _label(results, b["region"])
    words = [  # source ids in the reader's words: "APBD provinsi", not apbd_provinsi
        {lang: f"{n} · {source_words(src, lang)} {y}" for lang in LANGS}
        for n, src, y in zip(names, b["source"], b["year"], strict=True)
    ]
    b["label"] = pd.Series(words, index=b.index, dtype=object)
    first = b[b["year"] == b["year"].min()]
    per_region = first.groupby("region")[["amount", "used"]].sum()
    premium = results.allocation["premiums"].sum() / max(results.allocation["enrolled"].sum(), 1e-9)
    need = {
        code: premium
        * workers.loc[
            (workers["region"] == code) | workers["region"].str.startswith(code + "."), "eligible"
        ].sum()
        for code in per_region.index
    }
    bvn = pd.DataFrame(
        {
            "region": _label(results, pd.Series(per_region.index, index=per_region.index)),
            "need": pd.Series(need),
            "budget": per_region["amount"],
            "used": per_region["used"],
        }
    ).reset_index(drop=True)
    charts = [
        Chart(
            both("rc_budget_against_need_first"),
            lambda lang: plot.budget_vs_need(bvn, lang=lang),
            caption=both("rc_need_eligible_worker_enrolled"),
        )
    ]
    if "shadow_per_miliar" in b:
        stage = results.allocation_summary.target_stage
        sp = b.assign(shadow_price=b["shadow_per_miliar"].clip(lower=0) / 1e9)

        def shadow_chart(lang: str) -> Figure:
            labels = sp["label"].map(lambda words: words[lang])
            return plot.shadow_prices(
                sp.assign(budget=labels)[["budget", "shadow_price"]],
                lang=lang,
                objective=t(STAGE_UNITS.get(stage, "stage_unit_extreme_poor"), lang),
            )

        charts.append(
            Chart(
                both("rc_what_more_rp_1"),
                shadow_chart,
                caption=both("rc_extra_objective_units_extreme"),
            )
        )
    if results.frontier is not None and len(results.frontier):
        fr = results.frontier[results.frontier["status"] != "infeasible"]
        current = results.allocation_summary.budget_total
        plateau = need_plateau(results.folder)
        years = results.allocation["year"].nunique() if len(results.allocation) else 1
        everyone = float(workers["extreme_poor"].sum()) * years if len(workers) else None
        charts.append(
            Chart(
                both("rc_budget_frontier"),
                lambda lang: plot.budget_frontier(
                    fr, lang=lang, current=current, plateau=plateau, everyone=everyone
                ),
                caption=both("rc_protected_extreme_poor_worker"),
            )
        )
    table = b[
        ["label", "amount", "used", "left"]
        + (["shadow_per_miliar"] if "shadow_per_miliar" in b else [])
    ].copy()
    return Section(
        both("rc_budgets"),
        tables=[
            Table(
                both("rc_budget_pools"),
                table,
                formats={
                    "amount": "money",
                    "used": "money",
                    "left": "money",
                    "shadow_per_miliar": "number",
                },
                note=both("rc_full_in_workbook") if len(table) > 60 else "",
                headers={
                    "label": both("rc_budget"),
                    "amount": both("rc_amount"),
                    "used": both("rc_used"),
                    "left": both("rc_left"),
                    "shadow_per_miliar": both("rc_extra_rp_1_miliar"),
                },
            )
        ],
        charts=charts,
    )


def _split_money(money: pd.Series) -> list[tuple[str, pd.Series, ColumnFormat]]:
    """Outcomes in people and money in rupiah, as two tables."""
    return [
        ("rc_outcomes_over_replications", ~money, "number"),
        ("rc_money_over_replications", money, "money"),
    ]


MONEY_FIGURES = frozenset({"benefits_paid", "premiums_paid", "oop_averted", "mean_debt_averted"})
"""Replication figures in rupiah: written with Rp and the language's scale words."""


def _ci(values: pd.Series, level: float = 0.95) -> tuple[float, float, float]:
    """Mean over replications and the ends of its confidence interval (t distribution)."""
    from scipy import stats

    x = values.replace([np.inf, -np.inf], np.nan).dropna().to_numpy(dtype=float)
    mean = float(x.mean()) if len(x) else float("nan")
    if len(x) < 2:
        return mean, mean, mean
    half = float(stats.t.ppf((1 + level) / 2, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x)))
    return mean, mean - half, mean + half


def _projection_section(results: RunResults) -> Section | None:
    monthly, reps = results.monthly, results.replications
    if monthly is None or reps is None or monthly.empty:
        return None
    poor = monthly.groupby(["month", "arm", "replication"])["poor"].sum().reset_index()
    fan = poor.rename(columns={"poor": "value"})
    effects = reps[HEADLINE]
    charts = [
        Chart(
            both("rc_people_poverty_with_without"),
            lambda lang: plot.fan_chart(fan, lang=lang),
        ),
        Chart(
            both("rc_people_kept_out_poverty"),
            lambda lang: plot.paired_effect(
                effects, lang=lang, value_label=both("rc_effect_axis")[lang]
            ),
        ),
    ]
    rows = []
    for name in reps.columns.drop("replication"):
        mean, low, high = _ci(reps[name])
        rows.append(
            {"figure": both(f"fig_{name}"), "mean": mean, "low": low, "high": high, "key": name}
        )
    summary = pd.DataFrame(rows)
    money = summary["key"].isin(MONEY_FIGURES) | summary["key"].str.startswith("cost_per_")
    headers: dict[str, Text] = {
        "figure": both("rc_outcome"),
        "mean": both("rc_mean"),
        "low": both("rc_ci_low"),
        "high": both("rc_ci_high"),
    }
    tables = [
        Table(
            both(title),
            summary[mask].drop(columns="key"),
            formats={c: fmt for c in ("mean", "low", "high")},
            headers=headers,
        )
        for title, mask, fmt in _split_money(money)
        if mask.any()
    ]
    return Section(
        both("rc_poverty_projection"),
        paragraphs=[both("rc_both_arms_meet_same")],
        tables=tables,
        charts=charts,
    )


def build_report_content(results: RunResults) -> ReportContent:
    """The report's content for a results folder, in both languages."""
    s = results.allocation_summary
    workers = results.workers
    eligible = float(workers["eligible"].sum()) if len(workers) else 0.0
    first = _first_year(results.allocation)
    enrolled_first = float(first["enrolled"].sum()) if len(first) else 0.0
    budget_first = results.budgets[results.budgets["year"] == results.budgets["year"].min()]
    # the report counts whole workers, as allocation.csv does (summary.json keeps the LP's
    # exact totals): a planner who adds up the table finds the report's figures
    summary: list[Text] = _both(
        lambda lang: allocation_sentences(
            budget=float(budget_first["amount"].sum()),
            used=float(first["premiums"].sum()) if len(first) else 0.0,
            enrolled=enrolled_first,
            eligible=max(eligible, 1.0),
            lang=lang,
            year=int(budget_first["year"].min()) if len(budget_first) else None,
        )
    )
    key = [
        KeyFigure(
            both("rc_budget_all_years"),
            s.budget_total,
            kind="money",
        ),
        KeyFigure(
            both("rc_extreme_poor_worker_years"),
            float(results.allocation["enrolled_extreme_poor"].sum()),
            kind="integer",
        ),
        KeyFigure(
            both("rc_workers_enrolled_first_year"),
            enrolled_first,
            kind="integer",
        ),
    ]
    if s.status != "optimal":  # the report leads with it: not a proven optimum
        summary.insert(0, {lang: t("rc_solver_status", lang, status=s.status) for lang in LANGS})
    sections = [_allocation_section(results, workers), _budget_section(results, workers)]
    explained = _stages_and_unused_section(results)
    if explained is not None:
        sections.append(explained)
    names = results.regions["name"] if "name" in results.regions else pd.Series(dtype=str)
    for extra in (need_section(results.folder, names), targets_section(results.folder)):
        if extra is not None:
            sections.append(extra)
    reps = results.replications
    if reps is not None and len(reps):
        monthly = results.monthly
        years = -(-int(monthly["month"].max() + 1) // 12) if monthly is not None else 0
        targeted = _ci(reps[HEADLINE])
        summary += _both(
            lambda lang: projection_sentences(
                years=years,
                targeted=targeted,
                targeted_poor=_ci(reps["poor_person_years_averted_among_extreme_poor"])[0],
                everyone=_ci(reps["poor_person_years_averted"]),
                falls_averted=_ci(reps["falls_into_extreme_poverty_averted"])[0],
                share_positive=float((reps[HEADLINE] > 0).mean()),
                lang=lang,
            )
        )
        key.append(KeyFigure(both("rc_targeted_effect"), targeted[0], kind="integer"))
        key.append(
            KeyFigure(
                both("rc_poverty_person_years_averted"),
                float(reps["poor_person_years_averted"].mean()),
                kind="integer",
            )
        )
        per_case = reps["cost_per_poor_person_year_averted"].replace([np.inf], np.nan).median()
        if np.isfinite(per_case):
            key.append(KeyFigure(both("rc_net_cost_poverty_person"), float(per_case), kind="money"))
        proj = _projection_section(results)
        if proj is not None:
            sections.append(proj)
    from ucj_opt.pipeline.targeting_report import targeting_section

    targeting = targeting_section(results.folder)
    if targeting is not None:
        sections.append(targeting)
    if len(results.shortfalls):
        summary.append(both("rc_shortfalls", n=len(results.shortfalls)))
    details = {
        k: v
        for k, v in s.provenance.to_dict().items()
        if isinstance(v, str | int | float | bool) and k != "scenario"
    }
    plan = sorted(results.allocation["year"].unique()) if len(results.allocation) else []
    return ReportContent(
        title=results.scenario.name if results.scenario else "ucj_opt",
        subtitle=both("rc_subtitle", first=plan[0], last=plan[-1])
        if plan
        else both("rc_allocation"),
        summary=summary,
        key_figures=key,
        sections=sections,
        assumptions=scenario_assumptions(results.scenario),
        provenance=Provenance(
            scenario=results.scenario.name if results.scenario else "",
            created=results.taken or dt.datetime.now(dt.UTC).replace(microsecond=0),
            version=__version__,
            seed=results.scenario.simulation.seed if results.scenario else None,
            details=details,
        ),
    )
