"""Fuzzing: mutated scenarios through ``validate → solve → simulate`` (see harness.py).

Four kinds of mutation, each its own test:

- **YAML**: the scenario file's text is cut, shifted, duplicated or given YAML's sharper
  tools (anchors, aliases, tags, flow brackets, tabs, NUL, a BOM);
- **values**: a setting of the fully resolved scenario (every default spelled out, the
  simulation's figures included) gets a value of another type or an extreme one;
- **boundaries**: a number gets a value at or near the limits the scenario allows, to
  find what passes ``validate`` and fails later;
- **tables**: a table file gets bad cells, rows, headers, encodings or is cut short.

Under the default Hypothesis profile (``ci``) each test tries a fixed set of examples in a
few seconds. The long campaign for a release (docs/reliability.md)::

    UCJ_FUZZ_STATS=fuzz.jsonl HYPOTHESIS_PROFILE=fuzz-long python -m pytest tests/fuzz -p no:cacheprovider
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import write_scenario
from tests.fuzz.harness import ROOT, pipeline
from ucj_opt.scenario import load_scenario
from ucj_opt.scenario.dump import scenario_to_yaml

pytestmark = pytest.mark.fuzz

TABLES = ("regions", "workers", "budgets")
KINDS = pytest.mark.parametrize("kind", ["small", "ppu"])
"""Each base scenario (and each table) is its own test item, so that a campaign gives every
one the same number of cases: 12 items in all."""


def _base(kind: str, folder: Path) -> Path:
    """A valid scenario in ``folder`` with its three tables beside it."""
    if kind == "small":
        return write_scenario(folder)
    source = ROOT / "scenarios"
    shutil.copy(source / "kabupaten_ppu.yaml", folder / "scenario.yaml")
    shutil.copytree(source / "kabupaten_ppu", folder / "kabupaten_ppu")
    return folder / "scenario.yaml"


_RESOLVED: dict[str, dict[str, Any]] = {}


def _resolved(kind: str) -> dict[str, Any]:
    """The base scenario with every default spelled out (cached), tables by name."""
    if kind not in _RESOLVED:
        with tempfile.TemporaryDirectory() as tmp:
            study = load_scenario(_base(kind, Path(tmp)))
            data = yaml.safe_load(scenario_to_yaml(study.scenario))
        for name in TABLES:
            file = Path(data[name]["file"])
            data[name]["file"] = f"{file.parent.name}/{file.name}" if kind == "ppu" else file.name
        _RESOLVED[kind] = data
    return _RESOLVED[kind]


def _leaves(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _leaves(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _leaves(v, (*prefix, i))
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


_EXAMPLES = os.environ.get("UCJ_FUZZ_EXAMPLES")
_LONG = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz-long"
_PROFILE = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    **({"max_examples": int(_EXAMPLES)} if _EXAMPLES else {} if _LONG else {"max_examples": 5}),
)
"""A few seconds per test by default; the ``fuzz-long`` profile (or ``UCJ_FUZZ_EXAMPLES``)
sets the count."""

# -- values that break things --------------------------------------------------------------

_NUMBERS = st.sampled_from(
    [
        0,
        -1,
        1,
        0.5,
        1e-300,
        -0.0,
        12,
        31,
        100,
        1e6,
        1e9,
        1e12,
        1e15,
        1e16,
        1e19,
        1e300,
        1e308,
        math.inf,
        -math.inf,
        math.nan,
        10**30,
        2**63,
        2**64,
        -(2**63),
    ]
)
_TEXTS = st.sampled_from(
    [
        "",
        " ",
        "x" * 100_000,
        "Rp 3 miliar",
        "Rp 1e30",
        "50%",
        "150%",
        "-5%",
        "0.4% / year",
        "1e400",
        "nan",
        "inf",
        "-inf",
        "2026-13-45",
        "2026-01-01",
        "yes",
        "null",
        "~",
        "[",
        "{a: 1}",
        "é€😀\u202e",
        "\x00",
        "embedded:national",
        "/dev/zero",
        "policy[0]",
        "1_000",
        "Rp 3 M",
    ]
)
_VALUES = st.one_of(
    _NUMBERS,
    _TEXTS,
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(-5, 5), max_size=3),
    st.dictionaries(st.sampled_from(["a", "value", "kind", "file"]), st.integers(), max_size=2),
)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)


# -- 1. YAML level ----------------------------------------------------------------------------

_SNIPPETS = [
    "&a ",
    "*a",
    "<<: *a\n",
    "!!python/object:os.system ",
    "!!binary ",
    "{",
    "[",
    "]",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "\t",
    "\x00",
    "\ufeff",
    "\r\n",
    ": ",
    "- ",
    "#",
    "'",
    '"',
    "|\n",
    "&x [*x]\n",
    "extends: /dev/zero\n",
    "extends: scenario.yaml\n",
    "extends: .\n",
    "a: " + "[" * 300 + "]" * 300 + "\n",
    "b: &b [1,1,1,1,1,1,1,1,1]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
]


@st.composite
def _yaml_mutant(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        op = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "indent", "insert", "truncate", "value"]
            )
        )
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "  ", "    ", "\t"])) + lines[i].lstrip()
        elif op == "insert":
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.sampled_from(_SNIPPETS)) + lines[i][pos:]
        elif op == "truncate":
            pos = draw(st.integers(0, len(lines[i])))
            lines = [*lines[:i], lines[i][:pos]]
        elif op == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(_TEXTS)!s}"[:400]
    return "\n".join(lines)


@KINDS
@_PROFILE
@given(data=st.data())
def test_yaml_level_mutations(data: st.DataObject, kind: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _base(kind, Path(tmp))
        path.write_text(data.draw(_yaml_mutant(path.read_text(encoding="utf-8"))), encoding="utf-8")
        pipeline(path, f"yaml:{kind}")


# -- 2. value level ---------------------------------------------------------------------------


@KINDS
@_PROFILE
@given(data=st.data())
def test_value_level_mutations(data: st.DataObject, kind: str) -> None:
    resolved = yaml.safe_load(_dump(_resolved(kind)))  # a deep copy
    leaves = _leaves(resolved)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(leaves))
        action = data.draw(st.sampled_from(["replace", "replace", "delete", "rename"]))
        parent = _get(resolved, path[:-1])
        if action == "replace":
            _set(resolved, path, data.draw(_VALUES))
        elif action == "delete" and isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif action == "rename" and isinstance(parent, dict) and path[-1] in parent:
            parent[f"{path[-1]}{data.draw(st.sampled_from(['x', '[', ' ', '.']))}"] = parent.pop(
                path[-1]
            )
        leaves = _leaves(resolved)
    with tempfile.TemporaryDirectory() as tmp:
        path = _base(kind, Path(tmp))
        path.write_text(_dump(resolved), encoding="utf-8")
        pipeline(path, f"value:{kind}")


# -- 3. boundaries: valid but extreme ---------------------------------------------------------


def _numeric_leaves(kind: str) -> list[tuple[Any, ...]]:
    resolved = _resolved(kind)
    return [
        p
        for p in _leaves(resolved)
        if p[0] not in TABLES
        and isinstance(_get(resolved, p), int | float)
        and not isinstance(_get(resolved, p), bool)
    ]


_SCALES = [0.0, 1e-9, 0.5, 0.999, 1.001, 2.0, 10.0, 1e3, 1e6, 1e9]
_LIMITS = [1e-12, 0.001, 0.999999, 1.0, 1.000001, 11.99, 12.0, 29.9, 30.0, 100.0, 600.0]
_LIMITS += [1e6, 1e7, 1e9, 1e12, 0.999e15, 1e15, 2**63 - 1]


@KINDS
@_PROFILE
@given(data=st.data())
def test_boundary_values(data: st.DataObject, kind: str) -> None:
    resolved = yaml.safe_load(_dump(_resolved(kind)))
    leaves = _numeric_leaves(kind)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(leaves))
        old = _get(resolved, path)
        how = data.draw(st.sampled_from(["scale", "limit", "limit"]))
        value = old * data.draw(st.sampled_from(_SCALES)) if how == "scale" else None
        if value is None:
            value = data.draw(st.sampled_from(_LIMITS))
        if isinstance(old, int) and not isinstance(value, int) and float(value).is_integer():
            value = int(value)
        _set(resolved, path, value)
        parent = _get(resolved, path[:-1])
        if isinstance(parent, dict) and {"value", "low", "high"} <= set(parent):  # keep ranges
            parent["low"] = min(parent["low"], parent["value"])
            parent["high"] = max(parent["high"], parent["value"])
    with tempfile.TemporaryDirectory() as tmp:
        path = _base(kind, Path(tmp))
        path.write_text(_dump(resolved), encoding="utf-8")
        pipeline(path, f"boundary:{kind}")


# -- 4. table level ---------------------------------------------------------------------------

_CELLS = st.sampled_from(
    [
        "",
        " ",
        "inf",
        "-inf",
        "nan",
        "NaN",
        "-1",
        "0",
        "1e19",
        "1e9",
        "999999999",
        "1000000001",
        "0.5",
        "1.5",
        "2",
        "1e308",
        "Rp 1e30",
        "Rp 3 miliar",
        "Rp 16.800",
        "1.000.000",
        "3,5",
        "x" * 5000,
        "64",
        "64.09",
        "64.09.01.2001",
        "64.9",
        "99.99",
        " 64.09 ",
        "farmer",
        "apbdes",
        "2026",
        "1999",
        "2101",
        "é",
        '"',
        "#",
        "\ufeff",
    ]
)


def _csv_mutations(draw: st.DrawFn, text: str) -> bytes:
    lines = text.rstrip("\n").split("\n")
    header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(
            st.sampled_from(
                ["cell", "cell", "cell", "delete", "duplicate", "header", "swap", "garbage", "cut"]
            )
        )
        i = draw(st.integers(header, len(lines) - 1))
        cells = lines[i].split(",")
        if op == "cell":
            cells[draw(st.integers(0, len(cells) - 1))] = draw(_CELLS)
            lines[i] = ",".join(cells)
        elif op == "delete" and i > header:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "header":
            names = lines[header].split(",")
            j = draw(st.integers(0, len(names) - 1))
            names[j] = draw(st.sampled_from(["", "x", names[j].upper(), names[j] + "s", "amount"]))
            lines[header] = ",".join(names)
        elif op == "swap":
            names = lines[header].split(",")
            a, b = draw(st.integers(0, len(names) - 1)), draw(st.integers(0, len(names) - 1))
            names[a], names[b] = names[b], names[a]
            lines[header] = ",".join(names)
        elif op == "garbage":
            lines.insert(i, draw(st.sampled_from(["a,b,c,d,e,f,g", ",,,", "\x00\x01", "#x"])))
        elif op == "cut":
            lines = lines[: i + 1]
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    body = "\n".join(lines) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "latin-1"]))
    return body.encode(encoding, errors="replace")


@KINDS
@pytest.mark.parametrize("table", TABLES)
@_PROFILE
@given(data=st.data())
def test_table_level_mutations(data: st.DataObject, kind: str, table: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _base(kind, Path(tmp))
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))[table]["file"]
        csv = path.parent / spec
        csv.write_bytes(data.draw(st.composite(_csv_mutations)(csv.read_text(encoding="utf-8"))))
        pipeline(path, f"table:{table}:{kind}")
