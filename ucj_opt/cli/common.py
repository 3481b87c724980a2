"""Arguments shared by the commands that read a scenario."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ucj_opt.scenario import Study

__all__ = [
    "DEFAULT_SCENARIO",
    "add_scenario_args",
    "check_counts",
    "scenario_from_args",
    "share_option",
]

DEFAULT_SCENARIO = "embedded:national"
"""The scenario used when none is named: the embedded national default."""


def add_scenario_args(parser: argparse.ArgumentParser, *, optional: bool = False) -> None:
    """SCENARIO plus --override and --set."""
    if optional:
        parser.add_argument(
            "scenario",
            nargs="?",
            default=DEFAULT_SCENARIO,
            help=f"scenario YAML file (default: {DEFAULT_SCENARIO})",
        )
    else:
        parser.add_argument("scenario", help="scenario YAML file, or embedded:national")
    parser.add_argument(
        "--override",
        "-O",
        action="append",
        default=[],
        metavar="NAME",
        help="apply a named override from the scenario's 'overrides:' (repeatable)",
    )
    parser.add_argument(
        "--set",
        "-s",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        dest="sets",
        help="set one value, e.g. --set policy.equity_floor.share=20%% (repeatable)",
    )


def scenario_from_args(args: argparse.Namespace) -> Study:
    """Load the study the arguments name (raises ScenarioError on bad input); its warnings
    (a name other than the official one, an amount under Rp 1,000) go to stderr."""
    import sys

    from ucj_opt.scenario import load_scenario

    study = load_scenario(args.scenario, overrides=args.override, sets=args.sets)
    warnings = study.tables.warnings
    for warning in warnings[:3]:
        print("warning:" + warning.render().removeprefix("  -"), file=sys.stderr)
    if len(warnings) > 3:
        print(
            f"... and {len(warnings) - 3} more warnings: ucj-opt validate lists them",
            file=sys.stderr,
        )
    return study


def check_counts(args: argparse.Namespace, names: tuple[str, ...]) -> None:
    """Refuse a count option below 1 (``--replications 0``) before any work is done."""
    from ucj_opt.errors import UserError

    for name in names:
        value = getattr(args, name, None)
        if value is not None and value < 1:
            raise UserError(f"--{name.replace('_', '-')} must be at least 1, not {value}")


def share_option(option: str, value: str | None) -> float | None:
    """The share an option was given, written ``0.4`` or ``40%`` as in scenario files
    (read by the same parser); a clear error naming the option otherwise."""
    from ucj_opt.errors import UserError
    from ucj_opt.text.catalogue import t
    from ucj_opt.units import UnitError, parse_share

    if value is None:
        return None
    try:
        return parse_share(value)
    except UnitError:
        raise UserError(t("cli_share_option", "en", option=option, value=value)) from None
