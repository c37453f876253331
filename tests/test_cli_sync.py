"""Moving computers and syncing through the CLI (issue 13, item 5; data-safety.md DS13):
`log import` with tombstones and edit times, `log undo` by write order, and the bundle
(`facetcoach export`, `facetcoach import`).

The first tests reproduce what the issue found: each failed before the change it names."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facetcoach import paths
from helpers.answers_data import SCREEN_CLEAR
from helpers.fuzztools import files_in
from helpers.logtools import CET, a_session, log_data, plain_log, saved_plan

WEDNESDAY = "2026-12-09"
NOW = "2026-12-09T18:30:00+01:00"


@pytest.fixture
def plan(monkeypatch):
    """The six-week test plan (Mon/Wed/Fri from 7 Dec 2026); today is Wednesday 9 Dec."""
    monkeypatch.setenv("FACETCOACH_TODAY", WEDNESDAY)
    monkeypatch.setenv("FACETCOACH_NOW", NOW)
    return saved_plan()


def ok(result):
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def logged(cli, *args: str, now: str | None = None) -> dict:
    env = {"FACETCOACH_NOW": now} if now else None
    return json.loads(ok(cli("log", "--json", *args, env=env)).stdout)


def ids() -> list[str]:
    return [entry["id"] for entry in log_data()["entries"]] if paths.log_file().exists() else []


# --- What the issue found --------------------------------------------------------------------


def test_an_entry_deleted_here_does_not_come_back_with_an_older_export(cli, plan, tmp_path):
    """Issue 13: "An entry deleted here comes back with the next `log import` of an older
    export". Before tombstones the import added it back ("1 added")."""
    kept = logged(cli, "--pain-before", "3")
    gone = logged(cli, "--date", "2026-12-07", "--pain-before", "5")
    older = tmp_path / "older.json"
    ok(cli("log", "export", "-o", str(older)))
    ok(cli("log", "delete", gone["id"], "--yes"))
    result = ok(cli("log", "import", str(older), "--json"))
    assert ids() == [kept["id"]]
    report = json.loads(result.stdout)
    assert report["added"] == 0 and report["refused"] == 1
    [conflict] = report["conflicts"]
    assert conflict["id"] == gone["id"] and conflict["decision"] == "refused"
    text = ok(cli("log", "import", str(older))).stdout
    assert "not brought back" in text and gone["id"][:8] in text


def test_an_import_from_a_clock_ahead_does_not_replace_a_newer_local_edit(cli, plan, tmp_path):
    """Issue 13: "an import from a machine whose clock runs ahead replaces a newer local
    edit, with no word". The other machine's clock is 3 hours ahead: its edit (made at 16:00
    by this clock) is stamped 19:00; the edit here at 18:30 is the newer one. Before, the
    import took theirs ("1 replaced by a newer copy") without a word about the clock."""
    entry = logged(cli, "--pain-before", "3", now="2026-12-09T12:00:00+01:00")
    laptop = tmp_path / "laptop"
    ok(cli("log", "export", "-o", str(tmp_path / "here.json")))
    ok(cli("log", "import", str(tmp_path / "here.json"), env={"FACETCOACH_HOME": str(laptop)}))
    # On the laptop, at 16:00 real time, its clock says 19:00.
    ahead = {"FACETCOACH_HOME": str(laptop), "FACETCOACH_NOW": "2026-12-09T19:00:00+01:00"}
    ok(cli("log", "edit", entry["id"][:8], "--note", "from the laptop", env=ahead))
    ok(cli("log", "export", "-o", str(tmp_path / "laptop.json"), env=ahead))
    # Here, at 18:30: a newer edit.
    ok(cli("log", "edit", entry["id"][:8], "--note", "the newer edit"))
    result = ok(cli("log", "import", str(tmp_path / "laptop.json"), "--json"))
    [stored] = log_data()["entries"]
    assert stored["note"] == "the newer edit"
    report = json.loads(result.stdout)
    assert report["updated"] == 0 and report["kept"] == 1 and report["ahead"] == 1
    [conflict] = report["conflicts"]
    assert conflict["decision"] == "kept" and conflict["clock_ahead"] is True
    assert conflict["there_time"] == "2026-12-09T19:00:00+01:00"
    text = ok(cli("log", "import", str(tmp_path / "laptop.json"))).stdout
    assert "ahead of this computer's clock" in text


