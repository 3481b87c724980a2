"""``montecarlo``: the projection over uncertain parameters and replications, streamed to disk."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from ucj_opt.cli.common import add_scenario_args, check_counts, scenario_from_args, share_option
from ucj_opt.errors import UserError

if TYPE_CHECKING:
    import pandas as pd

    from ucj_opt.montecarlo import Design

__all__ = ["TARGET_METRIC", "add_parser", "run"]

TARGET_METRIC = "poor_person_years"
"""Outcome whose paired effect (poor person-years averted) the stopping rule watches
(the same as :data:`ucj_opt.pipeline.montecarlo.TARGET_METRIC`)."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "montecarlo",
        help="run the projection over the scenario's uncertain parameters (resumable)",
        description="Sample the scenario's 'uncertainty:' parameters, run replications of the "
        "projection of the optimal allocation at each point (solved again where a budget, a "
        "price or a worker count is uncertain; both arms on common random numbers), stream "
        "every finished task to STORE and print the coverage effect with its uncertainties "
        "reported apart.",
    )
    add_scenario_args(p)
    p.add_argument("--design", choices=("mc", "lhs", "sobol", "morris"), help="experiment design")
    p.add_argument("--samples", type=int, metavar="N", help="design points (morris: trajectories)")
    p.add_argument("--replications", type=int, metavar="R", help="replications per point")
    p.add_argument("--seed", type=int, metavar="S", help="root seed (same seed, same results)")
    arm = p.add_mutually_exclusive_group()
    arm.add_argument(
        "--allocation",
        metavar="DIR",
        help="evaluate a saved allocation (folder or file with region, segment, year, "
        "enrolled, enrolled_extreme_poor) instead of the scenario's optimal one",
    )
    arm.add_argument(
        "--coverage",
        metavar="SHARE",
        help="cover this share (0.4 or 40%%) of eligible workers in the arm 'with' instead "
        "of the optimal allocation",
    )
    p.add_argument(
        "--households-per-group",
        type=int,
        metavar="N",
        help="simulated households per region × segment × stratum (default: the scenario's)",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="K",
        help="local worker processes (default 1: run here)",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="Dask scheduler, e.g. tcp://10.0.0.5:8786, or 'local' for a LocalCluster",
    )
    p.add_argument(
        "--batch",
        type=int,
        metavar="B",
        help="replications per task (default: all of a point; aim for ≥ 1 s per task)",
    )
    p.add_argument(
        "--target-half-width",
        type=float,
        metavar="H",
        help="stopping rule: add --replications at a time until the 95%% CI half-width of "
        "the poor person-years averted is at most H",
    )
    p.add_argument(
        "--max-replications",
        type=int,
        default=256,
        metavar="M",
        help="cap of the stopping rule (default 256)",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="STORE",
        help="result folder, filled chunk by chunk: a new or empty folder; an existing store "
        "is refused unless --resume (one writer at a time)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run in STORE: refused, naming what changed, when the "
        "scenario, a table's content, the design, the seeds or the ucj-opt version differ; "
        "damaged chunks are recomputed",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress line")
    p.set_defaults(func=run)


def _check(args: argparse.Namespace) -> None:
    names = ("samples", "replications", "households_per_group", "batch", "workers")
    check_counts(args, (*names, "max_replications"))
    if args.seed is not None and args.seed < 0:
        raise UserError(f"--seed must be ≥ 0, not {args.seed}")
    args.coverage = share_option("--coverage", args.coverage)
    if args.target_half_width is not None and args.target_half_width <= 0:
        raise UserError(f"--target-half-width must be positive, not {args.target_half_width}")


def _print_sensitivity(results: pd.DataFrame, design: Design) -> None:
    from ucj_opt.montecarlo import paired_effect, sensitivity

    if not design.names or (design.kind != "morris" and len(design.points) < 8):
        return  # nothing uncertain, or too few points for variance shares
    from ucj_opt.cli.screen import show_table

    table = sensitivity(paired_effect(results, TARGET_METRIC), design)
    print(f"\nSensitivity of the {TARGET_METRIC.replace('_', ' ')} averted ({design.kind}):")
    print(show_table(table))


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ucj_opt.cli.cmd_simulate import read_allocation
    from ucj_opt.cli.screen import arm_words, show_table
    from ucj_opt.montecarlo import paired_effect, summarise
    from ucj_opt.montecarlo.report import effect_table
    from ucj_opt.pipeline.montecarlo import arm_spec, run_montecarlo
    from ucj_opt.text.catalogue import t

    _check(args)
    study = scenario_from_args(args)
    arm: Any = "optimal"
    if args.allocation:
        arm = read_allocation(Path(args.allocation))
    elif args.coverage is not None:
        arm = float(args.coverage)
    kw: dict[str, Any] = {}
    if args.scheduler:
        kw = {"executor": "dask", "workers": os.cpu_count() or 2}
        if args.scheduler != "local":
            kw["scheduler"] = args.scheduler
    elif args.workers > 1:
        kw = {"executor": "processes", "workers": args.workers}
    res = run_montecarlo(
        study,
        args.design,
        store=args.output,
        samples=args.samples,
        replications=args.replications,
        seed=args.seed,
        allocation=arm,
        households_per_group=args.households_per_group,
        batch=args.batch,
        target_half_width=args.target_half_width,
        max_replications=args.max_replications,
        resume=args.resume,
        quiet=args.quiet,
        **kw,
    )
    design = res.experiment
    reps = int(res.results["replication"].max()) + 1 if len(res.results) else 0
    if args.target_half_width is not None:
        summary = summarise(paired_effect(res.results, TARGET_METRIC))
        met = "met" if summary.half_width <= args.target_half_width else "NOT met"
        print(f"stopping rule {met}: ±{summary.half_width:.4g} after {reps} replications per point")
    print(f"{len(design.points)} points × {reps} replications ({design.kind}) → {args.output}")
    spec = arm_spec(arm, design)
    print(t("cli_arm_line", "en", arm=arm_words(spec, source=args.allocation)))
    table = effect_table(res.results)
    print(show_table(table, money_rows="outcome", share_columns=("noise_share",)))
    _print_sensitivity(res.results, design)
    sys.stdout.flush()
    return 0
