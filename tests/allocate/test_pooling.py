"""Pooling segments gives the same optimum, and the split keeps every rule per segment."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.allocate.test_blocks import _case
from ucj_opt.allocate import solve_tables
from ucj_opt.allocate.pooling import pool_segments


@settings(max_examples=12, deadline=None)
@given(
    amounts=st.lists(st.floats(0.0, 3.0), min_size=3, max_size=3),
    floor=st.sampled_from([0.0, 0.5]),
    years=st.integers(1, 3),
    seed=st.integers(0, 10_000),
)
def test_pooled_equals_per_segment(
    amounts: list[float], floor: float, years: int, seed: int
) -> None:
    study, tables = _case(amounts, floor, years, seed)
    scenario = study.scenario
    assert pool_segments(scenario, tables) is not None
    whole = solve_tables(scenario, tables, pool=False, blocks=False)
    pooled = solve_tables(scenario, tables)
    assert pooled.provenance.segments_pooled is True
    assert pooled.objective == pytest.approx(whole.objective, rel=1e-7, abs=1e-6)
    assert pooled.table["premiums"].sum() == pytest.approx(whole.table["premiums"].sum(), rel=1e-6)
    cells = pooled.table.groupby(["region", "segment", "year"])[
        ["enrolled", "enrolled_extreme_poor"]
    ].sum()
    caps = tables.workers.set_index(["region", "segment"])
    joined = cells.join(caps, on=["region", "segment"])
    assert (joined["enrolled"] <= joined["eligible"] + 1e-6).all()
    assert (joined["enrolled_extreme_poor"] <= joined["extreme_poor"] + 1e-6).all()
    if years > 1:  # continuity holds per segment
        by_year = cells["enrolled"].unstack("year")
        assert (by_year.diff(axis=1).iloc[:, 1:] >= -1e-6).all().all()


def test_weights_that_differ_keep_segments_apart() -> None:
    study, tables = _case([1.0, 1.0, 1.0], 0.0, 1, 3)
    scenario = study.scenario
    weighted = scenario.model_copy(
        update={
            "policy": scenario.policy.model_copy(update={"objective": "weighted"}),
            "segments": [
                s.model_copy(update={"weight": w})
                for s, w in zip(scenario.segments, (1.0, 2.0, 1.0, 1.0), strict=False)
            ],
        }
    )
    assert pool_segments(weighted, tables) is None
