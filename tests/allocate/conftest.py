"""Small allocation scenarios built directly from DataFrames (no files)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from ucj_opt.scenario import Scenario, Study
from ucj_opt.scenario.tables import Tables


def make_case(
    regions: list[tuple[str, str, str]],
    workers: list[tuple[str, str, int, int]],
    budgets: list[tuple[str, int, str, float]],
    **settings: Any,
) -> tuple[Study, Tables]:
    """regions: (code, level, parent); workers: (region, segment, eligible, extreme_poor);
    budgets: (region, year, source, amount). ``settings`` go into the scenario mapping.
    Returns the study and its tables (as the engines see them)."""
    reg = pd.DataFrame(
        [
            {
                "code": c,
                "name": f"Region {c}",
                "level": lvl,
                "parent": par,
                "population": 1000,
                "poverty_rate": 0.1,
                "extreme_poverty_rate": 0.01,
            }
            for c, lvl, par in regions
        ]
    ).set_index("code")
    wk = pd.DataFrame(workers, columns=["region", "segment", "eligible", "extreme_poor"])
    wk[["eligible", "extreme_poor"]] = wk[["eligible", "extreme_poor"]].astype("int64")
    bd = pd.DataFrame(budgets, columns=["region", "year", "source", "amount"])
    bd["amount"] = bd["amount"].astype(float)
    bd["year"] = bd["year"].astype(int)
    data: dict[str, Any] = {
        "regions": {"rows": [{"code": "0"}]},
        "workers": {"rows": [{"region": "0"}]},
        "budgets": {"rows": [{"region": "0"}]},
    }
    data.update(settings)
    scenario = Scenario.model_validate(data)
    study = Study(scenario, Tables(regions=reg, workers=wk, budgets=bd))
    return study, study.tables


Case = tuple[str, str, str]

PPU_REGIONS = [("64", "province", ""), ("64.09", "kabkota", "64")]


@pytest.fixture
def ppu() -> tuple[Study, Tables]:
    """Kab. Penajam Paser Utara, APBD 2025: Rp 3 miliar, minimum package (REFERENCE §2)."""
    return make_case(
        PPU_REGIONS,
        [("64.09", "informal", 20_614, 15_000)],
        [("64.09", 2025, "apbd_kabkota", 3e9)],
        horizon={"start_year": 2025, "years": 1},
    )
