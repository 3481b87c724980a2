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
    *, budget: float, used: float, enrolled: float, eligible: float, lang: str = "en"
) -> list[str]:
    """What the money bought: budget, spending, workers enrolled and their share."""
    check_lang(lang)
    if eligible <= 0:
        raise ValueError("allocation_sentences: eligible workers must be more than zero")
    out = [
        t(
            "sum_alloc",
            lang,
            budget=format_money(budget, lang),
            used=format_money(used, lang),
            enrolled=format_number(enrolled, lang),
            eligible=format_number(eligible, lang),
            share=format_percent(enrolled / eligible, lang),
        )
    ]
    if budget - used >= 0.5:
        out.append(t("sum_unspent", lang, unspent=format_money(budget - used, lang)))
    return out


def projection_sentences(
    *,
    months: int,
    median: float,
    low: float,
    high: float,
    level: float = 0.9,
    share_positive: float | None = None,
    lang: str = "en",
) -> list[str]:
    """The paired effect in words: median and central interval, how often it is positive."""
    check_lang(lang)
    out = [
        t(
            "sum_effect",
            lang,
            months=months,
            median=format_number(median, lang),
            level=format_number(level * 100, lang),
            low=format_number(low, lang),
            high=format_number(high, lang),
        )
    ]
    if share_positive is not None:
        out.append(t("sum_positive", lang, share=format_percent(share_positive, lang)))
    out.append(t("sum_jkp", lang))
    return out
