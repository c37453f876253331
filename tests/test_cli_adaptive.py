"""Adaptive coaching through the commands (issue 6): `log` two easy sessions and tomorrow's
routine is harder; a bad session and it is easier; a symptom stops progression (PM5); `today`
says when a check-in is due, suggests the flare routine (FL1), advises reviews (PM6, FL3);
`plan show` and `progress` show the same; `today` stays fast."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from facetcoach import paths
from facetcoach.cli import guided as cli_guided
from facetcoach.log.store import append_entries, load_entries
from facetcoach.program.routine import session_minutes
from facetcoach.program.schedule import session_on
from helpers import adaptive_log as L
from helpers.logtools import saved_plan, write_log

CHECKIN = "nprs = 4\nodi = [2, 2, 1, 3, 0, 1, 2, 2, 1, 1]\n"


def at(day: str) -> dict[str, str]:
    return {"FACETCOACH_TODAY": day, "FACETCOACH_NOW": f"{day}T18:30:00+01:00"}


def today_json(cli, day: str, *args: str) -> dict:
    result = cli("today", "--json", *args, env=at(day))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def item(data: dict, exercise_id: str) -> dict:
    return next(i for i in data["items"] if i["exercise_id"] == exercise_id)


@pytest.fixture
def plan():
    return saved_plan()


def log_session(cli, day: str, before: int, after: int, morning: int | None) -> None:
    result = cli("log", "--pain-before", str(before), "--pain-after", str(after), env=at(day))
    assert result.exit_code == 0, result.output
    if morning is not None:
        following = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
        result = cli("log", "morning", str(morning), env=at(following))
        assert result.exit_code == 0, result.output


# --- Done when: two easy sessions, tomorrow is harder; a bad one, it is easier -------------


def test_two_easy_sessions_make_tomorrow_harder(cli, plan):
    before = today_json(cli, "2026-12-10", "--date", "tomorrow")
    assert item(before, "abdominal-brace-lying")["hold_seconds"] == 7
    assert before["adjustments"] == []
    log_session(cli, "2026-12-07", 3, 3, 3)
    log_session(cli, "2026-12-09", 3, 2, 2)
    after = today_json(cli, "2026-12-10", "--date", "tomorrow")
    assert after["date"] == "2026-12-11"
    brace = item(after, "abdominal-brace-lying")
    assert (brace["sets"], brace["reps"], brace["hold_seconds"]) == (2, 5, 8)
    assert item(after, "shoulder-blade-squeeze")["reps"] == 12
    assert item(after, "pelvic-tilt-lying")["reps"] == 10  # E1: extension hurts this user
    change = next(a for a in after["adjustments"] if a["exercise_id"] == "abdominal-brace-lying")
    assert change == {
        "exercise_id": "abdominal-brace-lying",
        "from": "5-3 × 7 s holds",
        "to": "5-3 × 8 s holds",
        "reason": "after two easy sessions (Mon 7 Dec and Wed 9 Dec)",
        "action": "progress",
        "steps": 1,
        "given_id": "abdominal-brace-lying",
    }
    assert {h["exercise_id"] for h in after["held"]} == {"pelvic-tilt-lying", "prone-lying"}
    planned = session_on(plan.program, dt.date(2026, 12, 11)).items
    assert after["minutes"] > session_minutes(planned)
    text = cli("today", "--date", "tomorrow", env=at("2026-12-10")).stdout
    assert "Adjusted to how your back has answered:" in text
    assert "Abdominal brace, lying: 5-3 × 7 s holds → 5-3 × 8 s holds, after two easy" in text
    assert "Abdominal brace, lying  5-3 × 8 s holds" in text
    assert "Pelvic tilt, lying goes no further:" in text


def test_a_bad_session_makes_the_next_one_easier(cli, plan):
    log_session(cli, "2026-12-07", 3, 7, None)
    data = today_json(cli, "2026-12-08", "--date", "tomorrow")
    brace = item(data, "abdominal-brace-lying")
    assert (brace["sets"], brace["reps"], brace["hold_seconds"]) == (1, 5, 7)
    assert item(data, "pelvic-tilt-lying")["sets"] == 1
    assert all(a["action"] == "regress" for a in data["adjustments"])
    assert data["adjustments"][0]["reason"] == (
        "after the session on Mon 7 Dec left pain at 7 (above 5)"
    )


def test_a_bad_session_after_a_step_up_says_what_came_back_to_the_plan(cli, plan):
    """Found by a new user's trial: two easy sessions, a step up on Friday, a painful Friday:
    `log` said the next session would be a step easier, and Monday's `today` listed nothing
    for the exercises back at the plan's dose. Now `today`, its JSON, `plan show` and the
    report say it."""
    log_session(cli, "2026-12-07", 3, 3, 3)
    log_session(cli, "2026-12-09", 3, 2, 2)
    log_session(cli, "2026-12-11", 3, 7, None)
    data = today_json(cli, "2026-12-14")
    eased = {e["exercise_id"]: e for e in data["eased"]}
    assert eased["abdominal-brace-lying"] == {
        "exercise_id": "abdominal-brace-lying",
        "from": "5-3 × 8 s holds",
        "to": "5-3 × 7 s holds",
        "reason": "after the session on Fri 11 Dec left pain at 7 (above 5)",
        "action": "regress",
        "steps": 0,
        "given_id": "abdominal-brace-lying",
    }
    assert item(data, "abdominal-brace-lying")["hold_seconds"] == 7  # the plan's dose
    text = " ".join(cli("today", env=at("2026-12-14")).stdout.split())
    assert "Adjusted to how your back has answered:" in text
    assert (
        "Abdominal brace, lying: 5-3 × 8 s holds → 5-3 × 7 s holds, back to your plan's "
        "dose, after the session on Fri 11 Dec left pain at 7 (above 5)."
    ) in text
    shown = cli("plan", "show", "--json", env=at("2026-12-13"))
    assert "abdominal-brace-lying" in {e["exercise_id"] for e in json.loads(shown.stdout)["eased"]}
    report = " ".join(cli("report", env=at("2026-12-13")).stdout.split())
    assert "a step easier, after the session on Fri 11 Dec" in report


def test_log_says_the_next_session_will_be_easier_and_records_the_doses_given(cli, plan):
    result = cli("log", "--pain-before", "3", "--pain-after", "7", env=at("2026-12-07"))
    assert "the next session will be a step easier" in result.stdout
    result = cli("log", "--pain-before", "3", "--pain-after", "3", env=at("2026-12-09"))
    assert result.exit_code == 0, result.output
    assert "Recorded at today's adjusted doses (4 exercises changed from the plan" in result.stdout
    wednesday = load_entries()[-1]
    brace = next(d for d in wednesday.done if d.exercise_id == "abdominal-brace-lying")
    assert (brace.sets, brace.reps, brace.hold_seconds) == (1, 5, 7)  # as given, not as planned


def test_a_bad_morning_is_said_when_it_is_recorded(cli, plan):
    log_session(cli, "2026-12-07", 2, 3, None)
    result = cli("log", "morning", "5", env=at("2026-12-08"))
    assert result.exit_code == 0, result.output
    assert "3 above your pain before it" in result.stdout
    assert "step easier" in result.stdout


def test_guided_gives_and_records_the_adjusted_doses(cli, plan, monkeypatch):
    append_entries([L.easy(plan, L.MON), L.easy(plan, L.WED)])

    class Clock:
        t = 0.0

        def now(self) -> float:
            return self.t

    class Keys:
        def __init__(self, clock: Clock) -> None:
            self.clock = clock

        def poll(self, timeout: float | None) -> str | None:
            if timeout is None:
                raise AssertionError("nothing should wait for a key")
            self.clock.t += timeout
            return None

    clock, saved = Clock(), []
    monkeypatch.setattr(cli_guided, "make_clock", lambda: clock)
    monkeypatch.setattr(cli_guided, "open_keys", lambda: contextlib.nullcontext(Keys(clock)))
    monkeypatch.setattr(cli_guided, "save_entry", saved.append)
    env = {**at("2026-12-11"), "FACETCOACH_ASSUME_TTY": "1"}
    result = cli("today", "--guided", "--quiet", env=env, input="3\n3\n")
    assert result.exit_code == 0, result.output
    assert "Adjusted: Abdominal brace, lying: 5-3 × 7 s holds → 5-3 × 8 s holds" in result.stdout
    [entry] = saved
    brace = next(d for d in entry.done if d.exercise_id == "abdominal-brace-lying")
    assert brace.hold_seconds == 8


# --- PM5: log --symptom ---------------------------------------------------------------------


def test_symptom_is_recorded_shows_the_advice_and_stops_progression(cli, plan):
    log_session(cli, "2026-12-07", 3, 3, 3)
    log_session(cli, "2026-12-09", 3, 3, 3)
    result = cli("log", "--symptom", "numbness", "--note", "left foot", env=at("2026-12-10"))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("You reported new numbness on Thu 10 Dec: get it checked")
    assert "Recorded in your log for Thu 10 Dec 2026 (entry id " in out
    assert "emergency department now" in out and "`facetcoach log checked" in out
    entry = load_entries()[-1]
    assert (entry.kind, entry.symptom, entry.note) == ("symptom", "numbness", "left foot")
    data = today_json(cli, "2026-12-11")
    assert data["progression_stopped"] is True
    assert [p["rule"] for p in data["prompts"]] == ["PM5"]
    assert data["prompts"][0]["level"] == "urgent"
    # The two easy sessions came before the symptom, but their step would first be given after
    # it (on Friday): it is not taken (found by a new user's trial: PM5 says nothing gets
    # harder from the symptom's day), and nothing more is.
    assert item(data, "abdominal-brace-lying")["hold_seconds"] == 7
    log_session(cli, "2026-12-11", 3, 3, 3)
    log_session(cli, "2026-12-14", 3, 3, 3)
    later = today_json(cli, "2026-12-16")
    assert item(later, "abdominal-brace-lying")["hold_seconds"] == 7
    assert any("PM5" in h["reason"] for h in later["held"])
    text = cli("today", env=at("2026-12-16")).stdout
    # Days after the report, the advice is one line (in full: --details).
    assert "Get your new numbness checked soon; see `facetcoach today --details`." in text


def test_symptom_json_and_bad_input(cli, plan):
    result = cli("log", "--symptom", "leg-pain", "--json", env=at("2026-12-09"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["symptom"] == "leg-pain"
    result = cli("log", "--symptom", "headache", env=at("2026-12-09"))
    assert result.exit_code == 2 and "--symptom" in result.stderr
    assert "numbness" in result.stderr
    result = cli("log", "--symptom", "numbness", "--pain-after", "3", env=at("2026-12-09"))
    assert result.exit_code == 2
    assert "--symptom records a symptom, not a session; --pain-after" in result.stderr


def test_a_symptom_needs_no_plan(cli):
    result = cli("log", "--symptom", "weakness", env=at("2026-12-09"))
    assert result.exit_code == 0, result.output
    assert load_entries()[0].symptom == "weakness"


# --- today: check-ins, the flare suggestion, PM6, FL3 ---------------------------------------


def test_today_says_when_a_checkin_is_due(cli, plan, write_toml):
    data = today_json(cli, "2026-12-07")
    assert data["checkin"] == {"due": True, "last": None, "next": "2026-12-07"}
    text = cli("today", env=at("2026-12-07")).stdout
    assert "A check-in is due: run `facetcoach checkin`" in text
    answers = str(write_toml("c.toml", CHECKIN))
    assert cli("checkin", "--answers", answers, env=at("2026-12-07")).exit_code == 0
    data = today_json(cli, "2026-12-09")
    assert data["checkin"] == {"due": False, "last": "2026-12-07", "next": "2026-12-21"}
    assert "check-in is due" not in cli("today", env=at("2026-12-09")).stdout
    assert today_json(cli, "2026-12-21")["checkin"]["due"] is True
    rest_day = cli("today", env=at("2026-12-22")).stdout  # Monday's session missed: offered
    assert "You missed the session" in rest_day and "A check-in is due" in rest_day


def test_today_suggests_the_flare_routine_after_pain_7_before(cli, plan):
    log_session(cli, "2026-12-07", 8, 6, None)
    data = today_json(cli, "2026-12-09")
    assert data["flare_suggested"] is True
    assert "your pain was 8 out of 10 before the session on Mon 7 Dec" in data["flare_reason"]
    text = cli("today", env=at("2026-12-09")).stdout.replace("\n", " ")
    assert "Consider the flare routine today" in text and "today --flare" in text
    flare = today_json(cli, "2026-12-09", "--flare")
    assert flare["flare"] is True and flare["flare_suggested"] is False


def test_today_suggests_the_flare_routine_after_a_rise_of_3(cli, plan):
    log_session(cli, "2026-12-07", 2, 5, None)
    assert today_json(cli, "2026-12-09")["flare_suggested"] is True


def test_pm6_in_today_and_progress_when_checkins_are_worse(cli, plan, write_toml):
    cli("checkin", "--answers", str(write_toml("a.toml", CHECKIN)), env=at("2026-12-07"))
    worse = "nprs = 7\nodi = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3]\n"
    result = cli("checkin", "--answers", str(write_toml("b.toml", worse)), env=at("2026-12-21"))
    assert "clearly worse" in result.stdout.replace("\n", " ")
    data = today_json(cli, "2026-12-21")
    [prompt] = data["prompts"]
    assert prompt["rule"] == "PM6" and "pain 4 → 7" in prompt["text"]
    progress = cli("progress", "--json", env=at("2026-12-21"))
    assert [p["rule"] for p in json.loads(progress.stdout)["prompts"]] == ["PM6"]
    text = cli("progress", env=at("2026-12-21")).stdout.replace("\n", " ")
    assert "Please see a doctor or physical therapist" in text


def test_fl3_in_today_when_a_flare_has_lasted_two_weeks(cli, plan):
    assert cli("log", "--skipped", "--reason", "flare", env=at("2026-12-07")).exit_code == 0
    assert today_json(cli, "2026-12-18")["prompts"] == []
    data = today_json(cli, "2026-12-21")
    assert [p["rule"] for p in data["prompts"]] == ["FL3"]


def test_fl3_does_not_count_a_holiday_as_days_of_the_flare(cli, plan):
    """Found by a new user's trial: a week's pause counted towards FL3's two weeks."""
    assert cli("log", "--skipped", "--reason", "flare", env=at("2026-12-07")).exit_code == 0
    paused = cli("plan", "pause", "--reason", "travel", "--from", "2026-12-10", "--until",
                 "2026-12-17", env=at("2026-12-08"))  # fmt: skip
    assert paused.exit_code == 0, paused.output
    assert today_json(cli, "2026-12-21")["prompts"] == []  # 7 program days of the flare
    data = today_json(cli, "2026-12-28")
    assert [p["rule"] for p in data["prompts"]] == ["FL3"]
    progress = json.loads(cli("progress", "--json", env=at("2026-12-21")).stdout)
    assert progress["prompts"] == []


