"""The public API: every name in ``ucj_opt.__all__`` resolves, lazily."""

from __future__ import annotations

import subprocess
import sys

import ucj_opt


def test_every_public_name_resolves() -> None:
    for name in ucj_opt.__all__:
        assert getattr(ucj_opt, name) is not None, name


def test_import_is_light() -> None:
    code = "import sys, ucj_opt; print('pandas' in sys.modules, 'pulp' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]
