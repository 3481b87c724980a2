"""``simulate``: project poverty with and without coverage (a thin shell over the API)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ucj_opt.cli.common import add_scenario_args, check_counts, scenario_from_args, share_option
from ucj_opt.errors import UserError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["add_parser", "read_allocation", "run"]

ALLOCATION_FILES = ("allocation.csv", "allocation.parquet")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "simulate", help="project poverty with and without coverage (SimPy, Monte Carlo)"
    )
    add_scenario_args(p)
    p.add_argument(
        "--allocation",
        metavar="DIR",
        help="allocation folder (or file) with columns region, "
        "segment, year, enrolled, enrolled_extreme_poor",
    )
    p.add_argument(
        "--coverage",
        metavar="SHARE",
        help="cover this share (0.4 or 40%%) of eligible workers instead of an allocation",
    )
    p.add_argument("--years", type=int, metavar="N", help="years to project")
    p.add_argument("--replications", type=int, metavar="R", help="Monte Carlo replications")
    p.add_argument("--seed", type=int, metavar="S", help="root seed (same seed, same bytes)")
    p.add_argument("--engine", choices=("simpy", "vector"), help="simulation engine")
    p.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="folder for the CSV tables, built apart and swapped in whole when done (a folder "
        "written before by ucj-opt is replaced; any other non-empty folder is refused)",
    )
    p.set_defaults(func=run)


def read_allocation(path: Path) -> pd.DataFrame:
    """The allocation table of a folder written by ``solve``/``run``, or of a file."""
    import pandas as pd

    if path.is_dir():
        found = [path / f for f in ALLOCATION_FILES if (path / f).exists()]
        if not found:
            raise UserError(f"{path}: no {' or '.join(ALLOCATION_FILES)} in this folder")
        path = found[0]
    if not path.exists():
        raise UserError(f"{path}: no such file or folder")
    try:
        if path.suffix == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, dtype={"region": str, "segment": str})
    except (OSError, ValueError) as exc:
        raise UserError(f"{path}: cannot read the allocation table ({exc})") from exc


def _check(args: argparse.Namespace) -> None:
    check_counts(args, ("years", "replications"))
    if args.seed is not None and args.seed < 0:
        raise UserError(f"--seed must be ≥ 0, not {args.seed}")
    if (args.allocation is None) == (args.coverage is None):
        raise UserError("give either --allocation DIR or --coverage SHARE (e.g. 0.5)")
    args.coverage = share_option("--coverage", args.coverage)


def run(args: argparse.Namespace) -> int:
    from ucj_opt.cli.screen import show_table
    from ucj_opt.projection import simulate

    _check(args)
    study = scenario_from_args(args)
    coverage = read_allocation(Path(args.allocation)) if args.allocation else float(args.coverage)
    projection = simulate(
        study,
        coverage,
        replications=args.replications,
        seed=args.seed,
        years=args.years,
        engine=args.engine,
    )
    if args.output:
        from ucj_opt.io import result_folder

        out = Path(args.output)
        with result_folder(out, "simulate", replications=len(projection.per_replication)) as build:
            written = projection.write(build)
        for path in written:
            print(f"wrote {out / Path(path).relative_to(build)}", file=sys.stderr)
    sys.stdout.write(
        show_table(projection.summary, index=True, count_columns=("replications",)) + "\n"
    )
    return 0
