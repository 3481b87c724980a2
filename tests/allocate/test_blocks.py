"""The independent blocks, solved side by side, give the whole LP's optimum."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.allocate.conftest import make_case
from ucj_opt.allocate import solve_tables
from ucj_opt.allocate.blocks import independent_blocks
from ucj_opt.allocate.stages import build_staged

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


def test_blocks_are_the_provinces() -> None:
    study, tables = _case([1.0, 1.0, 1.0], 0.3, 2, 1)
    f = build_staged(study.scenario, tables)
    blocks = independent_blocks(f, least=1)
    assert len(blocks) == len(PROVINCES)
    region = f.columns["region"].astype(str).str[:2].to_numpy()
    is_x = (f.columns["kind"] == "x").to_numpy()
    assert [len(set(region[b.columns[is_x[b.columns]]])) for b in blocks] == [1] * len(PROVINCES)
    # every column and every row in exactly one block
    cols = np.sort(np.concatenate([b.columns for b in blocks]))
    rows = np.sort(np.concatenate([b.rows for b in blocks]))
    assert np.array_equal(cols, np.arange(f.shape[1]))
    assert np.array_equal(rows, np.arange(f.shape[0]))
    # no row reaches outside its block
    for b in blocks:
        outside = np.setdiff1d(np.arange(f.shape[1]), b.columns)
        assert f.A[b.rows][:, outside].nnz == 0
    # packing: small components go together up to the size asked
    assert len(independent_blocks(f, least=f.shape[1])) == 1


def test_linking_objectives_are_one_block() -> None:
    study, tables = _case([1.0, 1.0, 1.0], 0.0, 1, 1)
    scenario = study.scenario
    linked = scenario.model_copy(
        update={"policy": scenario.policy.model_copy(update={"objective": "equity"})}
    )
    assert len(independent_blocks(build_staged(linked, tables), least=1)) == 1
    a = solve_tables(linked, tables, blocks=True)
    assert a.provenance.blocks == 0


def test_a_time_limit_holds_over_all_blocks() -> None:
    study, tables = _case([1.0, 1.0, 1.0], 0.3, 2, 3)
    scenario = study.scenario
    limited = scenario.model_copy(
        update={"solver": scenario.solver.model_copy(update={"time_limit": 30.0})}
    )
    split = solve_tables(limited, tables, blocks=True)
    whole = solve_tables(scenario, tables, blocks=False)
    assert split.provenance.blocks == len(PROVINCES)
    assert split.objective == pytest.approx(whole.objective, rel=1e-7)
    assert [s.value for s in split.stages] == pytest.approx([s.value for s in whole.stages])


def test_infeasible_block_makes_the_whole_infeasible() -> None:
    study, tables = _case([0.0, 0.0, 0.0], 0.0, 1, 5)
    scenario = study.scenario
    hard = scenario.model_copy(
        update={
            "policy": scenario.policy.model_copy(
                update={
                    "equity_floor": scenario.policy.equity_floor.model_copy(
                        update={"share": 0.9, "mode": "hard"}
                    )
                }
            )
        }
    )
    whole = solve_tables(hard, tables, blocks=False)
    split = solve_tables(hard, tables, blocks=True)
    assert whole.status.value == split.status.value == "infeasible"


def test_progress_hears_every_block_end() -> None:
    study, tables = _case([1.0, 1.0, 1.0], 0.0, 1, 5)
    heard: list[tuple[int, int]] = []
    solve_tables(study.scenario, tables, blocks=True, progress=lambda d, n: heard.append((d, n)))
    assert heard and heard[-1] == (len(PROVINCES), len(PROVINCES))
    assert [d for d, _ in heard] == sorted(d for d, _ in heard)
    whole: list[tuple[int, int]] = []
    solve_tables(study.scenario, tables, blocks=False, progress=lambda d, n: whole.append((d, n)))
    assert whole == []  # a model solved whole has no blocks to count
