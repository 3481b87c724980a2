"""The projection of a study: its tables and settings turned into simulation inputs, run
replication after replication, and gathered into tidy tables.

This is the adapter between the scenario layer and :mod:`ucj_opt.simulation`, which
itself knows only numpy arrays: so a replication can be shipped to any worker.
"""

from ucj_opt.projection.inputs import AllocationError, build_inputs
from ucj_opt.projection.projection import (
    HEADLINE,
    Projection,
    replication_seed,
    simulate,
    summarise,
)

__all__ = [
    "HEADLINE",
    "AllocationError",
    "Projection",
    "build_inputs",
    "replication_seed",
    "simulate",
    "summarise",
]
