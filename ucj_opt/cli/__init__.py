"""The ``ucj-opt`` command line: a thin shell over the Python API.

Commands parse arguments, call the API, print, and set the exit code: 0 done, 2 bad input,
3 infeasible allocation, 4 no solution (the solver stopped before finding one), 5 the
results could not be written (disk full, no permission), 130 interrupted, 141 the reader
of the output stopped early (``| head``; quietly, no traceback). Every message
fits one screen. Heavy libraries are imported inside the commands, so that
``ucj-opt --help`` answers at once.
"""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Sequence
from importlib import import_module

from ucj_opt._version import __version__

__all__ = ["BROKEN_PIPE_EXIT", "build_parser", "main"]

_COMMANDS = (
    "scenario_cmds",
    "cmd_init",
    "cmd_solve",
    "cmd_need",
    "cmd_award",
    "cmd_simulate",
    "cmd_montecarlo",
    "cmd_run",
)
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


_WRITE_ERRORS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


BROKEN_PIPE_EXIT = 141
"""Exit code when the reader of stdout stopped early (``ucj-opt compare A B | head -3``):
128 + SIGPIPE, as a shell reports a program that pipe closed, and as 130 is Ctrl-C."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    A reader that closes stdout early (``| head``) ends the command quietly: no
    traceback, exit code :data:`BROKEN_PIPE_EXIT`.
    """
    try:
        code = _main(argv)
        sys.stdout.flush()  # a reader gone early shows here, not at interpreter exit
    except BrokenPipeError:
        if not _stdout_is_a_pipe():  # then the pipe that broke was not ours to read from
            raise
        _stdout_to_devnull()
        return BROKEN_PIPE_EXIT
    return code


def _stdout_is_a_pipe() -> bool:
    import os
    import stat

    try:
        mode = os.fstat(sys.stdout.fileno()).st_mode
    except (OSError, ValueError):  # no file descriptor to ask: assume the reader left
        return True
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _stdout_to_devnull() -> None:
    """Point stdout at the null device, so the flush at exit cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout without a file descriptor (captured, replaced)
        pass


def _unrecognized(
    parser: argparse.ArgumentParser, command: str | None, argv: list[str], extra: list[str]
) -> str:
    """argparse's message for words it did not expect, with the likely slip named when a
    word follows a flag of ``command`` that takes no value (``--save-lp model.lp``)."""
    message = f"unrecognized arguments: {' '.join(extra)}"
    at = argv.index(extra[0]) if extra[0] in argv else 0
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if at == 0 or not command or not subparsers:
        return message
    flag = argv[at - 1]
    for action in subparsers[0].choices[command]._actions:
        if flag in action.option_strings and action.nargs == 0:
            return f"{message} ({flag} takes no value; see 'ucj-opt {command} --help')"
    return message


def _main(argv: Sequence[str] | None) -> int:
    from ucj_opt.errors import OutputError, UserError, one_screen

    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        words = list(sys.argv[1:] if argv is None else argv)
        parser.error(_unrecognized(parser, getattr(args, "command", None), words, extra))
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    try:
        code: int = args.func(args)
    except UserError as exc:
        print(one_screen(exc.render()), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted: nothing was left half-written", file=sys.stderr)
        return 130
    except OSError as exc:  # writing results: a full disk is not a bug
        if exc.errno not in _WRITE_ERRORS:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        message = f"cannot write the results{where}: {_WRITE_ERRORS[exc.errno]}"
        print(one_screen(message), file=sys.stderr)
        return OutputError.exit_code
    return code
