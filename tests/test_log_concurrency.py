"""Real processes against one log: concurrent writers, SIGKILLs, the lock, a read-only folder.

docs/data-safety.md promises 1 (acknowledged is durable), 2 (atomic), 3 (isolated) and 6
(clean). The writers are separate Python processes calling the store (or the CLI); an entry
is acknowledged once its writer printed its id, which it does only after append_entry returned.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest

from facetcoach import paths
from facetcoach.log import journal
from facetcoach.log.store import append_entry, load_entries, read_import_file
from helpers.logtools import a_session, saved_plan, write_log
from helpers.profiles import sized

WRITER = r"""
import datetime as dt, os, sys, uuid
from facetcoach.log import store as log_store
from facetcoach import files as storage
from facetcoach.models import LogEntry, LogFile
from facetcoach.validation import adapter

if os.environ.get("TEST_WITHOUT_LOCK") == "1":  # only to prove the tests bite
    import contextlib
    log_store.locked = lambda path: contextlib.nullcontext()
adapter(LogFile)  # pay for pydantic before "ready", so kills land among the writes
journaled = os.environ.get("TEST_JOURNAL") == "1"  # every log counts as large (log/journal.py)
if journaled:
    from facetcoach.log import journal
    journal.JOURNAL_FROM, journal.FOLD_AT = 0, 4
count, tag = int(sys.argv[1]), sys.argv[2]
homes = [h for h in os.environ.get("TEST_HOMES", "").split(os.pathsep) if h]
print("ready", flush=True)
n = 0
while count == 0 or n < count:
    if homes:  # two data folders, one log: each write through the next folder
        os.environ["FACETCOACH_HOME"] = homes[n % len(homes)]
    entry = LogEntry(
        id=str(uuid.uuid4()),
        kind="session",
        date=dt.date(2026, 12, 9),
        created_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        note=f"{tag} {n}",
    )
    log_store.append_entry(entry, new_id=journaled)
    print(entry.id, flush=True)
    n += 1
"""


def _env(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "FACETCOACH_HOME": str(home), "FACETCOACH_DEBUG": "1", **extra}


def _writer(home: Path, count: int, tag: str, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(count), tag],
        env=_env(home, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _acknowledged(output: str) -> list[str]:
    # A line cut by the kill is not an acknowledgement: only whole ids count.
    return [line for line in output.split("\n")[:-1] if len(line) == 36 and line != "ready"]


def _concurrent_writes(
    home: Path, processes: int, each: int, homes: list[Path] | None = None, **extra: str
) -> tuple[list, list]:
    by_writer = _homes_env(homes)
    writers = [_writer(home, each, f"w{n}", **extra, **by_writer(n)) for n in range(processes)]
    acked: list[str] = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        acked += _acknowledged(out)
    return acked, _stored()


def _stored() -> list[str]:
    """The ids of log.json, checked thoroughly, then those of its journal it has no trace of
    (log/journal.py), each list checked for duplicates."""
    ids = [entry.id for entry in read_import_file(paths.log_file())]
    pending = journal.read(paths.log_file().resolve(), strict=True)
    extra = [] if pending is None else [entry.id for entry in pending.entries]
    assert len(set(extra)) == len(extra), "duplicates in the journal"
    return [*ids, *(entry_id for entry_id in extra if entry_id not in set(ids))]


def _homes_env(homes: list[Path] | None):
    """The environment that makes writer n alternate between `homes`, starting at its own."""

    def extra(n: int) -> dict[str, str]:
        if not homes:
            return {}
        turn = homes[n % len(homes) :] + homes[: n % len(homes)]
        return {"TEST_HOMES": os.pathsep.join(map(str, turn))}

    return extra


def _temps(home: Path, homes: list[Path] | None = None) -> list[Path]:
    """The temp files in every folder a writer writes to: the data folders, the log's own."""
    folders = {*(homes or [home]), paths.log_file().resolve().parent}
    return [temp for folder in folders for temp in folder.glob(".*.tmp")]


