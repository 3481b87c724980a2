"""People as vectorised state: the month's steps shared by both engines.

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

__all__ = ["NEVER", "ClaimBatch", "ReplicationState"]

NEVER = np.iinfo(np.int64).max // 2
"""Month index meaning 'not scheduled'."""

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
    death: _B

    def __len__(self) -> int:
        return len(self.workers)

    def split(self, k: int) -> tuple[ClaimBatch, ClaimBatch]:
        """The first ``k`` claims and the rest (first come, first served)."""
        a, b = slice(None, k), slice(k, None)
        return (
            ClaimBatch(
                self.filed, self.workers[a], self.amounts[a], self.temporary[a], self.death[a]
            ),
            ClaimBatch(
                self.filed, self.workers[b], self.amounts[b], self.temporary[b], self.death[b]
            ),
        )


def _monthly(rate: _F) -> _F:
    return -np.expm1(-np.asarray(rate, dtype=np.float64) / 12.0)


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
        n = len(pop.group)
        g = pop.group
        self.offsets = inputs.offsets
        lam_a, lam_d = inputs.accident_rate[g], inputs.nonwork_death_rate[g]
        lam_l = inputs.livelihood_rate[g]
        lam = lam_a + lam_d + lam_l
        p = _monthly(lam)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.c_acc = np.where(lam > 0, p * lam_a / lam, 0.0)
            self.c_death = self.c_acc + np.where(lam > 0, p * lam_d / lam, 0.0)
        self.c_all = p
        self.sev_cum = np.cumsum(inputs.severity_shares)
        # Shared (arm-independent) state.
        self.alive = np.ones(n, dtype=bool)
        self.size = pop.size.copy()
        self.perm_factor = np.ones(n)
        self.ti_start = np.full(n, NEVER, dtype=np.int64)
        self.ti_until = np.zeros(n, dtype=np.int64)
        self.ll_until = np.zeros(n, dtype=np.int64)
        self.shocked = np.zeros(n, dtype=bool)
        # Per-arm state.
        self.covered = np.zeros((2, n), dtype=bool)
        self.enrolled = np.zeros((2, n), dtype=bool)
        self.savings = np.vstack([pop.savings, pop.savings])
        self.debt = np.zeros((2, n))
        # Claims of the arm 'with' (the arm 'without' never has any).
        self.release = np.zeros(n)
        self.held = np.zeros(n)
        self.stmb = np.zeros(n, dtype=bool)
        self.stmb_claim = np.full(n, -1, dtype=np.int64)
        self.stmb_ok = np.zeros(n, dtype=bool)
        self.sch_monthly = np.zeros(n)
        self.sch_until = np.zeros(n, dtype=np.int64)
        self.sch_ok = np.zeros(n, dtype=bool)
        self.contrib = np.full((2, n), inputs.institutions.prior_contribution_months, np.int64)
        self.oop = np.zeros((2, n))
        base_total = pop.consumption_pc * pop.size
        self.debt_limit = inputs.household.debt_limit_months * base_total
        self.poor_prev = np.vstack([pop.consumption_pc < inputs.household.poverty_line] * 2)
        self.base_poor = self.poor_prev[0].copy()
        self.priority = self._priorities()
        self._u_event: _F = np.empty((0, n))
        self._u_lapse: _F = np.empty((0, n))

    # -- draws ------------------------------------------------------------------------
    def _group_block(self, purpose: Purpose, year: int, rows: int) -> _F:
        inp = self.inputs
        out = np.empty((rows, int(self.offsets[-1])))
        for gi in range(inp.n_groups):
            a, b = self.offsets[gi], self.offsets[gi + 1]
            rng = stream(self.seed, inp.region_key[gi], inp.segment_key[gi], purpose, year)
            out[:, a:b] = rng.random((rows, b - a))
        return out

    def _priorities(self) -> _F:
        first: _F = self._group_block(Purpose.ENROLMENT, 0, 1)[0]
        return first

    def draws_for_year(self, year: int) -> None:
        """Draw the year's event (and lapse) uniforms, keyed by group, purpose and year."""
        self._u_event = self._group_block(Purpose.EVENTS, year, 12)
        if self.inputs.institutions.lapse_per_month > 0:
            self._u_lapse = self._group_block(Purpose.LAPSE, year, 12)

    # -- institutions -----------------------------------------------------------------
    def enrol(self, year: int) -> None:
        """Budget cycle: enrol this year's covered share, extreme poor and others apart."""
        inp, pop = self.inputs, self.pop
        mask = np.zeros(len(pop.group), dtype=bool)
        for gi in range(inp.n_groups):
            a, b = self.offsets[gi], self.offsets[gi + 1]
            pri, ext = self.priority[a:b], pop.extreme_poor[a:b]
            for flag, share in (
                (True, inp.coverage_extreme[year, gi]),
                (False, inp.coverage[year, gi]),
            ):
                idx = np.flatnonzero(ext == flag)
                k = round(float(share) * len(idx))
                if k:
                    chosen = idx[np.argsort(pri[idx], kind="stable")[:k]]
                    mask[a + chosen] = True
        self.enrolled[1] = mask
        self.covered[1] = mask
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

        One uniform u per worker and month decides it all: u < c_acc is a work accident,
        then a death not from work, then a livelihood loss; u rescaled within its band is
        again uniform and picks the severity class and the duration. Returns the workers hit,
        their event code (0–4 accident severity, 5 death not from work, 6 livelihood loss)
        and the claims filed in the arm 'with'.
        """
        inp, rules = self.inputs, self.inputs.benefits
        u = self._u_event[month % 12]
        self.oop.fill(0.0)
        idx = np.flatnonzero(self.alive & (u < self.c_all))
        # A totally disabled worker no longer works, so has no more work accidents.
        idx = idx[~((u[idx] < self.c_acc[idx]) & (self.perm_factor[idx] == 0.0))]
        code = np.full(len(idx), -1, dtype=np.int64)
        if len(idx) == 0:
            return idx, code, ClaimBatch(month, idx, np.zeros(0), idx > 0, idx > 0)
        uu, ca, cd, cl = u[idx], self.c_acc[idx], self.c_death[idx], self.c_all[idx]
        acc = uu < ca
        death = ~acc & (uu < cd)
        code[death] = 5
        code[~acc & ~death] = 6
        v = np.where(acc, uu / np.where(ca > 0, ca, 1.0), 0.0)
        sev = np.minimum(np.searchsorted(self.sev_cum, v, side="right"), 4)
        code[acc] = sev[acc]
        lo = np.concatenate([[0.0], self.sev_cum])[sev]
        share = np.asarray(inp.severity_shares)[sev]
        w_acc = np.clip((v - lo) / np.where(share > 0, share, 1.0), 1e-12, 1 - 1e-12)
        w_ll = np.clip((uu - cd) / np.where(cl > cd, cl - cd, 1.0), 1e-12, 1 - 1e-12)
        self.shocked[idx] = True
        covered = self.covered[:, idx]
        scale = rules.scale
        # Income effects (same in both arms).
        t_idx = idx[code == bn.TEMPORARY]
        dur = _geometric(w_acc[code == bn.TEMPORARY], inp.temporary_months_mean)
        self.ti_start[t_idx] = month
        self.ti_until[t_idx] = np.maximum(self.ti_until[t_idx], month + dur)
        self.perm_factor[idx[code == bn.PARTIAL]] *= 1.0 - rules.partial_table_share
        self.perm_factor[idx[code == bn.TOTAL]] = 0.0
        l_idx = idx[code == 6]
        self.ll_until[l_idx] = np.maximum(
            self.ll_until[l_idx], month + _geometric(w_ll[code == 6], inp.livelihood_months_mean)
        )
        dead = idx[(code == bn.WORK_DEATH) | (code == 5)]
        self.alive[dead] = False
        self.size[dead] -= 1
        # Medical costs and benefits.
        med = np.where(acc, np.asarray(rules.medical_cost)[sev], 0.0) * rules.oop_share
        self.oop[:, idx] = med * np.where(covered, max(1.0 - scale, 0.0), 1.0)
        lump = np.where(acc, bn.jkk_lump_sum(rules, sev), 0.0)
        lump = np.where(death, bn.jkm_death_lump_sum(rules), lump) * scale
        is_claim = covered[1] & (code != 6)
        c_idx, c_code = idx[is_claim], code[is_claim]
        c_death = (c_code == bn.WORK_DEATH) | (c_code == 5)
        sch_ok = (
            (c_code == bn.TOTAL)
            | (c_code == bn.WORK_DEATH)
            | ((c_code == 5) & (self.contrib[1, c_idx] >= rules.jkm_scholarship_min_months))
        )
        w = c_idx[sch_ok]
        self.sch_monthly[w] = bn.scholarship_monthly(rules, self.pop.children[w]) * scale
        self.sch_until[w] = month + 12 * rules.scholarship_years
        self.sch_ok[w] = False
        temp = c_code == bn.TEMPORARY
        self.stmb[c_idx[temp]] = True
        self.stmb_ok[c_idx[temp]] = False
        self.stmb_claim[c_idx[temp]] = month
        batch = ClaimBatch(month, c_idx, lump[is_claim], temp, c_death | sch_ok)
        return idx, code, batch

    def approve(self, batch: ClaimBatch) -> None:
        """The claims office approves ``batch``: lump sums and held accruals are released
        (paid in this month's household step) and their benefit streams start to flow."""
        w = batch.workers
        self.release[w] += batch.amounts
        latest = w[batch.temporary & (self.stmb_claim[w] == batch.filed)]
        self.stmb_ok[latest] = True
        self.sch_ok[w[batch.death]] = True
        freed = w[(batch.temporary | batch.death)]
        self.release[freed] += self.held[freed]
        self.held[freed] = 0.0
