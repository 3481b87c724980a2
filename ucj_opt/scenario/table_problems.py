"""Problems in a table said where the planner wrote them: the file and line of each
row, and one entry for many rows with the same problem in a column (a swapped header is
one problem, not hundreds), so that every problem is reported at once and still fits
a screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ucj_opt.errors import Problem

__all__ = ["MAX_ROWS_PER_PROBLEM", "Collector", "RawTable"]

MAX_ROWS_PER_PROBLEM = 8
"""Rows listed for one kind of problem before the rest are counted, to keep one screen."""
FOLD_AFTER = 3
"""More rows than this with one problem in one column are one entry (a swapped header
is two problems, not hundreds)."""


@dataclass
class RawTable:
    """A table as read, with a way to say where each row was written."""

    name: str
    frame: pd.DataFrame
    where: Callable[[int], tuple[str | None, int | None]]
    header_line: int = 1
    """Line (or sheet row) of the column names, for messages about columns."""
    decimal_comma: bool = False
    """Whether the file is an Excel export in a comma-decimal locale (``;`` separated,
    ``0,272``): numbers are read with ``,`` as the decimal mark and ``.`` for thousands."""


class Collector:
    """Gathers problems, folding the rows with the same problem in a column into one entry
    when there are more than ``FOLD_AFTER``."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.notes: list[str] = []
        self.readings: list[str] = []

    def rows(
        self,
        raw: RawTable,
        mask: np.ndarray | pd.Series,
        column: str,
        message: str,
        hint: str = "",
        values: pd.Series | None = None,
    ) -> None:
        idx = np.flatnonzero(np.asarray(mask))
        if not len(idx):
            return
        col = raw.frame[column] if values is None and column in raw.frame else values
        if len(idx) <= FOLD_AFTER:
            for i in idx:
                self.problems.append(self._one(raw, int(i), column, col, message, hint))
            return
        # one entry for the column: where it starts, how many rows, the first lines
        first = self._one(raw, int(idx[0]), column, col, message, hint)
        shown = [raw.where(int(i))[1] for i in idx[:FOLD_AFTER]]
        lines = ", ".join(str(n) for n in shown if n is not None)
        if len(raw.frame) > 1 and len(idx) == len(raw.frame):
            hint = (hint + "; " if hint else "") + (
                "every row fails here: check the header line (two columns swapped or misnamed?)"
            )
        self.problems.append(
            Problem(
                f"{message}; {len(idx)} rows of {raw.name} with the same problem in "
                f"'{column}'" + (f" (lines {lines}, ...)" if lines else ""),
                file=first.file,
                line=first.line,
                key=f"{raw.name}[{int(idx[0])}].{column}",
                value=first.value,
                has_value=first.has_value,
                hint=hint,
            )
        )

    @staticmethod
    def _one(
        raw: RawTable, i: int, column: str, col: pd.Series | None, message: str, hint: str
    ) -> Problem:
        file, line = raw.where(i)
        value = None if col is None else col.iloc[i]
        return Problem(
            message,
            file=file,
            line=line,
            key=f"{raw.name}[{i}].{column}",
            value=_plain(value),
            has_value=col is not None,
            hint=hint,
        )

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value
