"""Reading YAML while remembering where every key was written.

PyYAML's composed node tree carries line numbers; we walk it ourselves so that every key
path maps to (file, line), duplicate keys are reported instead of silently overwritten,
and errors can point at the exact line a planner must edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ucj_opt.errors import Problem

__all__ = ["KeyPath", "Located", "read_yaml", "read_yaml_text"]

KeyPath = tuple[str | int, ...]


@dataclass
class Located:
    """A YAML document as plain data plus the (file, line) of every key path."""

    data: Any
    lines: dict[KeyPath, tuple[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Loader(yaml.SafeLoader):
    """The safe loader: plain data only, never arbitrary objects."""


def _walk(node: yaml.Node, path: KeyPath, src: str, out: Located, loader: _Loader) -> Any:
    out.lines.setdefault(path, (src, node.start_mark.line + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if isinstance(key, dt.date | int | float | bool) or key is None:
                key = str(key).lower() if isinstance(key, bool) or key is None else str(key)
            if not isinstance(key, str):
                out.problems.append(
                    Problem(
                        "keys must be plain words",
                        file=src,
                        line=key_node.start_mark.line + 1,
                        key=_dotted(path),
                        value=key,
                        has_value=True,
                    )
                )
                continue
            child = (*path, key)
            if key in result:
                first = out.lines.get(child, (src, 0))[1]
                out.problems.append(
                    Problem(
                        f"'{key}' is written twice (first on line {first}); "
                        "YAML would silently keep only the last one",
                        file=src,
                        line=key_node.start_mark.line + 1,
                        key=_dotted(child),
                        hint="delete or merge one of the two entries",
                    )
                )
                continue
            out.lines[child] = (src, key_node.start_mark.line + 1)
            result[key] = _walk(value_node, child, src, out, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, i), src, out, loader) for i, item in enumerate(node.value)]
    value = loader.construct_object(node)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _dotted(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_yaml_text(text: str, src: str) -> Located:
    """Parse YAML text; syntax errors become problems with their line."""
    out = Located(data=None)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            out.data = {} if node is None else _walk(node, (), src, out, loader)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        out.problems.append(
            Problem(
                f"this is not valid YAML: {exc.problem or exc.context}",
                file=src,
                line=(mark.line + 1) if mark else None,
                hint="check the indentation and that every 'key: value' has a space after ':'",
            )
        )
    except yaml.YAMLError as exc:
        out.problems.append(Problem(f"this is not valid YAML: {exc}", file=src))
    return out


def read_yaml(path: Path) -> Located:
    """Read a YAML file; a missing or unreadable file becomes a problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Located(
            data=None,
            problems=[Problem("file not found", file=str(path), hint="check the path")],
        )
    except (OSError, UnicodeDecodeError) as exc:
        return Located(
            data=None, problems=[Problem(f"cannot read the file: {exc}", file=str(path))]
        )
    return read_yaml_text(text, str(path))


dotted = _dotted
