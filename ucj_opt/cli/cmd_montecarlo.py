"""``montecarlo``: the projection over uncertain parameters and replications, streamed to disk."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from typing import TYPE_CHECKING, Any

from ucj_opt.cli.common import add_scenario_args, scenario_from_args
from ucj_opt.errors import UserError

if TYPE_CHECKING:
    import pandas as pd

    from ucj_opt.montecarlo import Design
    from ucj_opt.scenario import Study
    from ucj_opt.scenario.uncertainty import UncertaintySettings

__all__ = ["TARGET_METRIC", "add_parser", "run"]

TARGET_METRIC = "poor_person_years"
"""Outcome whose paired effect (poor person-years averted) the stopping rule watches."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "montecarlo",
        help="run the projection over the scenario's uncertain parameters (resumable)",
        description="Sample the scenario's 'uncertainty:' parameters, run replications of the "
        "projection at each point (both arms on common random numbers), stream every finished "
        "task to STORE and print the coverage effect with its uncertainties reported apart.",
    )
    add_scenario_args(p)
    p.add_argument("--design", choices=("mc", "lhs", "sobol", "morris"), help="experiment design")
    p.add_argument("--samples", type=int, metavar="N", help="design points (morris: trajectories)")
    p.add_argument("--replications", type=int, metavar="R", help="replications per point")
    p.add_argument("--seed", type=int, metavar="S", help="root seed (same seed, same results)")
    p.add_argument(
        "--coverage",
        type=float,
        default=0.5,
        metavar="SHARE",
        help="share of eligible workers covered in the arm 'with' (default 0.5)",
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
    names = (
        "samples",
        "replications",
        "households_per_group",
        "batch",
        "workers",
        "max_replications",
    )
    for name in names:
        value = getattr(args, name)
        if value is not None and value < 1:
            raise UserError(f"--{name.replace('_', '-')} must be at least 1, not {value}")
    if args.seed is not None and args.seed < 0:
        raise UserError(f"--seed must be ≥ 0, not {args.seed}")
    if not 0.0 <= args.coverage <= 1.0:
        raise UserError(f"--coverage must be a share in [0, 1], not {args.coverage}")
    if args.target_half_width is not None and args.target_half_width <= 0:
        raise UserError(f"--target-half-width must be positive, not {args.target_half_width}")


def _settings(study: Study, args: argparse.Namespace) -> UncertaintySettings:
    from pydantic import ValidationError

    from ucj_opt.scenario.uncertainty import UncertaintySettings

    data = study.scenario.uncertainty.model_dump()
    given = {
        "design": args.design,
        "samples": args.samples,
        "replications": args.replications,
        "root_seed": args.seed,
    }
    data.update({k: v for k, v in given.items() if v is not None})
    try:
        return UncertaintySettings.model_validate(data)
    except ValidationError as exc:
        msgs = "; ".join(e["msg"] for e in exc.errors())
        raise UserError(f"uncertainty settings: {msgs}") from None


def _check_draws(args: argparse.Namespace, design: Design) -> None:
    """Load the scenario at each parameter's lowest and highest draw: bad paths or draws
    outside a figure's allowed range fail here, with the scenario's own message."""
    from ucj_opt.montecarlo.scenario_task import point_sets
    from ucj_opt.scenario import load_scenario

    pts = design.points
    if pts.shape[1] == 0:
        return
    base = design.params(0)
    for name in design.names:
        for value in (float(pts[name].min()), float(pts[name].max())):
            sets = point_sets({**base, name: value}, args.sets)
            load_scenario(args.scenario, overrides=args.override, sets=sets)


def _print_sensitivity(results: pd.DataFrame, design: Design) -> None:
    from ucj_opt.montecarlo import paired_effect, sensitivity

    if not design.names or (design.kind != "morris" and len(design.points) < 8):
        return  # nothing uncertain, or too few points for variance shares
    table = sensitivity(paired_effect(results, TARGET_METRIC), design)
    print(f"\nSensitivity of the {TARGET_METRIC.replace('_', ' ')} averted ({design.kind}):")
    print(table.to_string(index=False))


def run(args: argparse.Namespace) -> int:
    from ucj_opt.montecarlo import build_design, run_montecarlo, run_to_target
    from ucj_opt.montecarlo.report import effect_table
    from ucj_opt.montecarlo.scenario_task import projection_task, resolve_source

    _check(args)
    study = scenario_from_args(args)
    settings = _settings(study, args)
    design = build_design(settings)
    _check_draws(args, design)
    task = functools.partial(
        projection_task,
        source=resolve_source(args.scenario),
        coverage=float(args.coverage),
        overrides=tuple(args.override),
        sets=tuple(args.sets),
        households_per_group=args.households_per_group,
    )
    kw: dict[str, Any] = {}
    if args.scheduler:
        kw = {"executor": "dask", "workers": os.cpu_count() or 2}
        if args.scheduler != "local":
            kw["scheduler"] = args.scheduler
    elif args.workers > 1:
        kw = {"executor": "processes", "workers": args.workers}
    kw.update(store=args.output, root_seed=settings.root_seed, resume=args.resume)
    resolved = study.scenario.model_dump(mode="json")
    resolved["uncertainty"] = settings.model_dump(mode="json")  # with the command-line choices
    kw.update(quiet=args.quiet, scenario=resolved)
    if args.target_half_width is not None:
        if settings.seeds is not None:
            raise UserError("the stopping rule cannot extend an explicit seed list; drop 'seeds'")
        res, summary = run_to_target(
            task,
            design,
            metric=TARGET_METRIC,
            target_half_width=args.target_half_width,
            block=settings.replications,
            max_replications=args.max_replications,
            **kw,
        )
        met = "met" if summary.half_width <= args.target_half_width else "NOT met"
        print(
            f"stopping rule {met}: ±{summary.half_width:.4g} after {summary.replications} "
            f"replications per point"
        )
        settings = settings.model_copy(update={"replications": summary.replications})
    else:
        batch = args.batch or settings.replications
        res = run_montecarlo(
            task,
            design,
            replications=settings.replications,
            seeds=settings.seeds,
            batch=batch,
            **kw,
        )
    print(
        f"{len(design.points)} points × {settings.replications} replications "
        f"({settings.design}) → {args.output}"
    )
    print(effect_table(res.results).to_string(index=False))
    _print_sensitivity(res.results, design)
    sys.stdout.flush()
    return 0
