"""A word the command line did not expect: argparse's message and exit code 2, with the
likely slip named when it follows a flag that takes no value."""

from __future__ import annotations

from pathlib import Path

import pytest

from ucj_opt.cli import main

PPU = str(Path(__file__).resolve().parents[2] / "scenarios" / "kabupaten_ppu.yaml")


def test_a_file_name_after_a_flag_without_value_is_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["solve", PPU, "--save-lp", "my.lp"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: my.lp" in err
    assert "--save-lp takes no value; see 'ucj-opt solve --help'" in err


def test_other_stray_words_keep_argparse_s_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["solve", PPU, "bogus"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: bogus" in err and "takes no value" not in err
