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
from ucj_opt.simulation.result import POVERTY_METRICS, RECORDED_ROWS, Recorder
from ucj_opt.simulation.state import ReplicationState

__all__ = ["household_month"]

_F = NDArray[np.float64]

_ROW = {row: i for i, row in enumerate(RECORDED_ROWS)}
_BOTH = {m: slice(i, i + 2) for (m, arm), i in _ROW.items() if arm == 0 and (m, 1) in _ROW}
"""Metrics recorded in both arms: their two rows, which come one after the other."""
if any(_ROW[m, 1] != rows.start + 1 for m, rows in _BOTH.items()):
    raise ImportError("RECORDED_ROWS must list a metric's two arms one after the other")
_POV = {name: i for i, name in enumerate(POVERTY_METRICS)}


def _incomes(s: ReplicationState, month: int) -> tuple[_F, _F]:
    """(income this month, usual income) of every household, before benefits.

    The usual income is the latent income times the household's kept ``usual_mult``;
    this month's differs from it only in households with a spell under way
    (``spell_until``), whose workers alone are summed again.
    """
    dyn, inp = s.inputs.dynamics, s.inputs
    rho = dyn.persistence_per_year ** (1.0 / 12.0)
    latent, income, usual = s.incomes
    if month > 0:
        s.z *= rho
        s.z += np.multiply(s._xi[month % 12], np.sqrt(1.0 - rho * rho), out=latent)
    np.multiply(s.sigma, s.z, out=latent)
    latent += s.mu
    latent += dyn.growth_per_year * month / 12.0
    np.exp(latent, out=latent)
    latent *= s.size0
    np.copyto(income, s.usual_mult)
    spell = np.flatnonzero(s.spell_until > month)
    if len(spell):
        idx, local = s.workers_of(spell)
        factor = s.perm_factor[idx] * (s.alive[idx] & (month >= s.ti_until[idx]))
        lost = month < s.ll_until[idx]
        factor[lost] = factor[lost] * (1.0 - inp.livelihood_income_loss)
        now = np.bincount(local, weights=factor, minlength=len(spell))
        income[spell] = s.rest[spell] + s.share[spell] * (now / s.k[spell])
    income *= latent
    np.multiply(latent, s.usual_mult, out=usual)
    return income, usual


def _benefit_flows(s: ReplicationState, month: int) -> tuple[_F, _F]:
    """STMB and scholarships of this month (arm 'with'): paid when approved, else held
    until the claim is approved. Scholarship children go straight to the record."""
    rules, hh = s.inputs.benefits, s.inputs.household
    stmb, school = s.flows
    children = s.record_buffer[_ROW["scholarship_children", 1]]
    for row in (stmb, school, children):
        row.fill(0.0)
    claimants = np.flatnonzero(s.stmb)  # a few in a thousand workers
    in_ti = claimants[(month < s.ti_until[claimants]) & s.alive[claimants]]
    if len(in_ti):
        amount = bn.stmb_monthly(rules, month - s.ti_start[in_ti]) * rules.scale
        held = ~s.stmb_ok[in_ti]
        house = s.pop.worker_household[in_ti]
        np.add.at(s.held, house[held], amount[held])
        np.add.at(stmb, house[~held], amount[~held])
        s.benefited[house[~held]] = True
    active = np.flatnonzero(s.sch_active)
    if len(active):
        # A household's scholarship changes only with its children's ages, once a year:
        # worked out when it opens and at the start of each year.
        if s.sch_year != month // 12:
            s.sch_year = month // 12
            s.sch_known.fill(False)
        new = active[~s.sch_known[active]]
        if len(new):
            ages = s.child_age[new]
            level = bn.school_level(ages)
            part = np.asarray(hh.school_participation)[np.maximum(level, 0)]
            in_school = (level >= 0) & (s.pop.child_propensity[new] < part)
            s.sch_amount[new] = bn.scholarship_monthly(rules, ages, in_school) * rules.scale
            s.sch_children[new] = in_school[:, : rules.scholarship_children_max].sum(axis=1)
            s.sch_known[new] = True
        amount, count = s.sch_amount[active], s.sch_children[active]
        ok = s.sch_ok[active]
        s.held[active[~ok]] += amount[~ok]
        school[active[ok]] = amount[ok]
        s.benefited[active[ok]] = True
        children[active[ok]] = np.where(amount[ok] > 0, count[ok], 0)
    return stmb, school


