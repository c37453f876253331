"""Answers files for the plan tests: the documented example, and TOML written from dicts."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

EXAMPLE = Path(__file__).parents[1] / "data" / "answers-example.toml"


def example_data() -> dict[str, Any]:
    """The README's example answers file as data (a fresh copy each time)."""
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # JSON's escapes are TOML's too; TOML also forbids a raw DEL.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(type(value))


def to_toml(data: dict[str, Any]) -> str:
    """A flat answers dict with one sub-table (red_flags) as TOML text."""
    lines = [
        f"{key} = {toml_value(value)}" for key, value in data.items() if not isinstance(value, dict)
    ]
    for key, table in data.items():
        if isinstance(table, dict):
            lines.append(f"\n[{key}]")
            lines += [f"{k} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def write_answers(folder: Path, data: dict[str, Any], name: str = "answers.toml") -> Path:
    path = folder / name
    path.write_text(to_toml(data), encoding="utf-8")
    return path


def screen_file(**yes: bool) -> str:
    """A screen answers file (`plan screen --answers`, `log checked --answers`): every safety
    question answered no, but those given as True."""
    from facetcoach.intake.screen import RED_FLAG_KEYS

    lines = [f"{key} = {'true' if yes.get(key) else 'false'}" for key in RED_FLAG_KEYS]
    return "[red_flags]\n" + "\n".join(lines) + "\n"


SCREEN_CLEAR = screen_file()


def thin_library(folder: Path) -> Path:
    """A user library that takes away every entry-level posture exercise a person with only a
    mat can do (they need a band instead): with it, a mat alone is refused again (EQ1 makes
    every equipment set work with the built-in library)."""
    from facetcoach.library.loading import builtin_library_path

    data = tomllib.loads(builtin_library_path().read_text(encoding="utf-8"))
    lines = ["schema_version = 1"]
    for entry in data["exercises"]:
        if entry["category"] != "posture" or not set(entry["equipment"]) <= {"mat", "wall"}:
            continue
        lines.append("\n[[exercises]]")
        for key, value in {**entry, "equipment": ["band"]}.items():
            lines.append(f"{key} = {toml_value(value)}")
    path = folder / "thin-library.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
