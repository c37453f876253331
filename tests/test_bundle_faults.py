"""Injected faults at every file-system step of the bundle's writes and of update_plan
(data-safety.md promises 2, 4 and 13), as tests/test_log_faults.py does for the log: each
step fails once, and each step fails from then on ("forever").

An import writes two files, each atomically but not together: after a fault each of
log.json, plan.json and the archived plans is exactly its old or its new version (never a
third), and running the same import again, without faults, reaches exactly the state of an
import that was never interrupted, adding nothing twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from facetcoach.bundle.contents import ArchivedPlan
from facetcoach.bundle.format import encode_bundle
from facetcoach.bundle.store import export_bundle, import_bundle, read_bundle
from facetcoach.cli.output_file import write_file
from facetcoach.errors import DataError
from facetcoach.log.store import append_entries, delete_entry
from facetcoach.models import LogEntry, Pause, Tombstone
from facetcoach.program.changes import screened
from facetcoach.program.store import update_plan
from helpers import plan_factory
from helpers.fuzztools import files_in
from helpers.logtools import CET, a_session, saved_plan
from test_log_faults import _faulty, _parses, _restore, _sweep

NOW = dt.datetime(2026, 12, 21, 12, 0, tzinfo=CET)
DAYS = [dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(10)]
OLDER = dataclasses.replace(
    plan_factory.plan(start=dt.date(2026, 11, 2)),
    created_at=dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.timezone.utc),
)


def _bundle_file(tmp: Path, *, pause: bool) -> tuple[Path, list[LogEntry]]:
    """A bundle from 'another computer': the test plan (with a pause there), an archived
    older plan, two entries known here (one edited there), two new ones, one deletion."""
    plan = plan_factory.plan()
    if pause:
        plan = dataclasses.replace(
            plan, pauses=[Pause(start=dt.date(2026, 12, 21), end=None, reason="travel")]
        )
    known = [a_session(DAYS[0]), a_session(DAYS[2])]
    edited = dataclasses.replace(known[1], note="edited there", updated_at=NOW)
    gone = a_session(DAYS[3])
    entries = [known[0], edited, a_session(DAYS[4], note="new ✓"), a_session(DAYS[6])]
    raw = encode_bundle(
        plan,
        [ArchivedPlan(name="plan-20261101090000.json", plan=OLDER)],
        entries,
        [Tombstone(id=gone.id, deleted_at=NOW)],
        exported_at=NOW,
        version="test",
    )
    file = tmp / "bundle.json"
    file.write_bytes(raw)
    return file, [*known, gone]  # what this folder holds of it (the last one deleted there)


def _folder_with_history(held: list[LogEntry]) -> None:
    """The same plan here, the entries of the bundle's log we hold, one of our own, and one
    deleted here (its tombstone)."""
    saved_plan()
    mine = a_session(DAYS[8])
    append_entries([*held, a_session(DAYS[9]), mine])
    delete_entry(mine.id, now=NOW)


# The caches beside the log (.log.json.checked, log/store.py; .log.json.index, log/offsets.py):
# a fault may leave the older one or none, and a rerun that finds nothing to change writes
# none; a stale one costs one strict write or one whole read, no data.
CACHES = (".checked", ".index")


def _data(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not name.endswith(CACHES)}


def _sweep_import(home: Path, write: Callable[[], object], *, forever: bool) -> dict[str, int]:
    before = files_in(home)
    calls: list[str] = []
    _restore(home, before)  # as each faulted run starts (no lock files: they hold no data)
    with pytest.MonkeyPatch.context() as patch:
        _faulty(patch, None, False, calls)
        write()
    after = files_in(home)
    assert after != before
    steps = len(calls)
    outcomes = {"steps": steps, "old": 0, "new": 0, "half": 0}
    for fail_at in range(1, steps + 1):
        _restore(home, before)
        with pytest.MonkeyPatch.context() as patch:
            _faulty(patch, fail_at, forever, [])
            with contextlib.suppress(DataError):
                write()
        now = {name: data for name, data in files_in(home).items() if ".tmp" not in name}
        for name in set(before) | set(now):
            if name.endswith(CACHES):
                continue  # a cache: a stale one costs one strict write or a whole read
            assert now.get(name) in (before.get(name), after.get(name)), (name, fail_at)
        _parses(home)
        changed = {name for name in after if after.get(name) != before.get(name)}
        reached = {
            now.get(name) == after.get(name) for name in changed if not name.endswith(CACHES)
        }
        outcomes["new" if reached == {True} else "old" if reached == {False} else "half"] += 1
        # The same import again finishes it: exactly the end of an uninterrupted import.
        write()
        again = files_in(home)
        assert _data(again) == _data(after), fail_at
        assert not [name for name in again if name.endswith(".tmp")], fail_at
    return outcomes


STRESS = pytest.mark.stress


@pytest.mark.parametrize(
    ("into", "forever"),
    [
        pytest.param("a folder with a history", False, id="history-once"),
        pytest.param("a folder with a history", True, id="history-forever", marks=STRESS),
        pytest.param("an empty folder", False, id="empty-once", marks=STRESS),
        pytest.param("an empty folder", True, id="empty-forever", marks=STRESS),
    ],
)
def test_a_fault_at_any_step_of_an_import_leaves_each_file_old_or_new_and_a_rerun_finishes(
    home, tmp_path, into, forever
):
    """46 steps swept each: a folder with a history (entries added, replaced and deleted,
    then the archive and the plan merged): once 8 old, 15 half (the log imported, the plans
    not), 23 new; forever 12/30/4. An empty folder (the log created, then the archive and
    plan.json): once 9/15/22, forever 12/30/4. After every fault the same import again ends
    exactly where an uninterrupted one does. The once-with-a-history sweep is in the default
    run (about 15 s); the other three are stress tests."""
    file, held = _bundle_file(tmp_path, pause=True)
    if into != "an empty folder":
        _folder_with_history(held)
    bundle = read_bundle(file)
    outcomes = _sweep_import(home, lambda: import_bundle(bundle, NOW), forever=forever)
    print(into, "forever" if forever else "once", outcomes)
    assert outcomes["old"] >= 1 and outcomes["new"] >= 1 and outcomes["half"] >= 1


def test_a_fault_when_the_plans_cannot_be_saved_says_the_log_was_imported(
    home, tmp_path, monkeypatch
):
    """DS9's spirit for a write of two files: the message tells what WAS saved."""
    file, held = _bundle_file(tmp_path, pause=True)
    _folder_with_history(held)
    from facetcoach.program import store as plan_store

    def full(path: Path, data: bytes) -> None:
        raise DataError(f"The disk is full: could not save {path}. Nothing was changed; free "
                        "some space and try again.")  # fmt: skip

    monkeypatch.setattr(plan_store, "write_atomic", full)
    with pytest.raises(DataError) as caught:
        import_bundle(read_bundle(file), NOW)
    message = str(caught.value)
    assert message.startswith("The log was imported (2 added, 1 replaced by a newer copy")
    assert "but the plans were not: The disk is full" in message
    assert "Run the same import again once that is fixed: it adds nothing twice." in message


