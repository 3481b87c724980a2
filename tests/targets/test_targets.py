"""Targets, the path to target and the award standings on a case computed by hand.

Three kabupaten of Kalimantan Timur, one year (2026), the minimum package (Rp 201,600 a
worker-year), each kabupaten's budget reaching only its own workers, so the allocation
is fixed by the budgets:

| kab | workforce | covered | eligible (extreme) | budget | enrolled (extreme) |
|---|---|---|---|---|---|
| 64.01 Paser | 1,000 | 300 | 200 (50) | APBD kab 100 workers | 100 (50) |
| 64.02 Kutai Kartanegara | 2,000 | 600 | 400 (100) | APBD kab 50 workers | 50 (50) |
| 64.03 Berau | 500 | 200 | 100 (20) | other (CSR) 20 workers | 20 (20) |
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import write_scenario
from ucj_opt.allocate import solve
from ucj_opt.cli import main
from ucj_opt.data.targets import NATIONAL_TARGETS
from ucj_opt.errors import ScenarioError
from ucj_opt.scenario import load_scenario
from ucj_opt.targets import award_standings, coverage_path, target_at

PREMIUM = 12 * 16_800
"""Rp 201,600: a worker-year of the minimum package (REFERENCE §2)."""

REGIONS = """\
code,name,population,poverty_rate,extreme_poverty_rate,workforce,covered
64,Kalimantan Timur,10000,0.05,0.005,5000,1500
64.01,Kabupaten Paser,2000,0.05,0.005,1000,300
64.02,Kabupaten Kutai Kartanegara,4000,0.05,0.005,2000,600
64.03,Kabupaten Berau,1000,0.05,0.005,500,200
"""
WORKERS = """\
region,segment,eligible,extreme_poor
64.01,farmer,200,50
64.02,farmer,400,100
64.03,farmer,100,20
"""
BUDGETS = f"""\
region,year,source,amount
64.01,2026,apbd_kabkota,{100 * PREMIUM}
64.02,2026,apbd_kabkota,{50 * PREMIUM}
64.03,2026,other,{20 * PREMIUM}
"""


@pytest.fixture
def three_kab(tmp_path: Path) -> Path:
    return write_scenario(
        tmp_path, regions__csv=REGIONS, workers__csv=WORKERS, budgets__csv=BUDGETS
    )


def _solved(path: Path, *sets: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    study = load_scenario(path, sets=["policy.equity_floor.share=0", *sets])
    table = solve(study).table
    coverage = coverage_path(study.scenario, study.tables, table)
    return coverage, award_standings(study.scenario, study.tables, table, coverage)


def test_published_targets_are_the_reference_figures() -> None:
    assert [(p.year, p.share) for p in NATIONAL_TARGETS] == [
        (2025, 0.3215),
        (2026, 0.3499),
        (2029, 0.4392),
        (2045, 0.995),
    ]


def test_targets_are_interpolated_linearly_and_held_outside() -> None:
    path = {2026: 0.3499, 2029: 0.4392}
    assert target_at(path, 2026) == (0.3499, "given")
    assert target_at(path, 2028)[0] == pytest.approx(0.3499 + 2 / 3 * (0.4392 - 0.3499))
    assert target_at(path, 2028)[1] == "interpolated"
    assert target_at(path, 2031) == (0.4392, "held")
    assert target_at(path, 2024) == (0.3499, "held")


def test_path_to_target_by_hand(three_kab: Path) -> None:
    path, _ = _solved(three_kab)
    rows = path.set_index("region")
    assert rows.loc["64.01", "enrolled"] == pytest.approx(100)
    assert rows.loc["64.01", "coverage"] == pytest.approx(0.40)
    assert rows.loc["64.02", "coverage"] == pytest.approx(650 / 2000)
    assert rows.loc["64.03", "coverage"] == pytest.approx(220 / 500)
    assert set(rows["target"]) == {0.3499}  # RKP 2026
    assert rows.loc["64.02", "gap_points"] == pytest.approx(100 * (0.325 - 0.3499))
    assert list(rows["on_target"]) == [True, False, True, True]
    assert rows.loc["all", "coverage"] == pytest.approx((1100 + 170) / 3500)


def test_award_scores_by_hand(three_kab: Path) -> None:
    """Scaled criteria (min–max over the three): coverage against target 0.652 / 0 / 1
    (0.075 / 0.115); growth 10 / 2.5 / 4 points → 1 / 0 / 0.2; extreme-poor coverage
    1 / 0.5 / 1 → 1 / 0 / 1; own budget Rp 20,160 / 5,040 / 0 a worker → 1 / 0.25 / 0."""
    _, award = _solved(three_kab)
    assert list(award["region"]) == ["64.01", "64.03", "64.02"]
    score = award.set_index("region")["score"]
    assert score["64.01"] == pytest.approx(100 * (0.075 / 0.115 + 3) / 4)
    assert score["64.03"] == pytest.approx(100 * (1 + 0.2 + 1) / 4)
    assert score["64.02"] == pytest.approx(100 * 0.25 / 4)
    raw = award.set_index("region")
    assert raw.loc["64.01", "own_budget_effort"] == pytest.approx(100 * PREMIUM / 1000)
    assert raw.loc["64.03", "own_budget_effort"] == 0.0  # CSR is not the region's own money
    assert raw.loc["64.02", "growth"] == pytest.approx(2.5)


@pytest.mark.parametrize(
    ("criteria", "order"),
    [
        # Paser and Berau tie at 100; the next criterion listed (growth: 10 > 4) decides
        ("[{id: extreme_poor_coverage}, {id: growth, weight: 0}]", ["64.01", "64.03", "64.02"]),
        # ... or coverage against target (0.44 > 0.40)
        (
            "[{id: extreme_poor_coverage}, {id: coverage_vs_target, weight: 0}]",
            ["64.03", "64.01", "64.02"],
        ),
        # every criterion equal between them: the region code decides
        ("[{id: extreme_poor_coverage}]", ["64.01", "64.03", "64.02"]),
    ],
)
def test_ties_are_broken_by_the_stated_rule(
    three_kab: Path, criteria: str, order: list[str]
) -> None:
    _, award = _solved(three_kab, f"award.criteria={criteria}")
    assert list(award["region"]) == order
    assert award["score"].iloc[0] == award["score"].iloc[1] == 100.0


def test_regional_targets_override_the_national_path(three_kab: Path) -> None:
    path, _ = _solved(three_kab, "targets.regions={'64.02': {2025: 30%, 2027: 36%}}")
    rows = path.set_index("region")
    assert rows.loc["64.02", "target"] == pytest.approx(0.33)
    assert rows.loc["64.02", "target_basis"] == "interpolated"
    assert not rows.loc["64.02", "on_target"]
    assert rows.loc["64.02", "gap_points"] == pytest.approx(100 * (0.325 - 0.33))
    assert rows.loc["64.01", "target"] == 0.3499
    # all regions: the targets weighted by workforce
    assert rows.loc["all", "target"] == pytest.approx((0.3499 * 1500 + 0.33 * 2000) / 3500)


def test_without_workforce_columns_the_assumptions_are_used(tmp_path: Path) -> None:
    regions = "\n".join(line.rsplit(",", 2)[0] for line in REGIONS.splitlines()) + "\n"
    path = write_scenario(
        tmp_path, regions__csv=regions, workers__csv=WORKERS, budgets__csv=BUDGETS
    )
    coverage, _ = _solved(path)
    rows = coverage.set_index("region")
    workforce = 2000 * 145_770_000 / 284_973_643
    assert rows.loc["64.01", "workforce"] == round(workforce)
    assert rows.loc["64.01", "covered_before"] == round(0.3568 * workforce)


def test_bad_target_settings_are_all_reported(three_kab: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(
            three_kab,
            sets=["targets.regions={'64.90': {2029: 40%}, '64': {2029: 40%}}"],
        )
    text = str(caught.value)
    assert "64.90 is not a region of the regions table" in text
    assert "targets belong to kabupaten/kota" in text
    assert "64 is a region of the tables but not a regional government" in text


def test_covered_beyond_the_workforce_is_refused(tmp_path: Path) -> None:
    regions = REGIONS.replace(
        "64.01,Kabupaten Paser,2000,0.05,0.005,1000,300",
        "64.01,Kabupaten Paser,2000,0.05,0.005,1000,900",
    )
    path = write_scenario(
        tmp_path, regions__csv=regions, workers__csv=WORKERS, budgets__csv=BUDGETS
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert "900 workers covered before the allocation plus 200" in str(caught.value)
    regions = REGIONS.replace(",1000,300", ",1000,1200")
    path = write_scenario(
        tmp_path, regions__csv=regions, workers__csv=WORKERS, budgets__csv=BUDGETS
    )
    with pytest.raises(ScenarioError, match="more workers covered than in the workforce"):
        load_scenario(path)


def test_award_command_writes_tables_and_charts(
    three_kab: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "award"
    assert main(["award", str(three_kab), "-o", str(out), "--lang", "id"]) == 0
    printed = capsys.readouterr().out
    assert "Peringkat penghargaan (usulan alat ini)" in printed
    assert printed.index("Kabupaten Paser") < printed.index("Kabupaten Berau")
    table = pd.read_csv(out / "award.csv", dtype={"region": str})
    assert list(table["rank"]) == [1, 2, 3]
    assert pd.read_excel(out / "targets.xlsx", sheet_name="award")["rank"].tolist() == [1, 2, 3]
    for name in ("path.csv", "targets.json", "award.id.png", "path.id.png", "regions.id.png"):
        assert (out / name).stat().st_size > 0, name


def test_award_command_bad_input_exits_2(
    three_kab: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "award",
            str(three_kab),
            "-o",
            str(tmp_path / "out"),
            "--set",
            "award.criteria=[{id: growht}, {id: growth, weight: -1}]",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "award.criteria[0].id" in err and "award.criteria[1].weight" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_derived_workforce_too_small_loads_but_award_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without workforce columns nothing blocks loading; the award (exit 2) and the main
    job's report (a note instead of the tables) say why there is no path to target."""
    from ucj_opt.pipeline.standings import write_run_standings
    from ucj_opt.pipeline.targets_report import targets_section

    regions = "\n".join(line.rsplit(",", 2)[0] for line in REGIONS.splitlines()) + "\n"
    regions = regions.replace("64.03,Kabupaten Berau,1000", "64.03,Kabupaten Berau,200")
    path = write_scenario(
        tmp_path, regions__csv=regions, workers__csv=WORKERS, budgets__csv=BUDGETS
    )
    study = load_scenario(path)  # 100 eligible > 200 × 0.5115 × (1 − 35.68%) = 65.8
    assert main(["award", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Kabupaten Berau (64.03)" in err and "(population × 0.5115 employed per person)" in err
    out = tmp_path / "results"
    write_run_standings(study, solve(study).table, out)
    section = targets_section(out)
    assert section is not None and not section.tables
    assert "in 1 of the regional governments" in section.paragraphs[-1]["en"]
    assert (out / "need" / "need.json").is_file()


def test_need_out_of_reach_is_a_note_not_a_failed_run(
    three_kab: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ucj_opt.allocate.need as need_module
    from ucj_opt.errors import UserError
    from ucj_opt.pipeline.standings import write_run_standings
    from ucj_opt.pipeline.targets_report import need_plateau, need_section

    def out_of_reach(*_: object) -> None:
        raise UserError("no budget reaches the target extreme_poor")

    study = load_scenario(three_kab)
    table = solve(study).table
    monkeypatch.setattr(need_module, "budget_need", out_of_reach)
    write_run_standings(study, table, tmp_path)
    section = need_section(tmp_path, pd.Series(dtype=str))
    assert section is not None and "a rule other than money binds" in section.paragraphs[0]["en"]
    assert need_plateau(tmp_path) is None
    assert (tmp_path / "targets" / "award.csv").is_file()


def test_need_section_states_the_gap(three_kab: Path, tmp_path: Path) -> None:
    """Kutai Kartanegara lacks 50 extreme-poor workers (Rp 10.08 juta); Paser and Berau
    cover theirs. The least budget in all: 170 extreme-poor workers × Rp 201,600."""
    from ucj_opt.pipeline.standings import write_run_standings
    from ucj_opt.pipeline.targets_report import need_plateau, need_section

    study = load_scenario(three_kab, sets=["policy.equity_floor.share=0"])
    write_run_standings(study, solve(study).table, tmp_path)
    assert need_plateau(tmp_path) == pytest.approx(170 * PREMIUM)
    section = need_section(tmp_path, pd.Series({"64.02": "Kabupaten Kutai Kartanegara"}))
    assert section is not None
    assert "Rp 10.1 million of new money" in section.paragraphs[0]["en"]
    assert "Rp 10,1 juta dana baru" in section.paragraphs[0]["id"]
    frame = section.tables[0].frame
    assert len(frame) == 1 and frame["gap"].iloc[0] == pytest.approx(50 * PREMIUM)


def test_budget_needed_for_the_workforce_target_by_hand(three_kab: Path) -> None:
    """RKP 2026, 34.99% of each workforce: Paser needs 349.9 − 300 = 49.9 more workers
    (its budget holds 100), Kutai Kartanegara 699.8 − 600 = 99.8 (its budget holds 50),
    Berau none (200 of 500 covered already)."""
    from ucj_opt.allocate.need import budget_need

    study = load_scenario(three_kab, sets=["policy.equity_floor.share=0"])
    need = budget_need(study, "workforce")
    assert need.total_needed == pytest.approx((49.9 + 99.8) * PREMIUM, rel=1e-9)
    assert need.total_gap == pytest.approx(49.8 * PREMIUM, rel=1e-9)
    same = budget_need(study, "workforce=34.99%")
    assert same.total_needed == pytest.approx(need.total_needed, rel=1e-12)


def test_workforce_target_out_of_reach_names_the_regions(
    three_kab: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["need", str(three_kab), "--target", "workforce=70%"]) == 2
    err = capsys.readouterr().err
    assert "Kabupaten Berau (64.03) 2026: 70.00% of its workforce needs 150 more" in err
    assert "Traceback" not in err


def test_report_states_the_budget_for_the_workforce_target(three_kab: Path, tmp_path: Path) -> None:
    from ucj_opt.pipeline.standings import write_run_standings
    from ucj_opt.pipeline.targets_report import need_section

    study = load_scenario(three_kab, sets=["policy.equity_floor.share=0"])
    write_run_standings(study, solve(study).table, tmp_path)
    section = need_section(tmp_path, pd.Series(dtype=str))
    assert section is not None
    text = section.paragraphs[-1]
    assert "takes Rp 30.2 million over the plan, Rp 10.0 million of it new money" in text["en"]
    assert "dibutuhkan Rp 30,2 juta selama rencana, Rp 10,0 juta di antaranya" in text["id"]
    # out of reach: a note, not a failed run
    study = load_scenario(three_kab, sets=["targets.national={2026: 70%}"])
    write_run_standings(study, solve(study).table, tmp_path / "far")
    section = need_section(tmp_path / "far", pd.Series(dtype=str))
    assert section is not None and "too few" in section.paragraphs[-1]["en"]


def test_need_is_skipped_above_the_leaf_limit(
    three_kab: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ucj_opt.pipeline.standings as standings
    from ucj_opt.pipeline.targets_report import need_plateau, need_section

    monkeypatch.setattr(standings, "NEED_MAX_LEAVES", 2)  # the case has 3 kabupaten
    study = load_scenario(three_kab)
    standings.write_run_standings(study, solve(study).table, tmp_path)
    section = need_section(tmp_path, pd.Series(dtype=str))
    assert section is not None and "with 3 regions holding workers" in section.paragraphs[0]["en"]
    assert need_plateau(tmp_path) is None
    assert (tmp_path / "targets" / "award.csv").is_file()
