"""The README's Python examples run as written, and its commands exist."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ucj_opt.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)
STARTS_PROCESSES = re.compile(r"\b(simulate|run_montecarlo|sweep|run_main_job)\(")


@pytest.mark.slow
def test_python_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    assert BLOCKS
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    for block in BLOCKS:
        names: dict[str, object] = {"__name__": "__main__"}  # as run as a script
        exec(compile(block, "README.md", "exec"), names)
        if "allocation" in names:  # the repr the README shows is the one printed
            shown = re.search(r"print\(allocation\)\n((?:\s*# .*\n)+)", block)
            assert shown, "the README shows what print(allocation) prints"
            said = " ".join(
                line.strip().removeprefix("# ").strip() for line in shown[1].splitlines()
            )
            assert said == repr(names["allocation"])


def test_python_examples_that_start_processes_have_a_main_guard() -> None:
    """Saved as a script, a block whose calls start worker processes hangs without it."""
    for block in BLOCKS:
        if STARTS_PROCESSES.search(block):
            assert 'if __name__ == "__main__":' in block, block


@pytest.mark.slow
def test_python_examples_run_as_scripts(tmp_path: Path) -> None:
    for k, block in enumerate(BLOCKS):
        script = tmp_path / f"readme_{k}.py"
        script.write_text(block, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, str(script)],
            cwd=ROOT,
            env={**os.environ, "MPLBACKEND": "Agg"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]


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