def two_homes(home: Path) -> list[Path]:
    """Data folders A (`home`) and B whose log.json links to one file of 300 entries in a
    third folder: the README's synced log, written through both (data-safety.md promise 7)."""
    shared = home.parent / "shared"
    shared.mkdir()
    write_log([a_session() for _ in range(300)])
    os.replace(paths.log_file(), shared / "log.json")
    other = home.parent / "other-home"
    other.mkdir(mode=0o700)
    for folder in (home, other):
        (folder / "log.json").symlink_to(shared / "log.json")
    return [home, other]


JOURNAL = pytest.mark.parametrize("journaled", ["", "1"], ids=["log.json", "journal"])


def _check_concurrent_writes(home: Path, processes: int, each: int, journaled: str = "") -> None:
    acked, stored = _concurrent_writes(home, processes, each, TEST_JOURNAL=journaled)
    total = processes * each
    assert len(acked) == total
    assert len(stored) == total and len(set(stored)) == total
    assert set(stored) == set(acked)
    assert not list(home.glob(".*.tmp"))


@pytest.mark.stress
@JOURNAL
def test_8_processes_writing_at_once_keep_exactly_every_entry(home, journaled):
    """8 processes × 25 writes (ci; 100 in slow, 10 in dev).

    Sabotaged with the lock removed (storage.locked a no-op): a writer failed at once,
    "Could not save log.json: No such file or directory" (another writer's clean-up removed
    its temp file), and entries were lost."""
    _check_concurrent_writes(home, 8, sized(dev=10, ci=25, slow=100), journaled)


@JOURNAL
def test_3_processes_x_5_writes_keep_exactly_15_entries(home, journaled):
    """The smoke version for the default run."""
    _check_concurrent_writes(home, 3, 5, journaled)


@pytest.mark.stress
def test_two_folders_one_log_8_processes_writing_at_once_keep_exactly_every_entry(home):
    """DS7: 8 processes × 25 writes (ci; 100 in slow, 10 in dev), each alternating between
    two data folders whose log.json links to one file. Before: the lock sat beside each link
    and each writer's clean-up removed the other's temp file (issue 14: 184 acknowledged, 141
    kept, 16 writes failed with "No such file or directory")."""
    homes = two_homes(home)
    each = sized(dev=10, ci=25, slow=100)
    acked, stored = _concurrent_writes(home, 8, each, homes)
    assert len(acked) == 8 * each and set(acked) <= set(stored)
    assert len(stored) == 300 + 8 * each == len(set(stored))
    assert not _temps(home, homes)


@pytest.mark.slow
def test_without_the_lock_the_concurrency_test_fails(home):
    """Proves the test above bites: with the lock removed, entries are lost."""
    write_log([a_session() for _ in range(300)])  # bigger writes: more overlap
    try:
        acked, stored = _concurrent_writes(home, 8, 25, TEST_WITHOUT_LOCK="1")
    except AssertionError:
        return  # a writer failed outright: also a failure the lock prevents
    assert len(set(stored) & set(acked)) < 200


