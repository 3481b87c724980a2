"""Errors meant for people: each says where, what was wrong, and how to fix it.

The command line turns a :class:`UserError` into a one-screen message and its exit code
(2 for bad input, 3 for an infeasible allocation); a traceback is only ever a bug.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["InfeasibleError", "Problem", "ScenarioError", "UserError"]


class UserError(ValueError):
    """An error caused by the input, not by ucj_opt; shown without a traceback.

    A ``ValueError``, so code that guards a call with ``except ValueError`` also catches
    a bad scenario.

    Examples
    --------
    >>> import ucj_opt
    >>> issubclass(ucj_opt.ScenarioError, ucj_opt.UserError), ucj_opt.UserError.exit_code
    (True, 2)
    """

    exit_code = 2

    def render(self) -> str:
        """The message as shown on the terminal."""
        return str(self)


@dataclass(frozen=True)
class Problem:
    """One problem in a scenario or one of its tables."""

    message: str
    """What is wrong, in plain words."""
    file: str | None = None
    """File the problem is in."""
    line: int | None = None
    """1-based line (of the YAML file, or of the table file counting its header as line 1)."""
    key: str = ""
    """Key path, e.g. ``policy.equity_floor.share`` or ``workers[12].eligible``."""
    value: object = None
    """The offending value, when there is one."""
    hint: str = ""
    """How to fix it."""
    has_value: bool = False
    """Whether ``value`` was given (it may legitimately be ``None``)."""

    def render(self) -> str:
        where = self.file or "<scenario>"
        if self.line is not None:
            where += f":{self.line}"
        head = f"{where}: {self.key}" if self.key else where
        if self.has_value:
            head += f" = {_short(self.value)}"
        text = f"  - {head}\n      {self.message}"
        if self.hint:
            text += f"\n      hint: {self.hint}"
        return text


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ScenarioError(UserError):
    """Every problem found in a scenario, reported at once.

    Examples
    --------
    >>> import ucj_opt
    >>> try:
    ...     ucj_opt.load_scenario("embedded:national", sets=["policy.objectve=min_cost"])
    ... except ucj_opt.ScenarioError as exc:
    ...     print(exc.problems[0].message, "|", exc.problems[0].hint)
    'objectve' is not a field of policy | did you mean 'objective'?
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        n = len(self.problems)
        head = f"The scenario has {n} problem{'s' if n != 1 else ''}:"
        return "\n".join([head, *(p.render() for p in self.problems)])


class InfeasibleError(UserError):
    """The allocation has no solution under the scenario's rules; the message says why.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario(
    ...     "scenarios/kabupaten_ppu.yaml",
    ...     overrides=["one_year"],
    ...     sets=["policy.equity_floor={share: 100%, mode: hard}", "budget_scale=0.01"],
    ... )
    >>> try:
    ...     ucj_opt.solve(study).raise_if_infeasible()
    ... except ucj_opt.InfeasibleError as exc:
    ...     print(exc.exit_code, str(exc).splitlines()[0])
    3 The allocation is infeasible:
    """

    exit_code = 3