def test_log_undo_removes_the_last_entry_written_not_the_newest_created(cli, plan, tmp_path):
    """Issue 13: "`log undo` removes the entry with the newest `created_at`, not the one
    written last (after an import, or a back-dated entry, it offers the wrong one)". An entry
    imported from another machine, recorded there at 21:00, then a session written here at
    18:30 and dated Monday: undo removes the Monday session, written last. Before, it offered
    the imported entry, whose created_at was the newest."""
    late = dataclasses.replace(
        a_session(dt.date(2026, 12, 9), pain_before=2),
        created_at=dt.datetime(2026, 12, 9, 21, 0, tzinfo=CET),
    )
    (tmp_path / "other.json").write_text(plain_log([late]), encoding="utf-8")
    ok(cli("log", "import", str(tmp_path / "other.json")))
    back_dated = logged(cli, "--date", "2026-12-07", "--pain-before", "4")
    result = ok(cli("log", "undo", "--yes", "--json"))
    assert json.loads(result.stdout)["id"] == back_dated["id"]
    assert ids() == [late.id]
    result = ok(cli("log", "undo", "--yes", "--json"))
    assert json.loads(result.stdout)["id"] == late.id
    assert ids() == []


# --- The bundle: facetcoach export and facetcoach import ---------------------------------------


def at(day: str, home: Path | None = None) -> dict[str, str]:
    env = {"FACETCOACH_TODAY": day, "FACETCOACH_NOW": f"{day}T18:30:00+01:00"}
    if home is not None:
        env["FACETCOACH_HOME"] = str(home)
    return env


def a_history(cli, tmp_path: Path) -> None:
    """Four weeks of life in the default data folder: sessions, a check-in, a deletion, a
    back-dated session, a pause, a screen, a change of days, a new plan carried on (the old
    one archived)."""
    screen = tmp_path / "screen.toml"
    screen.write_text(SCREEN_CLEAR, encoding="utf-8")
    for day in ("2026-12-07", "2026-12-09", "2026-12-11"):
        ok(cli("log", "--pain-before", "3", "--pain-after", "2", env=at(day)))
    gone = json.loads(ok(cli("log", "--json", "--extra", "cat-camel", env=at("2026-12-12"))).stdout)
    ok(cli("log", "delete", gone["id"], "--yes", env=at("2026-12-12")))
    ok(cli("log", "--date", "2026-12-14", "--pain-before", "4", env=at("2026-12-15")))
    ok(cli("plan", "screen", "--answers", str(screen), env=at("2026-12-15")))
    ok(cli("plan", "change", "--days", "tue,thu,sat", env=at("2026-12-15")))
    ok(cli("plan", "pause", "--reason", "travel", "--from", "2026-12-19", "--until",
           "2026-12-26", env=at("2026-12-16")))  # fmt: skip
    ok(cli("plan", "--yes", "--force", "--continue", env=at("2026-12-29")))
    ok(cli("log", "--pain-before", "2", "--pain-after", "1", env=at("2026-12-29")))


VIEWS = [
    ("progress", "--json"),
    ("plan", "show", "--json"),
    ("today", "--json"),
    ("log", "list", "--json"),
    ("report", "--format", "json"),
]


def views(cli, home: Path, day: str) -> dict:
    return {args: json.loads(ok(cli(*args, env=at(day, home))).stdout) for args in VIEWS}