def test_today_reminds_to_record_the_morning_pain(cli, plan):
    log_session(cli, "2026-12-07", 3, 3, None)
    data = today_json(cli, "2026-12-08")
    assert data["morning_pain_missing"] == "2026-12-07"
    assert "`facetcoach log morning N`" in cli("today", env=at("2026-12-08")).stdout


def test_today_with_a_damaged_log_still_shows_the_routine(cli, plan):
    write_log([L.easy(plan, L.MON)])
    paths.log_file().write_bytes(
        paths.log_file().read_bytes().replace(b'"pain_after":3', b'"pain_after":4')
    )
    result = cli("today", env=at("2026-12-09"))
    assert result.exit_code == 0, result.output
    assert "Your log could not be read, so the doses are as planned" in result.stdout
    data = today_json(cli, "2026-12-09")
    assert "is damaged" in data["log_problem"] and data["adjustments"] == []


# --- plan show and progress ----------------------------------------------------------------


def test_plan_show_lists_the_adjustments_of_the_next_session(cli, plan):
    append_entries([L.easy(plan, L.MON), L.easy(plan, L.WED)])
    result = cli("plan", "show", "--json", env=at("2026-12-10"))
    data = json.loads(result.stdout)
    assert data["next_session"]["date"] == "2026-12-11"
    brace = next(
        i for i in data["next_session"]["items"] if i["exercise_id"] == "abdominal-brace-lying"
    )
    assert brace["hold_seconds"] == 8
    assert {a["exercise_id"] for a in data["adjustments"]} == {
        "abdominal-brace-lying",
        "shoulder-blade-squeeze",
        "counter-feet-together",
    }
    # The program itself keeps its doses.
    first = data["weeks"][0]["sessions"][2]["items"]
    assert (
        next(i for i in first if i["exercise_id"] == "abdominal-brace-lying")["hold_seconds"] == 7
    )
    text = cli("plan", "show", env=at("2026-12-10")).stdout
    assert "Adjusted for your next session (Fri 11 Dec 2026)" in text


