"""Words and numbers for people, in English and Bahasa Indonesia.

The layer below both :mod:`ucj_opt.plot` and :mod:`ucj_opt.report`: the bilingual
catalogue of every fixed label and sentence, and the way each language writes numbers,
money, shares and dates.
"""

from ucj_opt.text.catalogue import LANGS, TEXT, Lang, Text, both, check_lang, localize, t
from ucj_opt.text.formatting import (
    format_date,
    format_money,
    format_number,
    format_percent,
    money_scale,
)

__all__ = [
    "LANGS",
    "TEXT",
    "Lang",
    "Text",
    "both",
    "check_lang",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
    "localize",
    "money_scale",
    "t",
]
