"""Rule ST1: the STarT Back-style triage: nine yes/no items, scored low / medium / high, asked
in the intake and at every check-in; in the plan, in `today` when high (mentioned when medium),
and in the report. Never a refusal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from itertools import product

import pytest

from facetcoach.checkin.history import triage_answered_on
from facetcoach.errors import InputError
from facetcoach.intake.answers import parse_answers
from facetcoach.intake.triage import KEYS, PSYCHOSOCIAL, QUESTIONS, score, start_back_of
from facetcoach.log.entries import checkin_entry, new_entry_id
from facetcoach.log.store import load_entries
from facetcoach.models import Checkin, StartBack
from helpers.answers_data import example_data, write_answers

TODAY = {"FACETCOACH_TODAY": "2026-12-07"}
NOW = dt.datetime(2026, 12, 21, 18, 0, tzinfo=dt.timezone.utc)


def items(*yes: str) -> StartBack:
    return start_back_of({key: key in yes for key in KEYS})


def test_st1_nine_items_in_the_tool_s_order_the_last_five_psychosocial():
    assert len(QUESTIONS) == 9 and len(set(KEYS)) == 9
    assert KEYS[0] == "leg_pain" and KEYS[-1] == "very_bothersome"
    assert KEYS[4:] == PSYCHOSOCIAL
    assert all(question.endswith("?") for _, question in QUESTIONS)


def test_st1_scoring_total_3_or_less_low_psychosocial_4_or_more_high_else_medium():
    for answers in product([False, True], repeat=9):
        flags = dict(zip(KEYS, answers, strict=True))
        found = score(start_back_of(flags))
        total = sum(answers)
        psychosocial = sum(answers[4:])
        assert (found.total, found.psychosocial) == (total, psychosocial)
        expected = "low" if total <= 3 else "high" if psychosocial >= 4 else "medium"
        assert found.risk == expected, flags
    # The edges, named: 3 psychosocial items alone are still low; 4 of them are high.
    assert score(items(*PSYCHOSOCIAL[:3])).risk == "low"
    assert score(items(*PSYCHOSOCIAL[:4])).risk == "high"
    assert score(items(*KEYS[:4])).risk == "medium"


def _data(**start_back: bool) -> dict:
    return {**example_data(), "start_back": {key: False for key in KEYS} | start_back}


def test_st1_the_answers_file_table_is_optional_and_strict():
    assert parse_answers(example_data(), "a.toml").start_back is None
    parsed = parse_answers(_data(worrying_thoughts=True), "a.toml")
    assert parsed.start_back is not None and parsed.start_back.worrying_thoughts
    broken = _data()
    del broken["start_back"]["leg_pain"]
    broken["start_back"]["worried"] = True
    broken["start_back"]["dresses_slowly"] = "yes"
    with pytest.raises(InputError) as caught:
        parse_answers(broken, "a.toml")
    details = "\n".join(caught.value.details)
    assert "start_back.leg_pain" in details and "answer all nine" in details
    assert "start_back.worried" in details and "the triage questions are: leg_pain" in details
    assert "start_back.dresses_slowly" in details


def _plan(cli, tmp_path, **start_back) -> dict:
    path = write_answers(tmp_path, _data(**start_back))
    result = cli("plan", "--answers", str(path), "--json", "--force", env=TODAY)
    assert result.exit_code == 0, result.output  # ST1: the plan is always given
    return json.loads(result.stdout)


HIGH = dict.fromkeys(PSYCHOSOCIAL, True)  # 5 yes, all psychosocial
MEDIUM = dict.fromkeys(KEYS[:5], True)  # 5 yes, 1 psychosocial


def test_st1_the_plan_holds_the_result_and_today_recommends_support_when_high(cli, tmp_path):
    data = _plan(cli, tmp_path, **HIGH)
    assert data["triage"] == {"risk": "high", "total": 5, "psychosocial": 5}
    shown = json.loads(cli("plan", "show", "--json", env=TODAY).stdout)
    assert shown["triage"] == data["triage"]
    today = json.loads(cli("today", "--json", env=TODAY).stdout)
    assert today["triage"]["risk"] == "high" and today["triage"]["source"] == "intake"
    prompt = next(p for p in today["prompts"] if p["rule"] == "ST1")
    assert prompt["level"] == "warning" and "alongside" in prompt["text"]
    assert today["items"]  # the routine is still given
    text = cli("today", env=TODAY).stdout
    assert "physiotherapist or doctor who can support you alongside it" in text


def test_st1_medium_is_mentioned_low_and_unasked_say_nothing(cli, tmp_path):
    _plan(cli, tmp_path, **MEDIUM)
    today = json.loads(cli("today", "--json", env=TODAY).stdout)
    prompt = next(p for p in today["prompts"] if p["rule"] == "ST1")
    assert prompt["level"] == "info" and "medium risk" in prompt["text"]
    _plan(cli, tmp_path, leg_pain=True)
    today = json.loads(cli("today", "--json", env=TODAY).stdout)
    assert today["triage"]["risk"] == "low"
    assert not [p for p in today["prompts"] if p["rule"] == "ST1"]
    assert cli("plan", "--yes", "--force", env=TODAY).exit_code == 0
    today = json.loads(cli("today", "--json", env=TODAY).stdout)
    assert today["triage"] is None
    assert json.loads(cli("plan", "show", "--json", env=TODAY).stdout)["triage"] is None


CHECKIN = """\
nprs = 5
odi = [2, 2, 2, 2, 2, 2, 2, 1, 1, -1]

