"""Regional governments of a study and the check of regional targets against them.

A regional target belongs to a regional government: the kabupaten/kota above the regions
holding workers, or the province where the table goes no deeper. Checked once, when the
scenario is loaded, so a target for a region the tables do not rank is an error.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ucj_opt.data.targets import EMPLOYED_PER_PERSON, NATIONAL_TARGETS
from ucj_opt.errors import Problem, ScenarioError
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.tables import Tables
from ucj_opt.scenario.yamlio import KeyPath

__all__ = [
    "Baseline",
    "baseline",
    "national_path",
    "target_at",
    "target_problems",
    "unit_targets",
    "units_of",
]


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
    level = tables.regions["level"]
    leaves = pd.Series(sorted(tables.workers["region"].astype(str).unique()), dtype=object)
    parts = leaves.str.split(".")
    kab = parts.str[:2].str.join(".")
    province = parts.str[0]
    is_kab = kab.map(level).eq("kabkota").to_numpy()
    is_prov = province.map(level).eq("province").to_numpy()
    unit = np.where(is_kab, kab, np.where(is_prov, province, leaves))
    return pd.Series(unit, index=leaves.to_numpy(), dtype=object)


class Baseline:
    """Workforce, covered workers and eligible workers of each regional government."""

    def __init__(self, frame: pd.DataFrame, notes: dict[str, str | float]) -> None:
        self.frame = frame
        """Indexed by unit code: name, workforce, covered, eligible, extreme_poor."""
        self.notes = notes
        """How workforce and covered were obtained: ``workforce`` given (regions table) or
        derived (population × employed per person); ``covered`` given or assumed
        (``baseline_coverage`` × workforce)."""


def baseline(scenario: Scenario, tables: Tables) -> Baseline:
    """The starting point of each regional government; raises :class:`ScenarioError`
    listing every region whose covered plus eligible workers exceed its workforce (or
    that has no workforce).

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("embedded:national")
    >>> b = baseline(study.scenario, study.tables)
    >>> round(float(b.frame["covered"].sum() / b.frame["workforce"].sum()), 4)
    0.3568
    """
    regions = tables.regions
    units = units_of(tables)
    codes = sorted(set(units))
    rows = regions.loc[codes]
    share = scenario.targets.baseline_coverage
    given_workforce, given_covered = "workforce" in rows, "covered" in rows
    workforce = (
        rows["workforce"].astype(float)
        if given_workforce
        else rows["population"].astype(float) * EMPLOYED_PER_PERSON
    )
    covered = rows["covered"].astype(float) if given_covered else workforce * share
    notes = {
        "workforce": "given" if given_workforce else "derived",
        "covered": "given" if given_covered else "assumed",
        "baseline_coverage": float(share),
        "employed_per_person": EMPLOYED_PER_PERSON,
    }
    leaf_unit = tables.workers["region"].astype(str).map(units)
    counts = tables.workers.groupby(leaf_unit)[["eligible", "extreme_poor"]].sum()
    frame = pd.DataFrame(
        {
            "name": rows["name"].astype(str),
            "workforce": workforce,
            "covered": covered,
            "eligible": counts["eligible"].reindex(codes).astype(float),
            "extreme_poor": counts["extreme_poor"].reindex(codes).astype(float),
        }
    )
    problems = _over_problems(frame, scenario.regions.file, not given_workforce)
    if problems:
        raise ScenarioError(problems)
    return Baseline(frame, notes)


def _over_problems(
    frame: pd.DataFrame, file: str | None = None, derived: bool = False
) -> list[Problem]:
    over = frame[
        (frame["covered"] + frame["eligible"] > frame["workforce"] + 0.5)
        | (frame["workforce"] <= 0)
    ]
    return [
        Problem(
            f"{r['name']} ({code}): {r['covered']:,.0f} workers covered before the "
            f"allocation plus {r['eligible']:,.0f} uncovered eligible ones exceed its "
            f"workforce of {r['workforce']:,.0f}"
            + (" (population × 0.5115 employed per person)" if derived else ""),
            file=file,
            key=f"regions.{code}",
            hint="give the regional government's 'workforce' and 'covered' columns in the "
            "regions table, or lower targets.baseline_coverage",
        )
        for code, r in over.iterrows()
    ]


def target_at(path: Mapping[int, float], year: int) -> tuple[float, str]:
    """The target in ``year`` on a path of year → share, and how it was obtained.

    Linear between the years given; before the first and after the last year, held.

    Examples
    --------
    >>> share, how = target_at({2026: 0.3499, 2029: 0.4392}, 2027)
    >>> round(share, 6), how
    (0.379667, 'interpolated')
    >>> target_at({2029: 0.6}, 2026)
    (0.6, 'held')
    """
    years = sorted(path)
    if year in path:
        return float(path[year]), "given"
    if year < years[0] or year > years[-1]:
        return float(path[years[0] if year < years[0] else years[-1]]), "held"
    after = next(y for y in years if y > year)
    before = max(y for y in years if y < year)
    frac = (year - before) / (after - before)
    return float(path[before] + frac * (path[after] - path[before])), "interpolated"


def national_path(scenario: Scenario) -> tuple[dict[int, float], str]:
    """The national target path (year → share of the workforce) and its basis:
    ``given`` (``targets.national``) or ``published`` (RPJMN, RKP, RPJPN)."""
    given = scenario.targets.national
    if given is not None:
        return dict(given), "given"
    return {p.year: p.share for p in NATIONAL_TARGETS}, "published"


def unit_targets(scenario: Scenario, code: str, years: list[int]) -> list[tuple[float, str]]:
    """A regional government's target in each year, and how it was obtained."""
    own = scenario.targets.regions.get(code)
    if own is not None:
        return [target_at(own, y) for y in years]
    path, basis = national_path(scenario)
    out = []
    for y in years:
        value, how = target_at(path, y)
        out.append((value, basis if how == "given" else how))
    return out


def target_problems(
    scenario: Scenario, tables: Tables, lines: dict[KeyPath, tuple[str, int]], source: str
) -> list[Problem]:
    """Every regional target whose code is not a regional government of the tables, and,
    when the regions table gives ``workforce`` or ``covered``, every regional government
    whose covered and eligible workers exceed its workforce. (With both derived, an
    inconsistency is reported where the path to target is computed, so a scenario that
    needs no targets still loads.)"""
    problems: list[Problem] = []
    if {"workforce", "covered"} & set(tables.regions.columns):
        try:
            baseline(scenario, tables)
        except ScenarioError as exc:
            problems = exc.problems
    given = scenario.targets.regions
    units = sorted(set(units_of(tables)))
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
