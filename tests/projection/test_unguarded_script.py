"""A script that starts worker processes without ``if __name__ == "__main__":`` fails at
once with a message saying so; it used to wait forever."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import ucj_opt

study = ucj_opt.load_scenario("{root}/scenarios/kabupaten_ppu.yaml", overrides=["one_year"])
ucj_opt.simulate(study, 0.5, replications=2, years=1, workers=2)
print("finished")
"""


def _run(tmp_path: Path, guarded: bool) -> subprocess.CompletedProcess[str]:
    body = SCRIPT.format(root=ROOT)
    if guarded:
        body = 'if __name__ == "__main__":\n' + textwrap.indent(body, "    ")
    script = tmp_path / "plan.py"
    script.write_text(body)
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )


def test_an_unguarded_script_stops_with_the_fix_instead_of_waiting(tmp_path: Path) -> None:
    done = _run(tmp_path, guarded=False)
    assert done.returncode != 0
    assert 'if __name__ == "__main__":' in done.stderr
    assert "finished" not in done.stdout


def test_the_guarded_script_runs(tmp_path: Path) -> None:
    done = _run(tmp_path, guarded=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "finished" in done.stdout
