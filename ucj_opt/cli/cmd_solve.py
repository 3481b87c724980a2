"""``solve``: allocate the budgets of a scenario (a thin shell over the API)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ucj_opt.cli.common import add_scenario_args, scenario_from_args
from ucj_opt.errors import UserError
from ucj_opt.io import result_folder

if TYPE_CHECKING:
    from ucj_opt.allocate.result import AllocationSummary

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("solve", help="allocate budgets to vulnerable workers (LP, HiGHS)")
    add_scenario_args(p)
    p.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="folder for the tables, summary.json and the inputs used, built apart and "
        "swapped in whole when done: a folder written before by ucj-opt is replaced, any "
        "other non-empty folder is refused; nothing is written without a solution "
        "(exit 3 infeasible, 4 none found)",
    )
    p.add_argument(
        "--format",
        default="csv",
        metavar="FMT[,FMT]",
        help="table formats: csv, xlsx, parquet (comma-separated; default csv)",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON to stdout")
    p.add_argument("--save-lp", action="store_true", help="also write the LP file (model.lp)")
    p.add_argument(
        "--lang",
        choices=("en", "id"),
        default="en",
        help="language of the explanations: en (English) or id (Bahasa Indonesia)",
    )
    p.set_defaults(func=run)


_UNUSED_SHOWN = 10
"""Unused pools listed on screen; all are in ``unused.csv`` and ``summary.json``."""


def _compact(summary: AllocationSummary, lang: str = "en") -> str:
    """The summary on screen, every label and number in ``lang``'s words and format."""
    from ucj_opt.allocate.stages import STAGE_UNITS, stage_words
    from ucj_opt.text.catalogue import t
    from ucj_opt.text.formatting import format_number

    def num(value: float, decimals: int = 0) -> str:
        return format_number(value, lang, decimals)

    prov = summary.provenance
    rows = [
        (t("solve_status", lang), summary.status),
        (t("solve_objective", lang), num(summary.objective, 2)),
        (
            t("solve_extreme", lang),
            t("solve_extreme_value", lang, value=num(summary.enrolled_extreme_poor)),
        ),
        (t("solve_all", lang), t("solve_all_value", lang, value=num(summary.enrolled_total))),
        (
            t("solve_premiums", lang),
            t(
                "solve_premiums_value",
                lang,
                used=num(summary.premiums_paid),
                budget=num(summary.budget_total),
            ),
        ),
        (
            t("solve_shortfalls", lang),
            t("solve_shortfalls_value", lang, n=num(summary.floor_shortfalls)),
        ),
        (
            t("solve_model", lang),
            t(
                "solve_model_value",
                lang,
                rows=num(prov.rows),
                columns=num(prov.columns),
                build=num(prov.build_seconds, 2),
                solve=num(prov.solve_seconds, 2),
            ),
        ),
    ]
    for k, stage in enumerate(summary.stages):
        unit = t(STAGE_UNITS.get(stage.name, "stage_unit_fair"), lang)
        rows.append(
            (
                t("solve_stage", lang, k=k + 1),
                f"{stage_words(stage.name, lang)}: {num(stage.value, 2)} {unit}",
            )
        )
    width = max(len(label) for label, _ in rows) + 2
    lines = [f"{label:<{width}}{value}" for label, value in rows]
    notes = summary.budget_notes_id if lang == "id" else summary.budget_notes
    if notes:
        lines.append(t("shadow_title_notes", lang, miliar=t("miliar", lang)) + ":")
        lines += [f"  {n}" for n in notes]
    if summary.unused:
        lines.append(t("unused_title", lang) + ":")
        shown = summary.unused[:_UNUSED_SHOWN]
        lines += [f"  {u.text_id if lang == 'id' else u.text_en}" for u in shown]
        if len(summary.unused) > _UNUSED_SHOWN:
            lines.append("  " + t("more_unused", lang, n=len(summary.unused) - _UNUSED_SHOWN))
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from ucj_opt.allocate.writers import FORMATS, summary_json, write_allocation, write_lp
    from ucj_opt.cli.solve_progress import solve_showing_progress
    from ucj_opt.pipeline.results import write_inputs

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise UserError(f"--format {','.join(bad)}: choose from {', '.join(FORMATS)}")
    if args.save_lp and not args.output:
        raise UserError("--save-lp needs -o DIR to write model.lp into")
    study = scenario_from_args(args)
    allocation = solve_showing_progress(study, args.lang)
    allocation.raise_unless_solved()  # before writing: an old folder is never replaced by zeros
    if args.output:
        out = Path(args.output)
        with result_folder(out, "solve", status=allocation.status.value) as build:
            write_inputs(study, build)  # the folder stands alone: 'report' reads it
            written = write_allocation(allocation, build, formats)
            if args.save_lp:
                written.append(write_lp(study, build / "model.lp"))
        for path in written:
            print(f"wrote {out / path.relative_to(build)}", file=sys.stderr)
    if args.json:
        sys.stdout.write(summary_json(allocation) + "\n")
    else:
        sys.stdout.write(_compact(allocation.summary(), args.lang))
        if not allocation.optimal:
            from ucj_opt.text.catalogue import t

            note = t("solve_not_optimal", args.lang, status=allocation.status.value)
            sys.stdout.write(note + "\n")
    return 0
