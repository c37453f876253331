"""The truth about what was saved (data-safety.md promise 9, DS9): a failure after the commit
point says the change WAS saved, with its own exit code (4), and a script that retries with
the same --id adds nothing twice.

Before the fix each of these said "internal problem (OSError) … Nothing was changed by the
failed step" and exited 1, with the change on disk.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from facetcoach import paths
from facetcoach.cli.main import app
from facetcoach.log.store import append_entry, load_entries
from helpers.logtools import a_session, plain_log, saved_plan

TODAY = "2026-12-09"  # a Wednesday: a session day of the test plan
CHECKIN = "nprs = 5\nodi = [2, 2, 2, 2, 2, 2, 2, 1, 1, -1]\n"
SAVED_EXIT = 4


class _Full(io.RawIOBase):
    """A stdout like /dev/full (ENOSPC) or a closed pipe (EPIPE): every write fails."""

    def __init__(self, code: int) -> None:
        self.code = code

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise OSError(self.code, "No space left on device" if self.code == errno.ENOSPC else "")


def _run_with_broken_stdout(monkeypatch, capsys, args: list[str], code: int) -> tuple[int, str]:
    """Run facetcoach in this process with a stdout that cannot be written."""
    capsys.readouterr()
    broken = io.TextIOWrapper(io.BufferedWriter(_Full(code)), encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", broken)
        with pytest.raises(SystemExit) as stopped:
            app(args, prog_name="facetcoach")
    return stopped.value.code, capsys.readouterr().err


@pytest.fixture
def plan(monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", TODAY)
    return saved_plan()


def _count() -> int:
    return len(load_entries())


COMMANDS = {
    "log": (["log", "--pain-before", "3"], 1),
    "log --extra": (["log", "--extra", "bird-dog", "--json"], 1),
    "log --symptom": (["log", "--symptom", "numbness"], 1),
    "checkin": (["checkin", "--answers", "{checkin}", "--json"], 1),
    "log import": (["log", "import", "{export}"], 2),
    "log undo": (["log", "undo", "--yes"], -1),
}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EPIPE], ids=["full", "closed-pipe"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_change_saved_before_the_output_failed_says_so_with_exit_4(
    plan, tmp_path, monkeypatch, capsys, name, code
):
    (tmp_path / "c.toml").write_text(CHECKIN)
    (tmp_path / "export.json").write_text(plain_log([a_session(), a_session()]))
    append_entry(a_session(dt.date(2026, 12, 7)))
    args, change = COMMANDS[name]
    args = [a.format(checkin=tmp_path / "c.toml", export=tmp_path / "export.json") for a in args]
    before = _count()
    status, err = _run_with_broken_stdout(monkeypatch, capsys, args, code)
    assert _count() == before + change
    assert status == SAVED_EXIT, err
    assert "Saved, but the output could not be written" in err
    assert str(paths.log_file()) in err and "do not run it again" in err
    assert "Nothing was changed" not in err and "internal problem" not in err


def test_plan_saved_before_the_output_failed_says_so(plan, monkeypatch, capsys):
    before = paths.plan_file().read_bytes()
    status, err = _run_with_broken_stdout(
        monkeypatch, capsys, ["plan", "--yes", "--force"], errno.ENOSPC
    )
    assert status == SAVED_EXIT, err
    assert paths.plan_file().read_bytes() != before
    assert "Saved, but the output could not be written" in err and str(paths.plan_file()) in err


def test_a_damaged_plan_read_after_the_morning_pain_was_saved_says_it_was_saved(plan, cli):
    """`log morning 6` with a damaged plan.json: before, the pain was saved and the command
    said only that the plan was damaged (exit 1)."""
    assert cli("log", "--date", "2026-12-07", "--pain-before", "3").exit_code == 0
    paths.plan_file().write_text("{ damaged")
    result = cli("log", "morning", "6")
    assert result.exit_code == SAVED_EXIT, result.output
    assert load_entries()[0].pain_morning == 6
    assert result.stderr.startswith("Error: Saved, but then: The plan file")
    assert "do not run it again" in result.stderr


def test_a_read_only_command_whose_output_fails_is_one_sentence_exit_1(plan, monkeypatch, capsys):
    status, err = _run_with_broken_stdout(monkeypatch, capsys, ["today"], errno.ENOSPC)
    assert status == 1
    assert err.startswith("Error: The output could not be written (No space left on device)")


def test_stdout_to_dev_full_in_a_real_process(plan, home):
    """The issue's own case: `facetcoach log --extra bird-dog > /dev/full`."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    env = {**os.environ, "FACETCOACH_TODAY": TODAY, "FACETCOACH_DEBUG": "0"}
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "facetcoach", "log", "--extra", "bird-dog"],
            stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=60,
        )  # fmt: skip
    assert result.returncode == SAVED_EXIT, result.stderr
    assert result.stderr.startswith("Error: Saved, but the output could not be written")
    assert "Exception ignored" not in result.stderr
    assert _count() == 1


