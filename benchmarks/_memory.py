"""Peak resident memory of a block of code, for the benchmarks: sampled by a thread every
5 ms from /proc (``ru_maxrss`` only ever grows, so it cannot tell two steps of one process
apart)."""

from __future__ import annotations

import gc
import os
import threading

_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    """Resident size of this process now, in MB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * _PAGE / 2**20


class PeakMemory:
    """``with PeakMemory() as peak: ...``; then ``peak.delta`` is the largest resident size
    above the level at entry (MB)."""

    def __enter__(self) -> PeakMemory:
        gc.collect()
        self.start = rss_mb()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())

    @property
    def delta(self) -> float:
        return self.peak - self.start
