"""Charts of ucj_opt results: each function takes plain pandas data and returns a Figure.

One style for all (grays, hatches, markers: legible in print and in grayscale), labels in
English or Bahasa Indonesia (``lang='en'|'id'``), built on the object API with an Agg
canvas, never pyplot, so charts can be drawn from threads and headless servers. Each
docstring names the columns the function reads; rename result columns to match.
"""

from __future__ import annotations

from ucj_opt.plot.allocation import (
    allocation_by_region,
    budget_frontier,
    budget_vs_need,
    coverage_by_region,
    shadow_prices,
)
from ucj_opt.plot.montecarlo import convergence, running_mean_table, sensitivity_bars
from ucj_opt.plot.projection import ARMS, fan_chart, fan_table, paired_effect
from ucj_opt.plot.style import new_figure
from ucj_opt.plot.tilemap import PROVINCE_LABELS, PROVINCE_TILES, province_tile_map

__all__ = [
    "ARMS",
    "PROVINCE_LABELS",
    "PROVINCE_TILES",
    "allocation_by_region",
    "budget_frontier",
    "budget_vs_need",
    "convergence",
    "coverage_by_region",
    "fan_chart",
    "fan_table",
    "new_figure",
    "paired_effect",
    "province_tile_map",
    "running_mean_table",
    "sensitivity_bars",
    "shadow_prices",
]
