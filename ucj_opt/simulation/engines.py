"""The two engines: a plain monthly loop (reference) and SimPy institutions.

Both run the same vectorised steps of :mod:`ucj_opt.simulation.state`; they differ in the
claims office. The reference engine approves every claim exactly ``claims_delay_months``
after it is filed. In the SimPy engine the office is a process with limited capacity
(claims per month per 1,000 insured) working its queue first come, first served, so a
benefit arrives after processing, later when the office is swamped. With capacity to
spare the two engines give identical numbers.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Generator
from typing import Any

import numpy as np
import simpy

from ucj_opt.simulation.households import household_month
from ucj_opt.simulation.result import SHOCK_EVENTS, Recorder
from ucj_opt.simulation.state import ClaimBatch, ReplicationState

__all__ = ["run_simpy", "run_vector"]


def _premium_month(s: ReplicationState, rec: Recorder, month: int) -> int:
    paying = s.premiums(month)
    per_group = s.by_group.sum(paying)
    price = s.inputs.premium_monthly[month // 12]
    rec.record_premiums(month, per_group * price)
    rec.record_events(month, "insured_worker_months", per_group)
    rec.record_events(month, "worker_months", s.by_group.sum(s.alive))
    return int(per_group.sum())


def _shock_month(s: ReplicationState, rec: Recorder, month: int) -> ClaimBatch:
    idx, code, claims = s.shocks(month)
    g = s.g_w
    n_groups = s.inputs.n_groups
    hit = np.bincount(code * n_groups + g[idx], minlength=len(SHOCK_EVENTS) * n_groups)
    hit = hit.astype(np.float64)
    for k, name in enumerate(SHOCK_EVENTS):
        rec.record_events(month, name, hit[k * n_groups : (k + 1) * n_groups])
    by_group = g[claims.workers]
    rec.record_events(month, "jkm_claims", np.bincount(by_group[claims.jkm], minlength=n_groups))
    rec.record_events(month, "jkk_claims", np.bincount(by_group[~claims.jkm], minlength=n_groups))
    return claims


def run_vector(s: ReplicationState, rec: Recorder) -> None:
    """Reference engine: one loop over months, claims approved after a fixed delay."""
    delay = s.inputs.institutions.claims_delay_months
    scheduled: dict[int, list[ClaimBatch]] = {}
    for month in range(s.inputs.months):
        if month % 12 == 0:
            s.start_year(month // 12)
        _premium_month(s, rec, month)
        scheduled.setdefault(month + delay, []).append(_shock_month(s, rec, month))
        for batch in scheduled.pop(month, []):
            s.approve(batch)
        household_month(s, month, rec)


def run_simpy(s: ReplicationState, rec: Recorder) -> None:
    """SimPy engine: budget cycle, premiums, shocks, claims office and households as
    processes that tick monthly (at fixed offsets within the month) on shared state."""
    env = simpy.Environment()
    months = s.inputs.months
    ins = s.inputs.institutions
    queue: deque[ClaimBatch] = deque()
    insured = [0]

    def ticking(offset: float, step: Callable[[int], None]) -> Generator[Any, Any, None]:
        yield env.timeout(offset)
        for month in range(months):
            step(month)
            yield env.timeout(1)

    def budget_cycle() -> Generator[Any, Any, None]:
        for year in range(s.inputs.years):
            s.start_year(year)
            yield env.timeout(12)

    def premiums(month: int) -> None:
        insured[0] = _premium_month(s, rec, month)

    def shocks(month: int) -> None:
        claims = _shock_month(s, rec, month)
        if len(claims):
            queue.append(claims)

    def claims_office(month: int) -> None:
        capacity = max(1, math.ceil(ins.claims_capacity_per_1000 * insured[0] / 1000))
        while queue and capacity > 0 and queue[0].filed + ins.claims_delay_months <= month:
            done, rest = queue.popleft().split(capacity)
            s.approve(done)
            capacity -= len(done)
            if len(rest):
                queue.appendleft(rest)

    def households(month: int) -> None:
        household_month(s, month, rec)

    env.process(budget_cycle())
    env.process(ticking(0.01, premiums))
    env.process(ticking(0.1, shocks))
    env.process(ticking(0.5, claims_office))
    env.process(ticking(0.9, households))
    env.run(until=months)