def test_progress_shows_the_checkins_over_time(cli, plan, write_toml):
    cli("checkin", "--answers", str(write_toml("a.toml", CHECKIN)), env=at("2026-12-07"))
    better = 'nprs = 2\nodi = [1, 1, 1, 1, 0, 1, 1, 1, 1, 1]\n[psfs]\n"walking" = 7\n'
    cli("checkin", "--answers", str(write_toml("b.toml", better)), env=at("2026-12-21"))
    data = json.loads(cli("progress", "--json", env=at("2026-12-22")).stdout)
    first, second = data["checkins"]
    assert (first["date"], first["nprs"], first["odi_percent"]) == ("2026-12-07", 4, 30.0)
    assert (second["nprs_change"], second["nprs_important"]) == (-2, True)
    assert (second["odi_change"], second["odi_important"]) == (-12.0, True)
    assert second["psfs_change"] is None  # no activities the first time
    assert data["checkin_due"] is False and data["next_checkin"] == "2027-01-04"
    assert data["prompts"] == []
    text = cli("progress", env=at("2026-12-22")).stdout
    assert "Check-ins: change from the first" in text
    assert "−2 ✓ better" in text and "−12 ✓ better" in text


def test_progress_counts_an_exercise_given_at_another_level_as_done(cli):
    levels = L.with_items(L.plan(), {3: [L.item("four-point-arm-reach", 3, 8, 10)]})
    from facetcoach.program.store import save_plan

    save_plan(levels)
    week_3 = [L.day(14), L.day(16), L.day(18)]
    for when in week_3[:2]:
        log_session(cli, when.isoformat(), 3, 3, 3)
    result = cli("log", "--pain-before", "3", "--pain-after", "3", env=at(week_3[2].isoformat()))
    assert result.exit_code == 0, result.output
    assert load_entries()[-1].done[0].exercise_id == "bird-dog"  # the next level, given
    data = json.loads(cli("progress", "--json", env=at("2026-12-25")).stdout)
    week = data["weeks"][2]
    assert (week["exercises_done"], week["exercises_planned"], week["extra_exercises"]) == (3, 3, 0)


