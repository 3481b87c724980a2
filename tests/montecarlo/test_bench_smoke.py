"""The Monte Carlo benchmark (tiny sizes): its JSON line is consistent with itself, and its
CRN measurement, made on the reference model, recovers the closed-form variances."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from ucj_opt.montecarlo.reference import DEFAULTS, effect_moments

ROOT = Path(__file__).resolve().parents[2]


def _var_se(var: float, n: int, excess_kurtosis: float) -> float:
    """Standard error of a sample variance (ddof=1) of n draws."""
    return var * math.sqrt(2 / (n - 1) + excess_kurtosis / n)


@pytest.mark.slow
def test_bench_montecarlo_quick() -> None:
    proc = subprocess.run(
        [sys.executable, "benchmarks/bench_montecarlo.py", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    assert last["benchmark"] == "montecarlo"

    # Timings: positive, the efficiency is the quotient of the timings reported (one repeat,
    # so the median of per-repeat ratios is that quotient), and all stages fit the run.
    stages = ["startup_processes_s", "startup_dask_s", "serial_s", "processes_s", "dask_s"]
    assert all(last[k] > 0 for k in stages)
    assert sum(last[k] for k in stages) <= last["total_s"]
    assert last["repeats"] == 1
    w = last["workers"]
    assert last["efficiency_processes"] == pytest.approx(
        last["serial_s"] / (w * last["processes_s"]), rel=1e-12
    )
    assert last["efficiency_dask"] == pytest.approx(
        last["serial_s"] / (w * last["dask_s"]), rel=1e-12
    )
    assert last["ratio"] == last["efficiency_processes"]
    assert last["task_s"] == pytest.approx(last["serial_s"] / last["tasks"], rel=1e-12)
    assert last["crn_variance_cut"] == pytest.approx(
        last["var_effect_independent"] / last["var_effect_crn"], rel=1e-12
    )

    # The CRN measurement on the reference model against effect_moments. Compound Poisson
    # effects with Exp(m) losses: cumulants κ_k = λ·k!·m^k, so the excess kurtosis of the
    # CRN effect (covered losses, λ = rate·c) is 6/(rate·c); of the independent effect
    # (all losses minus another stream's uncovered ones) 24·rate·(2 − c)/(2·rate·(2 − c))².
    ref = last["crn_reference"]
    assert ref["params"] == DEFAULTS and ref["value"] == "cost"
    rate, m, c = DEFAULTS["rate"], DEFAULTS["mean_loss"], DEFAULTS["coverage"]
    n = ref["crn_replications"]
    assert n >= 500
    kurt = {True: 6 / (rate * c), False: 24 * rate * (2 - c) / (2 * rate * (2 - c)) ** 2}
    log_var = 0.0
    for crn, key in ((True, "var_effect_crn"), (False, "var_effect_independent")):
        exact = effect_moments(rate, m, c, crn=crn)["var"]
        se = _var_se(exact, n, kurt[crn])
        assert abs(ref[key] - exact) < 4 * se, (key, ref[key], exact, se)
        log_var += (se / exact) ** 2
    # The cut (2 − c)/c = 3: the two estimates share the 'without' stream and so are
    # positively correlated; treating them as independent makes this bound conservative.
    expected_cut = (
        effect_moments(rate, m, c, crn=False)["var"] / effect_moments(rate, m, c, crn=True)["var"]
    )
    assert expected_cut == pytest.approx((2 - c) / c)
    assert abs(math.log(ref["crn_variance_cut"] / expected_cut)) < 4 * math.sqrt(log_var)

    # The projection itself: both arms share one seed, so CRN must cut the variance (the
    # full benchmark's target is a 20-fold cut; F(19, 19) makes < 1 all but impossible).
    assert last["crn_replications"] == 20
    assert last["crn_variance_cut"] > 1
