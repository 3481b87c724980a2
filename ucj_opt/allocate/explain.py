"""Every unused rupiah explained, and shadow prices in planner words, in both languages.

A pool with money left is held back by the rules, never by chance (every stage enrols
more wherever a rule allows it). For each such pool the rows and bounds that stop each
of its columns from growing are read off the solution: a column at its bound (every
eligible worker it may pay for is enrolled), a tight continuity row of the next year (the
workers would have to stay funded there), or a tight province-share row. The pool's
reason is the one that holds most of its columns; the source rules that narrow what it
may pay for are named with it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucj_opt.allocate.formulation import Formulation
from ucj_opt.text.catalogue import LANGS, t
from ucj_opt.text.formatting import format_number, format_percent
from ucj_opt.units import format_rupiah

__all__ = ["REASONS", "UNUSED_COLUMNS", "explain_unused", "pool_label"]

REASONS = ("eligible_reached", "continuity", "province_share", "no_workers", "small", "other")
"""Why a pool keeps money, most specific first (catalogue keys ``unused_<reason>``)."""

UNUSED_COLUMNS = ["region", "name", "year", "source", "left", "reason", "text_en", "text_id"]

_SOURCE_KEYS = {
    "apbd_provinsi": "src_apbd",
    "apbd_kabkota": "src_apbd",
    "apbdes": "src_apbdes",
    "other": "src_other",
}


def pool_label(source: str, name: str, year: int, lang: str) -> str:
    """``APBD Kab. Penajam Paser Utara 2027``: the region's name carries its level where it
    says it (Prov., Kab., Kota); otherwise the source's level is written out, so that the
    province's own APBD and its kabupaten/kota together read apart."""
    key = _SOURCE_KEYS.get(source, "src_other")
    says_level = name.startswith(_LEVEL_WORDS.get(source, ("\0",)))
    if source in ("apbd_provinsi", "apbd_kabkota") and not says_level:
        key = source
    return t("pool_label", lang, source=t(key, lang), name=name, year=year)


_LEVEL_WORDS = {"apbd_provinsi": ("Prov", "Provinsi"), "apbd_kabkota": ("Kab", "Kota")}


def _tight(activity: np.ndarray, bound: np.ndarray) -> np.ndarray:
    finite = np.isfinite(bound)
    edge = np.where(finite, bound, 0.0)
    tight: np.ndarray = finite & (activity >= edge - 1e-7 * np.maximum(1.0, np.abs(edge)))
    return tight


def _blockers(f: Formulation, x: np.ndarray) -> np.ndarray:
    """For each column, the reason it cannot grow (an index into REASONS, -1: free)."""
    n_col = f.shape[1]
    activity = f.A @ x[:n_col]
    tight_up = _tight(activity, f.row_up)
    kinds = f.rows["kind"].to_numpy()
    why = np.full(n_col, -1)
    at_bound = _tight(x[:n_col], f.col_up)
    why[at_bound] = 0
    A = f.A.tocsc()
    for reason, kind in ((0, "cap"), (1, "continuity"), (2, "province_share")):
        rows = tight_up & (kinds == kind)
        if not rows.any():
            continue
        sub = A[np.flatnonzero(rows)]
        positive = np.asarray((sub > 0).sum(axis=0)).ravel() > 0
        why[positive & (why < 0)] = reason
    return why


def explain_unused(f: Formulation, x: np.ndarray, left: np.ndarray) -> pd.DataFrame:
    """One row per pool with money left: region, name, year, source, left (rupiah), the
    reason (:data:`REASONS`) and a sentence in each language."""
    pools = f.pools.reset_index()
    amount = pools["amount"].to_numpy(dtype=float)
    keep = left > np.maximum(1.0, 1e-7 * amount)
    if not keep.any():
        return pd.DataFrame(columns=UNUSED_COLUMNS)
    cols = f.columns
    is_x = (cols["kind"] == "x").to_numpy()
    pool_of = np.where(is_x, cols["pool"].to_numpy(dtype=float), -1).astype(np.int64)
    why = _blockers(f, x)
    cost = f.cost
    meta = f.meta
    names = meta.get("names", {})
    # the columns of each pool as one slice of an ordering (a scan per pool was minutes
    # at village scale over five years), and each column's cell
    order = np.argsort(pool_of, kind="stable")
    edges = np.searchsorted(pool_of[order], np.arange(len(pools) + 1))
    cell = cols.groupby(["region", "segment", "group"], observed=True, sort=False).ngroup()
    cell_of = cell.to_numpy()
    sources = pools["source"].astype(str).to_numpy()
    regions = pools["region"].astype(str).to_numpy()
    years = pools["year"].to_numpy(dtype=np.int64)
    out = []
    for p in np.flatnonzero(keep):
        mine = order[edges[p] : edges[p + 1]]
        src, region, year = sources[p], regions[p], int(years[p])
        fields: dict[str, object] = {}
        if not len(mine):
            reason = "no_workers"
        elif left[p] < float(cost[mine].min()):
            reason = "small"
        else:
            held = why[mine]
            counts = np.bincount(held[held >= 0], minlength=len(REASONS))
            reason = REASONS[int(np.argmax(counts))] if counts.any() else "other"
        if reason == "eligible_reached":
            # workers of the cells it may pay for, counted once per cell
            _, first = np.unique(cell_of[mine], return_index=True)
            fields["workers"] = float(f.col_up[mine[first]].sum())
        fields["share"] = float(meta.get("province_max_share", 1.0))
        fields["next"] = year + 1
        rule = ""
        if src == "apbdes" and meta.get("apbdes_own", False):
            rule = "rule_apbdes_own"
        elif src == "apbd_provinsi" and not meta.get("province_tops_up", True):
            rule = "rule_no_top_up"
        name = str(names.get(region, region))
        row: dict[str, object] = {
            "region": region,
            "name": name,
            "year": year,
            "source": src,
            "left": float(left[p]),
            "reason": reason,
        }
        for lang in LANGS:
            row[f"text_{lang}"] = _sentence(
                reason, rule, float(left[p]), src, name, year, fields, lang
            )
        out.append(row)
    return pd.DataFrame(out, columns=UNUSED_COLUMNS)


def _sentence(
    reason: str,
    rule: str,
    left: float,
    source: str,
    name: str,
    year: int,
    fields: dict[str, object],
    lang: str,
) -> str:
    values = {
        "amount": format_rupiah(left, lang),
        "pool": pool_label(source, name, year, lang),
        "year": year,
        "next": fields.get("next", year + 1),
        "share": format_percent(float(fields.get("share", 1.0)), lang, 0),  # type: ignore[arg-type]
        "workers": format_number(float(fields.get("workers", 0.0)), lang),  # type: ignore[arg-type]
    }
    text = t(f"unused_{reason}", lang, **values)
    if rule and reason in ("eligible_reached", "no_workers"):
        text += t(rule, lang)
    return text
