"""``validate``, ``show`` and ``schema``: checking and inspecting scenario files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ucj_opt.cli.common import add_scenario_args, scenario_from_args
from ucj_opt.errors import SHOWN_PROBLEMS

if TYPE_CHECKING:
    from ucj_opt.errors import Problem
    from ucj_opt.scenario import Study

__all__ = ["add_parser"]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "validate",
        help="check scenario files and their tables",
        description="Check scenario files and their tables: every problem at once (exit code "
        "2). Also checks that each named override still gives a valid scenario and that the "
        "chosen solver is installed.",
    )
    p.add_argument("scenarios", nargs="+", help="scenario YAML files (or embedded:national)")
    p.add_argument("--override", "-O", action="append", default=[], metavar="NAME")
    p.add_argument("--set", "-s", action="append", default=[], metavar="PATH=VALUE", dest="sets")
    p.add_argument("--all", action="store_true", help="list every problem (default: the first 15)")
    p.add_argument(
        "--explain",
        action="store_true",
        help="also echo how each money, share and rate was read (e.g. 'Rp 3 milyar' as "
        "Rp 3,000,000,000)",
    )
    p.set_defaults(func=validate)

    p = sub.add_parser("show", help="print the fully resolved scenario as YAML")
    add_scenario_args(p, optional=True)
    p.set_defaults(func=show)

    p = sub.add_parser("schema", help="write the JSON Schema of scenario files")
    p.add_argument("-o", "--output", help="file to write (default: print)")
    p.set_defaults(func=schema)


def _further_problems(study: Study, name: str, args: argparse.Namespace) -> list[Problem]:
    """What loading alone does not see: the chosen solver must be installed, and every
    named override not chosen must still give a valid scenario."""
    from ucj_opt.allocate.backends import solver_problem
    from ucj_opt.errors import Problem
    from ucj_opt.scenario.loader import override_problems

    problems = []
    why = solver_problem(study.scenario.solver.name)
    if why:
        problems.append(Problem(why, key="solver.name", value=study.scenario.solver.name))
    problems += override_problems(study, name, overrides=args.override, sets=args.sets)
    return problems


def validate(args: argparse.Namespace) -> int:
    from ucj_opt.errors import ScenarioError, clip, one_screen
    from ucj_opt.scenario import load_scenario

    failed = 0
    limit = None if args.all else SHOWN_PROBLEMS
    for name in args.scenarios:
        shown = clip(name, 80)
        try:
            study = load_scenario(name, overrides=args.override, sets=args.sets)
            further = _further_problems(study, name, args)
            if further:
                raise ScenarioError(further)
        except ScenarioError as exc:
            failed += 1
            print(f"✗ {shown}", file=sys.stderr)
            text = exc.render(limit)
            print(text if args.all else one_screen(text), file=sys.stderr)
            continue
        t, sc = study.tables, study.scenario
        print(
            f"✓ {shown}: '{clip(sc.name, 60)}', {len(t.regions):,} regions, "
            f"{int(t.workers['eligible'].sum()):,} eligible workers "
            f"({int(t.workers['extreme_poor'].sum()):,} extreme poor), "
            f"{len(t.budgets):,} budget lines, years {sc.horizon.start_year}–"
            f"{sc.horizon.year_list[-1]}"
        )
        for note in t.notes:
            print(f"  note: {note}")
        if args.explain:
            _explain(study, name, args)
        for warning in t.warnings[: limit or None]:
            print("  warning:" + warning.render().removeprefix("  -"))
        if limit and len(t.warnings) > limit:
            print(f"  ... and {len(t.warnings) - limit} more warnings (--all lists them)")
    return 2 if failed else 0


def _explain(study: Study, name: str, args: argparse.Namespace) -> None:
    """Print how each number among the settings and each money/share column was read."""
    from ucj_opt.scenario.composition import compose
    from ucj_opt.scenario.explain import explain_settings

    raw, _, _ = compose(name, overrides=args.override, sets=args.sets)
    lines = explain_settings(raw, study.scenario)
    print("  read as (settings):")
    print("\n".join(f"    {line}" for line in lines) or "    (every number written as is)")
    print("  read as (tables):")
    print("\n".join(f"    {line}" for line in study.tables.readings))


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
