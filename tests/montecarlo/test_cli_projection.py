"""The real projection as a Monte Carlo task, and the ``montecarlo`` command end to end."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ucj_opt.cli import main
from ucj_opt.montecarlo import load_results
from ucj_opt.montecarlo.scenario_task import point_sets, projection_task

UNCERTAIN = (
    "uncertainty.parameters=[{path: simulation.mortality_scale.value, "
    "distribution: {kind: triangular, low: 0.9, mode: 1.0, high: 1.2}}]"
)
SMALL = ["--set", "horizon.years=1", "--households-per-group", "20"]


def test_point_sets_apply_draws_after_user_sets() -> None:
    assert point_sets({"b.c": 0.25, "a": 1.0}, ["x=1"]) == ("x=1", "a=1.0", "b.c=0.25")


def test_projection_task_is_seeded_and_uses_the_draw() -> None:
    task = functools.partial(
        projection_task,
        source="embedded:national",
        coverage=0.5,
        sets=("horizon.years=1",),
        households_per_group=20,
    )
    seed = np.random.SeedSequence(3, spawn_key=(0, 0))
    a = task({"simulation.mortality_scale.value": 1.0}, seed)
    b = task({"simulation.mortality_scale.value": 1.0}, seed)
    c = task({"simulation.mortality_scale.value": 1.2}, seed)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert not a.equals(c)
    assert a.arm.tolist() == ["without", "with"]
    assert (a.premiums_paid == [0.0, a.premiums_paid[1]]).all() and a.premiums_paid[1] > 0


def test_command_runs_resumes_and_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "mc"
    args = [
        "montecarlo",
        "embedded:national",
        "--set",
        UNCERTAIN,
        *SMALL,
        "--samples",
        "3",
        "--replications",
        "2",
        "--seed",
        "5",
        "-o",
        str(store),
        "--quiet",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "3 points × 2 replications (lhs)" in out and "poor_person_years" in out
    first = load_results(store)
    assert first.manifest["scenario"]["name"] and first.manifest["root_seed"] == 5
    assert first.design.shape == (3, 1)
    assert len(first.results) == 3 * 2 * 2
    assert main(args) == 2  # refuses to overwrite
    assert "--resume" in capsys.readouterr().err
    assert main([*args, "--resume"]) == 0
    pd.testing.assert_frame_equal(first.results, load_results(store).results, check_exact=True)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--replications", "0"], "--replications must be at least 1"),
        (["--coverage", "1.5"], "--coverage must be a share"),
        (
            [
                "--set",
                "uncertainty.parameters=[{path: simulation.mortality_scale.value, "
                "distribution: {kind: uniform, low: 0.5, high: 2.0}}]",
            ],
            "mortality_scale",
        ),
        (
            [
                "--set",
                "uncertainty.parameters=[{path: simulation.no_such.value, "
                "distribution: {kind: uniform, low: 0.001, high: 0.02}}]",
            ],
            "no_such",
        ),
        (["--set", "uncertainty.parameters=[]", "--design", "morris"], "morris"),
    ],
)
def test_bad_input_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    args = ["montecarlo", "embedded:national", *SMALL, "-o", str(tmp_path / "x"), "--quiet", *extra]
    assert main(args) == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_command_stopping_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = [
        "montecarlo",
        "embedded:national",
        *SMALL,
        "--samples",
        "1",
        "--replications",
        "2",
        "--seed",
        "1",
        "--quiet",
    ]
    assert main([*base, "--target-half-width", "1e15", "-o", str(tmp_path / "a")]) == 0
    assert "stopping rule met: " in capsys.readouterr().out
    assert (
        main(
            [
                *base,
                "--target-half-width",
                "1e-6",
                "--max-replications",
                "4",
                "-o",
                str(tmp_path / "b"),
            ]
        )
        == 0
    )
    assert "NOT met" in capsys.readouterr().out
    assert load_results(tmp_path / "b").results.replication.max() == 3
