"""Plain-words summary sentences, written from result figures in either language.

The sentences only restate the figures they are given; they never add a cause or a claim
the results do not hold. The JKP sentence is always worth saying: no scenario insures an
informal worker's loss of livelihood.
"""

from __future__ import annotations

from ucj_opt.text.catalogue import check_lang, t
from ucj_opt.text.formatting import format_money, format_number, format_percent

__all__ = ["allocation_sentences", "projection_sentences"]


def allocation_sentences(
    *,
    budget: float,
    used: float,
    enrolled: float,
    eligible: float,
    lang: str = "en",
    year: int | None = None,
) -> list[str]:
    """What the money bought: budget, spending, workers enrolled and their share.

    ``year``: the budget year these figures are of, named in the sentence ("In 2026, with
    Rp 907.2 billion available, ...") so that a reader never takes one year's budget for
    the plan's.
    """
    check_lang(lang)
    if eligible <= 0:
        raise ValueError("allocation_sentences: eligible workers must be more than zero")
    dated = {} if year is None else {"year": year}
    out = [
        t(
            "sum_alloc" if year is None else "sum_alloc_year",
            lang,
            **dated,
            budget=format_money(budget, lang),
            used=format_money(used, lang),
            enrolled=format_number(enrolled, lang),
            eligible=format_number(eligible, lang),
            share=format_percent(enrolled / eligible, lang),
        )
    ]
    if budget - used >= 0.5:
        unspent = format_money(budget - used, lang)
        key = "sum_unspent" if year is None else "sum_unspent_year"
        out.append(t(key, lang, **dated, unspent=unspent))
    return out


def projection_sentences(
    *,
    years: int,
    targeted: tuple[float, float, float],
    targeted_poor: float,
    everyone: tuple[float, float, float],
    falls_averted: float,
    share_positive: float | None = None,
    level: float = 0.95,
    lang: str = "en",
) -> list[str]:
    """The effect of coverage in words, the people the allocation targets first.

    ``targeted``: extreme-poverty person-years averted among the households that were
    extreme poor at the start (mean and the ends of its ``level`` confidence interval);
    ``everyone``: poverty person-years averted over the whole population (same form).
    """
    check_lang(lang)

    def num(x: float) -> str:
        return format_number(x, lang)

    out = [
        t(
            "sum_targeted",
            lang,
            period=(
                t("sum_period_one", lang) if years == 1 else t("sum_period", lang, years=years)
            ),
            mean=num(targeted[0]),
            level=num(level * 100),
            low=num(targeted[1]),
            high=num(targeted[2]),
            poor=num(targeted_poor),
        ),
        t(
            "sum_everyone",
            lang,
            mean=num(everyone[0]),
            level=num(level * 100),
            low=num(everyone[1]),
            high=num(everyone[2]),
            falls=num(falls_averted),
        ),
    ]
    if share_positive is not None:
        out.append(t("sum_positive", lang, share=format_percent(share_positive, lang)))
    out.append(t("sum_jkp", lang))
    return out
