"""Comparing two runs: what changed in the inputs, the allocation and the outcomes.

Either side may be a results folder (written by ``ucj-opt run``) or a scenario file, which
is then solved here (allocation only; outcomes need a projection, so a folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ucj_opt.pipeline.results import RunResults, read_results

__all__ = ["Comparison", "compare", "flatten"]


@dataclass(frozen=True)
class Comparison:
    """Differences between run A and run B."""

    settings: pd.DataFrame
    """path, a, b: every scenario setting that differs (tables compared below)."""
    regions: pd.DataFrame
    """Per region: budget, enrolled, extreme poor enrolled in A and B and the change."""
    outcomes: pd.DataFrame
    """Per outcome figure: mean in A and B and the change (empty without projections)."""


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Nested mappings and lists as ``{"a.b[0].c": value}``."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for i, v in enumerate(data):
            out.update(flatten(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = data
    return out


def _load(source: str | Path) -> RunResults:
    path = Path(source)
    if path.is_dir():
        return read_results(path)
    import tempfile

    from ucj_opt.allocate import solve
    from ucj_opt.allocate.writers import write_allocation
    from ucj_opt.pipeline.results import write_inputs
    from ucj_opt.scenario import load_scenario

    study = load_scenario(source)
    allocation = solve(study)
    allocation.raise_unless_solved()
    with tempfile.TemporaryDirectory(prefix="ucj-compare-") as tmp:
        folder = Path(tmp)
        write_inputs(study, folder)
        write_allocation(allocation, folder)
        return read_results(folder, require_complete=False)  # read whole into memory


def _per_region(r: RunResults) -> pd.DataFrame:
    a = r.allocation.groupby("region")[["enrolled", "enrolled_extreme_poor", "premiums"]].sum()
    b = r.budgets.groupby("region")[["amount"]].sum().rename(columns={"amount": "budget"})
    return a.join(b, how="outer").fillna(0.0)


def compare(a: str | Path, b: str | Path) -> Comparison:
    """Compare two results folders or scenario files."""
    ra, rb = _load(a), _load(b)
    fa, fb = (flatten(r.scenario.model_dump(mode="json") if r.scenario else {}) for r in (ra, rb))
    rows = [
        {"path": k, "a": fa.get(k), "b": fb.get(k)}
        for k in sorted(set(fa) | set(fb))
        if fa.get(k) != fb.get(k) and k not in ("name", "description")
    ]
    settings = pd.DataFrame(rows, columns=["path", "a", "b"])
    pa, pb = _per_region(ra), _per_region(rb)
    regions = pd.merge(
        pa, pb, how="outer", left_index=True, right_index=True, suffixes=("_a", "_b")
    ).fillna(0.0)
    for col in ("budget", "enrolled", "enrolled_extreme_poor", "premiums"):
        regions[f"{col}_change"] = regions[f"{col}_b"] - regions[f"{col}_a"]
    regions = regions.reset_index().rename(columns={"index": "region"})
    names = ra.regions["name"] if "name" in ra.regions else pd.Series(dtype=str)
    regions.insert(1, "name", regions["region"].map(names).fillna(""))
    outcomes = pd.DataFrame(columns=["figure", "a", "b", "change"])
    if ra.replications is not None and rb.replications is not None:
        ma = ra.replications.drop(columns="replication").mean()
        mb = rb.replications.drop(columns="replication").mean()
        outcomes = pd.DataFrame({"a": ma, "b": mb})
        outcomes["change"] = outcomes["b"] - outcomes["a"]
        outcomes = outcomes.reset_index(names="figure")
    return Comparison(settings, regions, outcomes)
