"""The settings validated, and each problem pydantic finds said in the planner's
words at the file and line that wrote it (pydantic's own location steps set aside);
numbers too large for the engines are caught here too, since not every field has its
own limit."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from ucj_opt.errors import Problem
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.yamlio import KeyPath, dotted
from ucj_opt.text.catalogue import t

__all__ = [
    "MAX_SETTING",
    "MAX_SETTING_INT",
    "planner_message",
    "problems_from_error",
    "problems_from_validation",
]


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


_LIMITS = {
    "greater_than_equal": ("pb_greater_than_equal", "ge"),
    "greater_than": ("pb_greater_than", "gt"),
    "less_than_equal": ("pb_less_than_equal", "le"),
    "less_than": ("pb_less_than", "lt"),
}
_KINDS = {
    "int_parsing": "pb_whole_number",
    "int_type": "pb_whole_number",
    "int_from_float": "pb_whole_number",
    "float_parsing": "pb_number",
    "float_type": "pb_number",
    "finite_number": "pb_finite",
    "bool_parsing": "pb_true_false",
    "bool_type": "pb_true_false",
    "string_type": "pb_text",
    "model_type": "pb_mapping",
    "dict_type": "pb_mapping",
    "model_attributes_type": "pb_mapping",
    "list_type": "pb_list",
}


def planner_message(err: Any, lang: str = "en") -> str:
    """What a pydantic error says, in a planner's words (``must be at least 0`` for
    pydantic's ``Input should be greater than or equal to 0``); the message of one of
    ucj_opt's own checks is kept as written.

    Examples
    --------
    >>> planner_message({"type": "greater_than_equal", "ctx": {"ge": 0.0}, "msg": "..."})
    'must be at least 0'
    """
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind in _LIMITS and _LIMITS[kind][1] in ctx:
        key, name = _LIMITS[kind]
        limit = ctx[name]
        shown = f"{limit:g}" if isinstance(limit, float) else str(limit)
        return t(key, lang, limit=shown)
    if kind == "literal_error" and "expected" in ctx:
        return t("pb_one_of", lang, expected=ctx["expected"])
    if kind in _KINDS:
        return t(_KINDS[kind], lang)
    return str(err["msg"]).removeprefix("Value error, ")


def problems_from_error(
    exc: ValidationError,
    lines: dict[KeyPath, tuple[str, int]],
    default_file: str,
    data: Any = None,
) -> list[Problem]:
    """Each error of a failed validation at the file and line that wrote the value, a
    misspelt field with the nearest real one."""
    problems = []
    for err in exc.errors():
        loc = _data_loc(data, err["loc"], err["type"])
        key = dotted(loc)
        probe = loc
        while probe and probe not in lines:
            probe = probe[:-1]
        file, line = lines.get(probe, (default_file, None))
        value = err.get("input")
        message = planner_message(err)
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
        return None, problems_from_error(exc, lines, source, data)
    problems = _magnitude_problems(scenario.model_dump(), lines, source)
    return (None, problems) if problems else (scenario, [])
