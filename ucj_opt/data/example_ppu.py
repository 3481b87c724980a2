"""Build the village-level example: Kab. Penajam Paser Utara (64.09), Kalimantan Timur.

The budgets and enrolment are the real case of REFERENCE §2; the 4 kecamatan, 30 desa and
24 kelurahan are the real ones, with their codes and names (Kepmendagri 300.2.2-2138/2025,
``ucj_opt.data.hierarchy``); their populations, rates and worker counts are SYNTHETIC,
spread from the average village population of Kalimantan Timur. Run
``python -m ucj_opt.data.example_ppu`` to rewrite scenarios/kabupaten_ppu/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from ucj_opt.data import NATIONAL_YEARS, province_figures, provinces, split_whole
from ucj_opt.data.hierarchy import descendants, official_name
from ucj_opt.data.sources import ASSUMPTIONS, NATIONAL, PPU, PPU_CODE

__all__ = ["SEED", "build_example", "main"]

SEED = 6409
"""Seed of the synthetic village variation (the kabupaten code), so the files rebuild
bit for bit."""

SEGMENTS = ("farmer", "fisher", "informal", "other")

_ELIGIBLE_SPLIT = {"desa": (0.45, 0.08, 0.37, 0.10), "kelurahan": (0.12, 0.05, 0.68, 0.15)}
"""Synthetic segment shares of eligible workers: desa lean to farming and fishing."""
_EXTREME_SPLIT = {"desa": (0.55, 0.10, 0.27, 0.08), "kelurahan": (0.20, 0.08, 0.57, 0.15)}
"""Synthetic segment shares of extreme-poor workers."""

HEADER = "# Real desa and kelurahan, SYNTHETIC figures; see README.md in this folder\n"


def _villages() -> pd.DataFrame:
    """The kabupaten's real desa and kelurahan (code, official name, kecamatan number)."""
    codes = [c for c in descendants(PPU_CODE) if c.count(".") == 3]
    rows = [(c, official_name(c), int(c.split(".")[2])) for c in codes]
    frame = pd.DataFrame(rows, columns=["code", "name", "kecamatan"])
    frame["kind"] = np.where(frame["code"].str[-4] == "1", "kelurahan", "desa")
    return frame


def build_example() -> dict[str, pd.DataFrame]:
    """The three tables of the example: regions, workers, budgets."""
    table = provinces()
    prov: dict[str, object] = {str(c): table.at["64", c] for c in table.columns}
    figures = province_figures()
    kaltim = figures[figures["code"] == "64"]
    wide = {str(f): float(v) for f, v in zip(kaltim["figure"], kaltim["value"], strict=True)}
    villages = _villages()
    rng = np.random.default_rng(SEED)
    # Population: Kalimantan Timur's average village population (derived) times the
    # number of villages; kelurahan assumed 1.5x a desa, with lognormal variation.
    per_village = _num(prov["population_dec2024"]) / (_num(prov["desa"]) + _num(prov["kelurahan"]))
    total_pop = round(per_village * len(villages))
    weight = np.where(villages["kind"] == "kelurahan", 1.5, 1.0) * rng.lognormal(
        0.0, 0.35, len(villages)
    )
    villages["population"] = split_whole(total_pop, weight)
    # Poverty: the kabupaten is assumed at the province's official rate; desa poorer.
    pov_rate = wide["poverty_rate"]
    ext_ratio = wide["extreme_poverty_rate"] / pov_rate
    rel = np.where(villages["kind"] == "desa", 1.3, 0.7) * rng.lognormal(0.0, 0.2, len(villages))
    pop = villages["population"].to_numpy(dtype=float)
    rel *= pov_rate * pop.sum() / float((rel * pop).sum())
    villages["poverty_rate"] = np.round(rel, 6)
    villages["extreme_poverty_rate"] = np.round(rel * ext_ratio, 6)
    regions = _regions(prov, wide, villages)
    workers = _workers(villages)
    budgets = _budgets(villages)
    return {"regions": regions, "workers": workers, "budgets": budgets}


def _weighted(frame: pd.DataFrame, column: str) -> float:
    return round(float((frame[column] * frame["population"]).sum() / frame["population"].sum()), 6)