[start_back]
"""


def test_st1_a_check_in_asks_again_and_its_answer_is_the_one_in_force(cli, tmp_path):
    _plan(cli, tmp_path, **HIGH)
    lines = "".join(f"{key} = {'true' if key in KEYS[:2] else 'false'}\n" for key in KEYS)
    path = tmp_path / "checkin.toml"
    path.write_text(CHECKIN + lines, encoding="utf-8")
    env = {"FACETCOACH_TODAY": "2026-12-21"}
    result = cli("checkin", "--answers", str(path), "--json", env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["triage"] == {"risk": "low", "total": 2, "psychosocial": 0}
    today = json.loads(cli("today", "--json", env=env).stdout)
    assert today["triage"] == {
        "risk": "low",
        "total": 2,
        "psychosocial": 0,
        "source": "checkin",
        "date": "2026-12-21",
    }
    report = json.loads(cli("report", "--format", "json", env=env).stdout)
    assert report["triage"]["source"] == "checkin" and report["triage"]["risk"] == "low"
    text = cli("checkin", "--answers", str(path), env={"FACETCOACH_TODAY": "2026-12-22"}).stdout
    assert "Back questions (in the style of STarT Back): low risk" in text


def test_st1_the_report_names_the_instrument_and_flags_high_risk(cli, tmp_path):
    _plan(cli, tmp_path, **HIGH)
    markdown = cli("report", env=TODAY).stdout
    assert "Triage (approximates STarT Back):** high risk, 5 of 9 yes" in markdown
    assert "Care supported by a clinician is recommended alongside the program" in markdown
    html = cli("report", "--format", "html", env=TODAY).stdout
    assert "Triage (approximates STarT Back)" in html and "recommended alongside" in html
    data = json.loads(cli("report", "--format", "json", env=TODAY).stdout)
    assert data["triage"]["risk"] == "high" and "STarT Back" in data["triage"]["instrument"]


def test_st1_the_interactive_intake_asks_the_nine_questions(cli):
    screen_no = "n\n" * 5
    # Enter for the rest (the 12 of the first intake, E1b's arching question, the walking
    # minutes, "answer them now?"); all nine "yes".
    typed = screen_no + "\n" * 14 + "\n" + "y\n" * 9
    result = cli("plan", input=typed, env={**TODAY, "FACETCOACH_ASSUME_TTY": "1"})
    assert result.exit_code == 0, result.output
    assert "STarT Back" in result.stdout and QUESTIONS[5][1] in result.stdout
    shown = json.loads(cli("plan", "show", "--json", env=TODAY).stdout)
    assert shown["triage"] == {"risk": "high", "total": 9, "psychosocial": 5}
    assert "high risk" in result.stdout  # said when the plan is made, never a refusal


# --- ST1 at the check-in soon after the intake (found by a new user's trial) ----------------


def _typed_checkin(*triage: str) -> str:
    return "\n".join(["3", *["1"] * 10, "", *triage]) + "\n"


def test_st1_a_check_in_soon_after_the_intake_says_so_and_enter_leaves_the_triage(cli, tmp_path):
    """The first check-in often comes the day after the intake: the nine questions were just
    answered. They are still offered (ST1), with the day they were answered; Enter leaves
    them, and the intake's answer stays the one in force."""
    _plan(cli, tmp_path, **HIGH)
    env = {"FACETCOACH_TODAY": "2026-12-08", "FACETCOACH_ASSUME_TTY": "1"}
    result = cli("checkin", env=env, input=_typed_checkin(""))
    assert result.exit_code == 0, result.output
    assert "You answered them on Mon 7 Dec 2026." in result.stdout
    assert "Answer them again now? [y/n] (n)" in result.stdout
    [entry] = [e for e in load_entries() if e.kind == "checkin"]
    assert entry.checkin.start_back is None
    assert json.loads(cli("today", "--json", env=env).stdout)["triage"]["risk"] == "high"


def test_st1_two_weeks_on_enter_answers_the_triage_again(cli, tmp_path):
    _plan(cli, tmp_path, **HIGH)
    env = {"FACETCOACH_TODAY": "2026-12-21", "FACETCOACH_ASSUME_TTY": "1"}
    result = cli("checkin", env=env, input=_typed_checkin("", *[""] * 9))
    assert result.exit_code == 0, result.output
    assert "You answered them" not in result.stdout
    assert "Answer them now? [y/n] (y)" in result.stdout
    [entry] = [e for e in load_entries() if e.kind == "checkin"]
    assert entry.checkin.start_back == start_back_of(dict.fromkeys(KEYS, False))


def test_st1_the_last_answer_is_a_check_in_s_or_the_intake_s():
    day = dt.date(2026, 12, 21)
    plain = checkin_entry(dt.date(2026, 12, 14), NOW, Checkin(nprs=3, odi=[1] * 10, psfs={}))
    answered = start_back_of(dict.fromkeys(KEYS, False))
    asked = dataclasses.replace(
        plain, id=new_entry_id(), date=dt.date(2026, 12, 10),
        checkin=Checkin(nprs=3, odi=[1] * 10, psfs={}, start_back=answered),
    )  # fmt: skip
    later = dataclasses.replace(asked, id=new_entry_id(), date=dt.date(2026, 12, 22))
    entries = [asked, plain, later]
    assert triage_answered_on(entries, day, dt.date(2026, 12, 7)) == dt.date(2026, 12, 10)
    assert triage_answered_on([plain], day, dt.date(2026, 12, 7)) == dt.date(2026, 12, 7)
    assert triage_answered_on([plain], day, None) is None
    assert triage_answered_on([], day, dt.date(2026, 12, 22)) is None
