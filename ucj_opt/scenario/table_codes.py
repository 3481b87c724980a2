"""Region codes and names against the decree (Kepmendagri 300.2.2-2138/2025): a code
that is not real is an error naming the nearest real ones; a name other than the
official one is only a warning, since the code, not the name, is what joins the tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucj_opt.errors import Problem
from ucj_opt.scenario.regions import code_problem
from ucj_opt.scenario.table_problems import MAX_ROWS_PER_PROBLEM, Collector, RawTable

__all__ = ["check_codes", "official_codes", "official_names"]


def check_codes(raw: RawTable, frame: pd.DataFrame, column: str, out: Collector) -> pd.Series:
    """Rows whose code is well formed (``32.04.05``, a real province, a kabupaten/kota part
    in range); the others reported, one entry per kind of mistake."""
    codes = frame[column]
    valid = codes.notna()
    problems = codes[valid].map(code_problem)
    bad_idx = problems[problems.notna()]
    for message in bad_idx.unique():
        mask = codes.index.isin(bad_idx.index[bad_idx == message])
        hint = "format the code column as text in Excel" if "not a Kemendagri" in message else ""
        out.rows(raw, mask, column, message, hint)
    return valid & ~codes.index.isin(bad_idx.index)


_DECREE = "Kepmendagri 300.2.2-2138/2025"


def official_codes(raw: RawTable, frame: pd.DataFrame, ok: pd.Series, out: Collector) -> pd.Series:
    """Codes checked against the decree's hierarchy (vectorised): an unknown code is an
    error naming the nearest real ones, one entry per code. Returns ``ok`` without them."""
    from ucj_opt.data import hierarchy

    codes = frame["code"]
    known = np.zeros(len(frame), dtype=bool)
    known[ok.to_numpy()] = hierarchy.check_codes(codes[ok].tolist())
    unknown = ok.to_numpy() & ~known
    values = codes[unknown]
    for value in values.unique()[:MAX_ROWS_PER_PROBLEM]:
        near = hierarchy.nearest(str(value))
        first = unknown & (codes == value).to_numpy()
        first &= np.cumsum(first) == 1
        out.rows(
            raw,
            first,
            "code",
            f"'{value}' is not a region code of {_DECREE}",
            (
                "the nearest real codes: "
                + ", ".join(f"{c} ({hierarchy.official_name(c)})" for c in near)
            )
            if near
            else "see 'ucj-opt init' for a province's or kabupaten's real codes",
        )
    more = values.nunique() - MAX_ROWS_PER_PROBLEM
    if more > 0:
        file, _ = raw.where(int(np.flatnonzero(unknown)[0]))
        out.add(
            Problem(
                f"... and {more} more codes of {raw.name} that are not in {_DECREE}",
                file=file,
                key=f"{raw.name}.code",
            )
        )
    return ok & ~pd.Series(unknown, index=frame.index)


def official_names(raw: RawTable, frame: pd.DataFrame, out: Collector) -> pd.Series:
    """Names: a blank is filled from the decree; one that differs from the decree's (after
    case, accents, punctuation and the level's prefix are set aside) is a warning naming
    both. Only names that differ as written are compared word by word, so a table that
    copies the decree costs one vectorised comparison."""
    from ucj_opt.data import hierarchy

    codes = frame["code"]
    official = pd.Series(
        [hierarchy.official_name(c) for c in codes], index=frame.index, dtype=object
    )
    names = frame["name"]
    blank = names.isna()
    written = names.where(~blank, official)
    maybe = (~blank & (names.str.lower() != official.str.lower())).to_numpy()
    differ = np.zeros(len(frame), dtype=bool)
    for pos in np.flatnonzero(maybe):
        differ[pos] = hierarchy.names_differ(str(codes.iloc[pos]), str(names.iloc[pos]))
    idx = np.flatnonzero(differ)
    for pos in idx[:MAX_ROWS_PER_PROBLEM]:
        file, line = raw.where(int(pos))
        out.warnings.append(
            Problem(
                f"the official name of {codes.iloc[pos]} is '{official.iloc[pos]}', not "
                f"'{names.iloc[pos]}' ({_DECREE})",
                file=file,
                line=line,
                key=f"{raw.name}[{int(pos)}].name",
                hint=_name_hint(str(codes.iloc[pos]), str(names.iloc[pos])),
            )
        )
    if len(idx) > MAX_ROWS_PER_PROBLEM:
        file, _ = raw.where(int(idx[0]))
        out.warnings.append(
            Problem(
                f"... and {len(idx) - MAX_ROWS_PER_PROBLEM} more names that differ from {_DECREE}",
                file=file,
                key=f"{raw.name}.name",
            )
        )
    _village_kind(raw, frame, names, out)
    if blank.any():
        n = int(blank.sum())
        out.notes.append(f"{n:,} region name{'s' * (n != 1)} taken from {_DECREE}")
    return written


def _village_kind(raw: RawTable, frame: pd.DataFrame, names: pd.Series, out: Collector) -> None:
    """A name that calls a desa a kelurahan (or the reverse) is a warning: the code decides
    (Permendagri 58/2021: 1xxx kelurahan, 2xxx desa, 3xxx desa adat), and only a desa has
    APBDes."""
    codes = frame["code"].astype(str)
    village = codes.str.count(r"\.") == 3
    if not village.any():
        return
    said = names.fillna("").astype(str).str.strip().str.lower()
    says_kel = said.str.match(r"(kelurahan|kel\.?)\s")
    says_desa = said.str.match(r"(desa|ds\.?)\s")
    kel = codes.str.split(".").str[3].str[:1] == "1"
    wrong = (village & says_kel & ~kel) | (village & says_desa & kel)
    for pos in np.flatnonzero(wrong.to_numpy())[:MAX_ROWS_PER_PROBLEM]:
        code = codes.iloc[int(pos)]
        is_kel = bool(kel.iloc[int(pos)])
        file, line = raw.where(int(pos))
        out.warnings.append(
            Problem(
                f"the name '{names.iloc[int(pos)]}' says "
                f"{'desa' if is_kel else 'kelurahan'}, but {code} is a "
                f"{'kelurahan' if is_kel else 'desa'} (Permendagri 58/2021: the last part "
                "starts with 1 for a kelurahan, 2 or 3 for a desa)",
                file=file,
                line=line,
                key=f"{raw.name}[{int(pos)}].name",
                hint="the code decides: a kelurahan has no APBDes; check the code or the name",
            )
        )


def _name_hint(code: str, name: str) -> str:
    """Which sibling of ``code`` carries ``name``, when one does: the code is then the
    likelier mistake (e.g. 'Sumba Barat' written for 53.01, which is 53.12)."""
    from ucj_opt.data import hierarchy

    parent = code.rpartition(".")[0]
    same = [
        c
        for c in hierarchy.children(parent)
        if hierarchy.level(c) == hierarchy.level(code) and not hierarchy.names_differ(c, name)
    ]
    if same:
        return f"'{name}' is {same[0]} ({hierarchy.official_name(same[0])}): check the code"
    return "check the code; if it is right, use the official name"