# --- update_plan (plan pause, resume, screen, change) ----------------------------------------


@pytest.mark.parametrize("forever", [False, True], ids=["once", "forever"])
def test_a_fault_at_any_step_of_update_plan_leaves_the_old_or_the_new_plan(home, forever):
    """`plan screen`, `pause`, `resume` and `change` write through update_plan. Steps swept:
    the lock file, the temp file (open, fchmod, write, fsync, close), the rename, the
    folder's fsync: the old plan before the rename, the new one after it."""
    saved_plan()

    def screen() -> object:
        return update_plan(
            lambda plan: screened(plan, dt.date(2026, 12, 9), "screen", plan_factory.NO_RED_FLAGS)
        )

    outcomes = _sweep(home, screen, forever=forever)
    print("update_plan", "forever" if forever else "once", outcomes)
    assert outcomes["old"] >= 1 and outcomes["new"] >= 1


# --- The bundle file itself ------------------------------------------------------------------


def test_a_fault_at_any_step_of_writing_the_bundle_leaves_no_file_or_the_whole_one(home, tmp_path):
    """`export -o FILE` over an existing file (with --force): FILE is exactly the old one or
    the new bundle after each fault; a temp file left beside it is removed by the next
    successful write (promise 11)."""
    saved_plan()
    append_entries([a_session(DAYS[0]), a_session(DAYS[2])])
    out = tmp_path / "out"
    out.mkdir()
    target = out / "bundle.json"
    target.write_bytes(b"the old bundle")
    data = export_bundle(NOW).data
    steps = []
    with pytest.MonkeyPatch.context() as patch:
        _faulty(patch, None, False, steps)
        write_file(target, data)
    assert target.read_bytes() == data
    outcomes = {"old": 0, "new": 0}
    for forever in (False, True):
        for fail_at in range(1, len(steps) + 1):
            target.write_bytes(b"the old bundle")
            with pytest.MonkeyPatch.context() as patch:
                _faulty(patch, fail_at, forever, [])
                with contextlib.suppress(DataError):
                    write_file(target, data)
            found = target.read_bytes()
            assert found in (b"the old bundle", data), fail_at
            outcomes["new" if found == data else "old"] += 1
    print("bundle file", len(steps), "steps:", outcomes)
    assert outcomes["old"] >= 1 and outcomes["new"] >= 1
    write_file(target, data)
    assert [p.name for p in out.iterdir()] == ["bundle.json"]
