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
from ucj_opt.limits import (
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    InputFileError,
    read_bytes_bounded,
)

__all__ = ["KeyPath", "Located", "read_yaml", "read_yaml_text"]

KeyPath = tuple[str | int, ...]


@dataclass
class Located:
    """A YAML document as plain data plus the (file, line) of every key path."""

    data: Any
    lines: dict[KeyPath, tuple[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _TooLarge(Exception):
    """The document nests too deeply or expands to too many values."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class _Loader(yaml.SafeLoader):
    """The safe loader: plain data only, never arbitrary objects; nesting bounded.

    PyYAML composes nodes recursively: a document nested 2,000 deep would end in a
    RecursionError, so the depth is counted and bounded here.
    """

    depth = 0
    composed = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        self.composed += 1
        try:
            if self.depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _TooLarge(
                    f"the YAML nests more than {MAX_YAML_DEPTH} levels deep", mark.line + 1
                )
            if self.composed > MAX_YAML_NODES:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _TooLarge(
                    f"the YAML holds more than {MAX_YAML_NODES:,} values", mark.line + 1
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass
class _Walk:
    """Bounds of one walk over a node tree: values visited (aliases count in full) and
    the nodes on the current path (an alias inside its own anchor loops forever)."""

    src: str
    out: Located
    loader: _Loader
    visited: int = 0
    open_nodes: set[int] = field(default_factory=set)


def _scalar(node: yaml.Node, path: KeyPath, walk: _Walk) -> Any:
    """Construct a scalar; a value PyYAML cannot build (a date 2026-13-45, an integer of
    5,000 digits) becomes a problem, not a traceback."""
    try:
        value = walk.loader.construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
        text = str(getattr(exc, "problem", None) or exc)
        walk.out.problems.append(
            Problem(
                f"this value cannot be read: {text}",
                file=walk.src,
                line=node.start_mark.line + 1,
                key=_dotted(path),
                value=getattr(node, "value", None),
                has_value=True,
            )
        )
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _walk(node: yaml.Node, path: KeyPath, walk: _Walk) -> Any:
    walk.visited += 1
    if walk.visited > MAX_YAML_NODES:
        raise _TooLarge(
            f"the YAML expands to more than {MAX_YAML_NODES:,} values (aliases '*name' "
            "repeat what their anchor '&name' holds)",
            node.start_mark.line + 1,
        )
    if len(path) > MAX_YAML_DEPTH:
        raise _TooLarge(
            f"the YAML nests more than {MAX_YAML_DEPTH} levels deep", node.start_mark.line + 1
        )
    out, src = walk.out, walk.src
    out.lines.setdefault(path, (src, node.start_mark.line + 1))
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        if id(node) in walk.open_nodes:
            raise _TooLarge(
                "an alias '*name' is used inside its own anchor '&name', which never ends",
                node.start_mark.line + 1,
            )
        walk.open_nodes.add(id(node))
        try:
            return _walk_collection(node, path, walk)
        finally:
            walk.open_nodes.discard(id(node))
    return _scalar(node, path, walk)


def _walk_collection(node: yaml.Node, path: KeyPath, walk: _Walk) -> Any:
    out, src = walk.out, walk.src
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, i), walk) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node, path, walk) if isinstance(key_node, yaml.ScalarNode) else key_node
        if isinstance(key, dt.date | int | float | bool) or key is None:
            key = str(key).lower() if isinstance(key, bool) or key is None else str(key)
        if not isinstance(key, str):
            out.problems.append(
                Problem(
                    "keys must be plain words",
                    file=src,
                    line=key_node.start_mark.line + 1,
                    key=_dotted(path),
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
        result[key] = _walk(value_node, child, walk)
    return result


def _dotted(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_yaml_text(text: str, src: str) -> Located:
    """Parse YAML text; syntax errors, and documents nested too deeply or expanding to
    too many values, become problems with their line."""
    out = Located(data=None)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            out.data = {} if node is None else _walk(node, (), _Walk(src, out, loader))
        finally:
            loader.dispose()
    except _TooLarge as exc:
        out.data = None
        out.lines.clear()
        out.problems.append(
            Problem(
                str(exc),
                file=src,
                line=exc.line,
                hint="a scenario needs neither deep nesting nor aliases repeated many times",
            )
        )
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
    """Read a YAML file (a regular file of at most ``MAX_YAML_BYTES``); a missing,
    unreadable or oversized file becomes a problem."""
    try:
        raw = read_bytes_bounded(path, MAX_YAML_BYTES)
    except FileNotFoundError:
        return Located(
            data=None,
            problems=[Problem("file not found", file=str(path), hint="check the path")],
        )
    except InputFileError as exc:
        return Located(data=None, problems=[Problem(str(exc), file=str(path))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Located(
            data=None,
            problems=[
                Problem(
                    "the file is not UTF-8 text",
                    file=str(path),
                    line=line,
                    hint="save it as UTF-8 (in Excel or Notepad: 'Save as' → UTF-8)",
                )
            ],
        )
    return read_yaml_text(text, str(path))


dotted = _dotted
