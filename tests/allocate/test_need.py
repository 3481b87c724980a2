"""The budget needed for a target (``ucj-opt need``), against closed forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.allocate.conftest import make_case
from ucj_opt.allocate.need import budget_need, parse_target
from ucj_opt.cli import main
from ucj_opt.errors import UserError

P = 201_600.0  # Rp per worker-year: 12 months × (JKK 10,000 + JKM 6,800)
KAB = [("11", "province", ""), ("11.01", "kabkota", "11"), ("11.02", "kabkota", "11")]


def _case(years: int = 1):  # type: ignore[no-untyped-def]
    workers = [("11.01", "farmer", 1000, 400), ("11.02", "fisher", 600, 250)]
    budgets = [
        (r, 2026 + y, "apbd_kabkota", a * P)
        for y in range(years)
        for r, a in (("11.01", 100), ("11.02", 300))
    ]
    study, _ = make_case(KAB, workers, budgets, horizon={"start_year": 2026, "years": years})
    return study


@pytest.mark.parametrize("years", [1, 2])
def test_every_extreme_poor_worker_costs_workers_times_premium_times_months(years: int) -> None:
    need = budget_need(_case(years), "extreme_poor")
    t = need.table.set_index(["region", "year"])
    for y in range(years):
        assert t.loc[("11.01", 2026 + y), "needed"] == pytest.approx(400 * P)
        assert t.loc[("11.01", 2026 + y), "gap"] == pytest.approx(300 * P)
        # 11.02 has more than it needs: its budget keeps 50 worker-years' premiums
        assert t.loc[("11.02", 2026 + y), "needed"] == pytest.approx(250 * P)
        assert t.loc[("11.02", 2026 + y), "gap"] == pytest.approx(-50 * P)
    assert need.total_needed == pytest.approx(650 * P * years)
    assert need.total_gap == pytest.approx(300 * P * years)  # a surplus pays no one else


def test_a_coverage_target_costs_its_share_of_eligible_workers() -> None:
    need = budget_need(_case(), "coverage=43.92%")
    assert need.total_needed == pytest.approx(0.4392 * 1600 * P, rel=1e-9)


def test_the_poor_target_adds_others_at_the_regions_poverty_rate() -> None:
    # make_case: poverty 10%, extreme poverty 1%: (0.10 - 0.01) / 0.99 of the others
    share = 0.09 / 0.99
    need = budget_need(_case(), "poor")
    assert need.total_needed == pytest.approx((650 + share * (600 + 350)) * P, rel=1e-9)


@pytest.mark.parametrize("bad", ["coverage=0", "coverage=150%", "richest", "coverage=abc"])
def test_a_bad_target_is_refused(bad: str) -> None:
    with pytest.raises(UserError, match="is not a target"):
        parse_target(bad)


def test_need_command_answers_the_ppu_case_and_writes_tables(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = Path(__file__).resolve().parents[2]
    code = main(
        [
            "need",
            str(root / "scenarios" / "kabupaten_ppu.yaml"),
            "-O",
            "one_year",
            "-o",
            str(tmp_path),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("target        extreme_poor (optimal)")
    totals = json.loads((tmp_path / "need.json").read_text())
    assert totals["needed"] > 0 and totals["new_money"] >= 0
    assert (tmp_path / "need.csv").read_text().startswith("region,name,year,source,today")
    assert main(["need", "embedded:national", "--target", "coverage=2"]) == 2


def test_the_national_need_is_the_same_solved_by_province_blocks() -> None:
    """Blocks split the solve, not the answer: every region's need to a hundredth of a
    worker-year's premium (Rp 2,016), and the national total; the blocks are counted as
    they end."""
    import ucj_opt

    study = ucj_opt.load_scenario("embedded:national")
    whole = budget_need(study, "extreme_poor", blocks=False)
    told: list[tuple[int, int]] = []
    split = budget_need(study, "extreme_poor", blocks=True, progress=lambda *a: told.append(a))
    assert split.status is whole.status
    blocks = told[-1][1]  # the progress line ('need' shows it) counts every block done
    assert blocks > 1 and told[-1] == (blocks, blocks)
    keys = ["region", "year", "source"]
    a, b = (n.table.set_index(keys)["needed"].sort_index() for n in (whole, split))
    assert b.to_numpy() == pytest.approx(a.to_numpy(), abs=0.01 * P)
    assert split.total_needed == pytest.approx(whole.total_needed, rel=1e-8)
