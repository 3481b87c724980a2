"""The Study: a validated scenario and its tables, the one object every stage takes.

Settings and tables are validated together, once, by the loader. The tables the engines
use are *derived* from the tables as read and the settings (``budget_scale``, the
horizon), at one place: :attr:`Study.tables`. So a changed setting always reaches the
engines, whether it came from the YAML file, ``--set`` or :meth:`Study.with_changes`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from ucj_opt.errors import Problem, ScenarioError
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.set_paths import apply_sets, parse_set
from ucj_opt.scenario.settings_check import problems_from_validation
from ucj_opt.scenario.tables import Tables, load_tables
from ucj_opt.units import format_rupiah

__all__ = ["Study", "derive_tables"]

_TABLE_KEYS = ("regions", "workers", "budgets", "segments")
"""Settings the validated tables depend on: when none changes, they are reused."""


def derive_tables(scenario: Scenario, read: Tables) -> Tables:
    """The tables the engines use: budget rows inside the horizon, scaled by
    ``budget_scale``; rows outside the horizon are set aside with a note."""
    budgets = read.budgets
    years = scenario.horizon.year_list
    inside = budgets["year"].isin(years)
    notes: tuple[str, ...] = ()
    if not inside.all():
        other = sorted(int(y) for y in budgets.loc[~inside, "year"].unique())
        amount = format_rupiah(float(budgets.loc[~inside, "amount"].sum()), "en")
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
        notes = (
            f"{int((~inside).sum())} budget rows ({amount}) for years "
            f"{', '.join(map(str, other))} lie outside the horizon {span} and "
            "are not used (a mistyped year? horizon.start_year and horizon.years set it)",
        )
    kept = budgets[inside].reset_index(drop=True)
    kept = kept.assign(amount=kept["amount"] * scenario.budget_scale)
    return replace(read, budgets=kept, notes=read.notes + notes)


@dataclass(frozen=True, eq=False)
class Study:
    """A scenario and its validated region tables.

    Returned by :func:`ucj_opt.load_scenario`; taken by :func:`ucj_opt.solve`,
    :func:`ucj_opt.simulate` and the main job.

    Parameters
    ----------
    scenario
        The resolved, validated settings.
    read
        The region tables as read and validated: every budget year, amounts as written.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("embedded:national")
    >>> study.scenario.horizon.start_year
    2026
    >>> half = study.with_changes(budget_scale=0.5)
    >>> float(half.tables.budgets["amount"].sum() / study.tables.budgets["amount"].sum())
    0.5
    """

    scenario: Scenario
    read: Tables

    @cached_property
    def tables(self) -> Tables:
        """The tables the engines use (see :func:`derive_tables`)."""
        return derive_tables(self.scenario, self.read)

    @property
    def name(self) -> str:
        """The scenario's title."""
        return self.scenario.name

    def with_changes(self, *sets: str, **changes: Any) -> Study:
        """A new study with settings changed, validated like a scenario file.

        ``sets`` are ``path=value`` texts as on the command line
        (``"policy.equity_floor.share=30%"``); ``changes`` set top-level fields
        (``budget_scale=0.5``) or dotted paths given as ``**{"policy.continuity": False}``.
        Tables are read again only when a table source or the segments change.
        """
        data: dict[str, Any] = self.scenario.model_dump(mode="json", exclude_none=True)
        pairs = [parse_set(item) for item in sets] + list(changes.items())
        problems = apply_sets(data, {}, pairs, origin="<with_changes>")
        scenario = None
        if not problems:
            scenario, problems = problems_from_validation(data, {}, "<with_changes>")
        if problems or scenario is None:
            raise ScenarioError(problems)
        if all(_same(self.scenario, scenario, key) for key in _TABLE_KEYS):
            return Study(scenario, self.read)
        read, table_problems = load_tables(scenario, {})
        if table_problems or read is None:
            raise ScenarioError(table_problems or [Problem("the tables could not be read")])
        return Study(scenario, read)

    def __repr__(self) -> str:
        return f"Study({self.name!r}: {self._headline()})"

    def _headline(self) -> str:
        t = self.tables
        h = self.scenario.horizon
        years = f"{h.start_year}" if h.years == 1 else f"{h.start_year}–{h.year_list[-1]}"
        return (
            f"{len(t.regions):,} regions, {int(t.workers['eligible'].sum()):,} eligible workers "
            f"({int(t.workers['extreme_poor'].sum()):,} extreme poor), "
            f"{len(t.budgets):,} budget lines, Rp {t.budgets['amount'].sum():,.0f}, {years}"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in self._facts().items()
        )
        return f"<table><caption>Study: {html.escape(self.name)}</caption>{rows}</table>"

    def _facts(self) -> Mapping[str, str]:
        t, s = self.tables, self.scenario
        return {
            "regions": f"{len(t.regions):,}",
            "eligible workers": f"{int(t.workers['eligible'].sum()):,}",
            "extreme-poor workers": f"{int(t.workers['extreme_poor'].sum()):,}",
            "budget lines": f"{len(t.budgets):,}",
            "budget total": f"Rp {t.budgets['amount'].sum():,.0f}",
            "years": ", ".join(map(str, s.horizon.year_list)),
            "objective": s.policy.objective,
        }


def _same(a: Scenario, b: Scenario, key: str) -> bool:
    return bool(getattr(a, key) == getattr(b, key))
