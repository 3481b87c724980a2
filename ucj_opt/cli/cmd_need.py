"""``need``: the least budget that reaches a target, per region, year and source level."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ucj_opt.cli.common import add_scenario_args, scenario_from_args

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "need",
        help="the least budget that reaches a target (extreme poor, poor, coverage, workforce)",
    )
    add_scenario_args(p)
    p.add_argument(
        "--target",
        default="extreme_poor",
        metavar="TARGET",
        help="extreme_poor (default: every extreme-poor worker), poor, coverage=43.92%% "
        "(a share of eligible workers, every year), workforce (each regional government at "
        "its coverage target, a share of its workforce: docs/targets.md) or "
        "workforce=43.92%% (that share of each workforce)",
    )
    p.add_argument("-o", "--output", metavar="DIR", help="folder for need.csv and need.json")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ucj_opt.allocate.need import budget_need, parse_target
    from ucj_opt.cli.solve_progress import SolveProgress
    from ucj_opt.io import write_text_atomic

    parse_target(args.target)  # a bad target is refused before the scenario is read
    study = scenario_from_args(args)
    progress = SolveProgress("en")  # village scale: a minute or more (docs/performance.md)
    try:
        need = budget_need(study, args.target, progress=progress)
    finally:
        progress.close()
    if args.output:
        out = Path(args.output)
        path = out / "need.csv"
        write_text_atomic(path, need.table.to_csv(index=False))
        print(f"wrote {path}", file=sys.stderr)
        totals = {
            "target": need.target,
            "status": need.status.value,
            "needed": need.total_needed,
            "today": need.total_today,
            "new_money": need.total_gap,
        }
        path = out / "need.json"
        write_text_atomic(path, json.dumps(totals, indent=2) + "\n")
        print(f"wrote {path}", file=sys.stderr)
    sys.stdout.write("\n".join(need.lines()) + "\n")
    return 0
