"""Loading a scenario: compose its layers, validate the settings, then read the tables and
check the targets against them; every problem found is reported at once, each at its
file and line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ucj_opt.errors import Problem, ScenarioError
from ucj_opt.scenario.composition import compose, override_names
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.settings_check import problems_from_error, problems_from_validation
from ucj_opt.scenario.study import Study
from ucj_opt.scenario.tables import load_tables
from ucj_opt.scenario.target_check import target_problems
from ucj_opt.scenario.yamlio import KeyPath

__all__ = ["load_scenario", "override_problems", "scenario_from_dict"]


def scenario_from_dict(
    data: dict[str, Any],
    lines: dict[KeyPath, tuple[str, int]] | None = None,
    *,
    source: str = "<scenario>",
) -> Study:
    """Validate a composed mapping and load its tables; raise ScenarioError with every
    problem found."""
    lines = lines or {}
    scenario, problems = problems_from_validation(data, lines, source)
    if scenario is None:
        raise ScenarioError(problems)
    tables, problems = load_tables(scenario, lines)
    if problems or tables is None:
        raise ScenarioError(problems)
    problems = target_problems(scenario, tables, lines, source)
    if problems:
        raise ScenarioError(problems)
    return Study(scenario, tables)


def load_scenario(
    source: str | Path,
    *,
    overrides: Sequence[str] = (),
    sets: Iterable[str] = (),
) -> Study:
    """Load, compose and validate a scenario file (or ``embedded:national``).

    Parameters
    ----------
    source
        A scenario YAML file, or ``"embedded:national"`` for the national default.
    overrides
        Names of the scenario's ``overrides:`` to apply, in order.
    sets
        ``path=value`` changes applied last, e.g. ``"policy.equity_floor.share=30%"``.

    Returns
    -------
    Study
        The validated settings and region tables.

    Raises
    ------
    ScenarioError
        Listing every problem at once, each with its file, line, key and a hint.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("embedded:national", sets=["budget_scale=2"])
    >>> study.scenario.budget_scale
    2.0
    >>> len(study.tables.regions)
    38
    """
    data, lines, problems = compose(source, overrides=overrides, sets=sets)
    if not problems:
        return scenario_from_dict(data, lines, source=str(source))
    if data:  # report what validation finds too: every problem at once
        try:
            Scenario.model_validate(data)
        except ValidationError as exc:
            problems += problems_from_error(exc, lines, str(source), data)
    raise ScenarioError(problems)


def override_problems(
    study: Study,
    source: str | Path,
    *,
    overrides: Sequence[str] = (),
    sets: Iterable[str] = (),
) -> list[Problem]:
    """What each named override of the scenario not already chosen would break if it were
    chosen with ``--override`` (``study``: the scenario loaded with ``overrides``).

    Tables are read again only for an override that changes a table or the segments.
    """
    found: list[Problem] = []
    sets = list(sets)
    for name in override_names(source):
        if name in overrides:
            continue
        data, lines, problems = compose(source, overrides=[*overrides, name], sets=sets)
        scenario = None
        if not problems:
            scenario, problems = problems_from_validation(data, lines, str(source))
        if scenario is not None and any(
            getattr(scenario, k) != getattr(study.scenario, k)
            for k in ("regions", "workers", "budgets", "segments")
        ):
            problems = load_tables(scenario, lines)[1]
        found += [
            Problem(
                f"with --override {name}: {p.message}",
                file=p.file,
                line=p.line,
                key=p.key,
                value=p.value,
                hint=p.hint,
                has_value=p.has_value,
            )
            for p in problems
        ]
    return found
