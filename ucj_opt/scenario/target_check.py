"""Regional governments of a study and the check of regional targets against them.

A regional target belongs to a regional government: the kabupaten/kota above the regions
holding workers, or the province where the table goes no deeper. Checked once, when the
scenario is loaded, so a target for a region the tables do not rank is an error.
"""

from __future__ import annotations

import difflib

import pandas as pd

from ucj_opt.errors import Problem
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.tables import Tables
from ucj_opt.scenario.yamlio import KeyPath

__all__ = ["target_problems", "units_of"]


def units_of(tables: Tables) -> pd.Series:
    """Each region holding workers → its regional government: the kabupaten/kota above
    it, or the province where the table goes no deeper.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("scenarios/kabupaten_ppu.yaml")
    >>> sorted(set(units_of(study.tables)))
    ['64.09']
    """
    regions = tables.regions
    level, parent = regions["level"], regions["parent"].astype(str)
    out: dict[str, str] = {}
    for leaf in sorted(tables.workers["region"].astype(str).unique()):
        current = leaf
        while current and level.get(current) not in ("kabkota", "province"):
            current = parent.get(current, "")
        out[leaf] = current or leaf
    return pd.Series(out, dtype=object)


def target_problems(
    scenario: Scenario, tables: Tables, lines: dict[KeyPath, tuple[str, int]], source: str
) -> list[Problem]:
    """Every regional target whose code is not a regional government of the tables."""
    given = scenario.targets.regions
    if not given:
        return []
    units = sorted(set(units_of(tables)))
    problems = []
    for code in given:
        if code in units:
            continue
        known = code in tables.regions.index
        close = difflib.get_close_matches(code, units, n=3)
        file, line = lines.get(
            ("targets", "regions", code), lines.get(("targets", "regions"), (source, 0))
        )
        problems.append(
            Problem(
                f"{code} is a region of the tables but not a regional government they rank"
                if known
                else f"{code} is not a region of the regions table",
                file=file,
                line=line or None,
                key=f"targets.regions.{code}",
                value=code,
                has_value=True,
                hint="targets belong to kabupaten/kota (or provinces where the tables go no "
                "deeper): "
                + (
                    f"did you mean {', '.join(close)}?" if close else f"e.g. {', '.join(units[:5])}"
                ),
            )
        )
    return problems