def _cli_writes(home: Path, processes: int, each: int) -> int:
    env = _env(home, FACETCOACH_TODAY="2026-12-09")
    codes: Counter[int] = Counter()
    running: list[subprocess.Popen] = []
    for _ in range(processes * each):
        running.append(
            subprocess.Popen(
                [sys.executable, "-m", "facetcoach", "log", "--pain-before", "3"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
        if len(running) == processes:
            for proc in running:
                proc.wait(timeout=120)
                codes[proc.returncode] += 1
            running = []
    for proc in running:
        proc.wait(timeout=120)
        codes[proc.returncode] += 1
    assert codes == Counter({0: processes * each}), codes
    return len(load_entries())


def _check_cli_writes(home: Path, processes: int, each: int) -> None:
    saved_plan()
    assert _cli_writes(home, processes, each) == processes * each
    ids = [entry.id for entry in load_entries()]
    assert len(set(ids)) == processes * each


@pytest.mark.stress
def test_concurrent_log_commands_lose_nothing(home):
    """`log` commands 4 at a time, 12 in all (ci; 8 × 25 in slow, 4 × 2 in dev).

    Sabotaged with the lock removed: all 12 `log` commands exited 0, and the log kept 3 or
    4 of the 12 entries (two runs)."""
    _check_cli_writes(home, *sized(dev=(4, 2), ci=(4, 3), slow=(8, 25)))


def test_2_log_commands_at_once_twice_lose_nothing(home):
    """The smoke version for the default run."""
    _check_cli_writes(home, 2, 2)


# --- SIGKILL during writes -------------------------------------------------------------------


def _kill_rounds(
    home: Path,
    rounds: int,
    writers: int,
    seed: int,
    enough: int,
    homes: list[Path] | None = None,
    journaled: str = "",
) -> dict[str, int]:
    """Start writers, SIGKILL each 0-300 ms after it is ready, then check the file.

    At least `rounds` rounds, then more until `enough` entries were acknowledged (the kills
    must land among real writes; a loaded machine finishes fewer before its kills), up to ten
    times `rounds`. With `homes`, each writer writes through those data folders in turn
    (their log.json linked to one file)."""
    rng = random.Random(seed)
    if homes is None:
        write_log([a_session() for _ in range(300)])
    by_writer = _homes_env(homes)
    stats = Counter()
    all_acked: set[str] = set()
    done = 0
    while done < rounds or (stats["acknowledged"] < enough and done < 10 * rounds):
        procs = [
            _writer(home, 0, f"k{n}", TEST_JOURNAL=journaled, **by_writer(n))
            for n in range(writers)
        ]
        for proc in procs:
            assert proc.stdout.readline() == "ready\n"
        started = time.monotonic()
        for proc, delay in sorted(
            zip(procs, (rng.uniform(0, 0.3) for _ in procs), strict=True), key=lambda p: p[1]
        ):
            time.sleep(max(0.0, started + delay - time.monotonic()))
            proc.send_signal(signal.SIGKILL)
        for proc in procs:
            out, _ = proc.communicate(timeout=30)
            assert proc.returncode == -signal.SIGKILL
            acked = _acknowledged("ready\n" + out)
            all_acked.update(acked)
            stats["acknowledged"] += len(acked)
            stats["kills"] += 1
        stats["orphan temp files"] += len(_temps(home, homes))
        # Every file parses and validates (the thorough path, not the digest shortcut)...
        stored = _stored()
        assert len(stored) == len(set(stored)), "duplicates"
        # ...and holds every acknowledged entry.
        missing = all_acked - set(stored)
        assert not missing, f"{len(missing)} acknowledged entries lost"
        load_entries()
        done += 1
    # The next command in each data folder cleans up (promise 6): a writer killed in folder B
    # may leave B's backup's temp file, which a command in A does not know of.
    for folder in homes or [home]:
        os.environ["FACETCOACH_HOME"] = str(folder)
        append_entry(a_session())
    os.environ["FACETCOACH_HOME"] = str(home)
    assert not _temps(home, homes)
    stats["rounds"] = done
    stats["entries"] = len(load_entries())
    # The kills landed among real writes: the rounds went on until enough were acknowledged.
    assert stats["acknowledged"] >= enough, f"only {dict(stats)}"
    return dict(stats)


@pytest.mark.stress
@JOURNAL
def test_sigkill_during_writes_never_loses_an_acknowledged_entry(home, journaled):
    """20 rounds of 3 writers (ci; 250 of 4, 1,000 kills, in slow; 5 of 3 in dev), going on
    until there are more entries acknowledged than kills (seen: 446 for 60 kills, busy).

    Sabotaged with the lock removed: failed in the first rounds, a writer exited 1 on its
    own before its kill (its temp file removed by another writer)."""
    rounds, writers = sized(dev=(5, 3), ci=(20, 3), slow=(250, 4))
    stats = _kill_rounds(
        home,
        rounds,
        writers,
        seed=sized(dev=6, ci=5, slow=7),
        enough=rounds * writers + 1,
        journaled=journaled,
    )
    print("kill test:", stats)
    assert stats["kills"] >= rounds * writers


@pytest.mark.stress
def test_two_folders_one_log_sigkills_never_lose_an_acknowledged_entry(home):
    """DS7 with DS1 and DS2: the kill test (20 rounds of 3 writers in ci, 250 of 4 in slow, 5
    of 3 in dev), every writer alternating between two data folders linked to one log."""
    rounds, writers = sized(dev=(5, 3), ci=(20, 3), slow=(250, 4))
    stats = _kill_rounds(
        home, rounds, writers, seed=sized(dev=9, ci=10, slow=11), enough=rounds * writers + 1,
        homes=two_homes(home),
    )  # fmt: skip
    print("two folders, kill test:", stats)
    assert stats["kills"] >= rounds * writers


@JOURNAL
def test_a_few_sigkills_during_writes_lose_no_acknowledged_entry(home, journaled):
    """The smoke version for the default run: 2 rounds of 3 writers."""
    stats = _kill_rounds(home, rounds=2, writers=3, seed=8, enough=6, journaled=journaled)
    print("kill test:", stats)
    assert stats["kills"] >= 6


# --- The lock, and a read-only folder -------------------------------------------------------


def test_a_held_lock_makes_log_say_busy_and_change_nothing(home):
    """Sabotaged with the lock removed: `log` exited 0 and wrote while the lock was held."""
    from filelock import FileLock

    saved_plan()
    append_entry(a_session(dt.date(2026, 12, 7)))
    before = paths.log_file().read_bytes()
    env = _env(home, FACETCOACH_TODAY="2026-12-09", FACETCOACH_LOCK_TIMEOUT="0.3")
    with FileLock(str(paths.lock_file(paths.log_file()))):
        result = subprocess.run(
            [sys.executable, "-m", "facetcoach", "log"], env=env, capture_output=True, text=True
        )
        assert result.returncode == 1
        assert "log.json is busy: another facetcoach command is writing it" in result.stderr
        listed = subprocess.run(
            [sys.executable, "-m", "facetcoach", "log", "list"], env=env, capture_output=True
        )
        assert listed.returncode == 0  # reading needs no lock
    assert paths.log_file().read_bytes() == before


def _as_other_user() -> list[str] | None:
    """How to run a command without root's power to ignore permissions, or None."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_read_only_folder_refuses_writes_but_still_reads(monkeypatch):
    prefix = _as_other_user()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions would not apply")
    reach = subprocess.run([*prefix, sys.executable, "-c", "import facetcoach"], check=False,
                           capture_output=True, text=True)  # fmt: skip
    if reach.returncode != 0:  # e.g. a checkout inside a 0700 folder (mktemp -d)
        pytest.skip(f"the other user cannot import facetcoach here: {reach.stderr.strip()}")
    folder = Path(tempfile.mkdtemp(prefix="facetcoach-ro-"))
    try:
        folder.chmod(0o755)
        home = folder / "home"
        monkeypatch.setenv("FACETCOACH_HOME", str(home))
        saved_plan()
        append_entry(a_session(dt.date(2026, 12, 7)))
        append_entry(a_session(dt.date(2026, 12, 9)))
        (home / "log.json.lock").unlink()
        (home / "plan.json.lock").unlink()
        for path in [home, *home.iterdir()]:
            if prefix:
                os.chown(path, 65534, 65534)
        for path in home.iterdir():
            path.chmod(0o600)
        home.chmod(0o500)
        before = {p.name: p.read_bytes() for p in home.iterdir()}
        env = _env(home, FACETCOACH_TODAY="2026-12-09")

        def run(*args: str) -> subprocess.CompletedProcess:
            command = [*prefix, sys.executable, "-m", "facetcoach", *args]
            return subprocess.run(command, env=env, capture_output=True, text=True)

        result = run("log", "--date", "2026-12-07")
        assert result.returncode == 1, result.stderr
        assert f"facetcoach may not write to {home}" in result.stderr
        assert "Nothing was changed" in result.stderr and "FACETCOACH_HOME" in result.stderr
        assert run("log", "list").returncode == 0
        assert run("progress").returncode == 0
        assert {p.name: p.read_bytes() for p in home.iterdir()} == before
    finally:
        for path in folder.rglob("*"):
            path.chmod(0o700)
        shutil.rmtree(folder)
