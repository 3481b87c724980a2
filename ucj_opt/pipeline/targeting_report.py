"""The report's section "Which targeting wins", from a results folder's ``targeting/``.

Reads the files :func:`ucj_opt.pipeline.targeting.write_targeting` wrote; never
re-solves or re-simulates. Absent files mean the run did not compare targetings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ucj_opt.report import Section, Table
from ucj_opt.text import both

__all__ = ["targeting_section"]

_LOOP_KEYS = {
    "change": "rc_targeting_loop",
    "precision": "rc_targeting_loop_precision",
    "iterations": "rc_targeting_loop_not_converged",
}


def targeting_section(folder: str | Path) -> Section | None:
    """The comparison of the two targetings, or None when the run made none.

    Examples
    --------
    >>> from ucj_opt.pipeline.targeting_report import targeting_section
    >>> targeting_section("no/such/folder") is None
    True
    """
    root = Path(folder) / "targeting"
    if not (root / "loop.json").exists():
        return None
    loop = json.loads((root / "loop.json").read_text(encoding="utf-8"))
    summary = pd.read_csv(root / "comparison.csv")
    regions = pd.read_csv(root / "regions.csv", dtype={"region": str})
    first, second = loop["names"]
    changes = loop["changes"]
    last = f"{100 * changes[-1]:.1f}%" if changes else "–"
    paragraphs = [
        both("rc_targeting_intro", first=first, second=second, measure=loop["measure"]),
        both(
            _LOOP_KEYS.get(loop.get("stopped_by", ""), "rc_targeting_loop_not_converged"),
            iterations=loop["iterations"],
            change=last,
        ),
        both(
            "rc_targeting_probability",
            second=second,
            first=first,
            share=f"{100 * loop['probability_second_better']:.0f}%",
            replications=loop["replications"],
        ),
    ]
    counts = regions["verdict"].value_counts()
    paragraphs.append(
        both(
            "rc_targeting_regions_count",
            gains=int(counts.get("gains", 0)),
            loses=int(counts.get("loses", 0)),
            unclear=int(counts.get("unclear", 0)),
        )
    )
    money = ("premiums", "premiums_low", "premiums_high")
    cost = ("cost_per_averted", "cost_per_averted_low", "cost_per_averted_high")
    table = Table(
        both("rc_targeting_table"),
        summary,
        formats={
            **{c: "number" for c in ("averted", "averted_low", "averted_high")},
            **{c: "money" for c in (*money, *cost)},
        },
        headers={
            "allocation": both("rc_targeting_allocation"),
            "averted": both("rc_targeting_averted"),
            "averted_low": both("rc_ci_low"),
            "averted_high": both("rc_ci_high"),
            "premiums": both("rc_targeting_premiums"),
            "premiums_low": both("rc_ci_low"),
            "premiums_high": both("rc_ci_high"),
            "cost_per_averted": both("rc_targeting_cost"),
            "cost_per_averted_low": both("rc_ci_low"),
            "cost_per_averted_high": both("rc_ci_high"),
        },
    )
    ordered = regions.sort_values("difference").reset_index(drop=True)
    ordered["verdict"] = pd.Series(
        [both(f"rc_verdict_{v}") for v in ordered["verdict"]], dtype=object
    )
    region_table = Table(
        both("rc_targeting_regions"),
        ordered,
        formats={c: "number" for c in ordered.columns if c not in ("region", "verdict")},
        headers={
            "difference": both("rc_targeting_difference"),
            "difference_low": both("rc_ci_low"),
            "difference_high": both("rc_ci_high"),
            "verdict": both("rc_targeting_verdict"),
        },
    )
    return Section(both("rc_targeting_title"), paragraphs=paragraphs, tables=[table, region_table])
