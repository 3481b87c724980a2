"""Results folders shared by the pipeline tests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_scenario
from ucj_opt.allocate import solve
from ucj_opt.allocate.writers import write_allocation
from ucj_opt.io import result_folder
from ucj_opt.pipeline.results import write_inputs
from ucj_opt.pipeline.standings import write_run_standings
from ucj_opt.scenario import load_scenario


def solved_folder(tmp_path: Path, standings: bool = False) -> tuple[Path, Path]:
    """(the scenario folder, a finished results folder of its allocation), written as
    ``ucj-opt solve`` writes one: inputs snapshot, allocation, ``complete.json`` last;
    with ``standings``, also ``targets/`` and ``need/`` as the main job writes them."""
    source = tmp_path / "scenario"
    source.mkdir()
    study = load_scenario(write_scenario(source))
    out = tmp_path / "results"
    with result_folder(out, "solve") as build:
        write_inputs(study, build)
        allocation = solve(study)
        write_allocation(allocation, build / "allocation")
        if standings:
            write_run_standings(study, allocation.table, build)
    return source, out
