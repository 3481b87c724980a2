"""``--save-lp`` at village scale: the LP file written with numpy (``ucj_opt.allocate.lpfile``)
against PuLP's ``writeLP`` of ``to_pulp`` (what ``write_lp`` did before) and against
HiGHS's own writer given the same readable names, all on the same Formulation in one run.

The instance is ``bench_allocate.village_instance`` (every desa/kelurahan of the real
per-province counts × ``--scale``, 4 segments, ``--years``). The model is built once
(timed apart); each writer then writes it to a temporary file. Peak memory is the
largest resident size above the level before each writer, sampled every 5 ms. HiGHS reads
our file back and its size is checked against the model (``--no-check`` skips it).

Run from the repository root: ``python benchmarks/bench_save_lp.py`` (one year, full
scale: about two minutes, PuLP's part most of it), ``--years 5 --pulp-scale 0.1`` (PuLP
would need tens of GB at full scale: it runs, with ours, on 10% of the villages, and its
time and memory on the full instance are extrapolated per coefficient and said to be),
``--quick`` (1% of villages). The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _memory import PeakMemory
from bench_allocate import village_instance

from ucj_opt.allocate.backends import _column_names, highs_model, to_pulp
from ucj_opt.allocate.formulation import Formulation
from ucj_opt.allocate.lpfile import write_lp_file
from ucj_opt.allocate.writers import lp_header, lp_model
from ucj_opt.scenario import Study

TARGET = 0.1
"""Our writer's time against PuLP's: at least ten times faster."""


def _timed(step: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = step()
    return time.perf_counter() - t0, out


def ours(f: Formulation, header: list[str], path: Path) -> dict[str, float]:
    with PeakMemory() as peak:
        seconds, _ = _timed(lambda: _write_ours(f, header, path))
    return {"write_s": seconds, "total_s": seconds, "peak_mb": peak.delta}


def _write_ours(f: Formulation, header: list[str], path: Path) -> None:
    with path.open("wb") as out:
        write_lp_file(f, out, header)


def highs_writer(f: Formulation, path: Path) -> dict[str, float]:
    """HiGHS's writer with the same names: one Python string per column and row."""
    with PeakMemory() as peak:
        names_s, (cols, rows) = _timed(
            lambda: (
                _column_names(f),
                [f"{k}_{i}" for i, k in enumerate(f.rows["kind"].to_numpy())],
            )
        )

        def pass_model() -> Any:
            h = highs_model(f)
            lp = h.getLp()
            lp.col_names_, lp.row_names_ = cols, rows
            h.passModel(lp)
            return h

        pass_s, h = _timed(pass_model)
        t0 = time.perf_counter()
        h.writeModel(str(path))
        write_s = time.perf_counter() - t0
    return {
        "names_s": names_s,
        "pass_s": pass_s,
        "write_s": write_s,
        "total_s": names_s + pass_s + write_s,
        "peak_mb": peak.delta,
    }


def pulp_writer(f: Formulation, path: Path) -> dict[str, float]:
    """What ``write_lp`` did before: the PuLP problem, then its ``writeLP``."""
    with PeakMemory() as peak:
        build_s, (prob, _) = _timed(lambda: to_pulp(f))
        t0 = time.perf_counter()
        prob.writeLP(str(path))
        write_s = time.perf_counter() - t0
    return {
        "build_s": build_s,
        "write_s": write_s,
        "total_s": build_s + write_s,
        "peak_mb": peak.delta,
    }


def _check(f: Formulation, path: Path) -> None:
    """HiGHS reads our file back: as many columns, rows and coefficients as the model."""
    import highspy
    import numpy as np

    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    assert h.readModel(str(path)) == highspy.HighsStatus.kOk
    lp = h.getLp()
    rows = int(np.isfinite(f.row_lo).sum() + np.isfinite(f.row_up).sum())
    assert (lp.num_col_, lp.num_row_) == (f.shape[1], rows), "the file lost columns or rows"
    assert len(lp.a_matrix_.value_) == int(np.count_nonzero(f.A.data)), "coefficients lost"


