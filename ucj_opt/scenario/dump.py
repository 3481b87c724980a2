"""Writing a resolved scenario back as YAML that loads to the identical model."""

from __future__ import annotations

import json
from typing import Any

import yaml

from ucj_opt.scenario.model import Scenario

__all__ = ["scenario_schema", "scenario_to_yaml"]


class _Dumper(yaml.SafeDumper):
    """Block style, keys in model order, long strings kept whole."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def scenario_to_yaml(scenario: Scenario) -> str:
    """The fully resolved scenario (every default written out) as YAML."""
    data: dict[str, Any] = scenario.model_dump(mode="json", exclude_none=True)
    header = (
        f"# Resolved scenario: {scenario.name}\n"
        "# Every setting is written out; table files are absolute paths.\n"
    )
    return header + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def scenario_schema() -> str:
    """JSON Schema of scenario files, for editors (e.g. the YAML language server)."""
    schema = Scenario.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ucj_opt scenario"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
