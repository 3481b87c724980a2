"""Loading a scenario: compose files and overrides, validate once, report every problem.

Order of composition: the ``extends:`` chain (base first), then the named ``overrides:``
chosen by the user, then ``--set path=value`` from the command line. Each later layer
replaces what it names and keeps the rest (mappings merge, lists are replaced).
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ucj_opt.errors import Problem, ScenarioError, clip
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.study import Study
from ucj_opt.scenario.tables import load_tables
from ucj_opt.scenario.target_check import target_problems
from ucj_opt.scenario.yamlio import KeyPath, Located, dotted, read_yaml, read_yaml_text

__all__ = [
    "EMBEDDED_PREFIX",
    "apply_sets",
    "compose",
    "load_scenario",
    "parse_set",
    "problems_from_validation",
    "scenario_from_dict",
]

EMBEDDED_PREFIX = "embedded:"
"""``extends: embedded:national`` names a scenario shipped inside ucj_opt."""

_META_KEYS = ("extends", "overrides")


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


_SET_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[-?[0-9]+\])*(\.[A-Za-z0-9_]+(\[-?[0-9]+\])*)*$")
"""A settings path: ``policy.equity_floor.share``, ``segments[1].weight``."""


def parse_set(item: str) -> tuple[str, Any]:
    """Split ``path=value``; the value is read as YAML (``0.4``, ``true``, ``[a, b]``).

    The value is read with the same bounds as a scenario file (nesting, aliases); a value
    that is not valid YAML is taken as text.
    """
    from ucj_opt.scenario.yamlio import read_yaml_text

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

    The lines of what a path replaces point at ``origin`` afterwards, so a bad value is
    blamed on where it was set, not on the YAML line it replaced.
    """
    problems = []
    for path, value in pairs:
        _fill_default(data, path)
        why = _set_path(data, path, value)
        if why:
            problems.append(Problem(why, file=origin, key=path, value=value, has_value=True))
        else:
            for k in [k for k in lines if dotted(k).startswith(path)]:
                lines[k] = (origin, 0)
    return problems


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
    pairs: list[tuple[str, Any]] = []
    for item in sets:
        try:
            pairs.append(parse_set(item))
        except ValueError as exc:
            problems.append(Problem(str(exc), file="<command line>", key="--set"))
    problems += apply_sets(data, lines, pairs)
    return data, lines, problems