def _instance(scale: float, years: int) -> tuple[Formulation, list[str], float, int, int]:
    """The model ``write_lp`` writes for the village instance, its header, the seconds to
    build it, its coefficients (matrix and objective) and its leaves."""
    scenario, tables = village_instance(scale, years)
    build_s, (f, stages) = _timed(lambda: lp_model(Study(scenario, tables)))
    nnz = f.A.nnz + int((f.c != 0).sum())
    return f, lp_header(scenario, f, stages), build_s, nnz, int(tables.workers["region"].nunique())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="1%% of the villages, one year")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--years", type=int, default=1)
    ap.add_argument(
        "--pulp-scale",
        type=float,
        default=None,
        help="run PuLP (and ours again) on this smaller scale; PuLP's time and memory on the "
        "full instance are then extrapolated per coefficient",
    )
    ap.add_argument("--no-highs", action="store_true", help="skip HiGHS's writer")
    ap.add_argument("--no-check", action="store_true", help="skip reading our file back")
    args = ap.parse_args()
    scale, years = (0.01, 1) if args.quick else (args.scale, args.years)
    load_start = os.getloadavg()[0]
    f, header, build_s, nnz, leaves = _instance(scale, years)
    shape = f.shape
    print(
        f"{leaves:,} leaves × 4 segments × {years} years: {f.shape[0]:,} rows × "
        f"{f.shape[1]:,} columns, {nnz / 1e6:.2f} M coefficients (model built in "
        f"{build_s:.1f} s)",
        flush=True,
    )
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench_save_lp.") as folder:
        path = Path(folder) / "model.lp"
        result["ours"] = ours(f, header, path)
        size_mb = path.stat().st_size / 2**20
        print(
            f"ours: {result['ours']['write_s']:.2f} s, +{result['ours']['peak_mb']:,.0f} MB, "
            f"{size_mb:,.0f} MB file",
            flush=True,
        )
        if not args.no_check:
            check_s, _ = _timed(lambda: _check(f, path))
            print(f"  HiGHS read it back in {check_s:.1f} s: columns, rows, coefficients all there")
        path.unlink()
        if not args.no_highs:
            result["highs"] = highs_writer(f, path)
            r = result["highs"]
            print(
                f"HiGHS writeModel with names: names {r['names_s']:.2f} s + pass {r['pass_s']:.2f}"
                f" s + write {r['write_s']:.2f} s = {r['total_s']:.2f} s, +{r['peak_mb']:,.0f} MB",
                flush=True,
            )
            path.unlink(missing_ok=True)
        small = args.pulp_scale is not None and args.pulp_scale < scale
        if small:
            del f
            f, header, _, small_nnz, _ = _instance(args.pulp_scale, years)
            result["ours_small"] = ours(f, header, path)
            path.unlink()
            print(
                f"at scale {args.pulp_scale} ({small_nnz / 1e6:.2f} M coefficients): ours "
                f"{result['ours_small']['total_s']:.2f} s",
                flush=True,
            )
        result["pulp"] = pulp_writer(f, path)
        r = result["pulp"]
        print(
            f"PuLP to_pulp + writeLP: {r['build_s']:.2f} s + {r['write_s']:.2f} s = "
            f"{r['total_s']:.2f} s, +{r['peak_mb']:,.0f} MB",
            flush=True,
        )
    if small:
        grow = nnz / small_nnz
        ratio = result["ours_small"]["total_s"] / result["pulp"]["total_s"]
        pulp_s, pulp_mb = result["pulp"]["total_s"] * grow, result["pulp"]["peak_mb"] * grow
        print(
            f"PuLP on the full instance, extrapolated per coefficient (× {grow:.1f}): "
            f"≈ {pulp_s:.0f} s, ≈ {pulp_mb / 1024:.1f} GB; ours measured: "
            f"{result['ours']['total_s']:.1f} s"
        )
    else:
        ratio = result["ours"]["total_s"] / result["pulp"]["total_s"]
        pulp_s, pulp_mb = result["pulp"]["total_s"], result["pulp"]["peak_mb"]
    where = f"at scale {args.pulp_scale}" if small else "same instance"
    print(f"ours / PuLP = {ratio:.3f} ({where})")
    print(
        json.dumps(
            {
                "benchmark": "save_lp",
                "ratio": ratio,
                "target": TARGET,
                "baseline": f"pulp at scale {args.pulp_scale}" if small else "pulp",
                "leaves": leaves,
                "years": years,
                "rows": shape[0],
                "columns": shape[1],
                "coefficients": nnz,
                "file_mb": size_mb,
                "build_s": build_s,
                "ours_s": result["ours"]["total_s"],
                "ours_peak_mb": result["ours"]["peak_mb"],
                "highs_s": result.get("highs", {}).get("total_s"),
                "highs_peak_mb": result.get("highs", {}).get("peak_mb"),
                "pulp_s": pulp_s,
                "pulp_peak_mb": pulp_mb,
                "pulp_extrapolated": small,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "load": [load_start, os.getloadavg()[0]],
            }
        )
    )


if __name__ == "__main__":
    main()
