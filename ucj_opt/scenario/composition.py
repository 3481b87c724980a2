"""The scenario as one mapping, before validation, with the file and line of every key.

Order of composition: the ``extends:`` chain (base first), then the named ``overrides:``
chosen by the user, then ``--set path=value`` from the command line. Each later layer
replaces what it names and keeps the rest (mappings merge, lists are replaced), and the
line map follows, so a problem points at the layer that wrote it.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ucj_opt.errors import Problem, clip
from ucj_opt.scenario.set_paths import apply_sets, parse_set
from ucj_opt.scenario.yamlio import KeyPath, Located, read_yaml, read_yaml_text

__all__ = ["EMBEDDED_PREFIX", "compose", "override_names", "set_origin"]

EMBEDDED_PREFIX = "embedded:"
"""``extends: embedded:national`` names a scenario shipped inside ucj_opt."""


def _embedded_text(name: str) -> str:
    from importlib import resources

    ref = resources.files("ucj_opt.data").joinpath(f"{name}.yaml")
    if not ref.is_file():
        raise FileNotFoundError(name)
    return ref.read_text(encoding="utf-8")


def _read(ref: str, base_dir: Path | None) -> tuple[Located, Path | None]:
    if ref.startswith(EMBEDDED_PREFIX):
        name = ref[len(EMBEDDED_PREFIX) :]
        try:
            return read_yaml_text(_embedded_text(name), f"<embedded {name}>"), None
        except FileNotFoundError:
            return Located(
                None,
                problems=[
                    Problem(
                        f"no embedded scenario '{name}'",
                        key="extends",
                        hint="use 'embedded:national'",
                    )
                ],
            ), None
    path = Path(ref)
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path
    if "\0" in ref:
        return Located(
            None, problems=[Problem("a file name cannot contain a NUL byte", key="extends")]
        ), None
    return read_yaml(path), path.parent


def _absolute(path: Path) -> Path:
    """``path`` made absolute, its symbolic links resolved where possible (a loop or an
    over-long name is left for the reader to report)."""
    try:
        return path.resolve()
    except (OSError, ValueError, RuntimeError):
        return path.absolute()


def _merge(
    base: Any,
    over: Any,
    lines: dict[KeyPath, tuple[str, int]],
    over_lines: dict[KeyPath, tuple[str, int]],
    path: KeyPath = (),
) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        result = dict(base)
        for key, value in over.items():
            child = (*path, key)
            result[key] = _merge(base.get(key), value, lines, over_lines, child)
        return result
    # Replaced wholesale: forget the old lines below this path, take the new ones.
    for k in [k for k in lines if k[: len(path)] == path and len(k) > len(path)]:
        del lines[k]
    lines.update({k: v for k, v in over_lines.items() if k[: len(path)] == path})
    return copy.deepcopy(over)


def _resolve_paths(data: dict[str, Any], base_dir: Path | None) -> None:
    """Table files are written relative to the file that names them; store them absolute."""
    if base_dir is None:
        return
    for name in ("regions", "workers", "budgets"):
        spec = data.get(name)
        if (
            isinstance(spec, dict)
            and isinstance(spec.get("file"), str)
            and "\0" not in spec["file"]
        ):
            p = Path(spec["file"])
            if not p.is_absolute():
                spec["file"] = str(_absolute(base_dir / p))


def _load_chain(
    ref: str, base_dir: Path | None, seen: tuple[str, ...], problems: list[Problem]
) -> Located:
    located, own_dir = _read(ref, base_dir)
    problems.extend(located.problems)
    data = located.data
    if data is None:
        return Located({}, {})
    if not isinstance(data, dict):
        problems.append(
            Problem("a scenario file must be a mapping of keys to values", file=ref, line=1)
        )
        return Located({}, {})
    _resolve_paths(data, own_dir)
    named = data.get("overrides")
    for override in named.values() if isinstance(named, dict) else ():
        if isinstance(override, dict):  # an override's table file is relative to its file too
            _resolve_paths(override, own_dir)
    parent = data.pop("extends", None)
    if parent is None:
        return Located(data, located.lines)
    src, line = located.lines.get(("extends",), (ref, 1))
    if not isinstance(parent, str):
        problems.append(
            Problem(
                "extends takes one file name",
                file=src,
                line=line,
                key="extends",
                value=parent,
                has_value=True,
            )
        )
        return Located(data, located.lines)
    key = (
        parent
        if parent.startswith(EMBEDDED_PREFIX) or "\0" in parent
        else str(_absolute((own_dir or Path.cwd()) / parent))
    )
    if key in seen:
        problems.append(
            Problem(
                "the extends chain loops back on itself",
                file=src,
                line=line,
                key="extends",
                value=parent,
                has_value=True,
                hint="remove one of the extends lines",
            )
        )
        return Located(data, located.lines)
    base = _load_chain(parent, own_dir, (*seen, key), problems)
    base_overrides = base.data.pop("overrides", {}) if isinstance(base.data, dict) else {}
    lines = dict(base.lines)
    merged = _merge(base.data, data, lines, located.lines)
    if base_overrides:
        own = merged.get("overrides") or {}
        merged["overrides"] = {**base_overrides, **own} if isinstance(own, dict) else own
    return Located(merged, lines)


def compose(
    source: str | Path,
    *,
    overrides: Sequence[str] = (),
    sets: Iterable[str] = (),
) -> tuple[dict[str, Any], dict[KeyPath, tuple[str, int]], list[Problem]]:
    """The scenario as one mapping, before validation, with its line map and problems."""
    problems: list[Problem] = []
    ref = str(source)
    start_dir = None if ref.startswith(EMBEDDED_PREFIX) else Path.cwd()
    chain = _load_chain(ref, start_dir, (ref,), problems)
    data: dict[str, Any] = chain.data if isinstance(chain.data, dict) else {}
    lines = dict(chain.lines)
    named = data.pop("overrides", None) or {}
    if not isinstance(named, dict):
        named = {}
        problems.append(Problem("overrides must map names to settings", key="overrides"))
    for name in overrides:
        if name not in named:
            close = difflib.get_close_matches(name, list(named), n=1)
            problems.append(
                Problem(
                    f"there is no override named '{name}'",
                    key="overrides",
                    value=name,
                    has_value=True,
                    hint=f"did you mean '{close[0]}'?"
                    if close
                    else ("available: " + ", ".join(named))
                    if named
                    else "this scenario has none",
                )
            )
            continue
        over_lines = {(k[2:]): v for k, v in lines.items() if k[:2] == ("overrides", name)}
        data = _merge(data, named[name], lines, over_lines)
    for item in sets:
        origin = set_origin(item)  # a problem it causes names the option, not a YAML line
        try:
            pair = parse_set(item)
        except ValueError as exc:
            problems.append(Problem(str(exc), file=origin))
            continue
        problems += apply_sets(data, lines, [pair], origin=origin)
    return data, lines, problems


def set_origin(item: str) -> str:
    """Where a problem caused by ``--set item`` is said to be: the option as typed."""
    return f"--set {clip(item.strip(), 70)}"


def override_names(source: str | Path) -> list[str]:
    """The names of a scenario's ``overrides:`` (with those of the files it extends)."""
    problems: list[Problem] = []
    ref = str(source)
    start_dir = None if ref.startswith(EMBEDDED_PREFIX) else Path.cwd()
    chain = _load_chain(ref, start_dir, (ref,), problems)
    named = chain.data.get("overrides") if isinstance(chain.data, dict) else None
    return [str(k) for k in named] if isinstance(named, dict) else []
