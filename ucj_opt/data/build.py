"""Build ``province_figures.csv`` from the decree table and the figures of REFERENCE.md.

The committed CSV is the output of :func:`build_figures`; a test rebuilds it and compares,
so every value in the file is reproducible from the arithmetic written here and in
docs/data.md. Run ``python -m ucj_opt.data.build`` to rewrite the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ucj_opt.data.sources import (
    ASSUMPTIONS,
    EXTREME_RATE_MAR2023,
    NATIONAL,
    POOR_MAR2025,
    POVERTY_RATE_MAR2025,
    SOURCES,
    Assumption,
)

__all__ = ["FIGURE_COLUMNS", "SEGMENTS", "build_figures", "main"]

FIGURE_COLUMNS = ("code", "figure", "value", "unit", "status", "source", "derivation")
"""Columns of the long-form figures table."""

SEGMENTS = ("farmer", "fisher", "informal", "other")
"""Worker segments of the default scenario."""

BASE_YEAR = 2026
"""Year of the budget envelopes in the figures table."""


@dataclass
class _Rows:
    rows: list[dict[str, object]] = field(default_factory=list)

    def add(
        self, code: str, figure: str, value: float, unit: str, status: str, source: str, how: str
    ) -> None:
        self.rows.append(
            {
                "code": code,
                "figure": figure,
                "value": value,
                "unit": unit,
                "status": status,
                "source": source,
                "derivation": how,
            }
        )


def _poverty(prov: pd.DataFrame, out: _Rows) -> pd.Series:
    """Poverty rate and poor people per province; returns the rate."""
    pop = prov["population_dec2024"]
    rate: dict[str, float] = {}
    how: dict[str, tuple[str, str]] = {}
    for code in prov.index:
        if code in POVERTY_RATE_MAR2025:
            rate[code] = POVERTY_RATE_MAR2025[code]
            how[code] = ("official", "as published, March 2025")
        elif code in POOR_MAR2025:
            rate[code] = round(POOR_MAR2025[code] / pop[code], 6)
            how[code] = (
                "derived",
                f"poor people {POOR_MAR2025[code]:,} / population {pop[code]:,} (Dukcapil "
                "Dec 2024; BPS divides by its own projection, so this differs slightly)",
            )
    known = sum(rate[c] * pop[c] for c in rate)
    rest = [c for c in prov.index if c not in rate]
    rest_pop = int(pop[rest].sum())
    residual = round((NATIONAL["poor_people"] - known) / rest_pop, 6)
    for code in rest:
        rate[code] = residual
        how[code] = (
            "derived",
            f"residual rate: (national poor {NATIONAL['poor_people']:,} - sum of rate x "
            f"population of the {len(rate) - len(rest)} provinces with a figure "
            f"{known:,.0f}) / population of the {len(rest)} provinces without "
            f"({rest_pop:,}) = {residual}",
        )
    for code in prov.index:
        status, text = how[code]
        src = (
            SOURCES["poverty_province"]
            if status == "official" or code in POOR_MAR2025
            else (SOURCES["poverty_province"] + "; " + SOURCES["poverty_national"])
        )
        out.add(code, "poverty_rate", rate[code], "share of population", status, src, text)
        if code in POOR_MAR2025:
            out.add(
                code, "poor_people", POOR_MAR2025[code], "persons", "official",
                SOURCES["poverty_province"], "as published, March 2025",
            )  # fmt: skip
        else:
            out.add(
                code, "poor_people", round(rate[code] * pop[code]), "persons", "derived",
                src, f"poverty_rate {rate[code]} x population {pop[code]:,}",
            )  # fmt: skip
    return pd.Series(rate)[prov.index]


def _extreme(prov: pd.DataFrame, poverty: pd.Series, out: _Rows) -> pd.Series:
    """Extreme-poverty rate: Mar 2023 values scaled to Mar 2025, else proportional."""
    pop = prov["population_dec2024"]
    scale = NATIONAL["extreme_poverty_rate"] / NATIONAL["extreme_poverty_rate_mar2023"]
    fixed = {c: round(r * scale, 6) for c, r in EXTREME_RATE_MAR2023.items()}
    fixed_people = sum(fixed[c] * pop[c] for c in fixed)
    others = [c for c in prov.index if c not in fixed]
    poor_others = float((poverty[others] * pop[others]).sum())
    k = round((NATIONAL["extreme_poor_people"] - fixed_people) / poor_others, 6)
    rate: dict[str, float] = {}
    for code in prov.index:
        if code in fixed:
            rate[code] = fixed[code]
            text = (
                f"Mar 2023 rate {EXTREME_RATE_MAR2023[code]} x (national Mar 2025 "
                f"{NATIONAL['extreme_poverty_rate']} / Mar 2023 "
                f"{NATIONAL['extreme_poverty_rate_mar2023']})"
            )
            src = SOURCES["extreme_province"] + "; " + SOURCES["extreme_national"]
        else:
            rate[code] = round(k * poverty[code], 6)
            text = (
                f"poverty_rate {poverty[code]} x k = {k}; k makes the national extreme poor "
                f"{NATIONAL['extreme_poor_people']:,} after the 3 provinces with Mar 2023 values"
            )
            src = SOURCES["extreme_national"]
        out.add(code, "extreme_poverty_rate", rate[code], "share of population", "derived",
                src, text)  # fmt: skip
        out.add(code, "extreme_poor_people", round(rate[code] * pop[code]), "persons",
                "derived", src, f"extreme_poverty_rate {rate[code]} x population "
                f"{pop[code]:,}")  # fmt: skip
    return pd.Series(rate)[prov.index]


def _workers(prov: pd.DataFrame, extreme: pd.Series, out: _Rows) -> None:
    """Employed, informal, uncovered and extreme-poor workers, by population share."""
    pop = prov["population_dec2024"]
    total = int(pop.sum())
    ratio = NATIONAL["employed"] / total
    for code in prov.index:
        share = pop[code] / total
        employed = round(NATIONAL["employed"] * share)
        out.add(code, "employed_workers", employed, "persons", "derived", SOURCES["sakernas"],
                f"145,770,000 x population share {pop[code]:,}/{total:,}")  # fmt: skip
        out.add(code, "informal_workers", round(employed * NATIONAL["informal_share"]),
                "persons", "derived", SOURCES["sakernas"],
                f"employed_workers {employed:,} x national informal share 0.594 "
                "(applied uniformly)")  # fmt: skip
        eligible = round(NATIONAL["uncovered_vulnerable"] * share)
        out.add(code, "eligible_workers", eligible, "persons", "derived", SOURCES["uncovered"],
                f"27,000,000 x population share {pop[code]:,}/{total:,}")  # fmt: skip
        ext_people = extreme[code] * pop[code]
        ext_workers = min(round(ext_people * ratio), eligible)
        out.add(code, "extreme_poor_workers", ext_workers, "persons", "derived",
                SOURCES["extreme_national"] + "; " + SOURCES["sakernas"],
                f"extreme poor {ext_people:,.0f} x national employed/population "
                f"{ratio:.6f} (145,770,000/{total:,}); range: 1/4.76 of the extreme poor "
                "(one worker per household) to 0.60")  # fmt: skip


def _segments(code: str, out: _Rows) -> None:
    a = ASSUMPTIONS
    elig = {
        "farmer": a["farmer_share_eligible"].value,
        "fisher": a["fisher_share_eligible"].value,
        "informal": a["informal_share_eligible"].value,
    }
    elig["other"] = round(1 - sum(elig.values()), 6)
    for seg in SEGMENTS:
        key = f"{seg}_share_eligible"
        how = a[key].text() if key in a else _rest_text(a, ("farmer", "fisher", "informal"))
        out.add(code, f"segment_share_{seg}", elig[seg], "share of eligible workers",
                "assumed", SOURCES["assumption"], how)  # fmt: skip
    agri = NATIONAL["extreme_heads_agriculture"]
    fisher = a["fisher_share_extreme"].value
    informal = a["informal_share_extreme"].value
    ext = {
        "farmer": round(agri - fisher, 6),
        "fisher": fisher,
        "informal": informal,
        "other": round(1 - agri - informal, 6),
    }
    hows = {
        "farmer": f"official 0.52 in agriculture (household heads) - fisher share {fisher} "
        f"(range {agri - a['fisher_share_extreme'].high:g}-"
        f"{agri - a['fisher_share_extreme'].low:g})",
        "fisher": a["fisher_share_extreme"].text(),
        "informal": a["informal_share_extreme"].text(),
        "other": f"1 - 0.52 (agriculture) - informal {informal} (range "
        f"{1 - agri - a['informal_share_extreme'].high:g}-"
        f"{1 - agri - a['informal_share_extreme'].low:g})",
    }
    for seg in SEGMENTS:
        src = (
            SOURCES["assumption"]
            if seg in ("fisher", "informal")
            else (SOURCES["extreme_heads"] + "; " + SOURCES["assumption"])
        )
        out.add(code, f"extreme_segment_share_{seg}", ext[seg],
                "share of extreme-poor workers", "assumed", src, hows[seg])  # fmt: skip


def _rest_text(a: dict[str, Assumption], segs: tuple[str, ...]) -> str:
    low = max(0.0, 1 - sum(a[f"{s}_share_eligible"].high for s in segs))
    high = 1 - sum(a[f"{s}_share_eligible"].low for s in segs)
    return f"1 - farmer - fisher - informal shares (range {low:g}-{high:g})"


def national_envelopes() -> dict[str, float]:
    """National UCJ envelopes for 2026 by budget source (rupiah per year), all assumed."""
    a = ASSUMPTIONS
    premium = NATIONAL["premium_per_year"]
    apbd = NATIONAL["apbd_paid_workers_2022"] * premium * a["apbd_growth_to_2026"].value
    kab_share = 15_000 / 20_614
    return {
        "apbd_provinsi": apbd * (1 - kab_share),
        "apbd_kabkota": apbd * kab_share,
        "apbdes": NATIONAL["dana_desa_2026"] * a["dana_desa_share"].value,
        "other": NATIONAL["csr_paid_workers_2022"] * premium * a["csr_growth_to_2026"].value,
    }


def _budgets(prov: pd.DataFrame, out: _Rows) -> None:
    pop = prov["population_dec2024"]
    desa = prov["desa"]
    env = national_envelopes()
    a = ASSUMPTIONS
    apbd = (
        f"1,200,000 APBD-paid workers (end 2022) x Rp 201,600 x {a['apbd_growth_to_2026'].text()}"
    )
    kab = "15,000/20,614 (kabupaten share of PPU enrolments)"
    texts = {
        "apbd_provinsi": f"{apbd}; x (1 - {kab}); x population share",
        "apbd_kabkota": f"{apbd}; x {kab}; x population share; all kab/kota of the province "
        "together",
        "apbdes": f"Dana Desa 2026 Rp 60.57T x {a['dana_desa_share'].text()}; x desa share "
        f"(desa of the province / {int(desa.sum()):,})",
        "other": f"598,000 CSR-paid workers (end 2022) x Rp 201,600 x "
        f"{a['csr_growth_to_2026'].text()}; x population share",
    }
    srcs = {
        "apbd_provinsi": f"{SOURCES['apbd_paid']}; {SOURCES['premium']}; {SOURCES['ppu']}",
        "apbd_kabkota": f"{SOURCES['apbd_paid']}; {SOURCES['premium']}; {SOURCES['ppu']}",
        "apbdes": f"{SOURCES['dana_desa']}; {SOURCES['assumption']}",
        "other": f"{SOURCES['apbd_paid']}; {SOURCES['premium']}",
    }
    for code in prov.index:
        for source, total in env.items():
            key = desa[code] / desa.sum() if source == "apbdes" else pop[code] / pop.sum()
            out.add(code, f"budget_{BASE_YEAR}_{source}", round(total * key, -3),
                    "rupiah per year", "assumed", srcs[source], texts[source])  # fmt: skip
        out.add(code, "budget_growth_per_year", a["budget_growth"].value, "share per year",
                "assumed", SOURCES["assumption"], a["budget_growth"].text())  # fmt: skip


def build_figures(provinces: pd.DataFrame) -> pd.DataFrame:
    """All province figures in long form, from the decree table (index: code)."""
    out = _Rows()
    poverty = _poverty(provinces, out)
    extreme = _extreme(provinces, poverty, out)
    _workers(provinces, extreme, out)
    for code in provinces.index:
        _segments(code, out)
    _budgets(provinces, out)
    frame = pd.DataFrame(out.rows, columns=list(FIGURE_COLUMNS))
    order = {c: i for i, c in enumerate(provinces.index)}
    frame["_o"] = frame["code"].map(order)
    frame = frame.sort_values("_o", kind="stable").drop(columns="_o")
    values = [_plain(v, u) for v, u in zip(frame["value"], frame["unit"], strict=True)]
    frame["value"] = pd.Series(values, index=frame.index, dtype=object)
    return frame.reset_index(drop=True)


def _plain(value: object, unit: str) -> object:
    """Counts and rupiah as whole numbers, shares as they are."""
    number = float(str(value))
    if unit.startswith("share"):
        return number
    return round(number)


def main() -> None:
    """Rewrite province_figures.csv beside this module."""
    from ucj_opt.data import provinces

    here = Path(__file__).parent
    build_figures(provinces()).to_csv(here / "province_figures.csv", index=False)


if __name__ == "__main__":
    main()
