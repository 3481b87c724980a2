"""``run``, ``report``, ``sweep`` and ``compare``: the jobs above solve and simulate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ucj_opt.cli.common import add_scenario_args, scenario_from_args

__all__ = ["add_parser"]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "run",
        help="the main job: solve, project with and without coverage, write tables and reports",
    )
    add_scenario_args(p, optional=True)
    p.add_argument("-o", "--output", default="ucj-results", help="results folder")
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
    p.add_argument("--quiet", action="store_true", help="print only where results went")
    p.set_defaults(func=run)

    p = sub.add_parser("report", help="write the HTML report of a results folder")
    p.add_argument("results", help="folder written by 'ucj-opt run' (or solve + simulate)")
    p.add_argument("-o", "--output", default=None, help="HTML file (default: in the folder)")
    p.add_argument("--lang", choices=["en", "id"], default="en")
    p.set_defaults(func=report)


def run(args: argparse.Namespace) -> int:
    from ucj_opt.pipeline.main_job import run_main_job

    def say(text: str) -> None:
        if not args.quiet:
            print(text, file=sys.stderr, flush=True)

    scenario = scenario_from_args(args)
    langs = ("en", "id") if args.lang == "both" else (args.lang,)
    say(f"ucj-opt run: {scenario.name}")
    result = run_main_job(
        scenario, args.output, langs=langs, replications=args.replications, progress=say
    )
    print(f"results in {result.folder}/ ({result.seconds:.0f} s)")
    for path in result.reports:
        print(f"report: {path}")
    return 0


def report(args: argparse.Namespace) -> int:
    from ucj_opt.pipeline.report_content import build_report_content
    from ucj_opt.pipeline.results import read_results
    from ucj_opt.report import render_report, write_report

    results = read_results(args.results)
    path = Path(args.output) if args.output else Path(args.results) / f"report.{args.lang}.html"
    write_report(path, render_report(build_report_content(results), args.lang))
    print(f"report: {path}")
    return 0
