"""The household month: incomes move, benefits arrive, households cope, poverty is counted.

Income. A household's per-capita income follows its region's log-normal, moved by a trend
(``Dynamics.growth_per_year``) and a stationary AR(1) position z: the cross-section stays
the calibrated log-normal (shifted by the trend), while households enter and leave
poverty with the persistence of Indonesian panels. Its eligible workers earn
``eligible_income_share`` of its income, in equal parts; accidents, deaths and livelihood
losses cut their part.

Coping (one documented rule, parameters in ``Household``):
- the household aims to consume its *usual* income: its income without the transitory
  losses (temporary incapacity, livelihood loss); a death or disability lowers it for good;
- a lump-sum benefit first pays off debt; the rest goes into a fund spent at
  1/``lump_sum_spread_months`` of what is left each month, on top of the usual income
  (so a benefit raises consumption, also for a household that was already poor);
- STMB replaces lost wages; a scholarship is spent on schooling (counted as consumption);
- when cash falls short of the aim, savings are drawn first, then debt up to a limit;
  a surplus repays debt, then adds to savings; debt is serviced each month.

The rule is monotone on purpose: more money never lowers savings, never raises debt and
never lowers consumption, so a larger benefit cannot raise anyone's poverty (a property
test checks it).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ucj_opt.simulation import benefits as bn
from ucj_opt.simulation.result import HOUSEHOLD_METRICS, Recorder
from ucj_opt.simulation.state import ReplicationState

__all__ = ["household_month"]

_F = NDArray[np.float64]


def _incomes(s: ReplicationState, month: int) -> tuple[_F, _F]:
    """(income this month, usual income) of every household, before benefits."""
    dyn, inp = s.inputs.dynamics, s.inputs
    rho = dyn.persistence_per_year ** (1.0 / 12.0)
    if month > 0:
        s.z *= rho
        s.z += np.sqrt(1.0 - rho * rho) * s._xi[month % 12]
    latent = np.exp(s.mu + s.sigma * s.z + dyn.growth_per_year * month / 12.0) * s.size0
    working = s.alive & (month >= s.ti_until)
    factor = s.perm_factor * working
    factor = np.where(month < s.ll_until, factor * (1.0 - inp.livelihood_income_loss), factor)
    house = s.pop.worker_household
    n = s.n_households
    now = np.bincount(house, weights=factor, minlength=n) / s.k
    usual = np.bincount(house, weights=s.perm_factor * s.alive, minlength=n) / s.k
    rest = 1.0 - s.share
    return latent * (rest + s.share * now), latent * (rest + s.share * usual)


def _benefit_flows(s: ReplicationState, month: int) -> tuple[_F, _F, _F]:
    """STMB, scholarships and scholarship children of this month (arm 'with'): paid when
    approved, else held until the claim is approved."""
    rules, hh = s.inputs.benefits, s.inputs.household
    n = s.n_households
    in_ti = s.stmb & (month < s.ti_until) & s.alive
    stmb = np.zeros(n)
    if in_ti.any():
        amount = bn.stmb_monthly(rules, month - s.ti_start[in_ti]) * rules.scale
        held = ~s.stmb_ok[in_ti]
        house = s.pop.worker_household[in_ti]
        np.add.at(s.held, house[held], amount[held])
        np.add.at(stmb, house[~held], amount[~held])
    school = np.zeros(n)
    children = np.zeros(n)
    active = np.flatnonzero(s.sch_active)
    if len(active):
        ages = s.child_age[active]
        level = bn.school_level(ages)
        part = np.asarray(hh.school_participation)[np.maximum(level, 0)]
        in_school = (level >= 0) & (s.pop.child_propensity[active] < part)
        amount = bn.scholarship_monthly(rules, ages, in_school) * rules.scale
        ok = s.sch_ok[active]
        s.held[active[~ok]] += amount[~ok]
        school[active[ok]] = amount[ok]
        count = in_school[:, : rules.scholarship_children_max].sum(axis=1)
        children[active[ok]] = np.where(amount[ok] > 0, count[ok], 0)
    return stmb, school, children


def household_month(s: ReplicationState, month: int, rec: Recorder) -> None:
    """Move incomes, pay approved claims, let households cope, record the month."""
    hh = s.inputs.household
    income, usual = _incomes(s, month)
    stmb, school, children = _benefit_flows(s, month)
    lump = np.zeros_like(s.debt)
    lump[1] = s.release
    s.release.fill(0.0)
    repaid = np.minimum(s.debt, lump)
    s.debt -= repaid
    s.fund += lump - repaid
    spend = s.fund / hh.lump_sum_spread_months
    s.fund -= spend
    service = hh.debt_service_share * s.debt
    s.debt -= service
    extra_cash = np.zeros_like(s.debt)
    extra_cash[1] = stmb + school
    extra_aim = np.zeros_like(s.debt)
    extra_aim[1] = school
    cash = income - s.oop + spend - service + extra_cash
    aim = usual + spend + extra_aim
    surplus = np.maximum(cash - aim, 0.0)
    short = np.maximum(aim - cash, 0.0)
    pay = np.minimum(surplus, s.debt)
    s.debt -= pay
    s.savings += surplus - pay
    from_savings = np.minimum(short, s.savings)
    s.savings -= from_savings
    from_debt = np.minimum(short - from_savings, np.maximum(s.debt_limit - s.debt, 0.0))
    s.debt += from_debt
    consumption = np.maximum(aim - (short - from_savings - from_debt), 0.0)
    _record(s, month, rec, consumption, lump[1] + stmb + school, children)


_ROW = {name: i for i, name in enumerate(HOUSEHOLD_METRICS)}


def _record(
    s: ReplicationState, month: int, rec: Recorder, consumption: _F, paid: _F, children: _F
) -> None:
    """Fill this month's household figures (both arms) and hand them to the recorder."""
    hh = s.inputs.household
    size = s.size.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        pc = np.where(size > 0, consumption / np.where(size > 0, size, 1.0), np.inf)
    poor = pc < hh.poverty_line
    extreme = pc < hh.extreme_line
    gap = np.maximum(1.0 - pc / hh.poverty_line, 0.0)
    egap = np.maximum(1.0 - pc / hh.extreme_line, 0.0)
    v = s.record_buffer
    v[_ROW["persons"]] = size
    np.multiply(poor, size, out=v[_ROW["poor"]])
    np.multiply(extreme, size, out=v[_ROW["extreme_poor"]])
    np.multiply(pc < hh.destitution_share * hh.extreme_line, size, out=v[_ROW["destitute"]])
    np.multiply(gap, size, out=v[_ROW["gap"]])
    np.multiply(gap, v[_ROW["gap"]], out=v[_ROW["severity"]])
    np.multiply(egap, size, out=v[_ROW["extreme_gap"]])
    np.multiply(egap, v[_ROW["extreme_gap"]], out=v[_ROW["extreme_severity"]])
    np.multiply(poor & ~s.poor_prev, size, out=v[_ROW["entries"]])
    np.multiply(~poor & s.poor_prev, size, out=v[_ROW["exits"]])
    np.multiply(extreme & ~s.extreme_prev, size, out=v[_ROW["extreme_entries"]])
    np.multiply(~extreme & s.extreme_prev, size, out=v[_ROW["extreme_exits"]])
    v[_ROW["households"]] = 1.0
    v[_ROW["no_savings"]] = s.savings <= 0.0
    v[_ROW["debt_limit_reached"]] = (s.debt_limit > 0) & (s.debt >= 0.999 * s.debt_limit)
    v[_ROW["debt"]] = s.debt
    v[_ROW["benefits_paid"], 0] = 0.0
    v[_ROW["benefits_paid"], 1] = paid
    v[_ROW["oop_paid"]] = s.oop
    v[_ROW["scholarship_children"], 0] = 0.0
    v[_ROW["scholarship_children"], 1] = children
    rec.record_households(month, v)
    s.poor_prev = poor
    s.extreme_prev = extreme