def _num(value: object) -> float:
    return float(str(value))


def _regions(
    prov: dict[str, object], wide: dict[str, float], villages: pd.DataFrame
) -> pd.DataFrame:
    rows = [
        ("64", str(prov["name"]), int(_num(prov["population_dec2024"])),
         wide["poverty_rate"], wide["extreme_poverty_rate"]),
        ("64.09", str(official_name(PPU_CODE)), int(villages["population"].sum()),
         _weighted(villages, "poverty_rate"), _weighted(villages, "extreme_poverty_rate")),
    ]  # fmt: skip
    for k, group in villages.groupby("kecamatan"):
        rows.append(
            (f"64.09.{int(_num(k)):02d}", str(official_name(f"64.09.{int(_num(k)):02d}")),
             int(group["population"].sum()),
             _weighted(group, "poverty_rate"), _weighted(group, "extreme_poverty_rate"))
        )  # fmt: skip
    cols = ["code", "name", "population", "poverty_rate", "extreme_poverty_rate"]
    top = pd.DataFrame(rows, columns=cols)
    return pd.concat([top, villages[cols]], ignore_index=True)


def _workers(villages: pd.DataFrame) -> pd.DataFrame:
    """Eligible = the 20,614 enrolled (renewed yearly from the same budgets) plus the
    uncovered pool at the national ratio 27m / population; both spread by population."""
    pop = villages["population"].to_numpy(dtype=float)
    uncovered = NATIONAL["uncovered_vulnerable"] / 284_973_643 * pop.sum()
    eligible_total = int(PPU["enrolled"]) + round(uncovered)
    eligible = split_whole(eligible_total, pop)
    employed_ratio = NATIONAL["employed"] / 284_973_643
    rows: list[tuple[str, str, int, int]] = []
    ext_people = villages["extreme_poverty_rate"].to_numpy(dtype=float) * pop
    for i, (code, kind) in enumerate(zip(villages["code"], villages["kind"], strict=True)):
        ext_total = min(round(ext_people[i] * employed_ratio), int(eligible[i]))
        elig = split_whole(int(eligible[i]), np.array(_ELIGIBLE_SPLIT[str(kind)], dtype=float))
        ext_split = np.array(_EXTREME_SPLIT[str(kind)], dtype=float)
        ext = np.minimum(split_whole(ext_total, ext_split), elig)
        rows.extend(
            (str(code), s, int(e), int(x)) for s, e, x in zip(SEGMENTS, elig, ext, strict=True)
        )
    return pd.DataFrame(rows, columns=["region", "segment", "eligible", "extreme_poor"])


def _budgets(villages: pd.DataFrame) -> pd.DataFrame:
    premium = PPU["monthly_premium"] * 12
    growth = ASSUMPTIONS["budget_growth"].value
    per_desa = (
        NATIONAL["dana_desa_2026"]
        / NATIONAL["dana_desa_recipients"]
        * ASSUMPTIONS["dana_desa_share"].value
    )
    base = NATIONAL_YEARS[0]
    rows: list[tuple[str, int, str, float]] = []
    for year in NATIONAL_YEARS:
        f = (1 + growth) ** (year - base)
        rows.append(("64", year, "apbd_provinsi", round(PPU["paid_by_province"] * premium * f, -3)))
        rows.append((PPU_CODE, year, "apbd_kabkota", round(PPU["apbd_2025"] * f, -3)))
        for code in villages.loc[villages["kind"] == "desa", "code"]:
            rows.append((str(code), year, "apbdes", round(per_desa * f, -3)))
    frame = pd.DataFrame(rows, columns=["region", "year", "source", "amount"])
    return frame.astype({"amount": "int64"})


def write_example(folder: Path) -> None:
    """Write regions.csv, workers.csv and budgets.csv into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in build_example().items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            fh.write(HEADER)
            frame.to_csv(fh, index=False, lineterminator="\n")


def main() -> None:
    """Rewrite the example tables (default folder: scenarios/kabupaten_ppu)."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("scenarios/kabupaten_ppu")
    write_example(folder)


if __name__ == "__main__":
    main()
