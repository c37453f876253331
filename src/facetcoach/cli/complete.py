"""Shell completion of the values people type: exercise ids, entry ids, and the words of
--reason, --category, --equipment, --position and --symptom.

Completion runs on every Tab press, so it stays cheap: the standard library and
facetcoach's light modules only (no pydantic, Rich or filelock; tests/test_completion.py
checks). Exercise ids come straight from the library files' TOML, entry ids from log.json's
JSON, without the validation a command does; anything unreadable completes nothing.
"""

# (No postponed annotations: Typer reads these functions' parameters at every start.)
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from facetcoach import paths
from facetcoach.models import CATEGORIES, EQUIPMENT, POSITIONS, SKIP_REASONS, SYMPTOMS

Choice = tuple[str, str]  # (the value, a few words shown beside it by zsh and fish)


def _matching(choices: Iterable[Choice], incomplete: str) -> list[Choice]:
    typed = incomplete.lower()
    return [(value, words) for value, words in choices if value.startswith(typed)]


# ctx: Any, as Typer reads this signature at run time (and finds ctx by its name), where Click's
# Context has no public name to import (see cli/main.py).
def exercise_ids(ctx: Any, incomplete: str) -> list[Choice]:
    """The built-in library's ids, and those of --library / FACETCOACH_LIBRARY."""
    from facetcoach.library.loading import builtin_library_path
    from facetcoach.toml_text import parse_toml

    option = None
    root = ctx.find_root() if ctx is not None else None
    if root is not None:
        option = root.params.get("library")
    found: dict[str, str] = {}
    for path in (builtin_library_path(), paths.user_library_file(option)):
        if path is None:
            continue
        try:
            data = parse_toml(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for exercise in data.get("exercises", []):
            if isinstance(exercise, dict) and isinstance(exercise.get("id"), str):
                found[exercise["id"]] = str(exercise.get("name", ""))
    return _matching(sorted(found.items()), incomplete)


def entry_ids(incomplete: str) -> list[Choice]:
    """The log's entries, newest first, as their 8-character ids with the day and kind."""
    try:
        data = json.loads(paths.log_file().read_bytes())
        entries = [e for e in data["entries"] if isinstance(e, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    entries += _journal_entries()
    choices = [
        (str(e.get("id", ""))[:8], f"{e.get('date', '')} {e.get('kind', '')}")
        for e in reversed(entries)
    ]
    return _matching(choices, incomplete)


def _journal_entries() -> list[dict[str, object]]:
    """The entries of the log's journal (log/journal.py: after its first line, a log), if
    any: the latest ones, on a large log."""
    from facetcoach.log.journal import journal_path

    try:
        raw = journal_path(paths.log_file().resolve()).read_bytes()
        entries = json.loads(raw[raw.index(b"\n") + 1 :])["entries"]
        return [e for e in entries if isinstance(e, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _words(allowed: Iterable[str]) -> list[Choice]:
    return [(word, "") for word in allowed]


def categories(incomplete: str) -> list[Choice]:
    return _matching(_words(CATEGORIES), incomplete)


def positions(incomplete: str) -> list[Choice]:
    return _matching(_words(POSITIONS), incomplete)


def reasons(incomplete: str) -> list[Choice]:
    return _matching(_words(SKIP_REASONS), incomplete)


def symptoms(incomplete: str) -> list[Choice]:
    return _matching(_words(SYMPTOMS), incomplete)


def equipment(incomplete: str) -> list[Choice]:
    """Equipment words; after a comma ("mat,ch"), the word being typed, the rest kept."""
    done, _, typing = incomplete.rpartition(",")
    head = f"{done}," if done else ""
    taken = set(done.split(","))
    return [
        (head + word, words)
        for word, words in _matching(_words([*EQUIPMENT, "none"]), typing)
        if word not in taken
    ]
