"""The fuzzing harness: run ``validate → solve → simulate`` on a mutated scenario in this
process and check what a user would see.

Every command must end with an exit code it documents, never a traceback, never a hang
(each command runs under an alarm), and its message must fit one screen. What passes
``validate`` must not fail later with bad input (exit 2): ``solve`` may only say the
allocation is infeasible (3) or unsolved (4), ``simulate`` must succeed.

Run statistics are appended, one JSON line per case, to the file named by the
``UCJ_FUZZ_STATS`` environment variable (see docs/reliability.md for the long campaign).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import time
import traceback
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ucj_opt.cli import main

ROOT = Path(__file__).resolve().parents[2]

TINY = (
    "--set",
    "simulation.households_per_group=20",
    "--set",
    "simulation.rest_households_per_region=20",
    "--set",
    "simulation.years=1",
    "--replications",
    "1",
)
"""Sizes that make a projection take a fraction of a second."""

SOLVE_SETS = ("--set", "solver.time_limit=20")
"""A time limit on every fuzzed solve (a hang would show as exit 4, not as a stall)."""

TIMEOUT = float(os.environ.get("UCJ_FUZZ_TIMEOUT", "120"))
"""Seconds one command may take before it counts as a hang."""

SCREEN_LINES, SCREEN_WIDTH = 60, 200

ALLOWED = {
    "validate": {0, 2},
    "solve": {0, 3, 4},
    "simulate": {0},
}
"""Exit codes each stage may end with once the scenario has passed ``validate``."""


class Hang(Exception):
    """A command ran longer than ``TIMEOUT``."""


@dataclass
class Outcome:
    """What one command did."""

    argv: list[str]
    code: int
    stdout: str
    stderr: str
    seconds: float
    warnings: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hang(f"no answer after {seconds:.0f} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


class CommandFailed(AssertionError):
    """A command broke a rule: a traceback, a hang, an undocumented exit code, a message
    longer than a screen."""


def run_cli(argv: Sequence[str], timeout: float = TIMEOUT) -> Outcome:
    """``ucj-opt ARGV`` in this process; a traceback or a hang raises CommandFailed."""
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with (
                _alarm(timeout),
                contextlib.redirect_stdout(out),
                contextlib.redirect_stderr(err),
            ):
                code = main(list(argv))
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
        except Hang as exc:
            raise CommandFailed(f"ucj-opt {' '.join(argv)}: hang ({exc})") from None
        except Exception:
            raise CommandFailed(
                f"ucj-opt {' '.join(argv)}: traceback\n{traceback.format_exc()}"
            ) from None
    return Outcome(
        list(argv),
        code,
        out.getvalue(),
        err.getvalue(),
        time.perf_counter() - started,
        [f"{w.category.__name__}: {w.message}" for w in caught],
    )


def check_one_screen(outcome: Outcome) -> None:
    """An error message fits one screen: at most 60 lines of at most 200 characters."""
    if outcome.code == 0:
        return
    lines = outcome.stderr.splitlines()
    if len(lines) > SCREEN_LINES or any(len(line) > SCREEN_WIDTH for line in lines):
        longest = max((len(line) for line in lines), default=0)
        raise CommandFailed(
            f"ucj-opt {outcome.argv[0]}: a message of {len(lines)} lines (longest "
            f"{longest} characters):\n{outcome.stderr[:2000]}"
        )
    if "Traceback" in outcome.stderr:
        raise CommandFailed(f"ucj-opt {outcome.argv[0]}: traceback text\n{outcome.stderr}")


def pipeline(scenario: Path, label: str = "", sets: Sequence[str] = ()) -> list[Outcome]:
    """``validate``, then (when it passes) ``solve`` and ``simulate`` with tiny sizes.

    Raises CommandFailed when a command breaks a rule; returns what each command did.
    """
    path = str(scenario)
    stages = [("validate", ["validate", path, *sets])]
    stages.append(("solve", ["solve", path, *SOLVE_SETS, *sets]))
    stages.append(("simulate", ["simulate", path, "--coverage", "0.5", *sets, *TINY]))
    outcomes: list[Outcome] = []
    try:
        for stage, argv in stages:
            outcome = run_cli(argv)
            outcomes.append(outcome)
            check_one_screen(outcome)
            if outcome.code not in ALLOWED[stage]:
                raise CommandFailed(
                    f"ucj-opt {stage} ended with exit code {outcome.code} after the scenario "
                    f"passed validate:\n{outcome.stderr[:2000]}"
                )
            if stage == "validate" and outcome.code != 0:
                break  # refused with a message: the rest is not run
    finally:
        _record(label, outcomes)
    return outcomes


def _record(label: str, outcomes: list[Outcome]) -> None:
    target = os.environ.get("UCJ_FUZZ_STATS")
    if not target:
        return
    row = {
        "test": label,
        "codes": [o.code for o in outcomes],
        "seconds": round(sum(o.seconds for o in outcomes), 4),
        "warnings": sorted({w for o in outcomes for w in o.warnings})[:5],
    }
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")
