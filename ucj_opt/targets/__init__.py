"""Coverage of the workforce against the published and regional targets, and the award
standings: computed from a study and an allocation table, written as tables.

Sits beside ``allocate`` (it reads an allocation's table, never solves); the report reads
the files it writes. See docs/targets.md.
"""

from ucj_opt.targets.award import AWARD_COLUMNS, award_standings
from ucj_opt.targets.path import NATION, PATH_COLUMNS, coverage_path, target_at, units_of

__all__ = [
    "AWARD_COLUMNS",
    "NATION",
    "PATH_COLUMNS",
    "award_standings",
    "coverage_path",
    "target_at",
    "units_of",
]