def _fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The field names valid at a location in the model (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _model_in(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside ``X``, ``list[X]``, ``X | None`` or ``dict[str, X]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _data_loc(data: Any, loc: Sequence[str | int], kind: str) -> KeyPath:
    """The part of a pydantic error location that names keys of the data: pydantic adds
    its own parts (a union member such as ``uniform``, ``function-after[...]``) that a
    planner never wrote. A key the planner wrote is kept even when it holds ``[``."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        in_dict = isinstance(node, dict) and part in node
        in_list = (
            isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node)
        )
        if in_dict or in_list:
            out.append(part)
            node = node[part]
        elif last and kind == "missing":
            out.append(part)
        elif isinstance(part, str) and (not last or "[" in part or "-" in part):
            continue  # pydantic's own step
        else:
            out.append(part)
            node = None
    return tuple(out)


def _problems_from(
    exc: ValidationError,
    lines: dict[KeyPath, tuple[str, int]],
    default_file: str,
    data: Any = None,
) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = _data_loc(data, err["loc"], err["type"])
        key = dotted(loc)
        probe = loc
        while probe and probe not in lines:
            probe = probe[:-1]
        file, line = lines.get(probe, (default_file, None))
        value = err.get("input")
        message = err["msg"].removeprefix("Value error, ")
        hint = ""
        if err["type"] == "extra_forbidden" and loc:
            names = _fields_at(Scenario, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1])[:100], names, n=1)
            message = f"'{loc[-1]}' is not a field" + (
                f" of {dotted(loc[:-1])}" if loc[:-1] else ""
            )
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else f"the fields here are: {', '.join(names)}"
                if names
                else ""
            )
            problems.append(Problem(message, file=file, line=line or None, key=key, hint=hint))
            continue
        if err["type"] == "missing":
            names = _fields_at(Scenario, loc[:-1])
            hint = "add it" + (f" (see 'ucj-opt schema' for {dotted(loc)})" if names else "")
        problems.append(
            Problem(
                message,
                file=file,
                line=line or None,
                key=key,
                value=value,
                has_value=err["type"] != "missing",
                hint=hint,
            )
        )
    return problems


MAX_SETTING = 1e15
"""Largest magnitude of any number among the settings (table rows are checked apart):
larger than any rupiah amount, rate or count a scenario needs, small enough that no
product of two settings overflows."""
MAX_SETTING_INT = 2**63 - 1
"""Largest whole number among the settings (seeds): it must fit a 64-bit integer."""

_TABLE_SECTIONS = ("regions", "workers", "budgets")


def _magnitude_problems(
    value: Any, lines: dict[KeyPath, tuple[str, int]], source: str, path: KeyPath = ()
) -> list[Problem]:
    """Every number among the settings beyond ``MAX_SETTING`` (a field without its own
    limit still cannot carry 1e308 into the engines)."""
    if isinstance(value, dict):
        return [
            p
            for k, v in value.items()
            if not (not path and k in _TABLE_SECTIONS)
            for p in _magnitude_problems(v, lines, source, (*path, k))
        ]
    if isinstance(value, list):
        return [
            p
            for i, v in enumerate(value)
            for p in _magnitude_problems(v, lines, source, (*path, i))
        ]
    too_big = (
        isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SETTING_INT
    ) or (isinstance(value, float) and abs(value) > MAX_SETTING and value not in (-_INF, _INF))
    if not too_big:
        return []
    probe = path
    while probe and probe not in lines:
        probe = probe[:-1]
    file, line = lines.get(probe, (source, 0))
    return [
        Problem(
            f"this number is beyond the plausible limit of ±{MAX_SETTING:g}",
            file=file,
            line=line or None,
            key=dotted(path),
            value=value,
            has_value=True,
            hint="check the unit: amounts are rupiah, rates say their period",
        )
    ]


_INF = float("inf")


def problems_from_validation(
    data: dict[str, Any], lines: dict[KeyPath, tuple[str, int]], source: str
) -> tuple[Scenario | None, list[Problem]]:
    """The validated settings, or every problem pydantic finds, mapped to file lines."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        return None, _problems_from(exc, lines, source, data)
    problems = _magnitude_problems(scenario.model_dump(), lines, source)
    return (None, problems) if problems else (scenario, [])


def scenario_from_dict(
    data: dict[str, Any],
    lines: dict[KeyPath, tuple[str, int]] | None = None,
    *,
    source: str = "<scenario>",
) -> Study:
    """Validate a composed mapping and load its tables; raise ScenarioError with every
    problem found."""
    lines = lines or {}
    scenario, problems = problems_from_validation(data, lines, source)
    if scenario is None:
        raise ScenarioError(problems)
    tables, problems = load_tables(scenario, lines)
    if problems or tables is None:
        raise ScenarioError(problems)
    problems = target_problems(scenario, tables, lines, source)
    if problems:
        raise ScenarioError(problems)
    return Study(scenario, tables)


def load_scenario(
    source: str | Path,
    *,
    overrides: Sequence[str] = (),
    sets: Iterable[str] = (),
) -> Study:
    """Load, compose and validate a scenario file (or ``embedded:national``).

    Parameters
    ----------
    source
        A scenario YAML file, or ``"embedded:national"`` for the national default.
    overrides
        Names of the scenario's ``overrides:`` to apply, in order.
    sets
        ``path=value`` changes applied last, e.g. ``"policy.equity_floor.share=30%"``.

    Returns
    -------
    Study
        The validated settings and region tables.

    Raises
    ------
    ScenarioError
        Listing every problem at once, each with its file, line, key and a hint.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("embedded:national", sets=["budget_scale=2"])
    >>> study.scenario.budget_scale
    2.0
    >>> len(study.tables.regions)
    38
    """
    data, lines, problems = compose(source, overrides=overrides, sets=sets)
    if not problems:
        return scenario_from_dict(data, lines, source=str(source))
    if data:  # report what validation finds too: every problem at once
        try:
            Scenario.model_validate(data)
        except ValidationError as exc:
            problems += _problems_from(exc, lines, str(source), data)
    raise ScenarioError(problems)


def override_names(source: str | Path) -> list[str]:
    """The names of a scenario's ``overrides:`` (with those of the files it extends)."""
    problems: list[Problem] = []
    ref = str(source)
    start_dir = None if ref.startswith(EMBEDDED_PREFIX) else Path.cwd()
    chain = _load_chain(ref, start_dir, (ref,), problems)
    named = chain.data.get("overrides") if isinstance(chain.data, dict) else None
    return [str(k) for k in named] if isinstance(named, dict) else []


def override_problems(
    study: Study,
    source: str | Path,
    *,
    overrides: Sequence[str] = (),
    sets: Iterable[str] = (),
) -> list[Problem]:
    """What each named override of the scenario not already chosen would break if it were
    chosen with ``--override`` (``study``: the scenario loaded with ``overrides``).

    Tables are read again only for an override that changes a table or the segments.
    """
    found: list[Problem] = []
    sets = list(sets)
    for name in override_names(source):
        if name in overrides:
            continue
        data, lines, problems = compose(source, overrides=[*overrides, name], sets=sets)
        scenario = None
        if not problems:
            scenario, problems = problems_from_validation(data, lines, str(source))
        if scenario is not None and any(
            getattr(scenario, k) != getattr(study.scenario, k)
            for k in ("regions", "workers", "budgets", "segments")
        ):
            problems = load_tables(scenario, lines)[1]
        found += [
            Problem(
                f"with --override {name}: {p.message}",
                file=p.file,
                line=p.line,
                key=p.key,
                value=p.value,
                hint=p.hint,
                has_value=p.has_value,
            )
            for p in problems
        ]
    return found
