"""Keyed random streams: every draw is named by (seed, replication, region, segment, purpose).

Sub-streams are derived, never spawned (``SeedSequence.spawn`` mutates its parent), so a
seed can be reused or shipped to another process and gives the same numbers. Within a
group stream, a worker is named by its position in the group; both arms read the same
streams, which makes them meet the same shocks (common random numbers).
"""

from __future__ import annotations

import enum

import numpy as np

__all__ = ["Purpose", "stream"]


class Purpose(enum.IntEnum):
    """What a stream is for; the value is part of the key, so never renumber."""

    POPULATION = 1
    ENROLMENT = 2
    LAPSE = 3
    EVENTS = 4
    INCOME = 5
    DETAIL = 6
    INITIAL = 7


def stream(
    seed: np.random.SeedSequence, region: int, segment: int, purpose: Purpose, year: int = 0
) -> np.random.Generator:
    """The generator keyed by ``seed`` and (region, segment, purpose, year)."""
    child = np.random.SeedSequence(
        entropy=seed.entropy,
        spawn_key=(*seed.spawn_key, int(region), int(segment), int(purpose), int(year)),
    )
    return np.random.Generator(np.random.PCG64(child))
