"""The examples in the docstrings of the targets modules run (they are not public names
of ``ucj_opt``, so tests/test_docstrings.py does not reach them)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "ucj_opt.scenario.targets",
    "ucj_opt.scenario.target_check",
    "ucj_opt.targets.path",
    "ucj_opt.targets.award",
    "ucj_opt.targets.files",
    "ucj_opt.plot.targets",
    "ucj_opt.pipeline.standings",
    "ucj_opt.pipeline.targets_report",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # examples name files relative to the repository
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=True
    )
    assert result.attempted > 0, f"{name} has no example"
    assert result.failed == 0, f"{name}: {result.failed} example(s) failed"
