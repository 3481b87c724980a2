"""The README's Python examples run as written, and its commands exist."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ucj_opt.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_python_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_every_documented_command_exists() -> None:
    documented = set(re.findall(r"`ucj-opt (\w+)", README))
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert documented <= set(sub.choices), documented - set(sub.choices)


def test_documented_scenarios_validate() -> None:
    from ucj_opt.scenario import load_scenario

    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        load_scenario(path)
    assert os.path.exists(ROOT / "scenarios" / "national.yaml")
