"""The program bends to life (issue 13), through the command: change, pause and resume, the
safety screen again (RS1, RS2), a clinician's check (PM5), flare days (FL1), a new plan that
carries on or starts over. The plan is the six-week test plan, Mon/Wed/Fri from 7 Dec 2026."""

from __future__ import annotations

import json

import pytest

from facetcoach import paths
from helpers.answers_data import SCREEN_CLEAR, screen_file
from helpers.logtools import saved_plan


@pytest.fixture
def plan(monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    monkeypatch.setenv("FACETCOACH_NOW", "2026-12-09T18:30:00+01:00")
    return saved_plan()


def at(day: str) -> dict[str, str]:
    return {"FACETCOACH_TODAY": day, "FACETCOACH_NOW": f"{day}T18:30:00+01:00"}


def today(cli, day: str) -> dict:
    result = cli("today", "--json", env=at(day))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def show(cli, day: str) -> dict:
    return json.loads(cli("plan", "show", "--json", env=at(day)).stdout)


def log(cli, day: str, *args: str):
    result = cli("log", "--pain-before", "2", "--pain-after", "2", *args, env=at(day))
    assert result.exit_code == 0, result.output
    return result


# --- Pause and resume --------------------------------------------------------------------------


def test_a_two_week_pause_moves_the_end_and_breaks_no_streak(cli, plan):
    log(cli, "2026-12-07")
    log(cli, "2026-12-09")
    end_before = show(cli, "2026-12-09")["end"]
    result = cli("plan", "pause", "--reason", "travel", "--from", "2026-12-10", "--until",
                 "2026-12-24", env=at("2026-12-09"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "neither missed nor done" in result.stdout
    paused = today(cli, "2026-12-14")
    assert paused["status"] == "paused" and paused["items"] == []
    assert paused["pause"] == {"start": "2026-12-10", "end": "2026-12-24", "reason": "travel"}
    assert "It ends on" in cli("today", env=at("2026-12-14")).stdout
    data = show(cli, "2026-12-24")
    assert data["pauses"] == [{"start": "2026-12-10", "end": "2026-12-24", "reason": "travel"}]
    assert data["end"] > end_before and data["planned_end"] == end_before
    assert today(cli, "2026-12-24")["status"] == "rest"  # Thursday: week 1 goes on
    log(cli, "2026-12-25")  # Friday: week 1's Friday session, moved back by the pause
    progress = json.loads(cli("progress", "--json", env=at("2026-12-26")).stdout)
    assert progress["totals"]["sessions_missed"] == 0
    assert progress["streak"]["current"] == 3


def test_an_open_pause_ends_with_resume(cli, plan):
    assert cli("plan", "pause", "--reason", "sick").exit_code == 0
    assert today(cli, "2026-12-09")["status"] == "paused"
    again = cli("plan", "pause", "--reason", "sick")
    assert again.exit_code == 2 and "already paused" in again.stderr
    resumed = cli("plan", "resume", env=at("2026-12-11"))
    assert resumed.exit_code == 0 and "Welcome back" in resumed.stdout
    assert today(cli, "2026-12-11")["status"] == "session"
    nothing = cli("plan", "resume", env=at("2026-12-11"))
    assert nothing.exit_code == 2 and "not paused" in nothing.stderr


def test_a_pause_resumed_the_day_it_began_says_so(cli, plan):
    """Found by a new user: "after 0 paused days"."""
    assert cli("plan", "pause", "--reason", "sick").exit_code == 0
    resumed = cli("plan", "resume")
    assert resumed.exit_code == 0, resumed.output
    assert "ended before it began" in resumed.stdout and "0 paused" not in resumed.stdout


def test_a_running_pause_is_moved_by_a_new_until(cli, plan):
    """Found by a new user's trial: a holiday that grew (or an illness that lasted) could not be
    moved. `plan pause --until DAY` while a pause runs now moves the day the program carries
    on, later or sooner; the pause keeps its first day and its reason."""
    first = cli("plan", "pause", "--reason", "travel", "--until", "2026-12-16")
    assert first.exit_code == 0, first.output
    longer = cli("plan", "pause", "--reason", "holiday", "--until", "2026-12-21",
                 env=at("2026-12-12"))  # fmt: skip
    assert longer.exit_code == 0, longer.output
    words = " ".join(longer.stdout.split())
    assert "Your pause from Wed 9 Dec 2026 now lasts up to Sun 20 Dec 2026" in words
    assert show(cli, "2026-12-12")["pauses"] == [
        {"start": "2026-12-09", "end": "2026-12-21", "reason": "travel"}
    ]
    assert today(cli, "2026-12-18")["status"] == "paused"
    sooner = cli("plan", "pause", "--reason", "travel", "--until", "2026-12-14", "--json",
                 env=at("2026-12-12"))  # fmt: skip
    assert sooner.exit_code == 0, sooner.output
    assert json.loads(sooner.stdout) == {
        "start": "2026-12-09",
        "end": "2026-12-14",
        "reason": "travel",
        "moved": True,
    }
    assert today(cli, "2026-12-14")["status"] == "session"  # Monday: the program carries on


def test_a_running_pause_given_another_reason_ends_and_a_new_one_starts(cli, plan):
    """The days already paused keep their reason (FL3 counts a pause for a flare as days of the
    flare, and no other)."""
    assert cli("plan", "pause", "--reason", "travel", "--until", "2026-12-16").exit_code == 0
    result = cli("plan", "pause", "--reason", "flare", "--until", "2026-12-21",
                 env=at("2026-12-12"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert show(cli, "2026-12-12")["pauses"] == [
        {"start": "2026-12-09", "end": "2026-12-12", "reason": "travel"},
        {"start": "2026-12-12", "end": "2026-12-21", "reason": "flare"},
    ]


def test_moving_a_running_pause_is_refused_when_it_cannot_be(cli, plan):
    assert cli("plan", "pause", "--reason", "sick", "--until", "2026-12-16").exit_code == 0
    now = cli("plan", "pause", "--reason", "sick", "--until", "2026-12-12", env=at("2026-12-12"))
    assert now.exit_code == 2 and "plan resume" in now.stderr  # to carry on today
    assert cli("plan", "pause", "--reason", "travel", "--from", "2026-12-28", "--until",
               "2027-01-04", env=at("2026-12-12")).exit_code == 0  # fmt: skip
    over = cli("plan", "pause", "--reason", "sick", "--until", "2027-01-01", env=at("2026-12-12"))
    assert over.exit_code == 2 and "overlaps the pause from Mon 28 Dec" in over.stderr
    open_ended = cli("plan", "pause", "--reason", "sick", env=at("2026-12-12"))
    assert open_ended.exit_code == 2 and "already paused" in open_ended.stderr
    assert "--until" in open_ended.stderr
    assert show(cli, "2026-12-12")["pauses"][0] == {
        "start": "2026-12-09",
        "end": "2026-12-16",
        "reason": "sick",
    }


def test_a_pause_cannot_start_in_the_past(cli, plan):
    result = cli("plan", "pause", "--reason", "travel", "--from", "2026-12-07")
    assert result.exit_code == 2 and "has passed" in result.stderr


# --- The safety screen again (RS1, RS2) -------------------------------------------------------


def test_a_yes_at_plan_screen_suspends_the_program_until_a_clear_screen(cli, plan, tmp_path):
    flagged = tmp_path / "yes.toml"
    flagged.write_text(screen_file(fever_or_unwell=True))
    result = cli("plan", "screen", "--answers", str(flagged), env={"COLUMNS": "60"})
    assert result.exit_code == 3
    assert "same day" in result.stderr and "on hold" in result.stderr
    assert "Do not start the exercise program" not in result.stderr  # under way since 7 Dec
    # Advice, wrapped as `today` shows it, not an error line (found by a new user).
    assert "Error" not in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) <= 60
    data = today(cli, "2026-12-09")
    assert data["status"] == "suspended" and data["items"] == []
    text = cli("today").stdout
    assert "Get a medical assessment today" in text and "Your session" not in text
    assert text.count("Get a medical assessment today") == 1  # said once (a new user's trial)
    assert "Do not start the exercise program" not in text  # it has started: not "start"
    assert "Do not do your exercises until then" in " ".join(text.split())
    assert "Possible infection. You said yes to: fever" in " ".join(text.split())
    refused = cli("log", env={"COLUMNS": "60"})
    assert refused.exit_code == 3 and "Get a medical assessment today" in refused.stderr
    assert "Error" not in refused.stderr
    assert max(len(line) for line in refused.stderr.splitlines()) <= 60
    clear = tmp_path / "no.toml"
    clear.write_text(SCREEN_CLEAR)
    thanks = cli("plan", "screen", "--answers", str(clear), env={"COLUMNS": "60"})
    assert thanks.exit_code == 0 and "Thank you" in thanks.stdout
    assert max(len(line) for line in thanks.stdout.splitlines()) <= 60  # wrapped (a trial)
    assert today(cli, "2026-12-09")["status"] == "session"


def test_a_later_yes_is_said_wherever_the_program_is_shown(cli, plan, tmp_path):
    """RS1 (found by a new user's trial): after a yes at `plan screen`, `plan show` still said
    the screen was answered with no warning signs, `progress` said nothing, and the bare
    status offered the next session."""
    flagged = tmp_path / "yes.toml"
    flagged.write_text(screen_file(fever_or_unwell=True))
    assert cli("plan", "screen", "--answers", str(flagged)).exit_code == 3
    shown = cli("plan", "show", env=at("2026-12-10")).stdout
    assert "no warning signs" not in shown and "on hold" in shown
    assert "fever, chills, or feeling generally unwell" in shown
    progress = cli("progress", env=at("2026-12-10"))
    assert progress.exit_code == 0 and "on hold" in progress.stdout
    prompts = json.loads(cli("progress", "--json", env=at("2026-12-10")).stdout)["prompts"]
    assert prompts[0]["rule"] == "RS1" and prompts[0]["level"] == "urgent"
    status = cli(env=at("2026-12-10")).stdout
    assert "on hold" in status and "Next session" not in status
    assert "Get a medical assessment today (same day)" in " ".join(status.split())
    assert today(cli, "2026-12-10")["next_session"] is None
    clear = tmp_path / "no.toml"
    clear.write_text(SCREEN_CLEAR)
    assert cli("plan", "screen", "--answers", str(clear), env=at("2026-12-11")).exit_code == 0
    shown = cli("plan", "show", env=at("2026-12-11")).stdout
    assert "on hold" not in shown and "no warning signs" in shown
    assert "on hold" not in cli("progress", env=at("2026-12-11")).stdout


def test_rs2_a_plan_made_with_yes_reminds_until_the_screen_is_answered(cli, tmp_path):
    assert cli("plan", "--yes", env=at("2026-12-07")).exit_code == 0
    assert today(cli, "2026-12-07")["screen_answered"] is False
    assert "safety questions were not answered" in cli("today", env=at("2026-12-07")).stdout
    clear = tmp_path / "no.toml"
    clear.write_text(SCREEN_CLEAR)
    assert cli("plan", "screen", "--answers", str(clear), env=at("2026-12-07")).exit_code == 0
    assert today(cli, "2026-12-07")["screen_answered"] is True
    assert "not answered" not in cli("today", env=at("2026-12-07")).stdout


def test_the_screen_is_never_assumed_without_a_terminal(cli, plan):
    result = cli("plan", "screen")
    assert result.exit_code == 2 and "need a terminal" in result.stderr


# --- A clinician's check after a symptom (PM5) -------------------------------------------------


def test_log_checked_lifts_the_freeze_and_asks_the_screen_again(cli, plan, tmp_path):
    assert cli("log", "--symptom", "numbness", env=at("2026-12-09")).exit_code == 0
    assert today(cli, "2026-12-11")["progression_stopped"] is True
    no_note = cli("log", "checked", "--note", " ", env=at("2026-12-11"))
    assert no_note.exit_code == 2 and "what the clinician said" in no_note.stderr
    clear = tmp_path / "no.toml"
    clear.write_text(SCREEN_CLEAR)
    result = cli("log", "checked", "--note", "GP: no nerve problem", "--answers", str(clear),
                 "--json", env=at("2026-12-11"))  # fmt: skip
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)
    assert (entry["kind"], entry["note"]) == ("checked", "GP: no nerve problem")
    after = today(cli, "2026-12-11")
    assert after["progression_stopped"] is False
    assert not [p for p in after["prompts"] if p["rule"] == "PM5"]


@pytest.mark.parametrize("command", [("log", "checked", "--note", "GP: fine"), ("plan", "screen")])
def test_stopping_the_safety_questions_says_nothing_was_saved(cli, plan, monkeypatch, command):
    """Found by a new user's trial: Ctrl-C at `log checked` printed nothing (and the shell's
    prompt came on the line of the question); the end of the input was a bare exit too."""
    tty = {**at("2026-12-11"), "FACETCOACH_ASSUME_TTY": "1"}
    before = sorted(p.name for p in paths.data_dir().iterdir())
    ended = cli(*command, input="n\n", env=tty)
    assert ended.exit_code == 2
    assert "The input ended before the last question, so nothing was saved" in ended.stderr
    assert f"`facetcoach {' '.join(command[:2])}` in a terminal" in ended.stderr

    import facetcoach.cli.intake_prompts as prompts

    def interrupted(out):
        raise KeyboardInterrupt

    monkeypatch.setattr(prompts, "ask_screen", interrupted)
    stopped = cli(*command, env=tty)
    assert stopped.exit_code == 130 and "Stopped: nothing was saved." in stopped.output
    assert sorted(p.name for p in paths.data_dir().iterdir()) == before


def test_a_symptom_then_easy_sessions_across_the_phase_boundary_give_nothing_harder(cli, plan):
    """PH1 + PM5 through the command: phase 2 waits, the doses stay, until checked."""
    assert cli("log", "--symptom", "leg-pain", env=at("2026-12-09")).exit_code == 0
    for day in ("2026-12-09", "2026-12-11", "2026-12-14", "2026-12-16", "2026-12-18"):
        log(cli, day)
    week3 = today(cli, "2026-12-21")
    assert week3["phase"] == 1 and week3["phase_held"] is not None
    assert "clinician" in week3["phase_held"]["reason"]
    before = {i["exercise_id"]: i for i in today(cli, "2026-12-18")["items"]}
    for item in week3["items"]:
        old = before.get(item["exercise_id"])
        assert old is not None, item["exercise_id"]  # no new exercise, no new level
        assert (item["sets"], item["reps"] or 0, item["hold_seconds"] or 0) <= (
            old["sets"], old["reps"] or 0, old["hold_seconds"] or 0
        )  # fmt: skip


def test_a_week_held_for_a_symptom_says_so_truly_after_the_check(cli, plan, tmp_path):
    """PH1 + PM5 (found by a new user's trial): after `log checked` in a held week, the week's
    reason still said no clinician's check had been recorded."""
    assert cli("log", "--symptom", "leg-pain", env=at("2026-12-18")).exit_code == 0
    clear = tmp_path / "no.toml"
    clear.write_text(SCREEN_CLEAR)
    checked = cli("log", "checked", "--note", "GP: fine", "--answers", str(clear),
                  env=at("2026-12-22"))  # fmt: skip
    assert checked.exit_code == 0, checked.output
    text = " ".join(cli("today", env=at("2026-12-23")).stdout.split())
    assert "goes on" in text and "have not yet recorded" not in text
    assert "when the week began" in text


def test_a_bad_last_phase_1_session_holds_the_phase(cli, plan):
    for day in ("2026-12-07", "2026-12-09", "2026-12-11", "2026-12-14", "2026-12-16"):
        log(cli, day)
    result = cli("log", "--pain-before", "4", "--pain-after", "8", env=at("2026-12-18"))
    assert result.exit_code == 0 and "a step easier" in result.stdout
    assert cli("log", "morning", "7", env=at("2026-12-19")).exit_code == 0
    week3 = today(cli, "2026-12-21")
    assert (week3["week"], week3["phase"]) == (3, 1) and week3["phase_held"]
    assert week3["adjustments"]  # and the doses a step easier (PM1, PM2)
    assert "goes on for now" in cli("today", env=at("2026-12-21")).stdout


# --- Flare days (FL1) --------------------------------------------------------------------------


def test_log_flare_records_the_flare_routine_and_the_return_is_graded(cli, plan):
    flare_items = today(cli, "2026-12-09")
    routine = json.loads(cli("today", "--flare", "--json").stdout)
    result = cli("log", "--flare", "--pain-before", "6", "--pain-after", "5", "--json")
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)
    assert entry["flare"] is True
    assert [d["exercise_id"] for d in entry["done"]] == [i["exercise_id"] for i in routine["items"]]
    assert flare_items["items"] != routine["items"]
    friday = today(cli, "2026-12-11")
    assert friday["flare_step"] == 0.5
    log(cli, "2026-12-11")
    assert today(cli, "2026-12-14")["flare_step"] == 0.75
    log(cli, "2026-12-14")
    assert today(cli, "2026-12-16")["flare_step"] is None


# --- plan change and a new plan ----------------------------------------------------------------


def test_plan_change_keeps_the_week_the_phase_and_every_entry(cli, plan):
    for day in ("2026-12-07", "2026-12-09", "2026-12-11", "2026-12-14", "2026-12-16"):
        log(cli, day)
    before = json.loads(cli("progress", "--json", env=at("2026-12-16")).stdout)
    result = cli("plan", "change", "--days", "tue,thu,sat", env=at("2026-12-16"))
    assert result.exit_code == 0, result.output
    assert "days → tue, thu, sat" in result.stdout
    data = today(cli, "2026-12-17")
    assert (data["status"], data["week"], data["phase"]) == ("session", 2, 1)
    after = json.loads(cli("progress", "--json", env=at("2026-12-16")).stdout)
    assert after["totals"]["sessions_done"] == before["totals"]["sessions_done"] == 5
    assert after["checkin_due"] == before["checkin_due"]
    shown = show(cli, "2026-12-17")
    # Wednesday's session was already recorded: the change applies from Thursday.
    changed = {"days": ["tue", "thu", "sat"]}
    assert shown["revisions"] == [{"date": "2026-12-17", "changed": changed}]
    assert not (paths.plan_archive_dir()).exists()  # the same plan, revised: no archive
    nothing = cli("plan", "change", "--days", "tue,thu,sat", env=at("2026-12-17"))
    assert nothing.exit_code == 2 and "changes nothing" in nothing.stderr


def test_a_change_on_the_plans_first_day_leaves_no_revision_and_says_what_changed(cli, plan):
    # Found by the options fuzz: the message read the last revision, which a change on the
    # first day (nothing yet in force) does not leave: IndexError.
    result = cli("plan", "change", "--minutes", "30", "--json", env=at("2026-12-07"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"date": "2026-12-07", "changed": {"minutes": 30}}
    again = cli("plan", "change", "--days", "tue,thu", env=at("2026-12-07"))
    assert again.exit_code == 0, again.output
    assert "days → tue, thu" in again.stdout
    assert show(cli, "2026-12-07")["revisions"] == []


def test_plan_change_reads_days_as_the_intake_does(cli, plan):
    """Found by a new user's trial: the intake took "Tuesday, Thursday, Saturday", and
    `plan change --days` refused it ("'Tuesday' is not one of…"); "thur" too."""
    result = cli("plan", "change", "--days", "Tuesday, Thursday, Saturday", env=at("2026-12-07"))
    assert result.exit_code == 0, result.output
    assert "days → tue, thu, sat" in result.stdout
    again = cli("plan", "change", "--days", "mon thur", env=at("2026-12-07"))
    assert again.exit_code == 0 and "days → mon, thu" in again.stdout
    before = paths.plan_file().read_bytes()
    bad = cli("plan", "change", "--days", "tue,funday", env=at("2026-12-07"))
    assert bad.exit_code == 2
    assert "The plan was not changed: --days: 'funday' is not a day; use: mon" in bad.stderr
    assert paths.plan_file().read_bytes() == before


def test_a_change_refused_names_the_option_and_changes_nothing(cli, plan):
    """Found by a new user: `plan change --days tue` said "The answers file the changed
    answers has 1 problem", about a file they never gave."""
    before = paths.plan_file().read_bytes()
    result = cli("plan", "change", "--days", "tue", env=at("2026-12-07"))
    assert result.exit_code == 2
    assert "The plan was not changed: --days: choose at least 2 days" in result.output
    assert "answers file" not in result.output
    both = cli("plan", "change", "--minutes", "5", "--weeks", "99", env=at("2026-12-07"))
    assert "--minutes: must be from 10 to 60." in both.output and "allowed:" not in both.output
    assert "also: --weeks: must be from 6 to 16" in both.output
    assert paths.plan_file().read_bytes() == before


def test_a_new_plan_carries_on_or_starts_over(cli, plan):
    for day in ("2026-12-07", "2026-12-09", "2026-12-11", "2026-12-14"):
        log(cli, day)
    carried = cli("plan", "--yes", "--force", "--continue", env=at("2026-12-14"))
    assert carried.exit_code == 0, carried.output
    assert today(cli, "2026-12-16")["week"] == 2
    progress = json.loads(cli("progress", "--json", env=at("2026-12-16")).stdout)
    assert progress["totals"]["sessions_done"] == 4  # the history is kept
    over = cli("plan", "--yes", "--force", "--start-over", env=at("2026-12-16"))
    assert over.exit_code == 0, over.output
    assert today(cli, "2026-12-16")["week"] == 1
    progress = json.loads(cli("progress", "--json", env=at("2026-12-16")).stdout)
    assert progress["totals"]["sessions_done"] == 4
    both = cli("plan", "--yes", "--force", "--continue", "--start-over")
    assert both.exit_code == 2


def test_a_pause_longer_than_two_weeks_resumes_one_step_easier(cli, plan):
    """Detraining: the first session back after more than two weeks off is one step easier."""
    log(cli, "2026-12-07")
    short = cli("plan", "pause", "--reason", "sick", "--from", "2026-12-10", "--until",
                "2026-12-31", env=at("2026-12-09"))  # fmt: skip
    assert short.exit_code == 0 and "one step easier" in short.stdout
    back = today(cli, "2027-01-01")  # Friday: the first session back
    assert back["status"] == "session"
    assert back["adjustments"] and all(a["action"] == "regress" for a in back["adjustments"])
    assert "after your pause" in back["adjustments"][0]["reason"]
    # Resuming on a session day: that very session is the easier one.
    assert today(cli, "2026-12-31")["adjustments"] == []  # Thursday, a rest day


# --- One day, several entries (issue 16, item 7) -------------------------------------------------


def test_a_session_over_a_skip_replaces_it_and_every_view_agrees(cli, plan):
    skip = cli("log", "--skipped", "--reason", "sick", env=at("2026-12-09"))
    assert skip.exit_code == 0
    refused = cli("log", "--pain-before", "2", "--pain-after", "2", env=at("2026-12-09"))
    assert refused.exit_code == 2 and "--replace" in refused.stderr
    done = cli("log", "--pain-before", "2", "--pain-after", "2", "--replace", env=at("2026-12-09"))
    assert done.exit_code == 0 and "replaces the skip" in done.stdout
    progress = json.loads(cli("progress", "--json", env=at("2026-12-10")).stdout)
    assert progress["totals"]["sessions_excused"] == 0
    report = json.loads(cli("report", "--format", "json", env=at("2026-12-10")).stdout)
    assert report["skipped_sessions"] == []
    again = cli("log", "--skipped", "--reason", "sick", env=at("2026-12-09"))
    assert again.exit_code == 2 and "already recorded" in again.stderr


def test_a_session_in_two_parts_counts_its_pain_once(cli, plan):
    log(cli, "2026-12-09", "--only", "pelvic-tilt-lying")
    cli("log", "--pain-before", "8", "--pain-after", "4", "--skip", "pelvic-tilt-lying",
        env=at("2026-12-09"))  # fmt: skip
    week = json.loads(cli("progress", "--json", env=at("2026-12-10")).stdout)["weeks"][0]
    assert (week["pain_before"], week["pain_after"]) == (2.0, 4.0)


def test_log_edit_moves_an_entry_and_changes_what_was_done(cli, plan):
    result = log(cli, "2026-12-07", "--json")
    entry = json.loads(result.stdout)
    first = entry["planned"][0]
    edited = cli("log", "edit", entry["id"][:8], "--skip", first, "--json")
    assert edited.exit_code == 0, edited.output
    data = json.loads(edited.stdout)
    assert first in data["skipped"] and first not in [d["exercise_id"] for d in data["done"]]
    back = json.loads(cli("log", "edit", entry["id"][:8], "--done", first, "--json").stdout)
    assert back["skipped"] == [] and back["done"][0]["exercise_id"] == first
    moved = json.loads(cli("log", "edit", entry["id"][:8], "--date", "2026-12-08", "--json").stdout)
    assert moved["date"] == "2026-12-08"
    future = cli("log", "edit", entry["id"][:8], "--date", "2026-12-25")
    assert future.exit_code == 2


def test_a_pause_moved_past_two_weeks_says_the_first_sessions_back_are_easier(cli, plan):
    """Found by review: the message counted from the day of the move, not the pause's start."""
    log(cli, "2026-12-07")
    assert cli("plan", "pause", "--reason", "travel", "--until", "2026-12-16").exit_code == 0
    moved = cli("plan", "pause", "--reason", "travel", "--until", "2026-12-26",
                env=at("2026-12-14"))  # fmt: skip
    assert moved.exit_code == 0, moved.output
    back = today(cli, "2026-12-28")
    assert back["adjustments"] and "after your pause" in back["adjustments"][0]["reason"]
    assert "one step easier" in moved.stdout


def test_a_pause_split_by_a_new_reason_is_one_break_for_detraining(cli, plan):
    """Found by review: a pause given another reason is split in two, and detraining looked
    at each part alone (4 + 11 days off was not "more than two weeks")."""
    log(cli, "2026-12-07")
    first = cli("plan", "pause", "--reason", "travel", "--from", "2026-12-10", "--until",
                "2026-12-18", env=at("2026-12-09"))  # fmt: skip
    assert first.exit_code == 0 and "one step easier" not in first.stdout
    split = cli("plan", "pause", "--reason", "sick", "--until", "2026-12-25",
                env=at("2026-12-14"))  # fmt: skip
    assert split.exit_code == 0, split.output
    pauses = show(cli, "2026-12-14")["pauses"]
    assert [p["reason"] for p in pauses] == ["travel", "sick"]  # FL3: each keeps its reason
    assert "one step easier" in split.stdout
    back = today(cli, "2026-12-25")  # Friday: the first session back
    assert back["adjustments"] and "after your pause" in back["adjustments"][0]["reason"]


def test_days_on_hold_are_not_missed_and_the_program_carries_on_after(cli, plan, tmp_path):
    """RS1 (found by a new user's trial): sessions `log` refused during a red-flag hold were
    counted as missed in `progress` and the report. Days on hold are like paused days: neither
    missed nor done, and the program carries on where it was when the hold ends."""
    log(cli, "2026-12-07")
    log(cli, "2026-12-09")
    end_before = show(cli, "2026-12-09")["end"]
    flagged = tmp_path / "yes.toml"
    flagged.write_text(screen_file(fever_or_unwell=True))
    assert cli("plan", "screen", "--answers", str(flagged), env=at("2026-12-10")).exit_code == 3
    assert cli("log", "--pain-before", "2", env=at("2026-12-11")).exit_code == 3
    clear = tmp_path / "no.toml"
    clear.write_text(SCREEN_CLEAR)
    assert cli("plan", "screen", "--answers", str(clear), env=at("2026-12-17")).exit_code == 0
    totals = json.loads(cli("progress", "--json", env=at("2026-12-17")).stdout)["totals"]
    assert (totals["sessions_done"], totals["sessions_missed"]) == (2, 0)
    report = json.loads(cli("report", "--format", "json", env=at("2026-12-17")).stdout)
    assert report["missed_sessions"] == []
    held = cli("progress", env=at("2026-12-14")).stdout
    assert "ended" not in held.splitlines()[0] and "on hold" in held

    back = today(cli, "2026-12-18")  # Friday: the session after Wednesday's, as planned
    assert back["status"] == "session" and back["week"] == 1
    assert show(cli, "2026-12-18")["end"] > end_before


def test_progress_on_hold_from_the_first_day_does_not_say_the_program_ended(cli, tmp_path):
    """Found by a new user's trial: with no program day yet, the headline said "ended"."""
    assert cli("plan", "--yes", env=at("2026-12-07")).exit_code == 0
    flagged = tmp_path / "yes.toml"
    flagged.write_text(screen_file(fever_or_unwell=True))
    assert cli("plan", "screen", "--answers", str(flagged), env=at("2026-12-07")).exit_code == 3
    headline = cli("progress", env=at("2026-12-09")).stdout.splitlines()[0]
    assert "ended" not in headline and "on hold" in headline
    # No walking target on hold, in `progress` as in `today` (the plan has one of 10 minutes).
    data = json.loads(cli("progress", "--json", env=at("2026-12-09")).stdout)
    assert data["walking_today"]["minutes"] is None
    walked = cli("log", "--walked", "15", env=at("2026-12-09"))
    assert "walking target" not in walked.stdout


def test_a_running_pause_can_become_an_open_one_for_another_reason(cli, plan):
    """Found by a new user's trial: a trip that turned into an illness could not become an
    open pause for the illness (`plan pause --reason sick` asked for --until); and `plan
    resume` counted only the last pause's days of the break."""
    trip = cli("plan", "pause", "--reason", "travel", "--from", "2026-12-10", "--until",
               "2026-12-20", env=at("2026-12-09"))  # fmt: skip
    assert trip.exit_code == 0, trip.output
    sick = cli("plan", "pause", "--reason", "sick", env=at("2026-12-14"))
    assert sick.exit_code == 0, sick.output
    assert show(cli, "2026-12-14")["pauses"] == [
        {"start": "2026-12-10", "end": "2026-12-14", "reason": "travel"},
        {"start": "2026-12-14", "end": None, "reason": "sick"},
    ]
    again = cli("plan", "pause", "--reason", "sick", env=at("2026-12-15"))
    assert again.exit_code == 2 and "already paused" in again.stderr
    back = cli("plan", "resume", env=at("2026-12-28"))
    assert back.exit_code == 0 and "after 18 paused days" in back.stdout
    assert "one step easier" in back.stdout
    assert "Your next session: today (week 1, phase 1)." in back.stdout  # week 1 goes on


# --- From a review of the red-flag holds (RS1) ----------------------------------------------


def test_a_hold_of_more_than_two_weeks_resumes_one_step_easier_like_a_pause(cli, plan, tmp_path):
    """Days on hold are no program days 'like paused days' (RS1), but detraining looks at
    pauses only: after 18 days off with a fever the first session back is not made easier."""
    log(cli, "2026-12-07")
    flagged = tmp_path / "yes.toml"
    flagged.write_text(screen_file(fever_or_unwell=True))
    assert cli("plan", "screen", "--answers", str(flagged), env=at("2026-12-10")).exit_code == 3
    clear = tmp_path / "no.toml"
    clear.write_text(SCREEN_CLEAR)
    assert cli("plan", "screen", "--answers", str(clear), env=at("2026-12-28")).exit_code == 0
    back = today(cli, "2026-12-28")  # as after `plan pause --from 12-10 --until 12-28`
    assert back["status"] == "session"
    assert back["adjustments"], "no step easier after 18 days on hold"


def test_a_check_recorded_late_with_an_earlier_date_leaves_one_answer_to_on_hold(
    cli, plan, tmp_path
):
    """`log checked --date` can record a screen dated before a yes already saved: the screens
    are then not in date order. `today` (routine.suspension: the last in file order) says the
    program carries on, while the path (path.hold_spans: date order) keeps every day on hold."""
    flagged = tmp_path / "yes.toml"
    flagged.write_text(screen_file(fever_or_unwell=True))
    assert cli("plan", "screen", "--answers", str(flagged), env=at("2026-12-10")).exit_code == 3
    clear = tmp_path / "no.toml"
    clear.write_text(SCREEN_CLEAR)
    checked = cli("log", "checked", "--note", "GP on the 8th: fine", "--date", "2026-12-08",
                  "--answers", str(clear), env=at("2026-12-14"))  # fmt: skip
    assert checked.exit_code == 0, checked.output
    now = today(cli, "2026-12-14")  # a Monday
    shown = show(cli, "2026-12-14")
    sessions = [s["date"] for w in shown["weeks"] for s in w["sessions"]]
    on_hold = now["status"] == "suspended"
    assert on_hold or "2026-12-14" in sessions, (now["status"], sessions[-3:])


def test_a_new_plan_with_a_clear_screen_ends_a_hold(cli, plan, tmp_path):
    """A yes at `plan screen`, then a re-plan whose red-flag answers are all no: the new
    plan is made ('answered'), yet the old yes still holds it."""
    flagged = tmp_path / "yes.toml"
    flagged.write_text(screen_file(fever_or_unwell=True))
    assert cli("plan", "screen", "--answers", str(flagged), env=at("2026-12-10")).exit_code == 3
    from helpers.answers_data import example_data, write_answers

    answers = write_answers(tmp_path, example_data())  # every red flag answered no
    replanned = cli("plan", "--answers", str(answers), "--force", "--continue",
                    env=at("2026-12-14"))  # fmt: skip
    assert replanned.exit_code == 0, replanned.output
    assert today(cli, "2026-12-14")["status"] != "suspended"


def test_a_pause_during_a_hold_gives_no_walking_target(cli, tmp_path):
    """RS1 (9f9095d): no walking target on hold. A pause taken during the hold wins in
    routine_for (pause before suspension), so `today` gives 'Walk 10 minutes' beside 'Go to
    an emergency department now', while `progress --json` gives no target."""
    flagged = tmp_path / "yes.toml"
    flagged.write_text(screen_file(saddle_numbness=True))
    assert cli("plan", "--yes", env=at("2026-12-07")).exit_code == 0  # walking: 10 minutes
    assert cli("plan", "screen", "--answers", str(flagged), env=at("2026-12-10")).exit_code == 3
    assert cli("plan", "pause", "--reason", "sick", env=at("2026-12-11")).exit_code == 0
    progress = json.loads(cli("progress", "--json", env=at("2026-12-14")).stdout)
    assert progress["walking_today"]["minutes"] is None
    assert today(cli, "2026-12-14")["walking_minutes"] is None


def test_on_hold_nothing_speaks_of_a_next_session_or_a_walking_target(cli, tmp_path):
    """RS1 (found by a new user's trial): on hold, `plan show` still gave "Adjusted for your
    next session", the report a next session, and `progress` a walking target."""
    assert cli("plan", "--yes", env=at("2026-12-07")).exit_code == 0  # walking: 10 minutes
    for day in ("2026-12-07", "2026-12-09"):
        log(cli, day)
    flagged = tmp_path / "yes.toml"
    flagged.write_text(screen_file(worsening_weakness=True))
    assert cli("plan", "screen", "--answers", str(flagged), env=at("2026-12-10")).exit_code == 3
    shown = json.loads(cli("plan", "show", "--json", env=at("2026-12-14")).stdout)
    assert shown["next_session"] is None and shown["adjustments"] == []
    assert "Adjusted for your next session" not in cli("plan", "show", env=at("2026-12-14")).stdout
    report = json.loads(cli("report", "--format", "json", env=at("2026-12-14")).stdout)
    assert report["program"]["next_session"] is None
    progress = " ".join(cli("progress", env=at("2026-12-14")).stdout.split())
    assert "your target is" not in progress and "no walking target" in progress
