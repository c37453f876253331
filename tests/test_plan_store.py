"""plan.json on disk (program/store.py): a linked plan, and the archive of the old plan.

data-safety.md promises 7 (links) and 11 (an interrupted archive is not written twice).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest

from facetcoach import files, paths
from facetcoach.errors import DataError
from facetcoach.program.store import load_plan, save_plan
from helpers import plan_factory


def test_a_linked_plan_is_written_through_the_link(home: Path, tmp_path: Path):
    """DS7. Before: save_plan replaced the link by a plain file; the target stayed stale."""
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "my-plan.json"
    save_plan(plan_factory.plan())
    os.replace(paths.plan_file(), target)
    paths.plan_file().symlink_to(target)
    (home / "plan.json.lock").unlink()
    newer = plan_factory.plan(weeks=8)
    save_plan(newer)
    assert paths.plan_file().is_symlink()
    assert load_plan() == newer
    assert (synced / "my-plan.json.lock").exists() and not (home / "plan.json.lock").exists()
    assert not list(synced.glob(".*.tmp"))


def test_a_link_to_a_missing_plan_is_refused(home: Path, tmp_path: Path):
    home.mkdir()
    paths.plan_file().symlink_to(tmp_path / "unmounted" / "plan.json")
    with pytest.raises(DataError, match=r"is a link to .* which cannot be found"):
        save_plan(plan_factory.plan())
    assert not (tmp_path / "unmounted").exists()


def test_an_interrupted_replacement_archives_the_old_plan_once(home: Path, monkeypatch):
    """DS11. Before: three `plan --force` interrupted after the archive, before the new plan
    was saved, left three identical archives (plan-….json, -2, -3)."""
    save_plan(plan_factory.plan())
    real_write = files.write_atomic

    def interrupted(path: Path, data: bytes) -> None:
        if path.name == "plan.json":
            raise KeyboardInterrupt
        real_write(path, data)

    newer = dataclasses.replace(
        plan_factory.plan(), created_at=dt.datetime(2026, 12, 20, 9, tzinfo=dt.timezone.utc)
    )
    with monkeypatch.context() as patch:
        patch.setattr("facetcoach.program.store.write_atomic", interrupted)
        for _ in range(3):
            with pytest.raises(KeyboardInterrupt):
                save_plan(newer)
    save_plan(newer)
    archives = sorted(p.name for p in paths.plan_archive_dir().iterdir())
    assert len(archives) == 1, archives


def test_the_plan_is_parsed_once_while_its_file_stays_the_same(home: Path, monkeypatch):
    """Issue 15: `plan --answers` asked for the plan three times, each a parse of 4 ms."""
    from facetcoach.program import store

    save_plan(plan_factory.plan())
    parsed = []
    real = store.parse_plan
    monkeypatch.setattr(store, "parse_plan", lambda *a: parsed.append(1) or real(*a))
    first = load_plan()
    assert load_plan() is first and len(parsed) == 1
    save_plan(dataclasses.replace(first, screen="assumed-no"))  # a new file: read again
    again = load_plan()
    assert again is not None and again.screen == "assumed-no" and len(parsed) == 2
    paths.plan_file().write_bytes(paths.plan_file().read_bytes()[:-20])  # edited in place
    with pytest.raises(DataError):
        load_plan()
