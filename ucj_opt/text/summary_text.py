"""Catalogue entries of the report's plain-words summary sentences, merged into
:mod:`ucj_opt.text.catalogue` (the same keys in both languages, tested)."""

from __future__ import annotations

__all__ = ["EN", "ID"]

EN: dict[str, str] = {
    "sum_alloc": (
        "With {budget} available, {used} is spent on premiums that enrol {enrolled} of "
        "{eligible} eligible workers ({share})."
    ),
    "sum_alloc_year": (
        "In {year}, with {budget} available, {used} is spent on premiums that enrol "
        "{enrolled} of {eligible} eligible workers ({share})."
    ),
    "sum_unspent": "{unspent} of the budget is not used.",
    "sum_unspent_year": "{unspent} of the {year} budget is not used.",
    "sum_period": "over {years} years",
    "sum_period_one": "over one year",
    "sum_targeted": (
        "Among the households that were extreme poor at the start, protection averts "
        "{mean} person-years of extreme poverty {period} ({level}% confidence "
        "interval {low} to {high}), and {poor} person-years of poverty."
    ),
    "sum_everyone": (
        "Over the whole population it averts {mean} person-years of poverty ({level}% "
        "confidence interval {low} to {high}) and {falls} falls into extreme poverty."
    ),
    "sum_positive": "The effect on the extreme poor is positive in {share} of replications.",
    "sum_jkp": (
        "Loss of livelihood stays uninsured: JKP covers wage earners only, so informal "
        "workers remain exposed to it."
    ),
}

ID: dict[str, str] = {
    "sum_alloc": (
        "Dengan anggaran {budget}, sebanyak {used} dibelanjakan untuk iuran yang mendaftarkan "
        "{enrolled} dari {eligible} pekerja yang memenuhi syarat ({share})."
    ),
    "sum_alloc_year": (
        "Pada {year}, dengan anggaran {budget}, sebanyak {used} dibelanjakan untuk iuran yang "
        "mendaftarkan {enrolled} dari {eligible} pekerja yang memenuhi syarat ({share})."
    ),
    "sum_unspent": "Sebanyak {unspent} dari anggaran tidak terpakai.",
    "sum_unspent_year": "Sebanyak {unspent} dari anggaran {year} tidak terpakai.",
    "sum_period": "selama {years} tahun",
    "sum_period_one": "selama satu tahun",
    "sum_targeted": (
        "Di antara rumah tangga yang miskin ekstrem pada awal periode, perlindungan mencegah "
        "{mean} orang-tahun kemiskinan ekstrem {period} (selang kepercayaan "
        "{level}%: {low} sampai {high}), serta {poor} orang-tahun kemiskinan."
    ),
    "sum_everyone": (
        "Pada seluruh penduduk, perlindungan mencegah {mean} orang-tahun kemiskinan (selang "
        "kepercayaan {level}%: {low} sampai {high}) dan {falls} kejadian jatuh ke kemiskinan "
        "ekstrem."
    ),
    "sum_positive": "Dampak bagi penduduk miskin ekstrem positif pada {share} replikasi.",
    "sum_jkp": (
        "Kehilangan mata pencaharian tetap tidak diasuransikan: JKP hanya untuk penerima "
        "upah, sehingga pekerja informal tetap menanggung risiko itu."
    ),
}
