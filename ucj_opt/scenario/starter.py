"""A ready scenario for one province or kabupaten/kota: ``ucj-opt init CODE``.

The regions are the real ones (Kepmendagri 300.2.2-2138/2025): a province with its
kabupaten/kota, or a kabupaten/kota with its kecamatan and desa/kelurahan (and its
province, which pays APBD provinsi). The figures are the embedded national ones
(``ucj_opt.data``, docs/data.md) scaled down to the region, each labelled *derived* or
*assumed* in the workbook's ``sources`` sheet, so the scenario validates and solves at once
and the planner replaces them with local figures.

Scaling: no population below the province is embedded, so a unit's share of its province
is taken as its share of the province's desa and kelurahan (assumed: villages of about
equal size); rates below the province are the province's (assumed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ucj_opt.data import NATIONAL_YEARS, hierarchy, national_tables, split_whole
from ucj_opt.errors import UserError

__all__ = ["Starter", "starter_tables", "write_starter"]

SEGMENTS = ("farmer", "fisher", "informal", "other")
"""The default segments (the national tables use them)."""


@dataclass(frozen=True, eq=False)
class Starter:
    """The three tables of a starter scenario and where each figure came from."""

    code: str
    """The province or kabupaten/kota it was made for."""
    regions: pd.DataFrame
    workers: pd.DataFrame
    budgets: pd.DataFrame
    sources: pd.DataFrame
    """Columns table, column, status (official / derived / assumed), how."""


def _villages(code: str) -> int:
    return sum(1 for c in hierarchy.descendants(code) if c.count(".") == 3)


def _desa(code: str) -> int:
    return sum(1 for c in hierarchy.descendants(code) if c.count(".") == 3 and c[-4] != "1")


def _check(code: str) -> str:
    code = code.strip()
    if not hierarchy.is_known(code):
        near = hierarchy.nearest(code)
        raise UserError(
            f"'{code}' is not a region code of Kepmendagri 300.2.2-2138/2025"
            + (
                "; nearest: " + ", ".join(f"{c} ({hierarchy.official_name(c)})" for c in near)
                if near
                else ""
            )
        )
    if hierarchy.level(code) not in ("province", "kabkota"):
        raise UserError(
            f"'{code}' ({hierarchy.official_name(code)}) is a {hierarchy.level(code)}; "
            "init takes a province (e.g. 53) or a kabupaten/kota (e.g. 64.09)"
        )
    return code


def starter_tables(code: str) -> Starter:
    """The regions, workers and budgets of a starter scenario for ``code``.

    Examples
    --------
    >>> s = starter_tables("64.09")
    >>> s.regions["code"].tolist()[:3]
    ['64', '64.09', '64.09.01']
    >>> len(s.workers) == 54 * 4  # 30 desa and 24 kelurahan, 4 segments each
    True
    """
    code = _check(code)
    province = code.split(".")[0]
    national = national_tables()
    prov_row = national.regions.set_index("code").loc[province].to_dict()
    in_prov = national.workers[national.workers["region"] == province]
    prov_eligible = dict(zip(in_prov["segment"], in_prov["eligible"], strict=True))
    prov_extreme = dict(zip(in_prov["segment"], in_prov["extreme_poor"], strict=True))
    prov_budgets = national.budgets[national.budgets["region"] == province]
    if hierarchy.level(code) == "province":
        leaves = hierarchy.children(code)
        middle: list[str] = []
        share = 1.0
    else:
        leaves = [c for c in hierarchy.descendants(code) if c.count(".") == 3]
        middle = [code, *hierarchy.children(code)]
        share = _villages(code) / _villages(province)
    weights = np.array([max(_villages(c), 1) if c.count(".") < 3 else 1 for c in leaves], float)
    population = round(int(prov_row["population"]) * share)
    leaf_pop = split_whole(population, weights)
    rates = (float(prov_row["poverty_rate"]), float(prov_row["extreme_poverty_rate"]))
    rows = [(province, int(prov_row["population"]), *rates)]
    for m in middle:  # a kabupaten/kota and its kecamatan: sums of their villages
        inside = np.array([leaf.startswith(m + ".") for leaf in leaves])
        rows.append((m, int(leaf_pop[inside].sum()), *rates))
    rows += [(c, int(p), *rates) for c, p in zip(leaves, leaf_pop, strict=True)]
    regions = pd.DataFrame(
        rows, columns=["code", "population", "poverty_rate", "extreme_poverty_rate"]
    )
    regions.insert(1, "name", [hierarchy.official_name(c) for c in regions["code"]])

    worker_rows = []
    for seg in SEGMENTS:
        eligible = split_whole(round(int(prov_eligible[seg]) * share), weights)
        extreme = split_whole(round(int(prov_extreme[seg]) * share), weights)
        worker_rows += [
            (c, seg, int(e), int(min(x, e)))
            for c, e, x in zip(leaves, eligible, extreme, strict=True)
        ]
    workers = pd.DataFrame(worker_rows, columns=["region", "segment", "eligible", "extreme_poor"])
    workers = workers.sort_values(["region", "segment"], kind="stable").reset_index(drop=True)

    budgets = _budgets(code, province, leaves, share, prov_budgets)
    return Starter(code, regions, workers, budgets, _sources(hierarchy.level(code) == "province"))


def _budgets(
    code: str, province: str, leaves: list[str], share: float, prov: pd.DataFrame
) -> pd.DataFrame:
    """Each source's provincial envelope, scaled to the region and spread over the units
    that hold it: APBD kab/kota over kab/kota by villages, APBDes over desa equally."""
    rows: list[tuple[str, int, str, float]] = []
    is_province = hierarchy.level(code) == "province"
    desa_leaves = [c for c in leaves if c.count(".") == 3 and c[-4] != "1"]
    prov_desa = max(_desa(province), 1)
    for year in NATIONAL_YEARS:
        by_source = prov[prov["year"] == year].set_index("source")["amount"]
        for source, amount in by_source.items():
            amount = float(amount)
            if source in ("apbd_provinsi", "other"):
                rows.append((province, year, str(source), round(amount * share, -3)))
            elif source == "apbd_kabkota":
                holders = leaves if is_province else [code]
                weights = [_villages(h) * 1.0 for h in holders]
                total = amount * share
                rows += [
                    (h, year, "apbd_kabkota", round(total * w / sum(weights), -3))
                    for h, w in zip(holders, weights, strict=True)
                ]
            elif source == "apbdes":
                per_desa = amount / prov_desa
                if is_province:
                    rows += [
                        (k, year, "apbdes", round(per_desa * _desa(k), -3))
                        for k in leaves
                        if _desa(k) > 0
                    ]
                else:
                    rows += [(d, year, "apbdes", round(per_desa, -3)) for d in desa_leaves]
    frame = pd.DataFrame(rows, columns=["region", "year", "source", "amount"])
    return frame[frame["amount"] > 0].reset_index(drop=True)


def _sources(is_province: bool) -> pd.DataFrame:
    unit = "kabupaten/kota" if is_province else "desa/kelurahan"
    share = (
        f"each {unit}'s share of the province is its share of the province's desa and "
        "kelurahan (Kepmendagri 300.2.2-2138/2025)"
    )
    rows = [
        ("regions", "code, name", "official", "Kepmendagri 300.2.2-2138/2025"),
        ("regions", "population", "derived",
         f"province: Dukcapil Dec 2024 (docs/data.md); {share} (assumed: villages of equal "
         "size)"),
        ("regions", "poverty_rate, extreme_poverty_rate", "assumed",
         f"every {unit} at the province's rate (BPS, docs/data.md)"),
        ("workers", "eligible, extreme_poor", "derived",
         f"the province's uncovered vulnerable and extreme-poor workers (docs/data.md), {share}"),
        ("budgets", "apbd_provinsi, other", "assumed",
         "the province's envelope of the national default (docs/data.md) times the region's "
         "share"),
        ("budgets", "apbd_kabkota", "assumed",
         "the province's kab/kota envelope of the national default, spread by desa and "
         "kelurahan"),
        ("budgets", "apbdes", "assumed",
         "the province's APBDes envelope of the national default, the same for every desa "
         "(a kelurahan has no APBDes)"),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["table", "column", "status", "how"])


def write_starter(code: str, folder: Path) -> Path:
    """Write ``scenario.yaml`` and ``tables.xlsx`` for ``code`` into ``folder``; return the
    YAML path. Existing files are not overwritten.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_starter("64.09", pathlib.Path(tmp) / "ppu")
    ...     sorted(p.name for p in path.parent.iterdir())
    ['scenario.yaml', 'tables.xlsx']
    """
    from ucj_opt.io import write_text_atomic
    from ucj_opt.scenario.workbook import write_workbook

    starter = starter_tables(code)
    folder.mkdir(parents=True, exist_ok=True)
    yaml_path, xlsx_path = folder / "scenario.yaml", folder / "tables.xlsx"
    existing = [p.name for p in (yaml_path, xlsx_path) if p.exists()]
    if existing:
        raise UserError(
            f"{folder} already holds {', '.join(existing)}; choose another folder with -o"
        )
    write_workbook(xlsx_path, starter)
    name = hierarchy.official_name(starter.code)
    write_text_atomic(yaml_path, _yaml(starter.code, str(name), len(starter.workers)))
    return yaml_path


def _yaml(code: str, name: str, worker_rows: int) -> str:
    level = hierarchy.level(code)
    below = "kabupaten/kota" if level == "province" else "kecamatan and desa/kelurahan"
    kab = sorted(c for c in hierarchy.descendants(code) if c.count(".") == 1)
    example = kab[0] if level == "province" and kab else code
    return f"""\
