"""The safe write path itself (files.py): links, temp files and who may remove them.

data-safety.md promise 7 (DS7): a linked data file is locked, written and cleaned up beside
the file it resolves to, and a temp file is removed only when its writer is provably gone.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from facetcoach import files
from facetcoach.errors import DataError


def _linked_pair(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two data folders whose log.json links to one file in a third folder."""
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "log.json"
    target.write_bytes(b"old")
    links = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "log.json").symlink_to(target)
        links.append(folder / "log.json")
    return links[0], links[1], target


def _hold_lock(path: Path) -> subprocess.Popen:
    """Another process holding facetcoach's lock on `path` until its stdin closes."""
    code = (
        "import sys; from pathlib import Path; from facetcoach import files\n"
        "with files.locked(Path(sys.argv[1])):\n"
        "    print('held', flush=True); sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_two_links_to_one_log_share_one_lock_beside_the_target(tmp_path: Path):
    """DS7. Before: the lock was taken beside each link (a/log.json.lock, b/log.json.lock),
    so a writer through a/ and one through b/ did not exclude each other."""
    a, b, target = _linked_pair(tmp_path)
    holder = _hold_lock(a)
    try:
        assert (target.parent / "log.json.lock").exists()
        assert not (a.parent / "log.json.lock").exists()
        with pytest.raises(DataError, match="busy"), files.locked(b, timeout=0.2):
            pass
    finally:
        holder.communicate("")
    with files.locked(b, timeout=0.2):
        pass


def test_writing_through_a_link_replaces_the_target_and_keeps_the_link(tmp_path: Path):
    a, _, target = _linked_pair(tmp_path)
    files.write_atomic(a, b"new")
    assert a.is_symlink() and target.read_bytes() == b"new"
    assert not list(a.parent.glob(".*.tmp")) and not list(target.parent.glob(".*.tmp"))


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _temp_of(path: Path, pid: int) -> Path:
    """A temp file as a writer with process id `pid` on this machine names it."""
    temp = files.temp_path(path, pid=pid)
    temp.write_bytes(b"half")
    return temp


def test_a_live_writers_temp_file_is_never_removed(tmp_path: Path):
    """DS7. Before: every `.log.json.*.tmp` was removed by the next writer, the temp file of a
    writer still at work (through another link, so under another lock) included."""
    log = tmp_path / "log.json"
    log.write_bytes(b"x")
    writer = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                              stdin=subprocess.PIPE)  # fmt: skip
    try:
        live = _temp_of(log, writer.pid)
        gone = _temp_of(log, _dead_pid())
        files.remove_orphan_temps(log)
        assert live.exists(), "the temp file of a running writer was removed"
        assert not gone.exists(), "the temp file of a writer that is gone was kept"
    finally:
        writer.communicate(b"")
    files.remove_orphan_temps(log)
    assert not live.exists()


def test_a_temp_file_from_another_machine_or_unnamed_is_removed_only_when_old(tmp_path: Path):
    log = tmp_path / "log.json"
    foreign = tmp_path / ".log.json.fc123-00000000-00000000-0badcafe.tmp"
    legacy = tmp_path / ".log.json.abc123.tmp"  # written by an older facetcoach
    for temp in (foreign, legacy):
        temp.write_bytes(b"half")
    files.remove_orphan_temps(log)
    assert foreign.exists() and legacy.exists()
    old = os.stat(foreign).st_mtime - files.STALE_TEMP_SECONDS - 1
    for temp in (foreign, legacy):
        os.utime(temp, (old, old))
    files.remove_orphan_temps(log)
    assert not foreign.exists() and not legacy.exists()


def test_a_file_not_made_by_facetcoach_is_left_alone(tmp_path: Path):
    log = tmp_path / "log.json"
    other = tmp_path / ".log.json-sync-conflict.tmp"  # not ".log.json." + a name
    other.write_bytes(b"theirs")
    old = os.stat(other).st_mtime - files.STALE_TEMP_SECONDS - 1
    os.utime(other, (old, old))
    files.remove_orphan_temps(log)
    assert other.exists()


# --- The lock's timeout ------------------------------------------------------------------------


