"""The public API: ``ucj_opt.__all__`` is the ``_LAZY`` table plus the version, and each
name is the very object its module defines, loaded only when asked for."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
from packaging.version import Version

import ucj_opt


def test_every_public_name_is_the_object_of_its_module() -> None:
    for name in ucj_opt.__all__:
        if name == "__version__":
            continue
        module = ucj_opt._LAZY[name]
        obj = getattr(ucj_opt, name)
        assert obj is getattr(importlib.import_module(module), name), name
        assert obj.__module__.startswith("ucj_opt."), (name, obj.__module__)  # not a re-export


def test_all_is_the_lazy_table_and_the_version() -> None:
    assert ucj_opt.__all__ == sorted([*ucj_opt._LAZY, "__version__"])
    assert dir(ucj_opt) == ucj_opt.__all__
    assert str(Version(ucj_opt.__version__)) == ucj_opt.__version__


def test_an_unknown_name_raises_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError, match="'no_such_name'"):
        _ = ucj_opt.no_such_name  # type: ignore[attr-defined]
    with pytest.raises(ImportError, match="no_such_name"):
        exec("from ucj_opt import no_such_name", {})


def test_import_is_light() -> None:
    code = "import sys, ucj_opt; print('pandas' in sys.modules, 'pulp' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "False"]