# --- today stays fast -----------------------------------------------------------------------


def test_today_imports_no_pydantic_filelock_or_rich_with_a_log(home):
    plan = saved_plan()
    write_log([L.easy(plan, L.MON), L.easy(plan, L.WED), L.checkin(L.MON, 4, [1] * 10)])
    env = {
        **os.environ,
        "FACETCOACH_HOME": str(home),
        "FACETCOACH_TODAY": "2026-12-11",
        "FACETCOACH_DEBUG": "1",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for args in (["today"], ["today", "--json"]):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "facetcoach", *args],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
        assert "facetcoach.coaching.progression" in imported  # the coaching ran
        heavy = {m for m in imported if m.split(".")[0] in ("pydantic", "filelock", "rich")}
        assert heavy == set(), heavy
    data = json.loads(result.stdout)
    assert data["adjustments"]


def test_today_reads_only_the_entries_since_the_plan_began(cli, plan, monkeypatch):
    from facetcoach.log import store as log_store

    seen = []
    real = log_store.load_entries

    def spy(since=None):
        seen.append(since)
        return real(since=since)

    monkeypatch.setattr(log_store, "load_entries", spy)
    append_entries([L.easy(plan, L.MON)])
    cli("today", env=at("2026-12-09"))
    assert seen == [dt.date(2026, 12, 1)]  # plan_factory's plan was made on 1 Dec


