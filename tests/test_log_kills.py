"""`facetcoach log` commands killed mid-write, and run side by side (data-safety.md promises
1, 2, 3 and 6), many times over.

The writers are forked from this process after it has imported facetcoach and built the
validators, so a writer is at work a millisecond after it starts: the kills land among the
writes, not in Python's start-up, and a thousand of them take seconds. Each writer runs the
`log` command itself (the Typer app, in-process) again and again; an entry is acknowledged
once the command has returned and printed it, as a user sees "Logged" only then. The kill
tests with fresh interpreters are in test_log_concurrency.py.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import pytest

from facetcoach import paths
from facetcoach.cli.main import app
from facetcoach.log.store import load_entries, read_import_file
from facetcoach.models import LogFile
from facetcoach.validation import adapter
from helpers.logtools import a_session, saved_plan, write_log
from helpers.profiles import sized

LOG = ["log", "--json", "--pain-before", "3", "--pain-after", "2"]


@pytest.fixture
def forking(home, monkeypatch) -> Any:
    """A saved plan with a session today, a log of 300 entries, and the `log` app, warm."""
    if not hasattr(os, "fork"):
        pytest.skip("needs os.fork")
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    monkeypatch.delenv("FACETCOACH_NOW", raising=False)
    saved_plan()
    write_log([a_session() for _ in range(300)])
    adapter(LogFile)
    import facetcoach.cli.log.commands  # noqa: F401  # warm: imported once, before the forks

    return app


def _writer(
    app: Any, acks: Path, tag: str, count: int | None, homes: Sequence[Path] = ()
) -> NoReturn:
    """In the forked child: run `log` `count` times (None: until killed), acknowledging each;
    with `homes`, each call in the next of those data folders in turn."""
    code = 0
    try:
        real_stdout = sys.stdout
        with open(acks, "a", encoding="utf-8") as out:
            n = 0
            while count is None or n < count:
                if homes:
                    os.environ["FACETCOACH_HOME"] = str(homes[n % len(homes)])
                printed = io.StringIO()
                sys.stdout = printed
                try:
                    status = app(
                        [*LOG, "--note", f"{tag} {n}"],
                        prog_name="facetcoach",
                        standalone_mode=False,
                    )
                finally:
                    sys.stdout = real_stdout
                if status not in (None, 0):
                    raise RuntimeError(f"log exited {status}")
                out.write(json.loads(printed.getvalue())["id"] + "\n")
                out.flush()
                n += 1
    except BaseException:
        with open(acks.with_suffix(".error"), "w", encoding="utf-8") as error:
            traceback.print_exc(file=error)
        code = 3
    finally:
        os._exit(code)


def _fork(
    app: Any, acks: Path, tag: str, count: int | None = None, homes: Sequence[Path] = ()
) -> int:
    pid = os.fork()
    if pid == 0:
        _writer(app, acks, tag, count, homes)
    return pid


def _turn(homes: Sequence[Path], n: int) -> list[Path]:
    """Writer n's order of the data folders: each writer starts at another one."""
    homes = list(homes)
    return homes[n % len(homes) :] + homes[: n % len(homes)] if homes else []


def _acknowledged(acks: Path) -> list[str]:
    if not acks.exists():
        return []
    # A line cut by the kill is not an acknowledgement: only whole ids count.
    return [line for line in acks.read_text().split("\n")[:-1] if len(line) == 36]


def _error_of(acks: Path) -> str:
    error = acks.with_suffix(".error")
    return error.read_text() if error.exists() else "(no error file)"


