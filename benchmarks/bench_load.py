"""Loading a village-level scenario with and without the check against the decree.

Every region of Kepmendagri 300.2.2-2138/2025 (38 provinces, 514 kabupaten/kota, 7,285
kecamatan, 83,762 desa/kelurahan) with its official name, workers for all 83,762 villages
× 4 segments (335,048 rows) and a budget per province, kabupaten/kota and desa, written as
CSV files. The baseline is the same load with the two hierarchy steps (codes known, names
compared and filled) switched off, in the same run: it is the load time before the
hierarchy was wired in. Figures are synthetic (seeded); the regions are real.

Run from the repository root: ``python benchmarks/bench_load.py`` (about a minute on
2 cores). The last line printed is JSON with benchmark, ratio, target.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ucj_opt.data import hierarchy
from ucj_opt.scenario import load_scenario, table_checks

TARGET = 2.0
SEGMENTS = ("farmer", "fisher", "informal", "other")
REPEATS = 3


def write_instance(folder: Path, seed: int = 2026) -> Path:
    """The scenario YAML and its three CSV files; returns the YAML path."""
    rng = np.random.default_rng(seed)
    codes = hierarchy.descendants("")
    names = [hierarchy.official_name(c) for c in codes]
    n = len(codes)
    pd.DataFrame(
        {
            "code": codes,
            "name": names,
            "population": rng.integers(2_000, 8_000, n),  # ≥ a village's 4 × 400 workers
            "poverty_rate": 0.1,
            "extreme_poverty_rate": 0.01,
        }
    ).to_csv(folder / "regions.csv", index=False)
    villages = [c for c in codes if c.count(".") == 3]
    eligible = rng.integers(20, 400, size=(len(villages), len(SEGMENTS)))
    pd.DataFrame(
        {
            "region": np.repeat(villages, len(SEGMENTS)),
            "segment": np.tile(SEGMENTS, len(villages)),
            "eligible": eligible.ravel(),
            "extreme_poor": eligible.ravel() // 10,
        }
    ).to_csv(folder / "workers.csv", index=False)
    provinces = [c for c in codes if "." not in c]
    kabkota = [c for c in codes if c.count(".") == 1]
    desa = [c for c in villages if c.split(".")[3][0] != "1"]
    budgets = pd.concat(
        [
            pd.DataFrame({"region": provinces, "source": "apbd_provinsi", "amount": 5e9}),
            pd.DataFrame({"region": kabkota, "source": "apbd_kabkota", "amount": 3e9}),
            pd.DataFrame({"region": desa, "source": "apbdes", "amount": 4e6}),
        ]
    ).assign(year=2026)[["region", "year", "source", "amount"]]
    budgets.to_csv(folder / "budgets.csv", index=False)
    path = folder / "scenario.yaml"
    path.write_text(
        "name: every village\n"
        "regions: {file: regions.csv}\nworkers: {file: workers.csv}\nbudgets: {file: budgets.csv}\n",
        encoding="utf-8",
    )
    return path


def _timed(load: Callable[[], object]) -> float:
    start = time.perf_counter()
    load()
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_instance(Path(tmp))
        hierarchy.check_codes(["11"])  # the decree's file is read once per process
        checked_official, checked_names = table_checks.official_codes, table_checks.official_names

        def baseline() -> object:
            table_checks.official_codes = lambda raw, frame, ok, out: ok  # type: ignore[assignment]
            table_checks.official_names = lambda raw, frame, out: frame["name"]  # type: ignore[assignment]
            try:
                return load_scenario(path)
            finally:
                table_checks.official_codes, table_checks.official_names = (
                    checked_official,
                    checked_names,
                )

        def checked() -> object:
            study = load_scenario(path)
            assert len(study.tables.regions) == 91_599 and not study.tables.warnings
            return study

        base_times, check_times = [], []
        for _ in range(REPEATS):  # alternate, so a load change on the machine hits both
            base_times.append(_timed(baseline))
            check_times.append(_timed(checked))
    base, check = statistics.median(base_times), statistics.median(check_times)
    ratio = check / base
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load without the hierarchy check: {base:.2f} s (median of {REPEATS})")
    print(f"load with the hierarchy check:    {check:.2f} s (median of {REPEATS})")
    print(
        json.dumps(
            {
                "benchmark": "load_village_scenario_with_hierarchy_check",
                "ratio": round(ratio, 3),
                "target": TARGET,
                "baseline_s": round(base, 3),
                "checked_s": round(check, 3),
                "regions": 91_599,
                "worker_rows": 83_762 * len(SEGMENTS),
                "peak_memory_mb": round(peak, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