def test_log_skip_takes_the_planned_id_of_an_exercise_given_at_another_level(cli):
    from facetcoach.program.store import save_plan

    top = L.item("four-point-arm-reach", 3, 8, 10)
    other = L.item("chin-tuck", 1, 10, 3)
    save_plan(L.with_items(L.plan(), {3: [top, other]}))
    for when in (L.day(14), L.day(16)):
        log_session(cli, when.isoformat(), 3, 3, 3)
    result = cli("log", "--skip", "four-point-arm-reach", env=at(L.day(18).isoformat()))
    assert result.exit_code == 0, result.output
    entry = load_entries()[-1]
    assert entry.planned == ["bird-dog", "chin-tuck"] and entry.skipped == ["bird-dog"]
    assert [d.exercise_id for d in entry.done] == ["chin-tuck"]


# --- One list of safety prompts for today and progress ----------------------------------------


def _rules(data: dict) -> list[str]:
    return [p["rule"] for p in data["prompts"]]


def test_fl4_a_flare_not_easing_is_in_today_and_progress(cli, plan):
    """Found in a read of the code: `progress` put together its own prompts and had no FL4, so
    three flare days with the pain not easing brought the early review in `today` only."""
    for day in ("2026-12-07", "2026-12-09", "2026-12-11"):
        result = cli("log", "--flare", "--pain-before", "6", "--pain-after", "6", env=at(day))
        assert result.exit_code == 0, result.output
    assert "FL4" in _rules(today_json(cli, "2026-12-11"))
    progress = cli("progress", "--json", env=at("2026-12-11"))
    assert progress.exit_code == 0, progress.output
    assert _rules(json.loads(progress.stdout)) == _rules(today_json(cli, "2026-12-11"))
    text = cli("progress", env=at("2026-12-11")).stdout.replace("\n", " ")
    assert "the pain is not easing" in text


def test_ph1_three_weeks_held_bring_the_review_in_today_and_progress(cli, plan):
    """PH1: after 3 weeks held at one phase, the PM6 advice. It had no test; `progress` did
    not give it. An open symptom (PM5) holds phase 1 from week 3 on."""
    assert cli("log", "--symptom", "weakness", env=at("2026-12-09")).exit_code == 0
    assert "waited" not in json.dumps(today_json(cli, "2026-12-28"))  # weeks 3 and 4: 2 held
    data = today_json(cli, "2027-01-04")  # week 5: the third week held
    held = [p for p in data["prompts"] if "waited 3 weeks" in p["text"]]
    assert [p["rule"] for p in held] == ["PM6"]
    progress = json.loads(cli("progress", "--json", env=at("2027-01-04")).stdout)
    assert _rules(progress) == _rules(data) == ["PM5", "PM6"]
    text = cli("progress", env=at("2027-01-04")).stdout.replace("\n", " ")
    assert "ask a doctor or physical therapist to review your exercises" in text
    # Found by review: the reason was "the sessions have not yet settled well", whatever held it.
    [held] = [p for p in data["prompts"] if "waited 3 weeks" in p["text"]]
    assert "settled well" not in held["text"] and "new symptom" in held["text"]
