"""Shared fixtures: small, real scenario files written to a temporary folder; Hypothesis
profiles.

Hypothesis profiles, chosen by ``HYPOTHESIS_PROFILE``: ``ci`` (the default) is
derandomized, so every run tries the same examples, and modest; ``dev`` tries more,
randomly, and keeps failures in the example database; ``fuzz-long`` is the release
campaign of ``tests/fuzz`` (random, 900 cases for each of its 12 items). A test's own
``@settings(...)`` overrides only what it names (e.g. ``max_examples``) and takes the rest from the profile,
because this file is imported before any test module is.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile(
    "ci", derandomize=True, max_examples=30, deadline=None, print_blob=True, database=None
)
settings.register_profile("dev", max_examples=200, deadline=None, print_blob=True)
settings.register_profile(
    "fuzz-long", max_examples=900, deadline=None, print_blob=True, database=None
)  # the release campaign of tests/fuzz: 12 items × 900 cases (docs/reliability.md)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")

REGIONS_CSV = """\
code,name,population,poverty_rate,extreme_poverty_rate
64,Kalimantan Timur,4123303,0.0517,0.004
64.09,Kab. Penajam Paser Utara,190000,0.07,0.006
64.09.01,Penajam,40000,0.07,0.006
64.09.01.2020,Giri Mukti,3000,0.08,0.01
64.09.01.2021,Bukit Subur,2500,0.09,0.012
64.09.01.1001,Tanjung Tengah,5000,0.05,0.004
"""

WORKERS_CSV = """\
region,segment,eligible,extreme_poor
64.09.01.2020,farmer,400,60
64.09.01.2020,fisher,120,30
64.09.01.2021,farmer,350,70
64.09.01.1001,informal,900,40
"""

BUDGETS_CSV = """\
region,year,source,amount
64,2026,apbd_provinsi,Rp 20 juta
64.09,2026,apbd_kabkota,Rp 100 juta
64.09.01.2020,2026,apbdes,Rp 5 juta
64.09.01.2021,2026,apbdes,5000000
"""

SCENARIO_YAML = """\
name: Small test kabupaten
description: Synthetic desa for tests.
horizon:
  start_year: 2026
  years: 1
regions:
  file: regions.csv
workers:
  file: workers.csv
budgets:
  file: budgets.csv
package:
  declared_income: Rp 1 juta
policy:
  objective: max_extreme_poor
  equity_floor:
    share: 0.1
    mode: soft
overrides:
  strict_floor:
    policy:
      equity_floor:
        mode: hard
"""


def write_scenario(folder: Path, **files: str) -> Path:
    """Write the small scenario (with any file replaced) and return the YAML path."""
    contents = {
        "scenario.yaml": SCENARIO_YAML,
        "regions.csv": REGIONS_CSV,
        "workers.csv": WORKERS_CSV,
        "budgets.csv": BUDGETS_CSV,
    }
    contents.update({k.replace("__", "."): textwrap.dedent(v) for k, v in files.items()})
    for name, text in contents.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "scenario.yaml"


@pytest.fixture
def small_scenario(tmp_path: Path) -> Path:
    """Path to a valid small kabupaten scenario with desa-level workers."""
    return write_scenario(tmp_path)
