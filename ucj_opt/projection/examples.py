"""Small example studies built in memory: for notebooks, benchmarks and tests.

Figures are round and stated here (1 million people per province, 10% poor, 2% extreme
poor); every other setting is the scenario's default, so an example never carries a
second copy of a default.
"""

from __future__ import annotations

from collections.abc import Sequence

from ucj_opt.scenario.loader import scenario_from_dict
from ucj_opt.scenario.study import Study

__all__ = ["example_study"]


def _codes(regions: int) -> tuple[list[str], list[str]]:
    """(every region code, the leaves holding workers): real province codes, and when more
    than 38 regions are asked, real kabupaten/kota codes taken in turn from each province
    (Kepmendagri 300.2.2-2138/2025: 514 in all)."""
    from ucj_opt import data
    from ucj_opt.data import hierarchy

    provinces = [str(c) for c in data.provinces().index]
    if regions <= len(provinces):
        return provinces[:regions], provinces[:regions]
    kabkota = [hierarchy.children(p) for p in provinces]
    leaves: list[str] = []
    for rank in range(max(len(k) for k in kabkota)):
        leaves += [k[rank] for k in kabkota if rank < len(k)]
    if regions > len(leaves):
        raise ValueError(f"at most {len(leaves)} example regions")
    leaves = leaves[:regions]
    return [*provinces, *leaves], leaves


def example_study(
    regions: int = 2,
    *,
    eligible: int = 40_000,
    extreme_poor: int = 4_000,
    segments: Sequence[str] = ("farmer",),
    years: int = 3,
    population: int = 1_000_000,
    poverty_rate: float = 0.10,
    extreme_poverty_rate: float = 0.02,
    simulation: dict[str, object] | None = None,
) -> Study:
    """``regions`` regions (provinces, or kabupaten when more than 38) of ``population``
    people with ``eligible`` workers per segment (of whom ``extreme_poor`` are extreme poor)
    and a Rp 1 miliar APBD provinsi budget in the first province.

    Examples
    --------
    >>> from ucj_opt.projection.examples import example_study
    >>> study = example_study(3, segments=("farmer", "fisher"))
    >>> int(study.tables.workers["eligible"].sum())
    240000
    """
    from ucj_opt.data import hierarchy

    codes, leaves = _codes(regions)
    per_leaf = {c: population for c in leaves}
    rows = [
        {
            "code": code,
            "name": hierarchy.official_name(code) or code,
            "population": per_leaf.get(code)
            or sum(v for k, v in per_leaf.items() if k.startswith(code + ".")),
            "poverty_rate": poverty_rate,
            "extreme_poverty_rate": extreme_poverty_rate,
        }
        for code in codes
    ]
    workers = [
        {"region": code, "segment": seg, "eligible": eligible, "extreme_poor": extreme_poor}
        for code in leaves
        for seg in segments
    ]
    first = codes[0].split(".")[0]
    budgets = [{"region": first, "year": 2026, "source": "apbd_provinsi", "amount": 1e9}]
    return scenario_from_dict(
        {
            "horizon": {"start_year": 2026, "years": years},
            "segments": [{"id": s} for s in segments],
            "regions": {"rows": rows},
            "workers": {"rows": workers},
            "budgets": {"rows": budgets},
            "simulation": simulation or {},
        }
    )
