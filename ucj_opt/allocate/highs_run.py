"""Running HiGHS so that it can always be stopped: Ctrl-C, a time limit it would not
check itself, or another thread (a failed block) end the solve; and its banner kept off
standard output."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator

import highspy

__all__ = ["Stopped", "no_banner", "run_interruptible", "silence_banner"]

_BANNER_SHOWN = False


@contextlib.contextmanager
def no_banner() -> Iterator[None]:
    """HiGHS prints its banner to standard output when the first instance is made, before
    any option can silence it: it would corrupt ``ucj-opt solve --json``. Standard output
    is pointed at the null device while that instance is made."""
    global _BANNER_SHOWN
    if _BANNER_SHOWN:
        yield
        return
    _BANNER_SHOWN = True
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def silence_banner() -> None:
    """Make the first HiGHS instance (which prints the banner) here, not in a worker."""
    with no_banner():
        highspy.Highs()  # type: ignore[no-untyped-call]


_POLL_FIRST, _POLL_MAX = 0.0005, 0.05
"""Seconds between checks on a running solve: short at first (most solves take
milliseconds), then up to 50 ms."""


class Stopped(Exception):
    """A solve stopped because another thread asked (Ctrl-C, or a failed block)."""


def run_interruptible(
    h: highspy.Highs, time_limit: float | None, stop: threading.Event | None = None
) -> bool:
    """Run HiGHS so that it can be stopped: from the main thread, Ctrl-C stops the solver
    (then ``KeyboardInterrupt`` is raised here); from another thread, ``stop`` does (then
    :class:`Stopped` is raised). A solve that overruns its time limit is stopped even
    where HiGHS would not check the clock. Returns whether it was stopped for
    overrunning."""
    deadline = None if time_limit is None else time.monotonic() + 1.5 * time_limit + 5.0
    if threading.current_thread() is not threading.main_thread():
        return _run_watched(h, deadline, stop)
    return _run_in_background(h, deadline)


def _run_watched(h: highspy.Highs, deadline: float | None, stop: threading.Event | None) -> bool:
    """Run in this (worker) thread, HiGHS's interrupt callback asking whether to stop.

    highspy's own background solve allows one solve at a time per process (its locks
    are shared by all instances), so blocks solved side by side run this way."""
    why: list[str] = []

    def check(event: highspy.HighsCallbackEvent) -> None:
        if stop is not None and stop.is_set():
            why.append("stop")
        elif deadline is not None and time.monotonic() > deadline:
            why.append("overran")
        else:
            return
        event.interrupt()

    h.cbSimplexInterrupt += check
    h.cbIpmInterrupt += check
    h.cbMipInterrupt += check
    try:
        h.run()
    finally:
        h.cbSimplexInterrupt -= check
        h.cbIpmInterrupt -= check
        h.cbMipInterrupt -= check
    if "stop" in why:
        raise Stopped("stopped by another thread")
    return "overran" in why


def _run_in_background(h: highspy.Highs, deadline: float | None) -> bool:
    """highspy's background solve, watched from this (main) thread."""
    h.HandleUserInterrupt = True
    h.startSolve()
    wait, overran = _POLL_FIRST, False
    try:
        while True:
            done, _ = h.wait(wait)
            if done:
                return overran
            wait = min(2 * wait, _POLL_MAX)
            if deadline is not None and not overran and time.monotonic() > deadline:
                h.cancelSolve()  # type: ignore[no-untyped-call]
                overran = True
    except KeyboardInterrupt:
        h.cancelSolve()  # type: ignore[no-untyped-call]
        with contextlib.suppress(KeyboardInterrupt):
            h.wait(30.0)  # the solver stops at its next check
        raise
