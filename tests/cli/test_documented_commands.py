"""Every command line in README.md and docs/*.md matches the real options: each option
exists, takes a value where the text gives one and none where it gives none."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from ucj_opt.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def command_lines(text: str) -> list[str]:
    """``ucj-opt ...`` in inline code and in shell blocks (comments and pipes cut off)."""
    found = re.findall(r"`(ucj-opt [^`]+)`", text)
    for block in re.findall(r"```(?:bash|sh|shell|console)?\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("ucj-opt "):
                found.append(line)
    return [re.split(r"\s+#|\s\|\s", line.replace("\\|", "|"))[0] for line in found]


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def problems(line: str, commands: dict[str, argparse.ArgumentParser]) -> list[str]:
    """What in a documented command line the parser would not accept."""
    tokens = re.sub(r"([\[\]|])", r" \1 ", line).split()
    if len(tokens) < 2 or tokens[1] not in commands:
        return [] if len(tokens) < 2 or tokens[1].startswith("-") else [f"no command {tokens[1]}"]
    parser, found = commands[tokens[1]], []
    for i, token in enumerate(tokens[2:], 2):
        if not token.startswith("-") or re.match(r"^-\d", token):
            continue
        option, _, inline = token.partition("=")
        action = parser._option_string_actions.get(option)
        if action is None:
            found.append(f"{option} is not an option of {tokens[1]}")
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        given = bool(inline) or (after not in ("", "[", "]", "|") and not after.startswith("-"))
        if action.nargs == 0 and given:
            found.append(f"{option} takes no value, the text gives {inline or after!r}")
        elif action.nargs not in (0, "?", "*") and not given:
            found.append(f"{option} needs a value")
    return found


def test_the_checker_finds_a_flag_given_a_value() -> None:
    commands = _subparsers()
    assert problems("ucj-opt solve X -o out --save-lp my.lp", commands) == [
        "--save-lp takes no value, the text gives 'my.lp'"
    ]
    assert problems("ucj-opt solve X [--save-lp FILE] [--json]", commands)
    assert problems("ucj-opt solve X --frobnicate", commands)
    assert not problems("ucj-opt solve X [-o DIR] [--save-lp] [--lang en|id]", commands)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_documented_command_lines_match_the_parser(doc: Path) -> None:
    commands = _subparsers()
    bad = {
        line: found
        for line in command_lines(doc.read_text(encoding="utf-8"))
        if (found := problems(line, commands))
    }
    assert not bad, bad
