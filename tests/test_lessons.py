"""Rule ED1: short lessons, one a session day in order, then again on request (`learn`)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from facetcoach.education.lessons import LESSONS, lesson_for
from facetcoach.log.entries import session_entry, skipped_entry
from facetcoach.program.schedule import sessions
from facetcoach.program.store import save_plan
from helpers.plan_factory import plan

MONDAY = dt.date(2026, 12, 7)
NOW = dt.datetime(2026, 12, 7, 18, 0, tzinfo=dt.timezone.utc)

# ED1's topics, in its order, as the first nine lessons.
ED1_ORDER = [
    "facet-joints",  # what facet joint pain is
    "getting-better",  # how it usually gets better (most low back pain improves over weeks)
    "hurt-not-harm",
    "pacing",
    "staying-active",  # staying active and staying at work
    "lifting-bending",
    "sleep",
    "flare-ups",
    "when-to-get-help",
]


def test_ed1_the_lessons_cover_its_topics_in_its_order_each_under_120_words():
    assert [lesson.id for lesson in LESSONS][: len(ED1_ORDER)] == ED1_ORDER
    assert len({lesson.id for lesson in LESSONS}) == len(LESSONS)
    for lesson in LESSONS:
        assert len(lesson.text.split()) < 120, lesson.id
        assert lesson.title and "\n" not in lesson.text
    assert "weeks" in LESSONS[1].text  # most low back pain improves over weeks


def _session(day: dt.date):
    built = plan(MONDAY)
    planned = next((s for _, s in sessions(built.program) if s.date == day), None)
    return session_entry(planned, day, NOW)


def test_ed1_the_nth_session_day_gets_lesson_n_and_a_missed_session_skips_no_lesson():
    built = plan(MONDAY)
    days = [session.date for _, session in sessions(built.program)]
    assert lesson_for(built, [], days[0]) == LESSONS[0]
    # Nothing recorded on the first session day: the second session day still gets lesson 1.
    assert lesson_for(built, [], days[1]) == LESSONS[0]
    logged = [_session(days[0]), _session(days[0]), _session(days[1])]  # one day counts once
    assert lesson_for(built, logged, days[2]) == LESSONS[2]
    # A skip is not a session: it does not move the lessons on.
    skip = skipped_entry(built.program.weeks[0].sessions[2], days[2], NOW, "sick")
    assert lesson_for(built, [*logged, skip], days[3]) == LESSONS[2]
    # Today's own session does not change today's lesson.
    assert lesson_for(built, [*logged, _session(days[2])], days[2]) == LESSONS[2]


def test_ed1_no_lesson_on_a_rest_day_nor_after_the_last_one():
    built = plan(MONDAY)
    days = [session.date for _, session in sessions(built.program)]
    assert lesson_for(built, [], MONDAY + dt.timedelta(days=1)) is None  # Tuesday: rest
    everything = [_session(day) for day in days[: len(LESSONS)]]
    assert lesson_for(built, everything, days[len(LESSONS)]) is None


def test_ed1_today_shows_the_lesson_in_text_and_json(cli):
    save_plan(plan(MONDAY))
    result = cli("today", "--json", env={"FACETCOACH_TODAY": "2026-12-07"})
    lesson = json.loads(result.stdout)["lesson"]
    assert lesson == {"id": LESSONS[0].id, "title": LESSONS[0].title, "text": LESSONS[0].text}
    text = cli("today", env={"FACETCOACH_TODAY": "2026-12-07"}).stdout
    assert f"Today's lesson: {LESSONS[0].title}" in text
    rest = json.loads(cli("today", "--json", env={"FACETCOACH_TODAY": "2026-12-08"}).stdout)
    assert rest["lesson"] is None


def test_learn_lists_every_lesson_and_shows_one_by_id_or_number(cli):
    listed = cli("learn")
    assert listed.exit_code == 0
    for number, lesson in enumerate(LESSONS, start=1):
        assert f"{number}. {lesson.id}" in listed.stdout and lesson.title in listed.stdout
    one = cli("learn", "pacing")
    assert one.exit_code == 0 and one.stdout.startswith("4. Pacing")
    assert json.loads(cli("learn", "4", "--json").stdout)["id"] == "pacing"
    every = json.loads(cli("learn", "--json").stdout)
    assert [item["id"] for item in every] == [lesson.id for lesson in LESSONS]
    assert set(every[0]) == {"number", "id", "title", "text"}


@pytest.mark.parametrize("wrong", ["hurt", "0", "99", "no-such-lesson"])
def test_learn_an_unknown_lesson_is_one_sentence_and_exit_2(cli, wrong):
    result = cli("learn", wrong)
    assert result.exit_code == 2
    assert "There is no lesson" in result.stderr and "facetcoach learn" in result.stderr
