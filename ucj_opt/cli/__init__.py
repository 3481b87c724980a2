"""The ``ucj-opt`` command line: a thin shell over the Python API.

Commands parse arguments, call the API, print, and set the exit code: 0 done, 2 bad input,
3 infeasible allocation. Heavy libraries are imported inside the commands, so that
``ucj-opt --help`` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from ucj_opt._version import __version__

__all__ = ["build_parser", "main"]

_COMMANDS = ("scenario_cmds", "cmd_solve", "cmd_simulate", "cmd_montecarlo", "cmd_run")
"""Modules that add subcommands; each has ``add_parser(sub)`` and sets ``func``."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ucj-opt",
        description="Allocate regional budgets for BPJS Ketenagakerjaan coverage of vulnerable "
        "workers (JKK, JKM) and project the poverty it prevents.",
    )
    parser.add_argument("--version", action="version", version=f"ucj-opt {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMANDS:  # a command that cannot import is a broken install: fail loudly
        import_module(f"ucj_opt.cli.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    from ucj_opt.errors import UserError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    try:
        code: int = args.func(args)
    except UserError as exc:
        print(exc.render(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return code
