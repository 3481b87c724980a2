"""Every public name documents itself with an example, and every example runs."""

from __future__ import annotations

import doctest
import inspect
from pathlib import Path

import pytest

import ucj_opt

ROOT = Path(__file__).resolve().parents[1]
OBJECTS = [name for name in ucj_opt.__all__ if name != "__version__"]

SLOW_EXAMPLES = {"run_main_job"}
"""Examples that run a whole job (run with ``-m slow``)."""


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.slow) if n in SLOW_EXAMPLES else n for n in OBJECTS],
)
def test_public_name_has_a_numpydoc_example_that_runs(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    obj = getattr(ucj_opt, name)
    doc = inspect.getdoc(obj) or ""
    assert "Examples\n--------" in doc, f"{name} has no Examples section"
    if inspect.isfunction(obj):
        assert "Parameters\n----------" in doc and "Returns\n-------" in doc, name
    monkeypatch.chdir(ROOT)  # examples name files relative to the repository
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = [t for t in finder.find(obj, name, globs={}) if t.examples]
    assert tests, f"{name}: no runnable example"
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} example(s) failed (output above)"


@pytest.mark.parametrize("module", ["ucj_opt.allocate.writers"])
def test_examples_of_internal_modules_run(
    module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    monkeypatch.chdir(tmp_path)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(importlib.import_module(module), optionflags=flags)
    assert result.attempted and result.failed == 0, f"{module}: {result.failed} failed"
