"""The code stays clean: ruff (lint and format) and mypy (strict) run as part of the tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("ruff") is None and sys.platform == "win32", reason="no ruff")
def test_ruff_is_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "ucj_opt", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("ruff") is None and sys.platform == "win32", reason="no ruff")
def test_ruff_format_is_clean() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "format",
            "--check",
            "ucj_opt",
            "tests",
            "benchmarks",
            "notebooks",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_is_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_help_is_fast() -> None:
    """``ucj-opt --help`` imports no heavy library (goal: answers in under 0.5 s)."""
    code = (
        "import sys, ucj_opt.cli as c\n"
        "c.build_parser()\n"
        "heavy = [m for m in ('pandas', 'numpy', 'pulp', 'simpy', 'matplotlib', 'dask', "
        "'pydantic', 'scipy') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "", f"imported at start-up: {proc.stdout}"
