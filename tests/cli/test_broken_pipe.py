"""A reader that stops early (``ucj-opt compare A B | head -3``) ends the command quietly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ucj_opt.cli import BROKEN_PIPE_EXIT, main

ROOT = Path(__file__).resolve().parents[2]
PPU = ROOT / "scenarios" / "kabupaten_ppu.yaml"


def _first_lines(argv: list[str], lines: int) -> tuple[list[str], int, str]:
    """Run ucj-opt with stdout to a pipe closed after ``lines`` lines (as ``| head``)."""
    with subprocess.Popen(
        [sys.executable, "-m", "ucj_opt", *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        read = [proc.stdout.readline() for _ in range(lines)]
        proc.stdout.close()
        err = proc.stderr.read()
        return read, proc.wait(timeout=300), err


def test_compare_into_a_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    half = tmp_path / "half.yaml"
    half.write_text(f"extends: {PPU}\nname: half\nbudget_scale: 0.5\n", encoding="utf-8")
    read, code, err = _first_lines(["compare", str(PPU), str(half)], 3)
    assert read[0].startswith("Settings that differ")
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert code == BROKEN_PIPE_EXIT


def test_a_broken_pipe_inside_a_command_is_caught(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def closed(args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("ucj_opt.cli.scenario_cmds.schema", closed)
    monkeypatch.setattr("ucj_opt.cli._stdout_is_a_pipe", lambda: True)
    assert main(["schema"]) == BROKEN_PIPE_EXIT
    assert "Traceback" not in capsys.readouterr().err
