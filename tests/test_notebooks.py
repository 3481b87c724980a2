"""Every notebook runs top to bottom, and its .ipynb and jupytext .py twins agree.

The .py (jupytext percent format) is the reviewed source; the .ipynb is kept without
outputs so diffs stay readable.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))

jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")


def _code_cells(nb: object) -> list[str]:
    return [c.source.strip() for c in nb.cells if c.cell_type == "code"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("script", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_pair_is_in_sync_and_stripped(script: Path) -> None:
    ipynb = script.with_suffix(".ipynb")
    assert ipynb.exists(), f"{ipynb.name} missing: run 'jupytext --sync {script.name}'"
    raw = json.loads(ipynb.read_text(encoding="utf-8"))
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{ipynb.name} has outputs; strip them"
            assert cell.get("execution_count") is None
    assert _code_cells(jupytext.read(script)) == _code_cells(jupytext.read(ipynb))


@pytest.mark.slow
@pytest.mark.parametrize("script", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(script: Path) -> None:
    nb = jupytext.read(script)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    env_before = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"
    try:
        client = nbclient.NotebookClient(
            nb,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(script.parent)}},
        )
        client.execute()
    finally:
        if env_before is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = env_before
