"""The progress line of a long allocation: silent for quick solves, a line per block in
a log, rewritten in place on a terminal, in either language."""

from __future__ import annotations

import io

import pytest

from ucj_opt.cli import solve_progress
from ucj_opt.cli.solve_progress import SolveProgress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _at(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    monkeypatch.setattr(solve_progress.time, "monotonic", lambda: seconds)


def test_quick_solves_print_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    _at(monkeypatch, 100.0)
    log = io.StringIO()
    p = SolveProgress("en", log)
    _at(monkeypatch, 101.5)
    p(1, 2)
    p(2, 2)
    p.close()
    assert log.getvalue() == ""


def test_a_log_gets_a_line_per_block_end(monkeypatch: pytest.MonkeyPatch) -> None:
    _at(monkeypatch, 0.0)
    log = io.StringIO()
    p = SolveProgress("en", log)
    _at(monkeypatch, 125.0)
    p(3, 34)
    p(3, 34)  # no block ended: nothing new in a log
    p(4, 34)
    p.close()
    assert log.getvalue().splitlines() == [
        "solving: 3 of 34 independent blocks done, 02:05",
        "solving: 4 of 34 independent blocks done, 02:05",
    ]


def test_a_terminal_line_is_rewritten_then_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    _at(monkeypatch, 0.0)
    screen = _Terminal()
    p = SolveProgress("id", screen)
    _at(monkeypatch, 3.0)
    p(0, 2)
    _at(monkeypatch, 4.0)
    p(0, 2)
    p.close()  # stopped (Ctrl-C): the line is ended so the error starts on its own
    assert screen.getvalue() == (
        "\rmenyelesaikan: 0 dari 2 blok independen selesai, 00:03"
        "\rmenyelesaikan: 0 dari 2 blok independen selesai, 00:04\n"
    )


def test_elapsed_time_reads_as_a_clock() -> None:
    from ucj_opt.text.formatting import format_clock

    assert [format_clock(s) for s in (0, 59.6, 192, 3792.4)] == [
        "00:00",
        "01:00",
        "03:12",
        "1:03:12",
    ]
