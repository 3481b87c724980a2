"""The rows of each table checked against each other and against the other tables:
codes known, no row given twice, the chain of regions above a desa complete, workers
only at the lowest level, budgets at the level that pays them. Nothing is filled in:
each finding is a problem at its row."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ucj_opt.errors import Problem
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.regions import levels_of, parent_codes
from ucj_opt.scenario.table_codes import check_codes, official_codes, official_names
from ucj_opt.scenario.table_problems import MAX_ROWS_PER_PROBLEM, Collector, RawTable
from ucj_opt.scenario.table_rates import income_spread

__all__ = ["check_budgets", "check_regions", "check_workers"]


def _unknown(
    raw: RawTable,
    frame: pd.DataFrame,
    column: str,
    known: Sequence[str],
    ok: pd.Series,
    out: Collector,
    what: str,
) -> pd.Series:
    """Rows naming an unknown code or id: one entry per unknown value (at its first row,
    with the number of rows), at most ``MAX_ROWS_PER_PROBLEM`` values."""
    known_set = set(known)
    unknown = ok & ~frame[column].isin(known_set)
    values = frame.loc[unknown, column]
    counts = values.value_counts(sort=False)
    for value in values.unique()[:MAX_ROWS_PER_PROBLEM]:
        close = difflib.get_close_matches(str(value)[:100], list(known_set), n=1)
        first = unknown & (frame[column] == value)
        first &= first.cumsum() == 1
        n = int(counts[value])
        out.rows(
            raw,
            first,
            column,
            f"'{value}' is not a {what} of this scenario"
            + (f" ({n} rows name it)" if n > 1 else ""),
            f"did you mean '{close[0]}'?" if close else f"add it to the {what}s first",
        )
    more = values.nunique() - MAX_ROWS_PER_PROBLEM
    if more > 0:
        file, _ = raw.where(int(np.flatnonzero(unknown.to_numpy())[0]))
        out.add(
            Problem(
                f"... and {more} more {what}s of {raw.name} that are not in this scenario",
                file=file,
                key=f"{raw.name}.{column}",
            )
        )
    return ok & ~unknown


def _duplicates(raw: RawTable, frame: pd.DataFrame, keys: list[str], out: Collector) -> None:
    dup = frame.duplicated(keys, keep="first") & frame[keys].notna().all(axis=1)
    if dup.any():
        out.rows(
            raw,
            dup,
            keys[0],
            f"this ({', '.join(keys)}) is given twice",
            "keep one row per " + " × ".join(keys),
        )


def check_regions(
    raw: RawTable | None,
    frame: pd.DataFrame | None,
    lines: tuple[float, float],
    out: Collector,
) -> pd.DataFrame | None:
    """The regions table indexed by code with level and parent, or None when a row is wrong
    (the workers and budgets are then not checked against it)."""
    if raw is None or frame is None:
        return None
    before = len(out.problems)
    ok = check_codes(raw, frame, "code", out)
    ok = official_codes(raw, frame, ok, out)
    _duplicates(raw, frame, ["code"], out)
    both = frame["extreme_poverty_rate"].notna() & frame["poverty_rate"].notna()
    above = both & (frame["extreme_poverty_rate"] > frame["poverty_rate"])
    out.rows(
        raw,
        above,
        "extreme_poverty_rate",
        "the extreme-poverty rate exceeds the poverty rate",
        "the extreme poor are part of the poor",
    )
    income_spread(raw, frame, both & ~above, lines, out)
    _workforce_rows(raw, frame, out)
    codes = frame.loc[ok, "code"]
    present = set(codes)
    levels = levels_of(codes)
    # A lower-level region needs the chain above it (kecamatan may be left out).
    for cut, what in ((1, "province"), (2, "kabupaten/kota")):
        deeper = codes.str.count(r"\.") >= cut
        ancestor = codes.str.split(".").str[:cut].str.join(".")
        missing = deeper & ~ancestor.isin(present)
        mask = frame.index.isin(missing[missing].index)
        for code in ancestor[missing].unique()[:MAX_ROWS_PER_PROBLEM]:
            out.rows(
                raw,
                mask & (frame["code"].str.startswith(code + ".")),
                "code",
                f"its {what} {code} is not in the regions table",
                f"add a row for {code}; nothing is filled in",
            )
    if len(out.problems) > before or not ok.all():
        return None  # a blank code (reported by convert) has no name, level or parent
    frame = frame.assign(name=official_names(raw, frame, out))
    absent = [c for c in ("workforce", "covered") if c not in raw.frame.columns]
    frame = frame.drop(columns=absent)
    if frame.isna().any().any():
        return None
    regions = frame.copy()
    regions["level"] = levels
    regions["parent"] = parent_codes(regions["code"], present)
    regions["population"] = regions["population"].astype("int64")
    optional = [c for c in ("workforce", "covered") if c in frame.columns]
    for column in optional:
        regions[column] = regions[column].astype("int64")
    regions = regions.set_index("code")[
        ["name", "level", "parent", "population", "poverty_rate", "extreme_poverty_rate", *optional]
    ]
    return regions


def _workforce_rows(raw: RawTable, frame: pd.DataFrame, out: Collector) -> None:
    """The optional workforce columns: covered workers are part of the workforce, and the
    workforce part of the population."""
    if "workforce" in raw.frame.columns:
        out.rows(
            raw,
            frame["workforce"] > frame["population"],
            "workforce",
            "the workforce exceeds the population",
            "workforce counts employed persons, who are part of the population",
        )
    if "covered" in raw.frame.columns and "workforce" in raw.frame.columns:
        out.rows(
            raw,
            frame["covered"] > frame["workforce"],
            "covered",
            "more workers covered than in the workforce",
            "covered counts employed persons already in BPJS Ketenagakerjaan",
        )


def check_workers(
    raw: RawTable | None,
    frame: pd.DataFrame | None,
    regions: pd.DataFrame,
    scenario: Scenario,
    out: Collector,
) -> None:
    """Worker rows name known regions and segments, once each, at the lowest level, with no
    more workers than persons."""
    if raw is None or frame is None:
        return
    ok = frame["region"].notna()
    ok = _unknown(raw, frame, "region", list(regions.index), ok, out, "region")
    _unknown(
        raw,
        frame,
        "segment",
        [s.id for s in scenario.segments],
        frame["segment"].notna(),
        out,
        "segment",
    )
    _duplicates(raw, frame, ["region", "segment"], out)
    out.rows(
        raw,
        frame["extreme_poor"] > frame["eligible"],
        "extreme_poor",
        "more extreme poor than eligible workers",
        "extreme_poor counts the extreme poor among the eligible workers",
    )
    # Found by fuzzing: workers in a region of 0 persons broke the projection's calibration.
    eligible = frame["eligible"].where(ok, 0.0).groupby(frame["region"].where(ok, "")).sum()
    population = regions["population"].reindex(eligible.index).astype("float64")
    crowded = eligible.index[(eligible > population).to_numpy()]
    out.rows(
        raw,
        ok & frame["region"].isin(crowded) & ~frame["region"].duplicated(),  # once a region
        "region",
        "the region's eligible workers (all segments) outnumber its population",
        "check the population column of the regions table and the workers' counts",
    )
    parents = set(regions["parent"])
    inner = ok & frame["region"].isin(parents)
    out.rows(
        raw,
        inner,
        "region",
        "workers are given for a region that has sub-regions in the table",
        "give workers at the lowest level only, so nobody is counted twice",
    )


_SOURCE_LEVELS = {
    "apbd_provinsi": ("province",),
    "apbd_kabkota": ("kabkota", "province"),
    "apbdes": ("desa", "kabkota", "province"),
    "other": ("province", "kabkota", "kecamatan", "desa", "kelurahan"),
}


def check_budgets(
    raw: RawTable | None,
    frame: pd.DataFrame | None,
    regions: pd.DataFrame,
    out: Collector,
) -> None:
    """Budget rows name known regions, once per year and source, at a level that source
    pays from."""
    if raw is None or frame is None:
        return
    ok = _unknown(raw, frame, "region", list(regions.index), frame["region"].notna(), out, "region")
    _duplicates(raw, frame, ["region", "year", "source"], out)
    level = frame["region"].map(regions["level"])
    # A budget at a higher code standing for all units below it together (national tables)
    # is only allowed when those units are not listed one by one.
    listed_below = {
        "apbd_kabkota": {c.split(".")[0] for c in regions.index[regions["level"] == "kabkota"]},
        "apbdes": {
            prefix
            for c in regions.index[regions["level"] == "desa"]
            for prefix in (c.split(".")[0], ".".join(c.split(".")[:2]))
        },
    }
    for source, allowed in _SOURCE_LEVELS.items():
        rows = ok & (frame["source"] == source)
        wrong = rows & ~level.isin(allowed)
        if source in listed_below:
            aggregate = level.isin(("province", "kabkota")) & (level != allowed[0])
            wrong |= rows & aggregate & frame["region"].isin(listed_below[source])
        out.rows(
            raw,
            wrong,
            "source",
            f"a {source} budget cannot belong to a region at this level",
            {
                "apbd_provinsi": "attach APBD provinsi budgets to a province code",
                "apbd_kabkota": "attach APBD kabupaten/kota budgets to a kabupaten/kota code",
                "apbdes": "attach APBDes to a desa code (a kelurahan has no APBDes)",
                "other": "",
            }[source],
        )