def kill_rounds(
    app: Any,
    home: Path,
    rounds: int,
    writers: int,
    seed: int,
    enough: int,
    homes: Sequence[Path] = (),
) -> Counter:
    """Fork `writers` `log` writers, SIGKILL each 0-300 ms later; check the files every round.

    At least `rounds` rounds, then more until `enough` entries were acknowledged (the kills
    must land among real writes, and a loaded machine finishes fewer writes before its kills),
    up to ten times `rounds`. With `homes`, each writer runs its commands in those data folders
    in turn (their log.json linked to one file)."""
    rng = random.Random(seed)
    acks_dir = home.parent / "acks"
    acks_dir.mkdir()
    stats: Counter = Counter()
    acked: set[str] = set()
    round_number = 0
    while round_number < rounds or (stats["acknowledged"] < enough and round_number < 10 * rounds):
        children = []
        for number in range(writers):
            acks = acks_dir / f"{round_number}-{number}"
            tag = f"r{round_number}w{number}"
            children.append((_fork(app, acks, tag, None, _turn(homes, number)), acks))
        started = time.monotonic()
        delays = sorted((rng.uniform(0, 0.3), pid) for pid, _ in children)
        for delay, pid in delays:
            time.sleep(max(0.0, started + delay - time.monotonic()))
            os.kill(pid, signal.SIGKILL)
        for pid, acks in children:
            _, status = os.waitpid(pid, 0)
            assert os.WIFSIGNALED(status), _error_of(acks)
            assert os.WTERMSIG(status) == signal.SIGKILL
            got = _acknowledged(acks)
            acked.update(got)
            stats["acknowledged"] += len(got)
            stats["kills"] += 1
        tags = {f"r{round_number}w{number} " for number in range(writers)}
        stored_entries = read_import_file(paths.log_file())
        ours = {e.id for e in stored_entries if e.note and e.note[: e.note.index(" ") + 1] in tags}
        stats["saved but killed before the acknowledgement"] += len(ours - acked)
        orphans = len(_temps(home, homes))
        stats["rounds that left a temp file (a kill mid-write)"] += orphans > 0
        # Every file parses and validates, by the thorough checks (no digest shortcut)...
        stored = [entry.id for entry in stored_entries]
        assert len(stored) == len(set(stored)), "duplicates"
        # ...holds every acknowledged entry...
        missing = acked - set(stored)
        assert not missing, f"{len(missing)} acknowledged entries lost"
        # ...and the backup is a whole, good version too.
        backup = paths.log_backup_file()
        if backup.exists():
            read_import_file(backup)
        assert [e.id for e in load_entries()] == stored
        round_number += 1
    stats["rounds"] = round_number
    stats["entries"] = len(stored)
    # The kills landed among real writes: the rounds went on until enough were acknowledged.
    assert stats["acknowledged"] >= enough, f"only {dict(stats)} in {round_number} rounds"
    return stats


def _temps(home: Path, homes: Sequence[Path] = ()) -> list[Path]:
    """The temp files in every folder a writer writes to: the data folders, the log's own."""
    folders = {*(homes or [home]), paths.log_file().resolve().parent}
    return [temp for folder in folders for temp in folder.glob(".*.tmp")]


def _check_kills(
    app: Any, home: Path, rounds: int, seed: int, enough: int, homes: Sequence[Path] = ()
) -> None:
    stats = kill_rounds(app, home, rounds=rounds, writers=4, seed=seed, enough=enough, homes=homes)
    print("forked kill test:", dict(stats))
    assert stats["kills"] >= 4 * rounds
    load_entries()
    from facetcoach.log.store import append_entry

    # The next command in each data folder cleans up (promise 6): a writer killed in folder B
    # may leave B's backup's temp file, which a command in A does not know of.
    for folder in homes or [home]:
        os.environ["FACETCOACH_HOME"] = str(folder)
        append_entry(a_session())
    os.environ["FACETCOACH_HOME"] = str(home)
    assert not _temps(home, homes)


@pytest.mark.stress
def test_kills_of_log_commands_lose_no_acknowledged_entry(forking, home):
    """Promises 1, 2 and 6 under SIGKILLs: rounds of 4 writers, 30 rounds (120 kills, about
    8 s) in the ci profile, 250 (1,000 kills) in slow, 8 in dev.

    Figures (2 cores, ci): ~310 entries acknowledged; a temp file left in 3-5 of the 30 rounds
    (a kill landed mid-write, after the checks and before the rename; other such temps were
    cleaned by the next writer); lost 0, duplicates 0, every log and backup whole.
    Sabotaged with the lock removed: failed in the first rounds, "4 acknowledged entries lost".
    With the loader taking a damaged log as empty it passed: kills never damage the file.
    (How many kills land mid-write varies from run to run: it is printed, not asserted. So
    does how many writes finish before their kill: ~310 on an idle machine, 110 and once 29
    seen on a loaded one, so the rounds go on until 30 are acknowledged.)
    """
    rounds = sized(dev=8, ci=30, slow=250)
    _check_kills(forking, home, rounds, seed=sized(dev=10, ci=11, slow=12), enough=rounds)


def test_a_few_kills_of_log_commands_lose_no_acknowledged_entry(forking, home):
    """The smoke version for the default run: 3 rounds of 4 kills (about a second)."""
    # One acknowledged write is enough to prove something here; a loaded machine manages few.
    _check_kills(forking, home, rounds=3, seed=13, enough=1)