def test_a_lock_timeout_that_is_not_a_number_is_one_clear_sentence(cli, home):
    """Before: FACETCOACH_LOCK_TIMEOUT=abc was read when files.py was imported: a traceback
    (ValueError) in a fresh process, and silently ignored in a running one."""
    for bad in ("abc", "-1", "nan", "inf"):
        result = cli("log", "--symptom", "numbness", env={"FACETCOACH_LOCK_TIMEOUT": bad})
        assert result.exit_code == 2, (bad, result.output)
        assert f"FACETCOACH_LOCK_TIMEOUT='{bad}' is not a number of seconds" in result.stderr
    assert not home.exists()


def test_a_busy_log_says_how_long_it_waited(tmp_path: Path, monkeypatch):
    """Issue 14: 8 writers on a loaded 2-core machine hit the 10 s timeout, and the message
    did not say how long it had waited. Now the default is 30 s, and the message says it."""
    assert files.LOCK_TIMEOUT_SECONDS >= 30
    log = tmp_path / "log.json"
    monkeypatch.setenv("FACETCOACH_LOCK_TIMEOUT", "0.2")
    holder = _hold_lock(log)
    try:
        with pytest.raises(DataError) as caught, files.locked(log):
            pass
    finally:
        holder.communicate("")
    assert "log.json is busy: another facetcoach command is writing it" in str(caught.value)
    assert "waited 0.2 s" in str(caught.value) and "FACETCOACH_LOCK_TIMEOUT" in str(caught.value)


# --- Modes and ownership (data-safety.md promise 10) ------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_every_file_written_is_0600_whatever_the_old_mode(cli, home):
    """DS10. Before: a log.json (or plan.json) that was 0644 stayed 0644 after each write,
    and the lock files were 0644."""
    env = {"FACETCOACH_TODAY": "2026-12-09"}
    assert cli("plan", "--yes", env=env).exit_code == 0
    assert cli("log", "--symptom", "numbness", env=env).exit_code == 0
    for name in ("log.json", "plan.json", "log.json.lock", "plan.json.lock"):
        (home / name).chmod(0o644)
    assert cli("plan", "--yes", "--force", env=env).exit_code == 0
    assert cli("log", "--symptom", "weakness", env=env).exit_code == 0
    written = [p for p in home.rglob("*") if p.is_file()]
    assert {p.name for p in written} >= {"log.json", "log.json.bak", "plan.json", "log.json.lock"}
    assert {p.name: _mode(p) for p in written} == {p.name: 0o600 for p in written}


def test_missing_folders_above_the_data_folder_are_created_0700(cli, tmp_path, monkeypatch):
    """DS10. Before: only the data folder itself was 0700; the folders above it were 0755."""
    home = tmp_path / "new" / "deeper" / "facetcoach"
    monkeypatch.setenv("FACETCOACH_HOME", str(home))
    assert cli("log", "--symptom", "numbness").exit_code == 0
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper", home):
        assert _mode(folder) == 0o700, folder


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722])
def test_a_data_folder_others_can_write_to_is_refused(cli, home, mode):
    """DS10. Before: a world-writable folder with a 0644 log.json was used silently: another
    user could read the notes written there, and delete them."""
    home.mkdir()
    (home / "log.json").write_bytes(b"")
    home.chmod(mode)
    for args in (("log", "--symptom", "numbness"), ("log", "list")):
        result = cli(*args)
        assert result.exit_code == 1, result.output
        assert f"The data folder {home} can be written by other users" in result.stderr
        assert f"chmod 700 '{home}'" in result.stderr
    assert sorted(p.name for p in home.iterdir()) == ["log.json"]
    assert (home / "log.json").read_bytes() == b""


def test_a_data_folder_of_another_user_is_refused(cli, home, monkeypatch):
    """DS10: as root, a folder that belongs to nobody; as a user, one that belongs to root."""
    home.mkdir(mode=0o700)
    if os.geteuid() == 0:
        os.chown(home, 65534, 65534)
    elif Path("/").stat().st_uid != 0:
        pytest.skip("no folder of another user to try")
    else:
        home.rmdir()
        home = Path("/")
        monkeypatch.setenv("FACETCOACH_HOME", "/")
    result = cli("log", "--symptom", "numbness")
    assert result.exit_code == 1, result.output
    assert f"The data folder {home} belongs to another user" in result.stderr
    assert "FACETCOACH_HOME" in result.stderr
    assert not (home / "log.json").exists()
