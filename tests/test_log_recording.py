"""log/recording.py: the rules that turn `facetcoach log`'s options into one entry (core)."""

from __future__ import annotations

import datetime as dt

import pytest

from facetcoach.errors import DataError, InputError
from facetcoach.log.recording import (
    SessionReport,
    build_entry,
    check_day,
    check_report,
    no_session_sentence,
    renamed,
)
from facetcoach.models import Exercise
from facetcoach.program.schedule import session_on
from helpers import plan_factory

NOW = dt.datetime(2026, 12, 9, 18, 0, tzinfo=dt.timezone.utc)
WED = dt.date(2026, 12, 9)


def require(option: str, exercise_id: str) -> Exercise:
    exercise = plan_factory.load_library().get(exercise_id)
    if exercise is None:
        raise InputError(f"{option} {exercise_id!r}: there is no exercise with that id.")
    return exercise


@pytest.mark.parametrize(
    ("report", "words"),
    [
        (SessionReport(skip=["a"], only=["b"]), "--skip or --only, not both"),
        (SessionReport(reason="sick"), "--reason goes with --skipped"),
        (SessionReport(skipped=True), "--skipped needs --reason"),
        (SessionReport(skipped=True, reason="sick", pain_after=3), "--pain-after does not fit"),
    ],
)
def test_options_that_do_not_go_together_are_refused(report: SessionReport, words: str) -> None:
    with pytest.raises(InputError, match=words):
        check_report(report)


def test_a_day_without_a_session_says_why() -> None:
    plan = plan_factory.plan()
    assert no_session_sentence(plan, dt.date(2026, 12, 8)).endswith("(a rest day).")
    assert "starts on Mon 7 Dec 2026" in no_session_sentence(plan, dt.date(2026, 12, 1))
    with pytest.raises(InputError, match="There is nothing to skip"):
        check_day(plan, None, dt.date(2026, 12, 8), SessionReport(skipped=True, reason="sick"))
    with pytest.raises(DataError, match="There is no plan yet"):
        check_day(None, None, WED, SessionReport())
    check_day(None, None, WED, SessionReport(extra=["cat-camel"]))  # extras need no plan


def test_only_turns_into_the_planned_exercises_left_out() -> None:
    plan = plan_factory.plan()
    session = session_on(plan.program, WED)
    assert session is not None
    planned = [item.exercise_id for item in session.items]
    recorded = build_entry(plan, session, WED, NOW, SessionReport(only=planned[:1]), require)
    assert recorded.entry.skipped == planned[1:]
    assert [d.exercise_id for d in recorded.entry.done] == planned[:1]
    with pytest.raises(InputError, match="not in the session planned"):
        build_entry(plan, session, WED, NOW, SessionReport(skip=["side-bridge-knees"]), require)


def test_a_planned_exercise_given_at_another_level_may_be_named_by_either_id() -> None:
    report = SessionReport(skip=["bird-dog-arms"], only=["x"])
    renamed(report, {"bird-dog-arms": "bird-dog"})
    assert (report.skip, report.only) == (["bird-dog"], ["x"])


def test_extra_exercises_on_a_rest_day_say_that_nothing_was_planned() -> None:
    plan = plan_factory.plan()
    recorded = build_entry(
        plan, None, dt.date(2026, 12, 8), NOW, SessionReport(extra=["cat-camel"]), require
    )
    assert (
        recorded.planned_note is not None and "Recorded as extra exercises" in recorded.planned_note
    )
    assert recorded.entry.extra == ["cat-camel"]
