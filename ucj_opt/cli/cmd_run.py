"""``run``, ``report``, ``sweep`` and ``compare``: the jobs above solve and simulate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ucj_opt.cli.common import add_scenario_args, check_counts, scenario_from_args

__all__ = ["add_parser"]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "run",
        help="the main job: solve, project with and without coverage, write tables and reports",
    )
    add_scenario_args(p, optional=True)
    p.add_argument(
        "-o",
        "--output",
        default="ucj-results",
        help="results folder (default ucj-results), built apart and swapped in whole at the "
        "end: a folder written before by ucj-opt is replaced (no file of the old run stays), "
        "any other non-empty folder is refused; a failed or killed run leaves it as it was",
    )
    p.add_argument(
        "--lang",
        choices=["en", "id", "both"],
        default="both",
        help="report language (default: both)",
    )
    p.add_argument(
        "--replications",
        type=int,
        default=None,
        help="projection replications (default: the scenario's)",
    )
    p.add_argument(
        "--compare-targeting",
        action="store_true",
        help="also allocate for the most extreme-poverty person-years averted and compare "
        "it with the scenario's allocation (CIs on common random numbers)",
    )
    p.add_argument("--quiet", action="store_true", help="print only where results went")
    p.set_defaults(func=run)

    p = sub.add_parser("report", help="write the HTML report of a results folder")
    p.add_argument(
        "results",
        help="folder written by 'ucj-opt run' (or solve + simulate); a folder whose run did "
        "not finish (no complete.json) is refused",
    )
    p.add_argument("-o", "--output", default=None, help="HTML file (default: in the folder)")
    p.add_argument(
        "--lang", choices=["en", "id", "both"], default="en", help="report language (default: en)"
    )
    p.add_argument(
        "--region",
        metavar="CODE",
        default=None,
        help="a one-page summary of one region (e.g. 64.09) instead of the whole report",
    )
    p.set_defaults(func=report)
    add_more_parsers(sub)


def run(args: argparse.Namespace) -> int:
    from ucj_opt.pipeline.main_job import run_main_job, screen_language
    from ucj_opt.text.catalogue import t
    from ucj_opt.text.formatting import format_number

    def say(text: str) -> None:
        if not args.quiet:
            print(text, file=sys.stderr, flush=True)

    check_counts(args, ("replications",))  # before loading, solving or sweeping anything
    study = scenario_from_args(args)
    langs = ("en", "id") if args.lang == "both" else (args.lang,)
    lang = screen_language(langs)
    say(f"ucj-opt run: {study.name}")  # a command and a name: the same in both
    result = run_main_job(
        study,
        args.output,
        langs=langs,
        replications=args.replications,
        progress=say,
        compare_targeting=args.compare_targeting,
    )
    seconds = format_number(result.seconds, lang)
    print(t("run_done", lang, folder=result.folder, seconds=seconds))
    for path in result.reports:
        print(t("run_report", lang, path=path))
    return 0


def report(args: argparse.Namespace) -> int:
    from ucj_opt.pipeline.report_content import build_report_content
    from ucj_opt.pipeline.results import read_results
    from ucj_opt.report import render_reports, write_report

    results = read_results(args.results)
    langs = ("en", "id") if args.lang == "both" else (args.lang,)
    if args.region:
        from ucj_opt.pipeline.region_summary import region_content

        content = region_content(results, args.region.strip())
        stem = f"region.{args.region.strip()}"
    else:
        content = build_report_content(results)
        stem = "report"
    for lang, text in render_reports(content, langs).items():
        path = Path(args.results) / f"{stem}.{lang}.html"
        if args.output:  # with both languages, the language goes before the suffix
            out = Path(args.output)
            path = out if len(langs) == 1 else out.with_name(f"{out.stem}.{lang}{out.suffix}")
        write_report(path, text)
        print(f"report: {path}")
    return 0


def add_more_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sweep", help="re-solve over a range of one setting (feeds the budget frontier)"
    )
    p.add_argument("scenario", help="scenario YAML file, or embedded:national")
    p.add_argument(
        "--set",
        "-s",
        dest="range",
        required=True,
        metavar="PATH=START:STOP:STEP",
        help="the setting to sweep, e.g. budget_scale=0.5:2:0.25 or a share in percent, "
        "policy.equity_floor.share=0%%:40%%:10%%",
    )
    p.add_argument(
        "--fix",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="another setting held fixed for every point (repeatable)",
    )
    p.add_argument("--override", "-O", action="append", default=[], metavar="NAME")
    p.add_argument("--workers", type=int, default=2, help="parallel processes (default 2)")
    p.add_argument("-o", "--output", help="CSV file for the sweep table")
    p.set_defaults(func=sweep)

    p = sub.add_parser("compare", help="what changed between two runs, per region")
    p.add_argument("a", help="results folder or scenario file")
    p.add_argument("b", help="results folder or scenario file")
    p.add_argument(
        "-o",
        "--output",
        help="folder for the comparison tables (CSV), swapped in whole when done",
    )
    p.set_defaults(func=compare)


def sweep(args: argparse.Namespace) -> int:
    from ucj_opt.cli.screen import show_table
    from ucj_opt.io import write_text_atomic
    from ucj_opt.pipeline.sweep import parse_range
    from ucj_opt.pipeline.sweep import sweep as run_sweep

    path, values = parse_range(args.range)
    table = run_sweep(
        args.scenario, path, values, overrides=args.override, sets=args.fix, workers=args.workers
    )
    print(show_table(table, money_columns=("total_budget", "premiums_paid")))
    if args.output:
        write_text_atomic(Path(args.output), table.to_csv(index=False))
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def compare(args: argparse.Namespace) -> int:
    from ucj_opt.cli.screen import show_table
    from ucj_opt.io import write_text_atomic
    from ucj_opt.pipeline.compare import compare as run_compare

    result = run_compare(args.a, args.b)
    print("Settings that differ:" if len(result.settings) else "Settings: identical")
    if len(result.settings):
        print(result.settings.to_string(index=False))
    changed = result.regions[
        (result.regions[["budget_change", "enrolled_change"]].abs() > 0.5).any(axis=1)
    ]
    print(f"\nRegions whose budget or enrolment changed: {len(changed)} of {len(result.regions)}")
    if len(changed):
        cols = [
            "region",
            "name",
            "budget_change",
            "enrolled_change",
            "enrolled_extreme_poor_change",
        ]
        print(show_table(changed[cols], money_columns=("budget_change",)))
    if len(result.outcomes):
        print("\nOutcomes (mean over replications):")
        print(show_table(result.outcomes, money_rows="figure"))
    if args.output:
        from ucj_opt.io import result_folder

        out = Path(args.output)
        with result_folder(out, "compare") as build:
            for name in ("settings", "regions", "outcomes"):
                table = getattr(result, name).to_csv(index=False)
                write_text_atomic(build / f"{name}.csv", table)
        print(f"wrote {out}/settings.csv, regions.csv, outcomes.csv", file=sys.stderr)
    return 0
