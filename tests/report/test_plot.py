"""Each chart draws what its data says: bar counts, order, widths, labels, language."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from report_samples import (
    allocation_table,
    effects,
    frontier_table,
    need_table,
    projection_table,
    province_values,
    sensitivity_table,
    shadow_table,
)

import ucj_opt.plot as plot
from ucj_opt.data import provinces

ROOT = Path(__file__).resolve().parents[2]


def main_axes(figure: Figure) -> Axes:
    return figure.axes[0]


def texts(figure: Figure) -> list[str]:
    """Every piece of text drawn on the figure (after a draw, so tick labels exist)."""
    figure.canvas.draw()
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def bars(ax: Axes) -> list[BarContainer]:
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def ytick_labels(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def test_coverage_bars_are_sorted_shares_with_target() -> None:
    frame = allocation_table()
    figure = plot.coverage_by_region(frame, lang="en", target=0.2)
    ax = main_axes(figure)
    (container,) = bars(ax)
    totals = frame.groupby("region")[["enrolled", "eligible"]].sum()
    expected = (totals["enrolled"] / totals["eligible"]).sort_values()
    assert len(container) == 5
    assert ytick_labels(ax) == list(expected.index)
    np.testing.assert_allclose([p.get_width() for p in container], expected.to_numpy())
    assert ax.get_title(loc="left") == "Coverage of eligible workers by region"
    assert ax.get_xlabel() == "Share of eligible workers enrolled"
    assert [line.get_xdata()[0] for line in ax.get_lines()] == [0.2]
    drawn = texts(figure)
    assert "target 20.0%" in " ".join(drawn)
    assert f"{expected.iloc[-1] * 100:.1f}%" in drawn


def test_coverage_in_indonesian_uses_comma_decimals() -> None:
    figure = plot.coverage_by_region(allocation_table(), lang="id")
    ax = main_axes(figure)
    assert ax.get_title(loc="left") == "Cakupan pekerja yang memenuhi syarat per wilayah"
    shares = [p.get_width() for p in bars(ax)[0]]
    assert f"{shares[0] * 100:.1f}%".replace(".", ",") in texts(figure)


def test_coverage_refuses_regions_without_eligible_workers() -> None:
    frame = pd.DataFrame({"region": ["A"], "enrolled": [0], "eligible": [0]})
    with pytest.raises(ValueError, match="no eligible workers"):
        plot.coverage_by_region(frame)


def test_allocation_stacks_sources_sorted_by_total() -> None:
    frame = allocation_table()
    figure = plot.allocation_by_region(frame, lang="en")
    ax = main_axes(figure)
    containers = bars(ax)
    assert len(containers) == 3 and all(len(c) == 5 for c in containers)
    totals = frame.groupby("region")["premiums"].sum().sort_values()
    assert ytick_labels(ax) == list(totals.index)
    stacked = np.sum([[p.get_width() for p in c] for c in containers], axis=0)
    np.testing.assert_allclose(stacked, totals.to_numpy())
    hatches = {c.patches[0].get_hatch() for c in containers}
    assert len(hatches) >= 2, "sources must differ by hatch, not only by shade"
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert sorted(legend) == ["APBD kabupaten/kota", "APBD provinsi", "APBDes"]
    assert ax.get_xlabel() == "Premiums paid (Rp billion)"
    id_ax = main_axes(plot.allocation_by_region(frame, lang="id"))
    assert id_ax.get_xlabel() == "Iuran yang dibayar (Rp miliar)"


def test_allocation_without_source_draws_one_series() -> None:
    frame = pd.DataFrame({"region": ["A", "B", "A"], "premiums": [3e9, 5e9, 4e9]})
    figure = plot.allocation_by_region(frame, lang="id")
    (container,) = bars(main_axes(figure))
    assert [p.get_width() for p in container] == [5e9, 7e9]
    assert not figure.legends
    assert main_axes(figure).get_xlabel() == "Iuran yang dibayar (Rp miliar)"
    assert {"0", "7"} <= set(texts(figure)), "whole miliar ticks need no decimals"


def test_ticks_get_the_decimals_they_need() -> None:
    from matplotlib.figure import Figure

    from ucj_opt.plot.style import number_axis, percent_axis

    figure = Figure()
    ax = figure.add_subplot()
    ax.plot([0.0, 0.5], [15.0, 20.0])
    ax.set_xticks([0.0, 0.125, 0.25, 0.375, 0.5])
    ax.set_yticks([15.0, 17.5, 20.0])
    percent_axis(ax, "en", "x")
    number_axis(ax, "id", "y")
    figure.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "0.0%",
        "12.5%",
        "25.0%",
        "37.5%",
        "50.0%",
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["15,0", "17,5", "20,0"]


def test_budget_against_need_nests_three_bars_sorted_by_need() -> None:
    frame = need_table()
    figure = plot.budget_vs_need(frame, lang="en")
    ax = main_axes(figure)
    need, budget, used = bars(ax)
    order = frame.sort_values("need")
    assert ytick_labels(ax) == list(order["region"])
    np.testing.assert_allclose([p.get_width() for p in need], order["need"])
    np.testing.assert_allclose([p.get_width() for p in budget], order["budget"])
    np.testing.assert_allclose([p.get_width() for p in used], order["used"])
    assert budget.patches[0].get_hatch() == "///"
    heights = [c.patches[0].get_height() for c in (need, budget, used)]
    assert heights == sorted(heights, reverse=True)
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["Need (all eligible workers)", "Budget available", "Budget used"]
    id_legend = plot.budget_vs_need(frame, lang="id").legends[0].get_texts()
    assert id_legend[2].get_text() == "Anggaran terpakai"


def test_shadow_prices_show_binding_budgets_per_miliar() -> None:
    frame = shadow_table()
    figure = plot.shadow_prices(frame, lang="en")
    ax = main_axes(figure)
    (container,) = bars(ax)
    assert len(container) == 5
    widths = [p.get_width() for p in container]
    assert widths == sorted(widths), "largest at the top"
    assert widths[-1] == pytest.approx(4960.3)
    assert ytick_labels(ax)[0] == "Kab. Epsilon · APBD 2026"
    assert ax.get_title(loc="left") == "What one more Rp 1 billion buys, where"
    assert ax.get_xlabel().startswith("Extra protected workers per extra Rp 1 billion\n2 budgets")
    assert "4,960" in texts(figure)
    id_fig = plot.shadow_prices(frame, lang="id", objective="orang miskin ekstrem", limit=2)
    id_ax = main_axes(id_fig)
    assert len(bars(id_ax)[0]) == 2
    assert id_ax.get_xlabel().startswith("Tambahan orang miskin ekstrem per tambahan Rp 1 miliar")
    assert "4.960" in texts(id_fig)


def test_shadow_prices_refuse_negative_prices() -> None:
    frame = pd.DataFrame({"budget": ["A"], "shadow_price": [-1e-6]})
    with pytest.raises(ValueError, match="must be ≥ 0"):
        plot.shadow_prices(frame)


def test_budget_frontier_draws_the_sweep_and_marks_current_budget() -> None:
    frame = frontier_table().sample(frac=1.0, random_state=1)
    figure = plot.budget_frontier(frame, lang="id", current=12e9)
    ax = main_axes(figure)
    curve, point = ax.get_lines()[0], ax.get_lines()[-1]
    assert list(curve.get_xdata()) == sorted(frame["total_budget"])
    sweep = frontier_table()
    expected = float(np.interp(12e9, sweep["total_budget"], sweep["protected"]))
    assert point.get_ydata()[0] == pytest.approx(expected)
    assert ax.get_xlabel() == "Total anggaran (Rp miliar)"
    # the y axis is what the sweep measures: the allocation's extreme-poor worker-years
    assert ax.get_ylabel() == "Pekerja-tahun miskin ekstrem terlindungi"
    drawn = texts(figure)
    value = f"{expected:,.0f}".replace(",", ".")
    assert f"anggaran saat ini: {value} pekerja-tahun" in drawn
    assert "40" in drawn and "140.000" in drawn


def test_tile_layout_covers_the_38_provinces_once() -> None:
    codes = set(provinces().index)
    assert set(plot.PROVINCE_TILES) == codes and len(codes) == 38
    assert set(plot.PROVINCE_LABELS) == codes
    assert len(set(plot.PROVINCE_TILES.values())) == 38, "two provinces share a tile"
    assert len(set(plot.PROVINCE_LABELS.values())) == 38
    col = {c: rc[1] for c, rc in plot.PROVINCE_TILES.items()}
    sumatra = [c for c in codes if c[0] == "1" or c == "21"]
    papua = [c for c in codes if c[0] == "9"]
    assert max(col[c] for c in sumatra) < min(col[c] for c in papua)
    assert col["11"] == 0 and min(col[c] for c in papua) >= 10


def test_tile_map_shades_each_province_and_hatches_missing_ones() -> None:
    values = province_values()
    figure = plot.province_tile_map(values, lang="en", title="Coverage 2026")
    ax = main_axes(figure)
    tiles = {p.get_gid(): p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid()}
    assert len(tiles) == 38
    hatched = sorted(gid for gid, p in tiles.items() if p.get_hatch())
    assert hatched == ["tile-93", "tile-95"]
    lightest = tiles[f"tile-{values.idxmin()}"].get_facecolor()[0]
    darkest = tiles[f"tile-{values.idxmax()}"].get_facecolor()[0]
    assert lightest > darkest
    drawn = texts(figure)
    assert set(plot.PROVINCE_LABELS.values()) <= set(drawn)
    assert f"{values['32'] * 100:.1f}%" in drawn
    assert "no data" in drawn and "Coverage 2026" in drawn
    id_drawn = texts(plot.province_tile_map(values, lang="id"))
    assert "tidak ada data" in id_drawn and "Per provinsi" in id_drawn
    assert f"{values['32'] * 100:.1f}%".replace(".", ",") in id_drawn


def test_tile_map_accepts_integer_codes_and_refuses_unknown_ones() -> None:
    values = pd.Series([0.5, 0.3], index=[32, 11])
    figure = plot.province_tile_map(values, kind="number")
    assert "0" in texts(figure)
    with pytest.raises(ValueError, match="unknown province codes"):
        plot.province_tile_map(pd.Series([1.0], index=["99"]))


def test_fan_table_matches_numpy_quantiles() -> None:
    frame = projection_table(months=6, reps=25)
    table = plot.fan_table(frame, levels=(0.9, 0.5))
    assert list(table.columns) == ["month", "arm", "median", "lo_50", "hi_50", "lo_90", "hi_90"]
    summed = frame.groupby(["month", "arm", "replication"])["value"].sum()
    sample = summed.loc[(3, "with")].to_numpy()
    row = table[(table["month"] == 3) & (table["arm"] == "with")].iloc[0]
    assert row["median"] == pytest.approx(np.median(sample))
    assert row["lo_90"] == pytest.approx(np.quantile(sample, 0.05))
    assert row["hi_50"] == pytest.approx(np.quantile(sample, 0.75))
    assert (table["lo_90"] <= table["lo_50"]).all() and (table["hi_50"] <= table["hi_90"]).all()


def test_fan_chart_draws_two_medians_and_a_band_per_level_and_arm() -> None:
    frame = projection_table(months=12, reps=20)
    figure = plot.fan_chart(frame, lang="en")
    ax = main_axes(figure)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == [
        "Without coverage (median)",
        "With coverage (median)",
    ]
    assert [line.get_linestyle() for line in lines] == ["--", "-"]
    assert lines[0].get_marker() != lines[1].get_marker()
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 4
    assert sum(1 for b in bands if b.get_hatch()) == 2
    assert len(lines[0].get_xdata()) == 12
    assert ax.get_xlabel() == "Month" and ax.get_ylabel() == "People in poverty"
    id_ax = main_axes(plot.fan_chart(frame, lang="id", levels=(0.8,)))
    assert id_ax.get_ylabel() == "Penduduk miskin"
    assert len([c for c in id_ax.collections if isinstance(c, PolyCollection)]) == 2
    legend = [t.get_text() for t in id_ax.get_legend().get_texts()]
    assert "Dengan perlindungan: pita 80%" in legend


def test_fan_chart_refuses_unknown_arms() -> None:
    frame = pd.DataFrame({"month": [0], "arm": ["treated"], "replication": [0], "value": [1.0]})
    with pytest.raises(ValueError, match="arm must be"):
        plot.fan_chart(frame)


def test_paired_effect_histogram_counts_every_replication() -> None:
    values = effects(300)
    figure = plot.paired_effect(values, lang="en", bins=12, level=0.9)
    ax = main_axes(figure)
    (histogram,) = bars(ax)
    heights = [p.get_height() for p in histogram]
    assert len(heights) == 12 and sum(heights) == 300
    median_line = next(line for line in ax.get_lines() if line.get_label().startswith("median"))
    assert median_line.get_xdata()[0] == pytest.approx(np.median(values))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "90% of replications" and legend[2] == "no effect"
    id_ax = main_axes(plot.paired_effect(pd.Series(values), lang="id"))
    assert id_ax.get_ylabel() == "Replikasi"
    with pytest.raises(ValueError, match="finite"):
        plot.paired_effect([1.0, float("nan")])


def test_sensitivity_bars_pair_first_and_total_indices() -> None:
    frame = sensitivity_table()
    figure = plot.sensitivity_bars(frame, lang="en")
    ax = main_axes(figure)
    first, total = bars(ax)
    assert len(first) == len(total) == 5
    assert ytick_labels(ax)[-1] == "accident rate" and ytick_labels(ax)[0] == "household size"
    assert [p.get_width() for p in total] == sorted(frame["ST"])
    assert total.patches[0].get_hatch() == "///" and first.errorbar is not None
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["first order (S1)", "total (ST)"]
    only_first = main_axes(plot.sensitivity_bars(frame[["parameter", "S1"]], lang="id"))
    assert len(bars(only_first)) == 1 and only_first.get_xlabel() == "Indeks sensitivitas"
    assert "0,40" in texts(only_first.figure)  # type: ignore[arg-type]


def test_running_mean_table_matches_direct_computation() -> None:
    values = effects(50)
    table = plot.running_mean_table(values, level=0.95)
    assert list(table["n"]) == list(range(2, 51))
    k = 17
    head = values[:k]
    row = table[table["n"] == k].iloc[0]
    assert row["mean"] == pytest.approx(head.mean())
    assert row["half_width"] == pytest.approx(1.959964 * head.std(ddof=1) / np.sqrt(k), rel=1e-5)


def test_convergence_draws_running_mean_and_band() -> None:
    table = plot.running_mean_table(effects(200))
    figure = plot.convergence(table, lang="en", tolerance=20.0)
    ax = main_axes(figure)
    mean_line = next(line for line in ax.get_lines() if line.get_label() == "running mean")
    assert len(mean_line.get_xdata()) == 199
    tolerance_lines = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert len(tolerance_lines) == 2
    (band,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert band.get_hatch() == ".."
    assert (
        ax.get_xlabel() == "Replications" and ax.get_title(loc="left") == "Monte Carlo convergence"
    )
    id_ax = main_axes(plot.convergence(table, lang="id"))
    legend = [t.get_text() for t in id_ax.get_legend().get_texts()]
    assert legend == ["± setengah lebar 95%", "rata-rata berjalan"]


def test_missing_columns_are_named_in_the_error() -> None:
    with pytest.raises(ValueError, match=r"missing \['eligible'\]"):
        plot.coverage_by_region(pd.DataFrame({"region": ["A"], "enrolled": [1]}))
    with pytest.raises(ValueError, match="unknown language"):
        plot.budget_frontier(frontier_table(), lang="fr")


def test_charts_draw_in_parallel_threads() -> None:
    """No pyplot state: charts drawn from several threads at once all come out whole."""

    def draw(lang: str) -> int:
        figure = plot.budget_vs_need(need_table(), lang=lang)
        figure.canvas.draw()
        return len(bars(main_axes(figure)))

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(draw, ["en", "id"] * 4)) == [3] * 8


def test_plot_never_imports_pyplot() -> None:
    code = "import sys, ucj_opt.plot, ucj_opt.report; print('matplotlib.pyplot' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_region_charts_keep_the_largest_regions_beyond_the_limit() -> None:
    frame = allocation_table()
    ax = main_axes(plot.coverage_by_region(frame, lang="id", limit=2))
    assert sorted(ytick_labels(ax)) == ["Kab. Delta", "Kab. Epsilon"]  # most eligible
    assert ax.get_xlabel().endswith("\n3 wilayah yang lebih kecil tidak ditampilkan")
    ax = main_axes(plot.allocation_by_region(frame, lang="en", limit=3))
    totals = frame.groupby("region")["premiums"].sum().sort_values()
    assert ytick_labels(ax) == list(totals.index[-3:])
    assert ax.get_xlabel().endswith("2 smaller regions not shown")
    ax = main_axes(plot.budget_vs_need(need_table(), limit=1))
    assert ytick_labels(ax) == ["Kota Gamma"] and all(len(c) == 1 for c in bars(ax))
    assert "\n" not in main_axes(plot.budget_vs_need(need_table())).get_xlabel()
