"""``validate``, ``show`` and ``schema``: checking and inspecting scenario files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ucj_opt.cli.common import add_scenario_args, scenario_from_args

__all__ = ["add_parser"]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("validate", help="check scenario files and their tables")
    p.add_argument("scenarios", nargs="+", help="scenario YAML files (or embedded:national)")
    p.add_argument("--override", "-O", action="append", default=[], metavar="NAME")
    p.add_argument("--set", "-s", action="append", default=[], metavar="PATH=VALUE", dest="sets")
    p.set_defaults(func=validate)

    p = sub.add_parser("show", help="print the fully resolved scenario as YAML")
    add_scenario_args(p, optional=True)
    p.set_defaults(func=show)

    p = sub.add_parser("schema", help="write the JSON Schema of scenario files")
    p.add_argument("-o", "--output", help="file to write (default: print)")
    p.set_defaults(func=schema)


def validate(args: argparse.Namespace) -> int:
    from ucj_opt.errors import ScenarioError
    from ucj_opt.scenario import load_scenario

    failed = 0
    for name in args.scenarios:
        try:
            study = load_scenario(name, overrides=args.override, sets=args.sets)
        except ScenarioError as exc:
            failed += 1
            print(f"✗ {name}", file=sys.stderr)
            print(exc.render(), file=sys.stderr)
            continue
        t, sc = study.tables, study.scenario
        print(
            f"✓ {name}: '{sc.name}', {len(t.regions):,} regions, "
            f"{int(t.workers['eligible'].sum()):,} eligible workers "
            f"({int(t.workers['extreme_poor'].sum()):,} extreme poor), "
            f"{len(t.budgets):,} budget lines, years {sc.horizon.start_year}–"
            f"{sc.horizon.year_list[-1]}"
        )
        for note in t.notes:
            print(f"  note: {note}")
    return 2 if failed else 0


def show(args: argparse.Namespace) -> int:
    from ucj_opt.scenario.dump import scenario_to_yaml

    sys.stdout.write(scenario_to_yaml(scenario_from_args(args).scenario))
    return 0


def schema(args: argparse.Namespace) -> int:
    from ucj_opt.io import write_text_atomic
    from ucj_opt.scenario.dump import scenario_schema

    text = scenario_schema()
    if args.output:
        write_text_atomic(Path(args.output), text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
