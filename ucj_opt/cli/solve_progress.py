"""A line on standard error while a large allocation is solved, so that a village-scale
plan (minutes on a laptop; docs/performance.md) does not look hung."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

from ucj_opt.text.catalogue import t
from ucj_opt.text.formatting import format_clock

if TYPE_CHECKING:
    from ucj_opt.allocate.result import Allocation
    from ucj_opt.scenario.study import Study

__all__ = ["SolveProgress", "solve_showing_progress"]

_QUIET_FOR = 2.0
"""Seconds a solve runs before the line appears: quick solves print nothing."""


class SolveProgress:
    """``solving: 12 of 34 independent blocks done, 03:12``: rewritten in place on a
    terminal; elsewhere (a log file) a line each time a block ends."""

    def __init__(self, lang: str, stream: TextIO | None = None) -> None:
        self.lang = lang
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self.done = 0
        self.open = False  # a line written in place and not ended
        self.in_place = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.started
        moved, self.done = done != self.done, done
        if elapsed < _QUIET_FOR or not (self.in_place or moved):
            return
        line = t(
            "solve_blocks_progress",
            self.lang,
            done=done,
            total=total,
            elapsed=format_clock(elapsed),
        )
        end = "\n" if done >= total or not self.in_place else ""
        self.stream.write(("\r" if self.in_place else "") + line + end)
        self.stream.flush()
        self.open = not end

    def close(self) -> None:
        """End a line left open (the solve stopped: Ctrl-C, a failed block)."""
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False


def solve_showing_progress(study: Study, lang: str) -> Allocation:
    """:func:`ucj_opt.solve` with the progress line on standard error."""
    from ucj_opt.allocate import solve

    progress = SolveProgress(lang)
    try:
        return solve(study, progress=progress)
    finally:
        progress.close()