def concurrent_log_commands(
    app: Any, home: Path, processes: int, each: int, homes: Sequence[Path] = ()
) -> tuple:
    acks_dir = home.parent / "acks"
    acks_dir.mkdir()
    before = {entry.id for entry in load_entries()}
    children = [
        (_fork(app, acks_dir / f"w{n}", f"w{n}", each, _turn(homes, n)), acks_dir / f"w{n}")
        for n in range(processes)
    ]
    acked: list[str] = []
    for pid, acks in children:
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, _error_of(acks)
        acked += _acknowledged(acks)
    stored = [entry.id for entry in read_import_file(paths.log_file())]
    new = [entry_id for entry_id in stored if entry_id not in before]
    return acked, new


def _check_concurrent(
    app: Any, home: Path, processes: int, each: int, homes: Sequence[Path] = ()
) -> None:
    acked, new = concurrent_log_commands(app, home, processes, each, homes)
    total = processes * each
    assert len(acked) == total
    assert len(new) == total and len(set(new)) == total and set(new) == set(acked)
    assert not _temps(home, homes)


@pytest.mark.stress
def test_8_log_commands_at_once_keep_exactly_every_entry(forking, home):
    """Promise 3 through the `log` command: 8 processes × 25 commands (ci; 100 in slow, 10
    in dev), all at once.

    Sabotaged with the lock removed (three runs): 7 of the 8 writers failed ("log exited 1":
    another writer's clean-up removed their temp file), and of the 30, 32 and 50 entries
    acknowledged only 25, 26 and 28 were in the log."""
    _check_concurrent(forking, home, 8, sized(dev=10, ci=25, slow=100))


def test_4_log_commands_x_5_at_once_keep_exactly_20_entries(forking, home):
    """The smoke version for the default run."""
    _check_concurrent(forking, home, 4, 5)


# --- Two data folders, one log (data-safety.md promise 7) ----------------------------------------


@pytest.fixture
def two_homes(forking, home: Path, tmp_path: Path) -> list[Path]:
    """The README's synced log: data folders A and B, each with the plan, whose log.json
    links to one file (300 entries) in a third folder. The writers alternate between them."""
    shared = tmp_path / "shared"
    shared.mkdir()
    os.replace(paths.log_file(), shared / "log.json")
    other = tmp_path / "other-home"
    other.mkdir(mode=0o700)
    (other / "plan.json").write_bytes(paths.plan_file().read_bytes())
    for folder in (home, other):
        (folder / "log.json").symlink_to(shared / "log.json")
    return [home, other]


@pytest.mark.stress
def test_two_folders_one_log_kills_lose_no_acknowledged_entry(two_homes, forking, home):
    """DS7 with DS1, DS2 and DS6: the kill test, every writer alternating between two data
    folders whose log.json links to one file (30 rounds in ci, 250 in slow, 8 in dev)."""
    rounds = sized(dev=8, ci=30, slow=250)
    # (A third as many acknowledged as rounds: seen on a loaded 2-core machine, 24 in 300
    # rounds, with a kill mid-write in 163 of them; the single folder's test asks for more.)
    _check_kills(forking, home, rounds, seed=sized(dev=20, ci=21, slow=22), enough=rounds // 3,
                 homes=two_homes)  # fmt: skip


def test_two_folders_one_log_a_few_kills_lose_no_acknowledged_entry(two_homes, forking, home):
    """The smoke version for the default run: 2 rounds of 4 kills (going on until one entry
    was acknowledged: on a loaded machine the first command of each writer rarely finishes
    before its kill; the 4 × 5 run below checks every acknowledgement)."""
    _check_kills(forking, home, rounds=2, seed=23, enough=1, homes=two_homes)


@pytest.mark.stress
def test_two_folders_one_log_8_commands_at_once_keep_exactly_every_entry(two_homes, forking, home):
    """DS7 and DS3: 8 processes × 25 `log` commands (ci; 100 in slow, 10 in dev), alternating
    between two data folders whose log.json links to one file. Before: the lock was taken
    beside each link, and each writer's clean-up removed the other's temp file (issue 14: of
    184 acknowledged, 141 kept; 16 writes failed with "No such file or directory")."""
    _check_concurrent(forking, home, 8, sized(dev=10, ci=25, slow=100), two_homes)


def test_two_folders_one_log_4_commands_x_5_at_once_keep_exactly_20_entries(
    two_homes, forking, home
):
    """The smoke version for the default run. Before the fix: writers failed ("No such file
    or directory": another writer's clean-up had removed their temp file)."""
    _check_concurrent(forking, home, 4, 5, two_homes)
