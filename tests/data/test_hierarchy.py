"""The embedded region hierarchy matches Kepmendagri 300.2.2-2138/2025, unit by unit."""

from __future__ import annotations

import csv
import gzip
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from ucj_opt.data import hierarchy as h
from ucj_opt.data.wilayah.build_wilayah import count_levels, encode

# The project's shared/ folder sits beside the checkout (in CI too).
SHARED = Path(__file__).resolve().parents[3] / "shared" / "domain" / "provinces_2025.csv"
DATA = resources.files("ucj_opt.data").joinpath("wilayah")


def _kind(kabkota: str) -> str:
    """Kabupaten 01–69, kota 71–99 (Permendagri 58/2021)."""
    return "kabupaten" if int(kabkota.split(".")[1]) <= 69 else "kota"


def test_counts_per_level_equal_the_decree() -> None:
    counts = {lvl: len(h.descendants("", lvl)) for lvl in h.HIERARCHY_LEVELS}
    assert counts == {
        "province": 38,
        "kabkota": 514,
        "kecamatan": 7_285,
        "kelurahan": 8_496,
        "desa": 75_266,
    }
    kinds = [_kind(c) for c in h.descendants("", "kabkota")]
    assert kinds.count("kabupaten") == 416
    assert kinds.count("kota") == 98
    assert len(h.descendants("")) == 38 + 514 + 7_285 + 83_762


def test_the_code_rule_agrees_with_the_names() -> None:
    """Kab/kota by code range and by name prefix agree; 3xxx villages are the desa adat."""
    for code in h.descendants("", "kabkota"):
        name = h.official_name(code) or ""
        assert name.split()[0] == {"kabupaten": "Kabupaten", "kota": "Kota"}[_kind(code)], code
    adat = [c for c in h.descendants("", "desa") if c.split(".")[3][0] == "3"]
    assert len(adat) == 14
    assert all((h.official_name(c) or "").startswith("Desa Adat ") for c in adat)
    assert {c[:5] for c in adat} == {"91.03"}  # Kabupaten Jayapura


@pytest.mark.skipif(not SHARED.exists(), reason="shared domain folder not present")
def test_counts_per_province_equal_the_shared_table() -> None:
    with SHARED.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["code"] for r in rows) == h.children("")
    for row in rows:
        code = row["code"]
        kabkota = [_kind(c) for c in h.children(code)]
        got = {
            "kabupaten": kabkota.count("kabupaten"),
            "kota": kabkota.count("kota"),
            "kecamatan": len(h.descendants(code, "kecamatan")),
            "kelurahan": len(h.descendants(code, "kelurahan")),
            "desa": len(h.descendants(code, "desa")),
        }
        assert got == {k: int(row[k]) for k in got}, row["name"]
        assert not h.names_differ(code, row["name"]), (code, row["name"])


def test_known_names() -> None:
    assert h.official_name("53.01") == "Kabupaten Kupang"  # not "Sumba Barat"
    assert h.official_name("53.71") == "Kota Kupang"
    assert h.official_name("64") == "Kalimantan Timur"
    assert h.official_name("31") == "Daerah Khusus Ibukota Jakarta"
    assert h.official_name("99") is None
    assert h.official_name("32.04.05.2001 ") is None


def test_penajam_paser_utara() -> None:
    assert h.official_name("64.09") == "Kabupaten Penajam Paser Utara"
    assert h.level("64.09") == "kabkota"
    assert h.children("64.09") == ["64.09.01", "64.09.02", "64.09.03", "64.09.04"]
    assert [h.official_name(c) for c in h.children("64.09")] == [
        "Penajam",
        "Waru",
        "Babulu",
        "Sepaku",
    ]
    assert len(h.descendants("64.09", "desa")) == 30
    assert len(h.descendants("64.09", "kelurahan")) == 24
    villages = [c for k in h.children("64.09") for c in h.children(k)]
    assert sorted(villages) == sorted(
        h.descendants("64.09", "desa") + h.descendants("64.09", "kelurahan")
    )


def test_levels_children_and_descendants() -> None:
    assert h.level("64") == "province"
    assert h.level("64.09.01") == "kecamatan"
    assert h.level("64.09.01.1001") == "kelurahan"
    assert h.level("64.09.01.2020") == "desa"
    assert h.level("91.03.01.3007") == "desa"  # desa adat counts as desa
    assert len(h.children("")) == 38
    assert h.children("64.09.01.1001") == []
    assert h.descendants("64.09.01.1001") == []
    inside = h.descendants("64.09")
    assert inside == sorted(inside)
    assert all(c.startswith("64.09.") for c in inside)
    assert len(inside) == 4 + 54
    assert "64.09" not in inside


def test_unknown_codes_are_errors_with_suggestions() -> None:
    with pytest.raises(ValueError, match=r"nearest: 64\.09"):
        h.level("64.90")
    with pytest.raises(ValueError, match="not a Kemendagri region code"):
        h.children("53.01.01")  # Kab. Kupang has no kecamatan 01 any more
    with pytest.raises(ValueError, match="level must be one of"):
        h.descendants("64", "kabupaten")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        h.names_differ("99", "Nowhere")