# --- Retrying with --id (an idempotency key) ------------------------------------------------


def test_log_retried_with_the_same_id_adds_nothing_twice(plan, cli):
    key = str(uuid.uuid4())
    first = cli("log", "--pain-before", "3", "--id", key, "--json")
    assert first.exit_code == 0, first.output
    again = cli("log", "--pain-before", "3", "--id", key.upper())
    assert again.exit_code == 0, again.output
    assert "Already recorded" in again.stdout and key[:8] in again.stdout
    assert [entry.id for entry in load_entries()] == [key]
    as_json = cli("log", "--pain-before", "3", "--id", key, "--json")
    assert json.loads(as_json.stdout) == json.loads(first.stdout)


def test_an_id_already_used_by_another_kind_of_entry_is_refused(plan, cli, tmp_path):
    key = str(uuid.uuid4())
    assert cli("log", "--symptom", "numbness", "--id", key).exit_code == 0
    (tmp_path / "c.toml").write_text(CHECKIN)
    result = cli("checkin", "--answers", str(tmp_path / "c.toml"), "--id", key)
    assert result.exit_code == 2, result.output
    assert f"{key} is already the id of another entry (a symptom on" in result.stderr
    assert _count() == 1


@pytest.mark.parametrize("strict", [False, True], ids=["fast path", "strict path"])
def test_the_id_of_an_entry_undone_is_refused_not_written_again(plan, cli, strict):
    """Found by review: after `log undo`, the same --id wrote the entry again beside its
    tombstone, and every later read refused the log as damaged (on both paths)."""
    from facetcoach.log.store import CHECKED_NAME

    key = str(uuid.uuid4())
    assert cli("log", "--pain-before", "3", "--id", key).exit_code == 0
    assert cli("log", "undo", "--yes").exit_code == 0
    if strict:
        (paths.data_dir() / CHECKED_NAME).unlink()
    before = paths.log_file().read_bytes()
    result = cli("log", "--pain-before", "3", "--id", key)
    assert result.exit_code == 2, result.output
    assert f"The entry id {key} is that of an entry deleted from this log" in result.stderr
    assert paths.log_file().read_bytes() == before and load_entries() == []


def test_checkin_retried_with_the_same_id_adds_nothing_twice(plan, cli, tmp_path):
    (tmp_path / "c.toml").write_text(CHECKIN)
    key = str(uuid.uuid4())
    for _ in range(2):
        result = cli("checkin", "--answers", str(tmp_path / "c.toml"), "--id", key)
        assert result.exit_code == 0, result.output
    assert [entry.id for entry in load_entries()] == [key]


def test_an_id_that_is_not_a_uuid_is_refused(plan, cli):
    result = cli("log", "--id", "run-1")
    assert result.exit_code == 2
    assert "--id 'run-1' is not an entry id" in result.stderr


def test_a_bug_after_the_save_says_the_change_was_saved(plan, cli, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the wording")

    monkeypatch.setattr("facetcoach.render.log.recorded_lines", broken)
    result = cli("log", "--pain-before", "3", env={"FACETCOACH_DEBUG": "0"})
    assert result.exit_code == SAVED_EXIT
    assert result.stderr.startswith("Error: Saved, but then facetcoach hit an internal problem")
    assert "Nothing was changed" not in result.stderr and _count() == 1
