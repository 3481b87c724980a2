"""``award``: rank regional governments on the scenario's scorecard (this tool's proposal;
the official UCJ Award criteria are not public)."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ucj_opt.cli.common import add_scenario_args, scenario_from_args
from ucj_opt.errors import UserError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["add_parser", "run"]

_FORMATS = ("csv", "xlsx")
_SHOWN = 15
"""Regions listed on screen; all are in award.csv."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "award",
        help="rank regional governments on the scenario's scorecard (this tool's proposal)",
    )
    add_scenario_args(p)
    p.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="folder for award.csv, path.csv, targets.xlsx, targets.json and the charts "
        "(award.<lang>.png, path.<lang>.png, regions.<lang>.png), built apart and swapped in whole",
    )
    p.add_argument(
        "--lang",
        choices=("en", "id"),
        default="en",
        help="language of the charts and of the screen: en (English) or id (Bahasa Indonesia)",
    )
    p.set_defaults(func=run)


def _lines(award: object, path: object, lang: str) -> list[str]:
    import pandas as pd

    from ucj_opt.targets import NATION
    from ucj_opt.text import t
    from ucj_opt.text.formatting import format_number, format_percent

    assert isinstance(award, pd.DataFrame) and isinstance(path, pd.DataFrame)
    last = int(path["year"].max())
    nation = path[(path["region"] == NATION) & (path["year"] == last)].iloc[0]
    out = [
        t("award_title", lang),
        f"{t('rt_all', lang)} {last}: {format_percent(float(nation['coverage']), lang, 2)} "
        f"({t('rt_target', lang)} {format_percent(float(nation['target']), lang, 2)})",
    ]
    for row in award.head(_SHOWN).to_dict("records"):
        out.append(
            f"{int(row['rank']):>4}  {format_number(float(row['score']), lang, 1):>6}  "
            f"{row['name']} ({row['region']})"
        )
    if len(award) > _SHOWN:
        out.append(f"   … {len(award) - _SHOWN} (award.csv)")
    return out


def _png(figure: Figure, tmp: Path) -> None:
    figure.savefig(tmp, format="png", dpi=130)


def run(args: argparse.Namespace) -> int:
    from ucj_opt.cli.solve_progress import solve_showing_progress
    from ucj_opt.io import result_folder, write_atomic
    from ucj_opt.plot.targets import award_chart, path_to_target, regions_against_target
    from ucj_opt.targets.files import standings, write_standings

    study = scenario_from_args(args)
    allocation = solve_showing_progress(study, args.lang)
    allocation.raise_unless_solved()
    result = standings(study, allocation.table)
    if result.award.empty:
        raise UserError("no regional government to rank: the workers table is empty")
    if args.output:
        out = Path(args.output)
        with result_folder(out, "award", status=allocation.status.value) as build:
            written = write_standings(result, build)
            charts = {
                f"award.{args.lang}.png": award_chart(result.award, result.weights, lang=args.lang),
                f"path.{args.lang}.png": path_to_target(result.path, lang=args.lang),
                f"regions.{args.lang}.png": regions_against_target(result.path, lang=args.lang),
            }
            for name, figure in charts.items():
                write_atomic(build / name, partial(_png, figure))
                written.append(build / name)
        for path in written:
            print(f"wrote {out / path.relative_to(build)}", file=sys.stderr)
    sys.stdout.write("\n".join(_lines(result.award, result.path, args.lang)) + "\n")
    return 0
