"""The household month: benefits arrive, households cope, poverty is counted.

Coping keeps monotonicity on purpose: more money (a benefit, less out-of-pocket cost)
never lowers savings, never raises debt and never lowers consumption, so a larger benefit
can never raise anyone's poverty (a property test checks it). Lump sums go to savings;
consumption draws savings first, then debt up to a limit; debt is serviced each month.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ucj_opt.simulation import benefits as bn
from ucj_opt.simulation.result import Recorder
from ucj_opt.simulation.state import ReplicationState

__all__ = ["household_month"]

_F = NDArray[np.float64]


def _accrue(s: ReplicationState, month: int) -> _F:
    """STMB and scholarships of this month: paid now if approved, else held."""
    rules = s.inputs.benefits
    amount = np.zeros(len(s.alive))
    in_ti = s.stmb & (month < s.ti_until) & s.alive
    if in_ti.any():
        amount[in_ti] = bn.stmb_monthly(rules, month - s.ti_start[in_ti]) * rules.scale
    sch = month < s.sch_until
    amount[sch] += s.sch_monthly[sch]
    ok = np.where(in_ti, s.stmb_ok, True) & np.where(sch, s.sch_ok, True)
    s.held += np.where(ok, 0.0, amount)
    return np.where(ok, amount, 0.0)


def household_month(s: ReplicationState, month: int, rec: Recorder) -> None:
    """Pay approved claims, let households cope, and record the month's poverty."""
    hh, pop = s.inputs.household, s.pop
    paid = np.zeros_like(s.savings)
    paid[1] = _accrue(s, month) + s.release
    s.release.fill(0.0)
    s.savings += paid
    # Savings above the household's usual buffer pay debt off first.
    payoff = np.minimum(s.debt, np.maximum(s.savings - pop.savings, 0.0))
    s.savings -= payoff
    s.debt -= payoff
    working = (month >= s.ti_until) & s.alive
    factor = s.perm_factor * working
    factor = np.where(month < s.ll_until, factor * (1.0 - s.inputs.livelihood_income_loss), factor)
    earned = pop.other_income + pop.worker_income * factor
    need = pop.consumption_pc * s.size
    service = hh.debt_service_share * s.debt
    debt = s.debt - service
    cash = earned - s.oop - service
    room = np.maximum(s.debt_limit - debt, 0.0)
    consumption = np.maximum(np.minimum(need, cash + s.savings + room), 0.0)
    drawn = consumption - cash
    from_savings = np.clip(drawn, 0.0, s.savings)
    s.savings += np.where(drawn < 0, -drawn, -from_savings)
    s.debt = debt + np.maximum(drawn - from_savings, 0.0)
    # Poverty accounting (persons in living households).
    size = s.size.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        pc = np.where(size > 0, consumption / np.where(size > 0, size, 1.0), np.inf)
    poor = pc < hh.poverty_line
    extreme = pc < hh.extreme_line
    gap = np.maximum(1.0 - pc / hh.poverty_line, 0.0)
    persons = np.broadcast_to(size, poor.shape)
    values = {
        "persons": persons,
        "poor": poor * size,
        "extreme_poor": extreme * size,
        "gap": gap * size,
        "severity": gap * gap * size,
        "entries": (poor & ~s.poor_prev) * size,
        "exits": (~poor & s.poor_prev) * size,
        "impoverished_by_shock": (poor & ~s.base_poor & s.shocked) * size,
        "benefits_paid": paid,
        "oop_paid": s.oop,
        "debt": s.debt,
    }
    rec.record_arms(month, values)
    s.poor_prev = poor
