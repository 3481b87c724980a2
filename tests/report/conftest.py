"""Fixtures of the report tests; sample tables live in report_samples.py (importable here)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def reports() -> dict[str, str]:
    """The sample report rendered once per language (drawing its charts is the slow part)."""
    from report_samples import sample_content

    from ucj_opt.report import render_report

    content = sample_content(dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC))
    return {lang: render_report(content, lang) for lang in ("en", "id")}