def test_log_import_alone_leaves_the_plan_behind(cli, plan, tmp_path):
    """Issue 13: "after `log import` into a new data folder: There is no plan yet". Still so:
    `log import` moves the log only; the bundle below moves everything."""
    ok(cli("log", "--pain-before", "3"))
    ok(cli("log", "export", "-o", str(tmp_path / "log.json")))
    new = {"FACETCOACH_HOME": str(tmp_path / "new")}
    ok(cli("log", "import", str(tmp_path / "log.json"), env=new))
    result = cli("today", env=new)
    assert result.exit_code == 1 and "There is no plan yet" in result.stderr


def test_an_export_and_import_into_a_new_folder_gives_the_same_views(cli, plan, home, tmp_path):
    """Issue 13, done when: "an export/import round trip into a new folder gives identical
    `progress --json`". Also plan show, today, log list and the report; plan.json, the
    archived plans and log.json (tombstones and order of writing too) byte for byte."""
    a_history(cli, tmp_path)
    bundle = tmp_path / "moving.json"
    result = ok(cli("export", "-o", str(bundle), env=at("2026-12-30")))
    assert f"to {bundle}" in result.stderr and "1 archived plan" in result.stderr
    assert bundle.stat().st_mode & 0o777 == 0o600
    new = tmp_path / "new-computer"
    result = ok(cli("import", str(bundle), env=at("2026-12-30", new)))
    assert "Plan: taken (there was none here)." in result.stdout
    assert "Log: 5 added, 1 deletion remembered." in result.stdout
    for day in ("2026-12-30", "2027-01-05"):
        assert views(cli, new, day) == views(cli, home, day)
    for name in ("plan.json", "log.json"):
        assert (new / name).read_bytes() == (home / name).read_bytes(), name
    [archived] = sorted((home / "plans").iterdir())
    assert (new / "plans" / archived.name).read_bytes() == archived.read_bytes()
    # The same entry is the last written on both: `log undo` offers the same one.
    undo_here = json.loads(ok(cli("log", "undo", "--yes", "--json", env=at("2026-12-30"))).stdout)
    undo_there = json.loads(
        ok(cli("log", "undo", "--yes", "--json", env=at("2026-12-30", new))).stdout
    )
    assert undo_here == undo_there


