"""Moving computers and syncing through the CLI (issue 13, item 5; data-safety.md DS13):
`log import` with tombstones and edit times, `log undo` by write order, and the bundle
(`facetcoach export`, `facetcoach import`).

The first tests reproduce what the issue found: each failed before the change it names."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from facetcoach import paths
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
