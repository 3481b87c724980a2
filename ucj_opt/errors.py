"""Errors meant for people: each says where, what was wrong, and how to fix it.

The command line turns a :class:`UserError` into a one-screen message and its exit code;
a traceback is only ever a bug. Exit codes: 2 bad input, 3 infeasible allocation, 4 no
solution (the solver stopped, e.g. at its time limit, before finding one), 5 the results
could not be written (disk full, no permission), 130 interrupted (Ctrl-C).

A message echoes at most a short prefix of any value, so a 100 KB value in a scenario
never floods the terminal (:func:`clip`, :func:`one_screen`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "InfeasibleError",
    "NoSolutionError",
    "OutputError",
    "Problem",
    "ScenarioError",
    "UserError",
    "clip",
    "one_screen",
]

SCREEN_LINES = 60
"""Most lines a message takes on the terminal."""
SCREEN_WIDTH = 200
"""Most characters of one line of a message."""
SHOWN_PROBLEMS = 15
"""Problems listed in full by :meth:`ScenarioError.render` (the rest are counted)."""


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, marked with '...' when cut."""
    return text if len(text) <= limit else text[: max(limit - 3, 0)] + "..."


_LONG_WORD = re.compile(r"\S{41,}")


def _clip_words(text: str, limit: int = 300) -> str:
    """Long unbroken runs (an echoed value, a path) cut to 40 characters, the whole text
    to ``limit``."""
    return clip(_LONG_WORD.sub(lambda m: clip(m.group(0), 40), text), limit)


def one_screen(text: str) -> str:
    """A message fitted to one screen: lines cut to ``SCREEN_WIDTH`` characters, at most
    ``SCREEN_LINES`` lines."""
    lines = [clip(line, SCREEN_WIDTH) for line in text.splitlines()]
    if len(lines) > SCREEN_LINES:
        cut = len(lines) - SCREEN_LINES + 1
        lines = [*lines[: SCREEN_LINES - 1], f"... ({cut} more lines not shown)"]
    return "\n".join(lines)


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
        if len(where) > 80:  # keep the end of a long path: the file name
            where = "..." + where[-77:]
        if self.line:  # lines count from 1: 0 (a --set, an embedded table) is no line
            where += f":{self.line}"
        head = f"{where}: {clip(self.key, 60)}" if self.key else where
        if self.has_value:
            head += f" = {_short(self.value)}"
        text = f"  - {head}\n      {_clip_words(self.message)}"
        if self.hint:
            text += f"\n      hint: {_clip_words(self.hint)}"
        return text


def _short(value: object, limit: int = 40) -> str:
    if isinstance(value, str | bytes) and len(value) > 4 * limit:
        value = value[: 4 * limit]  # repr of a huge value is never built
    return clip(repr(value), limit)


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

    def __reduce__(self) -> tuple[type[ScenarioError], tuple[list[Problem]]]:
        return (type(self), (self.problems,))  # pickled whole, e.g. from a worker process

    def render(self, limit: int | None = SHOWN_PROBLEMS) -> str:
        """Every problem (the first ``limit`` in full, the rest counted)."""
        n = len(self.problems)
        head = f"The scenario has {n} problem{'s' if n != 1 else ''}:"
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [head, *(p.render() for p in shown)]
        if len(shown) < n:
            lines.append(
                f"  ... and {n - len(shown)} more problems not shown: fix these first, or "
                "list every one with 'ucj-opt validate --all'"
            )
        return "\n".join(lines)


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


class NoSolutionError(UserError):
    """The solver stopped without a solution (time limit reached first, or a numerical
    failure); exit code 4. Nothing is written.

    Examples
    --------
    >>> import ucj_opt
    >>> ucj_opt.errors.NoSolutionError("stopped").exit_code
    4
    """

    exit_code = 4


class OutputError(UserError):
    """The results could not be written (disk full, read-only, no permission); exit code 5.

    Examples
    --------
    >>> import ucj_opt
    >>> ucj_opt.errors.OutputError("disk full").exit_code
    5
    """

    exit_code = 5
