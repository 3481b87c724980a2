"""``path=value`` changes to a scenario mapping: ``--set`` on the command line and
:meth:`Study.with_changes` go through the same functions, so a change made from Python
is validated and blamed exactly like one typed in a shell."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from ucj_opt.errors import Problem, clip
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.yamlio import KeyPath, read_yaml_text

__all__ = ["apply_sets", "parse_set"]

_SET_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[-?[0-9]+\])*(\.[A-Za-z0-9_]+(\[-?[0-9]+\])*)*$")
"""A settings path: ``policy.equity_floor.share``, ``segments[1].weight``."""


def parse_set(item: str) -> tuple[str, Any]:
    """Split ``path=value``; the value is read as YAML (``0.4``, ``true``, ``[a, b]``).

    The value is read with the same bounds as a scenario file (nesting, aliases); a value
    that is not valid YAML is taken as text.
    """
    if "=" not in item:
        raise ValueError(f"--set needs path=value, got {clip(item, 60)!r}")
    path, text = item.split("=", 1)
    path = path.strip()
    if not _SET_PATH.match(path):
        raise ValueError(
            f"--set needs path=value with a path such as policy.equity_floor.share or "
            f"segments[1].weight; got {clip(item, 60)!r}"
        )
    if not text.strip():
        return path, ""
    parsed = read_yaml_text(text, "<--set>")
    if not parsed.problems:
        return path, parsed.data
    if all(p.message.startswith("this is not valid YAML") for p in parsed.problems):
        return path, text  # taken as text, e.g. a name with a colon
    raise ValueError(f"--set {path}: {parsed.problems[0].message}")


def _split_path(path: str) -> list[str | int]:
    parts: list[str | int] = []
    for part in path.split("."):
        while "[" in part and part.endswith("]"):
            name, _, rest = part.partition("[")
            if name:
                parts.append(name)
            index, _, part = rest.partition("]")
            parts.append(int(index))
            part = part.lstrip("[") and part
        if part:
            parts.append(part)
    return parts


def _fill_default(data: dict[str, Any], path: str) -> None:
    """Write out a top-level default (e.g. the default segments) before --set edits it."""
    top = path.split(".")[0].split("[")[0]
    field = Scenario.model_fields.get(top)
    if top in data or field is None or field.is_required():
        return
    default = field.get_default(call_default_factory=True)
    data[top] = _plain(default)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _set_path(data: dict[str, Any], path: str, value: Any) -> str | None:
    """Set a dotted path; return why it cannot be set, or None."""
    try:
        parts = _split_path(path)
    except ValueError:
        return "list positions are written as name[3]"
    node: Any = data
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(part, int):
            if not isinstance(node, list) or not -len(node) <= part < len(node):
                return f"there is no position {part} at {'.'.join(map(str, parts[:i]))}"
            if last:
                node[part] = value
            else:
                node = node[part]
            continue
        if not isinstance(node, dict):
            return f"{'.'.join(map(str, parts[:i]))} is not a mapping"
        if last:
            node[part] = value
        else:
            node = node.setdefault(part, {})
    return None


def apply_sets(
    data: dict[str, Any],
    lines: dict[KeyPath, tuple[str, int]],
    pairs: Iterable[tuple[str, Any]],
    origin: str = "<command line>",
) -> list[Problem]:
    """Set each ``(path, value)`` in ``data`` (in order); return the paths that cannot be set.

    What a path sets points at ``origin`` afterwards (line 0: no line): the path itself,
    every key beneath it, and the keys above it that the file did not write (a misspelt
    ``policy.equity_flor``). So a bad value is blamed on where it was set, not on the YAML
    line it replaced or on the section it sits in.
    """
    problems = []
    for path, value in pairs:
        _fill_default(data, path)
        why = _set_path(data, path, value)
        if why:
            problems.append(Problem(why, file=origin, key=path, value=value, has_value=True))
            continue
        try:
            parts = tuple(_split_path(path))
        except ValueError:
            continue
        for k in [k for k in lines if k[: len(parts)] == parts]:
            lines[k] = (origin, 0)
        lines[parts] = (origin, 0)
        for n in range(1, len(parts)):
            lines.setdefault(parts[:n], (origin, 0))
    return problems