def test_is_known() -> None:
    assert h.is_known("64.09.01.1001")
    assert not h.is_known("6409011001")  # undotted is not accepted as is
    assert not h.is_known("")
    assert not h.is_known("64.09.05")


def test_nearest_finds_the_true_code_of_a_typo() -> None:
    assert h.nearest("64.09.01.1001")[0] == "64.09.01.1001"  # a real code is its own nearest
    assert h.nearest("64.90.01.1001")[0] == "64.09.01.1001"  # swapped digits, kab/kota part
    assert h.nearest("64.09.10.1001")[0] == "64.09.01.1001"  # swapped digits, kecamatan part
    assert h.nearest("64.09.01.1O01")[0] == "64.09.01.1001"  # letter O for zero
    assert h.nearest("6409011001")[0] == "64.09.01.1001"  # undotted
    assert h.nearest("53.0l")[0] == "53.01"
    assert h.nearest("64.9")[0] == "64.09"
    assert h.nearest("64.09.05", n=2) == ["64.09.01", "64.09.02"]  # same parent first
    assert h.nearest("64.09.01.1001", n=0) == []
    assert h.nearest("") == []
    assert len(h.nearest("64.09.01.2999", n=5)) == 5
    assert all(h.is_known(c) for c in h.nearest("12.34.56.7890", n=10))


def test_check_codes_is_one_bool_per_code() -> None:
    codes = ["64", "64.09", "64.09.01", "64.09.01.1001", "64.09.05", "6409", "", "00", "99.99"]
    got = h.check_codes(codes)
    assert got.dtype == np.bool_
    assert got.tolist() == [True, True, True, True, False, False, False, False, False]
    assert h.check_codes([]).shape == (0,)
    everything = h.descendants("")
    assert h.check_codes(everything).all()
    assert h.check_codes(np.array(everything)).all()
    shifted = [c + "0" for c in everything[:500]]
    assert not h.check_codes(shifted).any()
    sample = [*everything[::97], "64.09.01.9999", "96.99"]
    assert h.check_codes(sample).tolist() == [h.is_known(c) for c in sample]


def test_names_differ_tolerates_spelling_not_substance() -> None:
    same = [
        ("53.01", "Kab. Kupang"),
        ("53.01", "KABUPATEN  kupang"),
        ("53.01", "Kupang"),
        ("53.71", "Kota Kupang"),
        ("64.09", "Kab Penajam Paser Utara"),
        ("92.03", "Kab. Fakfak"),  # official "Kabupaten Fak Fak"
        ("92.03", "Fak-Fak"),
        ("31.71", "Jakarta Pusat"),  # official "Kota Administrasi Jakarta Pusat"
        ("31.01", "Kab. Adm. Kepulauan Seribu"),
        ("31", "DKI Jakarta"),
        ("34", "D.I. Yogyakarta"),
        ("32", "Provinsi Jawa Barat"),
        ("64.09.01", "Kec. Penajam"),
        ("11.01.17", "Kecamatan Kota Bahagia"),
        ("64.09.01.1001", "Kel. Tanjung Tengah"),
        ("91.03.01.3007", "Yoboi"),  # official "Desa Adat Yoboi"
    ]
    for code, name in same:
        assert not h.names_differ(code, name), (code, name, h.official_name(code))
    differ = [
        ("53.01", "Sumba Barat"),
        ("53.01", "Kota Kupang"),  # the kind matters: 53.71 is Kota Kupang
        ("64.09", "Kota Penajam Paser Utara"),
        ("64.09", "Paser"),
        ("11.01.17", "Bahagia"),
        ("34", "Yogyakarta"),
    ]
    for code, name in differ:
        assert h.names_differ(code, name), (code, name)


def test_the_file_is_small_sorted_and_complete() -> None:
    raw = DATA.joinpath("regions.csv.gz").read_bytes()
    assert len(raw) < 1_500_000
    rows = list(csv.reader(gzip.decompress(raw).decode("utf-8").splitlines()))
    assert rows[0] == ["code", "name"]
    regions = {code: name for code, name in rows[1:]}
    codes = [code for code, _ in rows[1:]]
    assert codes == sorted(set(codes))
    assert all(c.rpartition(".")[0] in regions for c in codes if "." in c)
    assert all(name and name == " ".join(name.split()) for name in regions.values())
    assert count_levels(regions)["desa"] == 75_266
    # The build script's output (compared unzipped: gzip bytes vary with the zlib build).
    assert gzip.decompress(encode(regions)) == gzip.decompress(raw)


def test_the_licence_travels_with_the_data() -> None:
    text = DATA.joinpath("PROVENANCE.md").read_text(encoding="utf-8")
    assert "Copyright (c) 2017-2025 Cahya DSN" in text
    assert "Copyright (c) 2026 Lokal contributors" in text
    assert text.count("Permission is hereby granted, free of charge") == 2
    assert "Kepmendagri 300.2.2-2138/2025" in text
