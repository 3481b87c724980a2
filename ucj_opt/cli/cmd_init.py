"""``init``: a ready scenario for a province or kabupaten/kota, from its real regions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "init",
        help="write a starter scenario for a province or kabupaten/kota",
        description="Write scenario.yaml and tables.xlsx (sheets regions, workers, budgets, "
        "sources) for a province or kabupaten/kota: its real child regions (Kepmendagri "
        "300.2.2-2138/2025) with the national figures scaled down, labelled derived or "
        "assumed. It validates and solves at once; replace the figures with local ones.",
        epilog="example: ucj-opt init 64.09 -o ppu && ucj-opt validate ppu/scenario.yaml",
    )
    p.add_argument("code", help="Kemendagri code: a province (53) or kabupaten/kota (64.09)")
    p.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="folder to write (default: init-CODE, e.g. init-64.09)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ucj_opt.data import hierarchy
    from ucj_opt.scenario.starter import starter_tables, write_starter

    folder = Path(args.output or f"init-{args.code.strip()}")
    path = write_starter(args.code, folder)
    starter = starter_tables(args.code)
    name = hierarchy.official_name(starter.code)
    print(
        f"wrote {path} and {path.parent / 'tables.xlsx'}: {name}, {len(starter.regions):,} "
        f"regions, {len(starter.workers):,} worker rows, {len(starter.budgets):,} budget rows "
        "(figures derived/assumed: see the 'sources' sheet)",
        file=sys.stderr,
    )
    print(f"next: ucj-opt validate {path}", file=sys.stderr)
    return 0
