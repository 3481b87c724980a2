"""Region codes and names checked against the decree (Kepmendagri 300.2.2-2138/2025).

Expected names and codes come from the decree itself (e.g. 53.01 is Kabupaten Kupang and
Sumba Barat is 53.12), not from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REGIONS_CSV, write_scenario
from ucj_opt.cli import main
from ucj_opt.errors import ScenarioError
from ucj_opt.scenario import load_scenario

NTT = """\
code,name,population,poverty_rate,extreme_poverty_rate
53,Nusa Tenggara Timur,5600000,0.19,0.02
53.01,{name},400000,0.2,0.02
"""
NTT_WORKERS = "region,segment,eligible,extreme_poor\n53.01,farmer,100,10\n"
NTT_BUDGETS = "region,year,source,amount\n53,2026,apbd_provinsi,Rp 20 juta\n"


def _ntt(tmp_path: Path, name: str) -> Path:
    return write_scenario(
        tmp_path,
        regions__csv=NTT.format(name=name),
        workers__csv=NTT_WORKERS,
        budgets__csv=NTT_BUDGETS,
    )


def test_a_name_of_another_kabupaten_is_a_warning_naming_both(tmp_path: Path) -> None:
    study = load_scenario(_ntt(tmp_path, "Sumba Barat"))
    (warning,) = study.tables.warnings
    assert "'Kabupaten Kupang'" in warning.message and "'Sumba Barat'" in warning.message
    assert warning.line == 3 and warning.file is not None and warning.file.endswith("regions.csv")
    assert "53.12" in warning.hint  # where Sumba Barat really is


@pytest.mark.parametrize("name", ["Kab. Kupang", "KUPANG", "Kabupaten  Kupang", "kab kupang"])
def test_the_official_name_written_differently_is_no_warning(tmp_path: Path, name: str) -> None:
    assert load_scenario(_ntt(tmp_path, name)).tables.warnings == ()


def test_kota_for_a_kabupaten_is_a_warning(tmp_path: Path) -> None:
    assert len(load_scenario(_ntt(tmp_path, "Kota Kupang")).tables.warnings) == 1


def test_validate_prints_the_warning_and_succeeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(_ntt(tmp_path, "Sumba Barat"))]) == 0
    out = capsys.readouterr().out
    assert "warning:" in out and "Kabupaten Kupang" in out


def test_unknown_code_is_an_error_with_the_nearest_real_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = REGIONS_CSV.replace("64.09.01.2021,Bukit Subur", "64.09.01.2002,Bukit Subur")
    path = write_scenario(
        tmp_path,
        regions__csv=text,
        workers__csv="region,segment,eligible,extreme_poor\n64.09.01.2020,farmer,10,1\n",
        budgets__csv="region,year,source,amount\n64,2026,apbd_provinsi,1000000\n",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert "'64.09.01.2002' is not a region code" in problem.message
    assert problem.line == 6
    assert "64.09.01.2022 (Sidorejo)" in problem.hint  # a real desa of kecamatan Penajam
    assert main(["validate", str(path)]) == 2
    assert "Kepmendagri" in capsys.readouterr().err


def test_names_are_taken_from_the_decree_when_left_out(tmp_path: Path) -> None:
    no_names = "code,population,poverty_rate,extreme_poverty_rate\n" + "".join(
        ",".join(line.split(",")[:1] + line.split(",")[2:]) + "\n"
        for line in REGIONS_CSV.splitlines()[1:]
    )
    blank = REGIONS_CSV.replace("Bukit Subur", "")
    for text in (no_names, blank):
        study = load_scenario(write_scenario(tmp_path, regions__csv=text))
        regions = study.tables.regions
        assert regions.loc["64.09.01.2021", "name"] == "Bukit Subur"
        assert regions.loc["64.09", "name"] in (
            "Kabupaten Penajam Paser Utara",
            "Kab. Penajam Paser Utara",
        )
        assert any("taken from Kepmendagri" in n for n in study.tables.notes)


def test_desa_and_kelurahan_are_told_apart_by_the_code(small_scenario: Path) -> None:
    levels = load_scenario(small_scenario).tables.regions["level"]
    assert levels["64.09.01.1001"] == "kelurahan"  # Tanjung Tengah: 1xxx
    assert levels["64.09.01.2020"] == "desa"  # Giri Mukti: 2xxx


def test_a_name_calling_a_desa_a_kelurahan_is_a_warning(tmp_path: Path) -> None:
    text = REGIONS_CSV.replace("64.09.01.2020,Giri Mukti", "64.09.01.2020,Kelurahan Giri Mukti")
    (warning,) = load_scenario(write_scenario(tmp_path, regions__csv=text)).tables.warnings
    assert "says kelurahan, but 64.09.01.2020 is a desa" in warning.message
    assert warning.line == 5
