"""A one-line progress report on stderr with an ETA (no extra dependency)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ucj_opt.text.formatting import format_clock

__all__ = ["Progress"]


class Progress:
    """``done/total  pct  elapsed  ETA`` rewritten in place; silent when ``quiet``."""

    def __init__(
        self, total: int, *, done: int = 0, quiet: bool = False, stream: TextIO | None = None
    ) -> None:
        self.total, self.done, self.quiet = total, done, quiet
        self._skipped = done
        self.stream = stream if stream is not None else sys.stderr
        self._start = time.monotonic()
        self._last = 0.0

    def line(self) -> str:
        elapsed = time.monotonic() - self._start
        ran = self.done - self._skipped
        left = self.total - self.done
        eta = "--:--" if ran == 0 else format_clock(elapsed / ran * left)
        pct = 100.0 * self.done / self.total if self.total else 100.0
        return (
            f"Monte Carlo {self.done}/{self.total} tasks {pct:5.1f}%  "
            f"elapsed {format_clock(elapsed)}  ETA {eta}"
        )

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.quiet or (now - self._last < 0.2 and self.done < self.total):
            return
        self._last = now
        end = "\n" if self.done >= self.total else ""
        self.stream.write("\r" + self.line() + end)
        self.stream.flush()
