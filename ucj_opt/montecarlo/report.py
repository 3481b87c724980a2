"""Plain tables of a run's coverage effects, each uncertainty in its own column."""

from __future__ import annotations

import pandas as pd

from ucj_opt.montecarlo.stats import paired_effect, summarise

__all__ = ["effect_table"]

_SKIP = {"point", "replication", "arm"}


def effect_table(results: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Per outcome: mean paired effect (without − with), its CI, and the spreads apart."""
    rows = []
    for metric in results.columns:
        if metric in _SKIP or not pd.api.types.is_numeric_dtype(results[metric]):
            continue
        s = summarise(paired_effect(results, metric), level)
        rows.append(
            {
                "outcome": metric,
                "effect": s.mean,
                "ci_low": s.low,
                "ci_high": s.high,
                "sd_replications": s.sd_replications,
                "sd_parameters": s.sd_parameters,
                "noise_share": s.noise_share,
            }
        )
    return pd.DataFrame(rows)