def test_the_installed_command_round_trips_a_bundle(tmp_path):
    """Through the installed command in a subprocess, as a person moving computers would."""
    command = Path(sys.executable).with_name("facetcoach")
    if not command.exists():
        pytest.skip("the facetcoach command is not installed beside this Python")
    old, new = tmp_path / "old", tmp_path / "new"

    def run(home: Path, *args: str, day: str = "2026-12-09") -> subprocess.CompletedProcess:
        env = {**os.environ, "FACETCOACH_HOME": str(home), "FACETCOACH_TODAY": day}
        env.pop("FACETCOACH_NOW", None)
        result = subprocess.run([str(command), *args], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result

    run(old, "plan", "--yes", day="2026-12-07")
    run(old, "log", "--pain-before", "4", "--pain-after", "3", day="2026-12-07")
    run(old, "log", "--pain-before", "3", "--pain-after", "3")
    bundle = tmp_path / "bundle.json"
    run(old, "export", "-o", str(bundle))
    imported = json.loads(run(new, "import", str(bundle), "--json").stdout)
    assert imported["plan"]["decision"] == "taken" and imported["log"]["added"] == 2
    assert run(new, "progress", "--json").stdout == run(old, "progress", "--json").stdout
    again = json.loads(run(new, "import", str(bundle), "--json").stdout)
    assert again["plan"]["decision"] == "unchanged" and again["log"]["unchanged"] == 2


def test_export_never_writes_over_a_file_without_force(cli, plan, tmp_path):
    ok(cli("log", "--pain-before", "3"))
    target = tmp_path / "bundle.json"
    target.write_text("mine", encoding="utf-8")
    result = cli("export", "-o", str(target))
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    ok(cli("export", "-o", str(target), "--force"))
    assert json.loads(target.read_bytes())["format"] == "facetcoach-bundle"


def test_export_to_the_screen_and_its_json_summary(cli, plan, tmp_path):
    ok(cli("log", "--pain-before", "3"))
    for args in ((), ("-o", "-")):
        result = ok(cli("export", *args))
        assert json.loads(result.stdout)["format"] == "facetcoach-bundle"
    result = cli("export", "--json")
    assert result.exit_code == 2 and "give -o FILE with --json" in result.stderr
    result = ok(cli("export", "-o", str(tmp_path / "b.json"), "--json"))
    summary = json.loads(result.stdout)
    assert summary["plan"] is True and summary["entries"] == 1 and summary["tombstones"] == 0
    assert summary["digest"].startswith("sha256:") and summary["skipped"] == []


def test_export_of_an_empty_folder_says_there_is_nothing(cli, home):
    result = cli("export", "-o", "-")
    assert result.exit_code == 1 and "nothing to export" in result.stderr
    assert not home.exists()  # reading creates no folder


def test_a_bad_bundle_changes_nothing_and_says_so_in_one_sentence(cli, plan, tmp_path):
    ok(cli("log", "--pain-before", "3"))
    bundle = tmp_path / "b.json"
    ok(cli("export", "-o", str(bundle)))
    before = files_in(paths.data_dir())
    data = json.loads(bundle.read_bytes())
    data["log"]["entries"][0]["pain_before"] = 2
    bundle.write_text(json.dumps(data), encoding="utf-8")
    for target, words in [
        (bundle, "its digest does not match its content"),
        (tmp_path / "missing.json", "There is no file"),
        (tmp_path, "is a folder"),
    ]:
        result = cli("import", str(target))
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("Error: ") and words in result.stderr
        assert "Traceback" not in result.output
    assert files_in(paths.data_dir()) == before


def test_import_into_a_folder_with_a_damaged_plan_writes_nothing(cli, plan, tmp_path):
    """A corrupt file is never overwritten, and nothing else is changed either."""
    ok(cli("log", "--pain-before", "3"))
    bundle = tmp_path / "b.json"
    ok(cli("export", "-o", str(bundle)))
    other = tmp_path / "other"
    ok(cli("import", str(bundle), env={"FACETCOACH_HOME": str(other)}))
    ok(cli("log", "--date", "2026-12-07", env={"FACETCOACH_HOME": str(other)}))
    ok(cli("export", "-o", str(tmp_path / "other.json"), env={"FACETCOACH_HOME": str(other)}))
    paths.plan_file().write_text('{"schema_version": 1, "created_at": ', encoding="utf-8")
    before = files_in(paths.data_dir())
    result = cli("import", str(tmp_path / "other.json"))
    assert result.exit_code == 1 and "is damaged" in result.stderr
    assert files_in(paths.data_dir()) == before


def test_import_merges_the_same_plan_and_keeps_a_different_one(cli, plan, tmp_path):
    laptop = tmp_path / "laptop"
    bundle = tmp_path / "b.json"
    ok(cli("export", "-o", str(bundle)))
    ok(cli("import", str(bundle), env={"FACETCOACH_HOME": str(laptop)}))
    # On the laptop: a pause. Here: a screen. Each import brings the other's.
    ok(cli("plan", "pause", "--reason", "travel", "--from", "2026-12-21", "--until", "2026-12-28",
           env={"FACETCOACH_HOME": str(laptop)}))  # fmt: skip
    screen = tmp_path / "screen.toml"
    screen.write_text(SCREEN_CLEAR, encoding="utf-8")
    ok(cli("plan", "screen", "--answers", str(screen)))
    ok(cli("export", "-o", str(tmp_path / "laptop.json"), env={"FACETCOACH_HOME": str(laptop)}))
    result = ok(cli("import", str(tmp_path / "laptop.json"), "--json"))
    report = json.loads(result.stdout)["plan"]
    assert report["decision"] == "merged" and report["pauses_added"] == 1
    shown = json.loads(ok(cli("plan", "show", "--json")).stdout)
    assert shown["pauses"] == [{"start": "2026-12-21", "end": "2026-12-28", "reason": "travel"}]
    assert "screen" in paths.plan_file().read_text(encoding="utf-8")
    # A different plan made on the laptop from scratch (no history shared): ours stays.
    elsewhere = tmp_path / "elsewhere"
    ok(cli("plan", "--yes", env={**at("2026-12-07", elsewhere)}))
    ok(cli("export", "-o", str(tmp_path / "elsewhere.json"), env=at("2026-12-07", elsewhere)))
    before = paths.plan_file().read_bytes()
    result = ok(cli("import", str(tmp_path / "elsewhere.json")))
    assert "Plan: this folder's stays." in result.stdout and "kept in the archive" in result.stdout
    assert paths.plan_file().read_bytes() == before
    [archived] = paths.plan_archive_dir().iterdir()
    assert json.loads(archived.read_bytes())["created_at"].startswith("2026-12-07")
    again = json.loads(ok(cli("import", str(tmp_path / "elsewhere.json"), "--json")).stdout)
    assert (
        again["plan"]["archived_added"] == 0 and len(list(paths.plan_archive_dir().iterdir())) == 1
    )


def test_a_bundle_import_applies_tombstones_and_the_clock_rule(cli, plan, tmp_path):
    """The bundle's log is merged as `log import` merges (log/merge.py)."""
    kept = logged(cli, "--pain-before", "3")
    gone = logged(cli, "--date", "2026-12-07", "--pain-before", "5")
    older = tmp_path / "older.json"
    ok(cli("export", "-o", str(older)))
    ok(cli("log", "delete", gone["id"], "--yes"))
    result = ok(cli("import", str(older), "--json"))
    assert ids() == [kept["id"]]
    log = json.loads(result.stdout)["log"]
    assert log["refused"] == 1 and [c["decision"] for c in log["conflicts"]] == ["refused"]
    assert "not brought back" in ok(cli("import", str(older))).stdout


def test_a_damaged_archived_plan_is_left_out_and_said(cli, plan, tmp_path):
    """An archived plan that does not validate does not stop the export: it stays where it
    is, is left out of the bundle, and the export names it."""
    ok(cli("log", "--pain-before", "3"))
    paths.plan_archive_dir().mkdir()
    (paths.plan_archive_dir() / "plan-damaged.json").write_text("{not json", encoding="utf-8")
    result = ok(cli("export", "-o", str(tmp_path / "b.json")))
    assert "Left out the archived plan plan-damaged.json: it is damaged." in result.stderr
    assert json.loads((tmp_path / "b.json").read_bytes())["archive"] == []
    summary = json.loads(ok(cli("export", "-o", str(tmp_path / "c.json"), "--json")).stdout)
    assert summary["skipped"] == ["plan-damaged.json"] and summary["archived_plans"] == 0
    # Imported back here, the damaged file is neither used nor overwritten.
    ok(cli("import", str(tmp_path / "b.json")))
    assert (paths.plan_archive_dir() / "plan-damaged.json").read_text() == "{not json"


def test_the_same_session_recorded_on_both_computers_is_named_at_the_import(cli, plan, tmp_path):
    """Found by a new user's trial: Tuesday's session logged on both computers merged into two
    sessions that day with only "1 added". The import now names the day and the command that
    deletes one; --json lists it under same_day."""
    logged(cli, "--pain-before", "3")
    laptop = tmp_path / "laptop.json"
    ok(cli("log", "export", "-o", str(laptop)))
    data = json.loads(laptop.read_text())
    twin = data["entries"][0]
    twin["id"] = "33333333-0000-4000-8000-000000000000"  # the laptop's own entry
    twin["created_at"] = "2026-12-09T19:00:00+01:00"
    laptop.write_text(json.dumps(data))
    result = ok(cli("log", "import", str(laptop)))
    said = " ".join(result.output.split())
    assert "1 added" in said
    assert "Wed 9 Dec 2026 now has two sessions (the one added is 33333333)" in said
    assert "`facetcoach log delete 33333333`" in said
    again = json.loads(ok(cli("log", "import", str(laptop), "--json")).stdout)
    assert again["same_day"] == []  # already here: nothing added, nothing to say