def household_month(s: ReplicationState, month: int, rec: Recorder) -> None:
    """Move incomes, pay approved claims, let households cope, record the month.

    Written in place on buffers kept by the state (a month allocates no household-sized
    array): at national scale allocation, not arithmetic, was the cost. Lump sums, the
    fund and benefit flows exist only in the arm 'with' (row 1), and only in households
    with a claim approved (``benefited``), so they are worked out for those alone.
    """
    hh = s.inputs.household
    income, usual = _incomes(s, month)
    stmb, school = _benefit_flows(s, month)
    cash, aim, a, b = s.work  # each (2, H)
    debt, savings = s.debt, s.savings
    # Lump sums (arm 'with'): pay off debt first, the rest into the fund. Only households
    # with a claim approved ever have a lump sum, a fund or a benefit flow (a few in a
    # hundred): the others have zeros here, and adding zeros changes nothing.
    f = np.flatnonzero(s.benefited)
    release, fund, debt_f = s.release[f], s.fund[1][f], debt[1][f]
    paid_f = release.copy()
    repaid = np.minimum(debt_f, release)
    debt_f -= repaid
    release -= repaid
    fund += release
    s.release[f] = 0.0
    spend = fund / hh.lump_sum_spread_months
    fund -= spend
    debt[1][f] = debt_f
    s.fund[1][f] = fund
    school_f, stmb_f = school[f], stmb[f]
    spend += school_f  # spent on top of the usual income in the arm 'with'
    paid_f += stmb_f
    paid_f += school_f
    paid = s.record_buffer[_ROW["benefits_paid", 1]]
    paid.fill(0.0)
    paid[f] = paid_f
    service = np.multiply(debt, hh.debt_service_share, out=b)
    debt -= service
    np.subtract(income, s.oop, out=cash)
    cash -= service
    cash[1][f] += spend
    cash[1][f] += stmb_f
    aim[:] = usual
    aim[1][f] += spend
    # Coping: a surplus repays debt, then saves; a shortfall draws savings, then debt.
    np.subtract(cash, aim, out=a)  # cash − aim
    surplus = np.maximum(a, 0.0, out=cash)
    short = np.negative(a, out=a)
    np.maximum(short, 0.0, out=short)
    pay = np.minimum(surplus, debt, out=b)
    debt -= pay
    surplus -= pay
    savings += surplus
    drawn = np.minimum(short, savings, out=b)
    savings -= drawn
    short -= drawn
    room = np.subtract(s.debt_limit, debt, out=b)
    np.maximum(room, 0.0, out=room)
    borrowed = np.minimum(short, room, out=room)
    debt += borrowed
    short -= borrowed
    consumption = np.subtract(aim, short, out=aim)
    np.maximum(consumption, 0.0, out=consumption)
    _record(s, month, rec, consumption)


def _record(s: ReplicationState, month: int, rec: Recorder, consumption: _F) -> None:
    """Fill this month's household figures (both arms) and hand them to the recorder.

    The poverty figures are worked out only for the households poor now or last month
    in either arm (about one in ten): they are zero for everyone else. A household with
    no one left (size 0) counts 0 persons, so its per-capita figures never matter.
    """
    hh = s.inputs.household
    pc = np.multiply(consumption, s.inv_size, out=s.work[3])
    poor = np.less(pc, hh.poverty_line, out=s.flags[0])
    either = np.logical_or(poor, s.poor_prev, out=s.flags[1])
    near = np.flatnonzero(either[0] | either[1])
    # np.take, not pc[:, near]: fancy indexing a 2-D array by columns is ~8× slower.
    pc_n = np.take(pc, near, axis=1)
    poor_n = pc_n < hh.poverty_line
    size_n = np.broadcast_to(np.take(s.size, near).astype(np.float64), pc_n.shape)
    extreme_n = pc_n < hh.extreme_line
    p = np.empty((len(POVERTY_METRICS), *pc_n.shape))
    np.multiply(poor_n, size_n, out=p[_POV["poor"]])
    np.multiply(extreme_n, size_n, out=p[_POV["extreme_poor"]])
    np.multiply(pc_n < hh.destitution_share * hh.extreme_line, size_n, out=p[_POV["destitute"]])
    for line, gap_row, sev_row in (
        (hh.poverty_line, "gap", "severity"),
        (hh.extreme_line, "extreme_gap", "extreme_severity"),
    ):
        gap = np.maximum(1.0 - pc_n / line, 0.0)
        np.multiply(gap, size_n, out=p[_POV[gap_row]])
        np.multiply(gap, p[_POV[gap_row]], out=p[_POV[sev_row]])
    for now, before, enter, leave in (
        (poor_n, np.take(s.poor_prev, near, axis=1), "entries", "exits"),
        (extreme_n, np.take(s.extreme_prev, near, axis=1), "extreme_entries", "extreme_exits"),
    ):
        np.multiply(now > before, size_n, out=p[_POV[enter]])
        np.multiply(now < before, size_n, out=p[_POV[leave]])
    s.poor_prev[:] = poor
    s.extreme_prev[:] = False
    for arm in range(2):
        s.extreme_prev[arm][near] = extreme_n[arm]
    v = s.record_buffer
    np.less_equal(s.savings, 0.0, out=v[_BOTH["no_savings"]], casting="unsafe")
    np.greater_equal(s.debt, s.debt_reached, out=v[_BOTH["debt_limit_reached"]], casting="unsafe")
    v[_BOTH["debt"]] = s.debt
    v[_BOTH["oop_paid"]] = s.oop
    rec.record_households(month, v, near, p)
