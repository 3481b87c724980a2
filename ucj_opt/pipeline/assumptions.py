"""The assumptions table, generated from the scenario that was run.

Every row says what this run used: the package as set (a ``--set package.jkm_monthly=20000``
shows Rp 20,000, ``package.jht=true`` adds JHT), then every uncertain figure of the
simulation with its unit in words, its range and its source, in both languages.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ucj_opt.report.content import Assumption
from ucj_opt.scenario.base import Estimate
from ucj_opt.scenario.model import Discount, Package, Scenario
from ucj_opt.scenario.premiums import monthly_premium
from ucj_opt.text.catalogue import LANGS, TEXT, Text, t
from ucj_opt.text.formatting import format_date, format_money, format_number, format_percent

__all__ = ["format_estimate", "scenario_assumptions", "source_text"]

_PERCENT_UNITS = ("share", "per_year", "per_month", "share_of_extreme_line")
_MONEY_UNITS = ("rupiah", "rupiah_per_capita_month")
_DEFAULT = Package()


def _decimals(value: float) -> int:
    """Decimals that show three significant digits, none of a whole number."""
    if value == 0 or value == int(value):
        return 0
    return max(0, min(4, 2 - math.floor(math.log10(abs(value)))))


def _trim(text: str, lang: str) -> str:
    """``1.50`` as ``1.5``, ``2,00%`` as ``2%``: no trailing zeros after the decimal mark."""
    mark = "," if lang == "id" else "."
    suffix = "%" if text.endswith("%") else ""
    body = text.removesuffix("%")
    if mark in body:
        body = body.rstrip("0").rstrip(mark)
    return body + suffix


def _number(value: float, unit: str, lang: str) -> str:
    if unit in _MONEY_UNITS:
        return format_money(value, lang)
    if unit in _PERCENT_UNITS:
        return _trim(format_percent(value, lang, _decimals(value * 100)), lang)
    if unit == "share_points_per_year":
        return _trim(format_number(value * 100, lang, _decimals(value * 100)), lang)
    return _trim(format_number(value, lang, _decimals(value)), lang)


def format_estimate(value: float, unit: str, lang: str) -> str:
    """A value with its unit in words: ``Rp 609,160 per person a month``, ``1 month``.

    Examples
    --------
    >>> format_estimate(609160, "rupiah_per_capita_month", "id")
    'Rp 609.160 per orang per bulan'
    >>> format_estimate(1.0, "months", "en"), format_estimate(0.0037, "per_year", "en")
    ('1 month', '0.37% a year')
    """
    key = "unit_month" if unit == "months" and value == 1 else f"unit_{unit}"
    number = _number(value, unit, lang)
    if unit in ("share", "rupiah"):  # the number says it: 70%, Rp 1.5 juta
        return number
    if unit == "ratio":
        return f"{number} ×"
    if key not in TEXT["en"]:
        return f"{number} {unit.replace('_', ' ')}"
    return t(key, lang, value=number)


def _per_lang(make: Callable[[str], str]) -> dict[str, str]:
    return {lang: make(lang) for lang in LANGS}


def _package(scenario: Scenario) -> list[Assumption]:
    p = scenario.package
    start = scenario.horizon.start_year
    # A setting changed from the regulation's value is this run's choice.
    source_if: dict[str, str] = _per_lang(lambda lang: t("as_source_scenario", lang))

    def src(changed: bool, regulation: str) -> Text:
        return source_if if changed else regulation

    rows = [
        Assumption(
            _per_lang(lambda lang: t("as_declared_income", lang)),
            _per_lang(
                lambda lang: t("as_per_month", lang, amount=format_money(p.declared_income, lang))
            ),
            src(True, ""),
        ),
        Assumption(
            _per_lang(lambda lang: t("as_jkk", lang)),
            _per_lang(
                lambda lang: t(
                    "as_jkk_value",
                    lang,
                    rate=format_percent(p.jkk_rate, lang, _decimals(p.jkk_rate * 100)),
                    floor=format_money(p.jkk_minimum_income, lang),
                )
            ),
            src(p.jkk_rate != _DEFAULT.jkk_rate, "PP 44/2015"),
            grade="" if p.jkk_rate != _DEFAULT.jkk_rate else "A",
        ),
        Assumption(
            _per_lang(lambda lang: t("as_jkm", lang)),
            _per_lang(
                lambda lang: t("as_per_month", lang, amount=format_money(p.jkm_monthly, lang))
            ),
            src(p.jkm_monthly != _DEFAULT.jkm_monthly, "PP 44/2015"),
            grade="" if p.jkm_monthly != _DEFAULT.jkm_monthly else "A",
        ),
        Assumption(
            _per_lang(lambda lang: t("as_jht", lang)),
            _per_lang(
                lambda lang: (
                    t(
                        "as_jht_on",
                        lang,
                        rate=format_percent(p.jht_rate, lang, _decimals(p.jht_rate * 100)),
                        floor=format_money(p.jkk_minimum_income, lang),
                    )
                    if p.jht
                    else t("as_jht_off", lang)
                )
            ),
            src(p.jht != _DEFAULT.jht, "PP 46/2015"),
        ),
        Assumption(
            _per_lang(lambda lang: t("as_premium", lang)),
            _per_lang(
                lambda lang: t(
                    "as_per_month",
                    lang,
                    amount=format_money(monthly_premium(p, start, 1, start), lang),
                )
            ),
            source_if,
        ),
    ]
    rows += [_discount(d, source_if) for d in p.discounts]
    rows.append(
        Assumption(
            _per_lang(lambda lang: t("rc_benefits", lang)),
            _per_lang(lambda lang: t("as_benefits_value", lang)),
            "PP 82/2019; Permenaker 5/2021",
            grade="A/B",
        )
    )
    if scenario.budget_scale != 1.0:
        rows.append(
            Assumption(
                _per_lang(lambda lang: t("as_budget_scale", lang)),
                _per_lang(lambda lang: format_number(scenario.budget_scale, lang, 2)),
                source_if,
            )
        )
    rows.append(
        Assumption(
            _per_lang(lambda lang: t("as_equity_floor", lang)),
            _per_lang(
                lambda lang: (
                    format_percent(scenario.policy.equity_floor.share, lang, 0)
                    + f" ({t(f'as_floor_{scenario.policy.equity_floor.mode}', lang)})"
                )
            ),
            source_if,
        )
    )
    return rows


def _discount(d: Discount, source: Text) -> Assumption:
    def name(lang: str) -> str:
        return t(
            "as_discount", lang, start=format_date(d.start, lang), end=format_date(d.end, lang)
        )

    def value(lang: str) -> str:
        what = " + ".join(x.upper() for x in d.applies_to)
        return t("as_discount_value", lang, share=format_percent(d.share, lang, 0), what=what)

    return Assumption(_per_lang(name), _per_lang(value), source)


_SOURCE_KEYS: dict[str, str] = {
    text: key for key, text in TEXT["en"].items() if key.startswith("asrc_")
}
"""Catalogue key of each default source, by its English text (simulation.py's words)."""


def source_text(source: str) -> Text:
    """A setting's source in both languages when it is a default's (the catalogue holds
    its Indonesian words; citations stay as they are), else as the scenario gives it.

    Examples
    --------
    >>> source_text("assumption: poor households hold little liquid savings")["id"]
    'asumsi: rumah tangga miskin hanya punya sedikit tabungan siap pakai'
    >>> source_text("my own survey, 2026")
    'my own survey, 2026'
    """
    key = _SOURCE_KEYS.get(source)
    return source if key is None else _per_lang(lambda lang: t(key, lang))


def _part(sub: str, lang: str) -> str:
    """A class, level or segment of a setting in words (``death``, ``university``)."""
    for key in (f"as_sub_{sub}", sub):
        if key in TEXT["en"]:
            return t(key, lang)
    return sub.replace("_", " ")


def _estimate(name: str, sub: str, est: Estimate) -> Assumption:
    lo, hi = est.range
    key = f"sim_{name}"

    def label(lang: str) -> str:
        base = t(key, lang) if key in TEXT["en"] else name.replace("_", " ")
        return f"{base} · {_part(sub, lang)}" if sub else base

    def value(lang: str) -> str:
        return format_estimate(est.value, est.unit, lang)

    def span(lang: str) -> str:
        return f"{_number(lo, est.unit, lang)} – {_number(hi, est.unit, lang)}"

    return Assumption(
        _per_lang(label),
        _per_lang(value),
        source_text(est.source),
        range=_per_lang(span),
        grade=est.status,
    )


def scenario_assumptions(scenario: Scenario | None) -> list[Assumption]:
    """The rows of the assumptions table for the scenario that was run (none: empty).

    Examples
    --------
    >>> import ucj_opt
    >>> s = ucj_opt.load_scenario("embedded:national", sets=["package.jkm_monthly=20000"])
    >>> rows = scenario_assumptions(s.scenario)
    >>> next(r.value["id"] for r in rows if r.name["en"] == "JKM contribution")
    'Rp 20.000 per bulan'
    """
    if scenario is None:
        return []
    out = _package(scenario)
    sim = scenario.simulation
    for name in type(sim).model_fields:
        value = getattr(sim, name)
        items = value.items() if isinstance(value, dict) else [("", value)]
        out += [_estimate(name, sub, est) for sub, est in items if isinstance(est, Estimate)]
    return out