# Starter scenario for {name} ({code}), written by 'ucj-opt init {code}'.
# Regions: the real {below} of Kepmendagri 300.2.2-2138/2025.
# Figures: the embedded national ones scaled down to the region: DERIVED or ASSUMED, see the
# 'sources' sheet of tables.xlsx. Replace them with local figures before deciding anything.
name: {name} (starter, figures derived/assumed)
description: >-
  Real {below} of {name}; populations, workers and budgets scaled down from the national
  default ({worker_rows:,} worker rows). Edit tables.xlsx, then run 'ucj-opt validate'.
horizon:
  start_year: {NATIONAL_YEARS[0]}
  years: {len(NATIONAL_YEARS)}
regions: {{file: tables.xlsx, sheet: regions}}
workers: {{file: tables.xlsx, sheet: workers}}
budgets: {{file: tables.xlsx, sheet: budgets}}
package:
  declared_income: Rp 1 juta      # minimum package, Rp 16,800 a month (REFERENCE §2)
policy:
  objective: max_extreme_poor
  equity_floor: {{share: 10%, mode: soft}}   # assumption, as in the national default
# Coverage targets, as shares of the workforce (docs/targets.md): by default the national
# path (RPJMN 2025 32.15%, RKP 2026 34.99%, RPJMN 2029 43.92%, RPJPN 2045 99.5%,
# interpolated), and 35.68% of each workforce covered before the allocation (assumed; add
# 'workforce' and 'covered' columns to the regions sheet to give your own). A kabupaten/kota's
# own target, and the scorecard of 'ucj-opt award' (this tool's proposal):
# targets:
#   regions: {{"{example}": {{2026: 40%, 2029: 55%}}}}
# award:
#   criteria:
#     - {{id: coverage_vs_target, weight: 2}}
#     - {{id: growth}}
#     - {{id: extreme_poor_coverage}}
#     - {{id: own_budget_effort}}
"""
