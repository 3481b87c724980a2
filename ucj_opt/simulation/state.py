"""Households and workers as vectorised state: the month's steps shared by both engines.

Row 0 of every per-arm array is the arm *without* coverage, row 1 the arm *with* it. Shocks
are drawn once and applied to both rows (common random numbers); only coverage, benefits
and out-of-pocket costs differ between the rows. Each step is a whole-population numpy
update; the engines only decide when the steps run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ucj_opt.simulation import benefits as bn
from ucj_opt.simulation.inputs import SimulationInputs
from ucj_opt.simulation.keys import Purpose, stream
from ucj_opt.simulation.population import Population, synthesise
from ucj_opt.simulation.result import RECORDED_ROWS

__all__ = ["LIVELIHOOD", "NEVER", "NONWORK_DEATH", "ClaimBatch", "ReplicationState", "Runs"]

NEVER = np.iinfo(np.int64).max // 2
"""Month index meaning 'not scheduled'."""
NONWORK_DEATH, LIVELIHOOD = 5, 6
"""Event codes after the five accident severity classes (0–4)."""

_F = NDArray[np.float64]
_I = NDArray[np.int64]
_B = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class ClaimBatch:
    """Claims filed in one month (arm 'with'): who, the lump sum owed, and the kind."""

    filed: int
    workers: _I
    amounts: _F
    temporary: _B
    scholarship: _B
    """Claims that open a scholarship (JKK death or total disability; JKM after 3 years)."""
    jkm: _B
    """JKM claims (a death not from work); the others are JKK claims."""

    def __len__(self) -> int:
        return len(self.workers)

    def split(self, k: int) -> tuple[ClaimBatch, ClaimBatch]:
        """The first ``k`` claims and the rest (first come, first served)."""
        a, b = slice(None, k), slice(k, None)
        return self._part(a), self._part(b)

    def _part(self, part: slice) -> ClaimBatch:
        return ClaimBatch(
            self.filed,
            self.workers[part],
            self.amounts[part],
            self.temporary[part],
            self.scholarship[part],
            self.jkm[part],
        )


class Runs:
    """Sums of a value over long consecutive runs of an array (the workers of each group):
    ``reduceat`` over the non-empty runs, zero for the empty ones; ten times faster than
    ``bincount`` with weights on runs of thousands, slower on runs of one or two."""

    def __init__(self, offsets: _I) -> None:
        sizes = np.diff(offsets)
        self.n = len(sizes)
        self.present = np.flatnonzero(sizes > 0)
        self.starts = offsets[:-1][self.present]

    def sum(self, values: NDArray[np.generic]) -> _F:
        out = np.zeros(self.n)
        if len(self.present):
            out[self.present] = np.add.reduceat(values, self.starts, dtype=np.float64)
        return out


def _geometric(u: _F, mean: float) -> _I:
    """Whole months ≥ 1 with the given mean, from uniforms in (0, 1)."""
    if mean <= 1.0:
        return np.ones(u.shape, dtype=np.int64)
    q = 1.0 - 1.0 / mean
    months: _I = (1 + np.floor(np.log1p(-u) / np.log(q))).astype(np.int64)
    return months


class ReplicationState:
    """All arrays of one replication and the vectorised steps of a month."""

    def __init__(self, inputs: SimulationInputs, seed: np.random.SeedSequence) -> None:
        self.inputs = inputs
        self.seed = seed
        pop: Population = synthesise(inputs, seed)
        self.pop = pop
        h, n = len(pop.group), len(pop.worker_household)
        self.n_households, self.n_workers = h, n
        self.h_offsets = inputs.offsets
        self.w_offsets = pop.first_worker[self.h_offsets]
        self.g_w = pop.group[pop.worker_household]
        self.by_group = Runs(self.w_offsets)
        """Sums over each group's workers."""
        hh = inputs.household
        # Income: ln y = mu + trend + sigma z, z a stationary AR(1) per household.
        self.mu = inputs.income_mu[pop.group]
        self.sigma = inputs.income_sigma[pop.group]
        self.z = pop.z.copy()
        self.size0 = pop.size.astype(np.float64)
        self.share = np.where(pop.workers > 0, hh.eligible_income_share, 0.0)
        self.k = np.maximum(pop.workers, 1).astype(np.float64)
        usual0 = np.exp(self.mu + self.sigma * self.z) * self.size0
        self.debt_limit = hh.debt_limit_months * usual0
        self.debt_reached = np.where(self.debt_limit > 0, self.debt_limit * 0.999, np.inf)
        """The debt at which a household counts as at its limit (never without a limit)."""
        # Shared (arm-independent) state.
        self.size = pop.size.copy()
        self.alive = np.ones(n, dtype=bool)
        self.age = pop.worker_age.copy()
        self.child_age = pop.child_age.copy()
        self.perm_factor = np.ones(n)
        self.ti_start = np.full(n, NEVER, dtype=np.int64)
        self.ti_until = np.zeros(n, dtype=np.int64)
        self.ll_until = np.zeros(n, dtype=np.int64)
        # Per-arm state.
        self.covered = np.zeros((2, n), dtype=bool)
        self.contrib = np.full((2, n), inputs.institutions.prior_contribution_months, np.int64)
        self.savings = np.vstack([pop.savings_months * usual0] * 2)
        self.debt = np.zeros((2, h))
        self.fund = np.zeros((2, h))
        self.oop = np.zeros((2, h))
        # Claims of the arm 'with' (the arm 'without' never has any).
        self.release = np.zeros(h)
        self.held = np.zeros(h)
        self.benefited = np.zeros(h, dtype=bool)
        """Households with a claim approved: the only ones with lump sums, a fund or
        benefit flows."""
        self.stmb = np.zeros(n, dtype=bool)
        self.stmb_claim = np.full(n, -1, dtype=np.int64)
        self.stmb_ok = np.zeros(n, dtype=bool)
        self.sch_active = np.zeros(h, dtype=bool)
        self.sch_ok = np.zeros(h, dtype=bool)
        self.sch_amount = np.zeros(h)
        self.sch_children = np.zeros(h, dtype=np.int64)
        self.sch_known = np.zeros(h, dtype=bool)
        self.sch_year = -1
        """A household's monthly scholarship and children paid for, known for the
        households ``sch_known`` in year ``sch_year`` (they change with ages only)."""
        pc0 = np.exp(self.mu + self.sigma * self.z)
        self.poor_prev = np.vstack([pc0 < hh.poverty_line] * 2)
        self.extreme_prev = np.vstack([pc0 < hh.extreme_line] * 2)
        self.rank = self._ranks()
        self.record_buffer = np.zeros((len(RECORDED_ROWS), h))
        """Reused each month for the figures handed to the recorder (persons, which
        change only with the households, are set when they change)."""
        self.work = np.zeros((4, 2, h))
        self.flags = np.zeros((2, 2, h), dtype=bool)
        self.incomes = np.zeros((3, h))
        self.flows = np.zeros((2, h))
        """Scratch space of the household month (no allocation per month)."""
        self._u_event: _F = np.empty((0, n))
        self._u_detail: _F = np.empty((0, n))
        self._u_lapse: _F = np.empty((0, n))
        self._xi: _F = np.empty((0, h))
        self._initial_livelihood_losses()
        # Kept per household and refreshed only where a shock changes them (a few
        # thousand households a month), instead of summed over every worker each month.
        self.rest = 1.0 - self.share
        self.usual_mult = np.zeros(h)
        """rest + share × (mean permanent earning factor of the living workers): a
        household's usual income over its latent income."""
        self.inv_size = np.zeros(h)
        """1 / persons of the household, 0 when no one is left."""
        self.spell_until = np.zeros(h, dtype=np.int64)
        """The month the household's last temporary incapacity or livelihood loss ends:
        from then on its income this month is its usual income."""
        np.maximum.at(
            self.spell_until, pop.worker_household, np.maximum(self.ti_until, self.ll_until)
        )
        self.households_changed(np.arange(h))

    def workers_of(self, houses: _I) -> tuple[_I, _I]:
        """The workers of ``houses`` in worker order, and each one's place in ``houses``."""
        counts = self.pop.workers[houses]
        local = np.repeat(np.arange(len(houses)), counts)
        shift = self.pop.first_worker[houses] - (np.cumsum(counts) - counts)
        idx = np.arange(len(local)) + np.repeat(shift, counts)
        return idx, local

    def households_changed(self, houses: _I) -> None:
        """Refresh what a household keeps about its workers and persons (after deaths and
        disabilities). Sums run over each household's workers in worker order from 0, as
        ``bincount`` over all households adds them, so they are the same to the bit."""
        idx, local = self.workers_of(houses)
        weights = self.perm_factor[idx] * self.alive[idx]
        usual = np.bincount(local, weights=weights, minlength=len(houses))
        self.usual_mult[houses] = self.rest[houses] + self.share[houses] * (usual / self.k[houses])
        size = self.size[houses]
        self.inv_size[houses] = np.divide(1.0, size, out=np.zeros(len(houses)), where=size > 0)
        self.record_buffer[RECORDED_ROWS.index(("persons", 0)), houses] = size

    # -- draws ------------------------------------------------------------------------
    def _block(
        self, purpose: Purpose, year: int, rows: int, households: bool, reuse: _F | None = None
    ) -> _F:
        """Uniforms (or normals for INCOME) for every worker or household, group by group.

        Drawn row by row straight into ``reuse`` (last year's block, when its shape fits):
        a generator gives the same numbers in ``rows`` calls of one row as in one call of
        ``rows`` rows, and a block drawn in place needs neither a temporary per group nor
        fresh pages each year.
        """
        inp = self.inputs
        offsets = self.h_offsets if households else self.w_offsets
        shape = (rows, int(offsets[-1]))
        out = reuse if reuse is not None and reuse.shape == shape else np.empty(shape)
        for gi in range(inp.n_groups):
            a, b = offsets[gi], offsets[gi + 1]
            if a == b:
                continue
            rng = stream(self.seed, inp.region_key[gi], inp.segment_key[gi], purpose, year)
            for row in out[:, a:b]:
                if purpose is Purpose.INCOME:
                    rng.standard_normal(out=row)
                else:
                    rng.random(out=row)
        return out

    def _ranks(self) -> _I:
        """Each worker's place in its group's enrolment order (by priority draw)."""
        order = np.lexsort((self.pop.worker_priority, self.g_w))
        rank = np.empty(self.n_workers, dtype=np.int64)
        rank[order] = np.arange(self.n_workers) - self.w_offsets[self.g_w[order]]
        return rank

    def _initial_livelihood_losses(self) -> None:
        """Start in the steady state of livelihood losses: a loss of rate λ and mean length
        D months is under way for a share λD/12 / (1 + λD/12) of workers at any time."""
        inp = self.inputs
        lam = inp.livelihood_rate[self.g_w]
        d = inp.livelihood_months_mean
        prevalence = lam * d / 12.0 / (1.0 + lam * d / 12.0)
        u = self._block(Purpose.INITIAL, 0, 2, households=False)
        hit = u[0] < prevalence
        self.ll_until[hit] = _geometric(np.clip(u[1][hit], 1e-12, 1 - 1e-12), d)

    def draws_for_year(self, year: int) -> None:
        """Draw the year's event, detail, lapse and income numbers, keyed by group and year."""
        self._u_event = self._block(Purpose.EVENTS, year, 12, False, self._u_event)
        self._u_detail = self._block(Purpose.DETAIL, year, 1, False, self._u_detail)
        self._xi = self._block(Purpose.INCOME, year, 12, True, self._xi)
        if self.inputs.institutions.lapse_per_month > 0:
            self._u_lapse = self._block(Purpose.LAPSE, year, 12, False, self._u_lapse)

    # -- institutions -----------------------------------------------------------------
    def start_year(self, year: int) -> None:
        """A new budget year: everyone a year older, hazards for the new ages, enrolment."""
        if year > 0:
            self.age += 1
            self.child_age = np.where(self.child_age >= 0, self.child_age + 1, -1)
        inp = self.inputs
        qx = inp.mortality[np.minimum(self.age - 15, len(inp.mortality) - 1)]
        lam_d = -np.log1p(-np.clip(qx, 0.0, 1 - 1e-12))
        lam_a, lam_l = inp.accident_rate[self.g_w], inp.livelihood_rate[self.g_w]
        lam = lam_a + lam_d + lam_l
        p = -np.expm1(-lam / 12.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.c_acc = np.where(lam > 0, p * lam_a / lam, 0.0)
            self.c_death = self.c_acc + np.where(lam > 0, p * lam_d / lam, 0.0)
        self.c_all = p
        self.draws_for_year(year)
        self.enrol(year)

    def enrol(self, year: int) -> None:
        """Budget cycle: the group's covered share, first in its enrolment order."""
        sizes = np.diff(self.w_offsets)
        quota = np.rint(self.inputs.coverage[year] * sizes).astype(np.int64)
        self.covered[1] = self.rank < quota[self.g_w]
        self.covered[0] = False

    def premiums(self, month: int) -> _B:
        """Premium month: lapses, then the covered living workers who are paid for."""
        ins = self.inputs.institutions
        if ins.lapse_per_month > 0:
            self.covered[1] &= ~(self._u_lapse[month % 12] < ins.lapse_per_month)
        paying: _B = self.covered[1] & self.alive
        self.contrib[1] += paying
        return paying

    # -- shocks -----------------------------------------------------------------------
    def shocks(self, month: int) -> tuple[_I, _I, ClaimBatch]:
        """Draw this month's events and apply them to both arms.

        One uniform u per worker and month decides the event: u < c_acc is a work accident,
        then a death not from work, then a livelihood loss; u rescaled within its band is
        again uniform and picks the severity class and the duration. A yearly uniform per
        worker decides whether an insured event is claimed. Returns the workers hit, their
        event code (0–4 accident severity, 5 death not from work, 6 livelihood loss) and the
        claims filed in the arm 'with'.
        """
        inp, rules, ins = self.inputs, self.inputs.benefits, self.inputs.institutions
        u = self._u_event[month % 12]
        self.oop.fill(0.0)
        idx = np.flatnonzero(self.alive & (u < self.c_all))
        # A totally disabled worker no longer works, so has no more work accidents.
        idx = idx[~((u[idx] < self.c_acc[idx]) & (self.perm_factor[idx] == 0.0))]
        code = np.full(len(idx), -1, dtype=np.int64)
        if len(idx) == 0:
            empty = np.zeros(0, dtype=bool)
            return idx, code, ClaimBatch(month, idx, np.zeros(0), empty, empty, empty)
        uu, ca, cd, cl = u[idx], self.c_acc[idx], self.c_death[idx], self.c_all[idx]
        acc = uu < ca
        death = ~acc & (uu < cd)
        code[death] = NONWORK_DEATH
        code[~acc & ~death] = LIVELIHOOD
        v = np.where(acc, uu / np.where(ca > 0, ca, 1.0), 0.0)
        sev_cum = np.cumsum(inp.severity_shares)
        sev = np.minimum(np.searchsorted(sev_cum, v, side="right"), 4)
        code[acc] = sev[acc]
        lo = np.concatenate([[0.0], sev_cum])[sev]
        share = np.asarray(inp.severity_shares)[sev]
        w_acc = np.clip((v - lo) / np.where(share > 0, share, 1.0), 1e-12, 1 - 1e-12)
        w_ll = np.clip((uu - cd) / np.where(cl > cd, cl - cd, 1.0), 1e-12, 1 - 1e-12)
        house = self.pop.worker_household[idx]
        # Income effects (same in both arms).
        temp = code == bn.TEMPORARY
        t_idx = idx[temp]
        self.ti_start[t_idx] = month
        self.ti_until[t_idx] = np.maximum(
            self.ti_until[t_idx], month + _geometric(w_acc[temp], inp.temporary_months_mean)
        )
        self.perm_factor[idx[code == bn.PARTIAL]] *= 1.0 - rules.partial_table_share
        self.perm_factor[idx[code == bn.TOTAL]] = 0.0
        ll = code == LIVELIHOOD
        self.ll_until[idx[ll]] = np.maximum(
            self.ll_until[idx[ll]], month + _geometric(w_ll[ll], inp.livelihood_months_mean)
        )
        dead = (code == bn.WORK_DEATH) | (code == NONWORK_DEATH)
        self.alive[idx[dead]] = False
        np.subtract.at(self.size, house[dead], 1)
        np.maximum.at(self.spell_until, house, np.maximum(self.ti_until[idx], self.ll_until[idx]))
        self.households_changed(house[dead | (code == bn.PARTIAL) | (code == bn.TOTAL)])
        # Claims: an insured event is claimed with its take-up probability.
        detail = self._u_detail[0, idx]
        take_up = np.where(death & ~acc, ins.death_claim_take_up, ins.claim_take_up)
        claimed = self.covered[1, idx] & ~ll & (detail < take_up)
        # Medical costs: paid by JKK when claimed, else partly out of pocket.
        med = np.where(acc, np.asarray(rules.medical_cost)[sev], 0.0) * rules.oop_share
        np.add.at(self.oop[0], house, med)
        np.add.at(self.oop[1], house, med * np.where(claimed, max(1.0 - rules.scale, 0.0), 1.0))
        lump = np.where(acc, bn.jkk_lump_sum(rules, sev), 0.0)
        lump = np.where(code == NONWORK_DEATH, bn.jkm_death_lump_sum(rules), lump) * rules.scale
        c_idx, c_code = idx[claimed], code[claimed]
        opens = (
            (c_code == bn.TOTAL)
            | (c_code == bn.WORK_DEATH)
            | (
                (c_code == NONWORK_DEATH)
                & (self.contrib[1, c_idx] >= rules.jkm_scholarship_min_months)
            )
        )
        c_house = self.pop.worker_household[c_idx]
        self.sch_active[c_house[opens]] = True
        self.sch_ok[c_house[opens]] = False
        c_temp = c_code == bn.TEMPORARY
        self.stmb[c_idx[c_temp]] = True
        self.stmb_ok[c_idx[c_temp]] = False
        self.stmb_claim[c_idx[c_temp]] = month
        batch = ClaimBatch(month, c_idx, lump[claimed], c_temp, opens, c_code == NONWORK_DEATH)
        return idx, code, batch

    def approve(self, batch: ClaimBatch) -> None:
        """The claims office approves ``batch``: lump sums and held accruals are released
        (paid in this month's household step) and their benefit streams start to flow."""
        w = batch.workers
        house = self.pop.worker_household[w]
        np.add.at(self.release, house, batch.amounts)
        self.benefited[house] = True
        latest = w[batch.temporary & (self.stmb_claim[w] == batch.filed)]
        self.stmb_ok[latest] = True
        opened = house[batch.scholarship]
        self.sch_ok[opened] = True
        freed = np.unique(house[batch.temporary | batch.scholarship])
        self.release[freed] += self.held[freed]
        self.held[freed] = 0.0
