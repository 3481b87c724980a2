"""The province-block path gives the same optimum as the whole LP."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.allocate.conftest import make_case
from ucj_opt.allocate import solve_tables
from ucj_opt.allocate.blocks import province_blocks

PROVINCES = ("11", "32", "64", "94")


def _case(draw_amounts: list[float], floor: float, years: int, seed: int):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    regions, workers, budgets = [], [], []
    for p in PROVINCES:
        regions.append((p, "province", ""))
        for k in (1, 2):
            kab = f"{p}.0{k}"
            regions.append((kab, "kabkota", p))
            for v in (1, 2):
                desa = f"{kab}.01.200{v}"
                regions.append((desa, "desa", kab))
                for seg in ("farmer", "fisher"):
                    eligible = int(rng.integers(50, 500))
                    workers.append((desa, seg, eligible, int(rng.integers(0, eligible // 3))))
                    for y in range(years):
                        budgets.append((desa, 2026 + y, "apbdes", float(rng.uniform(0, 2e7))))
            for y in range(years):
                budgets.append((kab, 2026 + y, "apbd_kabkota", draw_amounts[k] * 1e8))
        for y in range(years):
            budgets.append((p, 2026 + y, "apbd_provinsi", draw_amounts[0] * 1e8))
    return make_case(
        regions,
        workers,
        budgets,
        horizon={"start_year": 2026, "years": years},
        policy={"equity_floor": {"share": floor, "mode": "soft"}},
        cofinancing={"province_max_share": 0.6},
    )


@settings(max_examples=12, deadline=None)
@given(
    amounts=st.lists(st.floats(0.0, 3.0), min_size=3, max_size=3),
    floor=st.sampled_from([0.0, 0.3, 0.8]),
    years=st.integers(1, 2),
    seed=st.integers(0, 10_000),
)
@pytest.mark.slow
def test_blocks_equal_the_whole_model(
    amounts: list[float], floor: float, years: int, seed: int
) -> None:
    study, tables = _case(amounts, floor, years, seed)
    scenario = study.scenario
    assert province_blocks(scenario, tables) is not None
    whole = solve_tables(scenario, tables, blocks=False)
    split = solve_tables(scenario, tables, blocks=True)
    assert split.status is whole.status
    assert split.objective == pytest.approx(whole.objective, rel=1e-7, abs=1e-6)
    assert split.provenance.blocks == len(PROVINCES)
    assert len(split.budgets) == len(whole.budgets)  # every pool reported once
    assert split.budgets["used"].sum() == pytest.approx(whole.budgets["used"].sum(), rel=1e-6)
    extreme = ["region", "year"]
    pa = whole.table.groupby(extreme)["enrolled_extreme_poor"].sum()
    pb = split.table.groupby(extreme)["enrolled_extreme_poor"].sum()
    assert pb.sum() == pytest.approx(pa.sum(), rel=1e-7, abs=1e-6)


def test_linking_objectives_are_solved_whole() -> None:
    study, tables = _case([1.0, 1.0, 1.0], 0.0, 1, 1)
    scenario = study.scenario
    linked = scenario.model_copy(
        update={"policy": scenario.policy.model_copy(update={"objective": "equity"})}
    )
    assert province_blocks(linked, tables) is None
    limited = scenario.model_copy(
        update={"solver": scenario.solver.model_copy(update={"time_limit": 10.0})}
    )
    assert province_blocks(limited, tables) is None
