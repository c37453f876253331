"""plan.json damaged: refused with a clear sentence, never used half-read, never overwritten
by a command that only reads it (data-safety.md promise 4, for the plan); and a log written
by a newer facetcoach, through every command."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from facetcoach import paths
from facetcoach.errors import DataError
from facetcoach.model_json import dumps
from facetcoach.program.store import parse_plan
from helpers import plan_factory
from helpers.logtools import a_session, saved_plan, write_raw
from helpers.profiles import sized

# The commands that read the plan (and, for some, the log).
READERS = [
    ["today"],
    ["today", "--json"],
    ["today", "--flare"],
    ["plan", "show"],
    ["plan", "show", "--json"],
    ["progress"],
    ["log", "--pain-before", "2"],
]


def _small_plan_bytes() -> bytes:
    """The test plan as plan_store writes it, with only the exercises it uses (45 KB)."""
    plan = plan_factory.plan(weeks=6)
    used = set(plan_factory.SESSION_IDS)
    plan = dataclasses.replace(plan, exercises=[e for e in plan.exercises if e.id in used])
    return (dumps(plan) + "\n").encode("utf-8")


def _offsets(size: int, step: int) -> list[int]:
    ends = list(range(min(size, 300))) + list(range(max(0, size - 300), size))
    return sorted(set(ends) | set(range(0, size, step)))


def _truncation_sweep(step: int) -> int:
    raw = _small_plan_bytes()
    parse_plan(raw, Path("plan.json"))  # whole: fine
    parse_plan(raw[:-1], Path("plan.json"))  # without its final newline: whole too
    cuts = _offsets(len(raw) - 1, step)
    for cut in cuts:
        with pytest.raises(DataError, match=r"is damaged|newer version"):
            parse_plan(raw[:cut], Path("plan.json"))
    return len(cuts)


@pytest.mark.fuzz
def test_a_plan_cut_short_is_refused_at_every_sampled_offset():
    """The first and last 300 bytes, and every `step`th in between: every 61st in the dev
    profile, 13th in ci (over 3,000 cuts), every offset in slow."""
    step = sized(dev=61, ci=13, slow=1)
    size = len(_small_plan_bytes()) - 1
    cuts = _truncation_sweep(step)
    assert cuts >= size // step
    if step == 1:
        assert cuts == size


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_every_command_refuses_a_damaged_plan_and_changes_nothing(cli, monkeypatch, command):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    saved_plan()
    raw = paths.plan_file().read_bytes()
    for cut in (0, 1, len(raw) // 3, len(raw) - 2):
        paths.plan_file().write_bytes(raw[:cut])
        result = cli(*command)
        assert result.exit_code == 1, (cut, result.output)
        assert result.stderr.startswith(f"Error: The plan file {paths.plan_file()} is damaged")
        assert "facetcoach plan --force" in result.stderr
        assert paths.plan_file().read_bytes() == raw[:cut]
        assert not paths.log_file().exists()


def test_every_command_refuses_a_newer_plan(cli, monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    saved_plan()
    data = json.loads(paths.plan_file().read_bytes())
    data["schema_version"] = 2
    data["moods"] = []
    newer = json.dumps(data).encode()
    paths.plan_file().write_bytes(newer)
    for command in READERS:
        result = cli(*command)
        assert result.exit_code == 1, command
        assert "newer version of facetcoach (schema 2)" in result.stderr
    assert paths.plan_file().read_bytes() == newer


@pytest.mark.parametrize(
    "command",
    [
        ["log"],
        ["log", "list"],
        ["log", "list", "--json"],
        ["log", "morning", "2"],
        ["log", "undo", "--yes"],
        ["log", "edit", "abcd", "--pain-after", "2"],
        ["log", "delete", "abcd", "--yes"],
        ["log", "export"],
        ["progress"],
        ["progress", "--json"],
    ],
    ids=" ".join,
)
def test_every_command_refuses_a_newer_log_and_changes_nothing(cli, monkeypatch, command):
    """Schema versions: a log from a newer facetcoach (with a field this one does not know)
    is never read as far as it can be, nor rewritten in the old form."""
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-11")
    saved_plan()
    entry = json.loads(json.dumps(_data(a_session())))
    entry["mood"] = "calm"  # what version 2 might add
    newer = json.dumps({"schema_version": 2, "entries": [entry]}).encode()
    write_raw(newer)
    result = cli(*command)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: The log {paths.log_file()} was written by a newer")
    assert paths.log_file().read_bytes() == newer
    assert not paths.log_backup_file().exists()


def _data(entry: object) -> object:
    from facetcoach.model_json import to_data

    return to_data(entry)
