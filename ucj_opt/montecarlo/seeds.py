"""Keyed seeds: every random stream of a run is named, never handed out in order.

A replication's seed depends only on (root, design point, replication), so results do
not depend on worker count, task order or executor. ``SeedSequence.spawn`` is never used:
it mutates its parent, so the n-th child depends on how many were spawned before.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["DESIGN_KEY", "design_seed", "replication_seed"]

DESIGN_KEY = 2**32 - 1
"""Spawn key reserved for the design draws (no design point can reach it)."""


def replication_seed(
    root: int, point: int, replication: int, seeds: Sequence[int] | None = None
) -> np.random.SeedSequence:
    """The seed of one replication at one design point.

    With an explicit ``seeds`` list, replication r uses ``seeds[r]`` as its entropy (and the
    point as its key), so a user can reproduce one replication of another run.
    """
    if seeds is not None:
        return np.random.SeedSequence(entropy=int(seeds[replication]), spawn_key=(point,))
    return np.random.SeedSequence(entropy=root, spawn_key=(point, replication))


def design_seed(root: int) -> np.random.SeedSequence:
    """The seed of the design draws (never equal to a replication seed)."""
    return np.random.SeedSequence(entropy=root, spawn_key=(DESIGN_KEY,))
