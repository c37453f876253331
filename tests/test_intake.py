"""The intake: the answers file is checked strictly, every problem named with what is
allowed; the red-flag screen stops with each group's action; typed answers are parsed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from facetcoach.errors import InputError, RedFlagStop
from facetcoach.intake.answers import (
    DEFAULTS,
    default_answers,
    parse_answers,
    parse_answers_toml,
    parse_days,
    parse_start,
    parse_words,
)
from facetcoach.intake.screen import (
    RED_FLAG_GROUPS,
    RED_FLAG_KEYS,
    flagged,
    no_red_flags,
    red_flag_stop,
)
from facetcoach.models import TRIGGERS, Answers
from helpers.answers_data import EXAMPLE, example_data, to_toml


def problems_of(data: dict) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_answers(data, "answers.toml")
    assert caught.value.exit_code == 2
    assert "answers.toml" in caught.value.message
    return caught.value.details


def test_the_documented_example_parses():
    answers = parse_answers_toml(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    assert answers.pain_now == 4 and answers.pain_worst == 6
    assert answers.worse_with == ["extension", "rotation"]
    assert answers.better_with == ["flexion"]
    assert answers.days == ["mon", "wed", "fri"]
    assert answers.equipment == ["mat", "chair", "counter"]
    assert answers.start == dt.date(2026, 12, 7)
    assert answers.weeks == 8
    assert answers.red_flags == no_red_flags()


def test_start_and_weeks_are_optional():
    data = example_data()
    del data["start"], data["weeks"]
    answers = parse_answers(data, "a.toml")
    assert answers.start is None and answers.weeks == 8


def test_defaults_of_yes_are_the_documented_ones():
    answers = default_answers(dt.date(2026, 12, 7))
    assert (answers.pain_now, answers.pain_worst, answers.age) == (3, 5, 50)
    assert answers.worse_with == [] and answers.better_with == []
    assert answers.activity == "moderate" and answers.balance_concern is False
    assert answers.days == ["mon", "wed", "fri"] and answers.minutes == 20
    assert answers.equipment == ["mat", "chair", "wall", "counter"]
    assert answers.weeks == 8 and answers.start == dt.date(2026, 12, 7)
    assert answers.red_flags == no_red_flags()
    # The defaults are copies: changing one answers' list never changes DEFAULTS.
    answers.days.append("sun")
    assert DEFAULTS["days"] == ["mon", "wed", "fri"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"pain_now": 11}, "pain_now: must be from 0 to 10; allowed: a whole number from 0 to 10"),
        ({"pain_now": "4"}, "pain_now: must be a whole number (got the text '4')"),
        ({"pain_now": 4.5}, "pain_now: must be a whole number"),
        ({"age": 12}, "age: must be from 18 to 110"),
        ({"minutes": 90}, "minutes: must be from 10 to 60; allowed: a whole number from 10 to 60"),
        ({"weeks": 4}, "weeks: must be from 6 to 16"),
        ({"activity": "lazy"}, "activity: must be one of 'sedentary', 'moderate' or 'active'"),
        ({"worse_with": ["arching"]}, "worse_with[0]: must be one of 'extension', 'flexion'"),
        ({"equipment": ["kettlebell"]}, "equipment[0]: must be one of 'mat', 'chair'"),
        ({"days": ["monday", "wed"]}, "days[0]: must be one of 'mon', 'tue'"),
        ({"days": "mon"}, "days: must be a list"),
        ({"balance_concern": "no"}, "balance_concern: must be true or false"),
        ({"start": "next week"}, "start: must be a date like 2026-12-07"),
        # Found by fuzzing `plan --answers`: these crashed the planner (date out of range).
        ({"start": dt.date(1, 1, 1)}, "start: must be a date from 1900-01-01 to 9000-12-31"),
        ({"start": dt.date(9999, 12, 6)}, "start: must be a date from 1900-01-01 to 9000-12-31"),
        ({"colour": "blue"}, "colour: is not a known key; the keys are: pain_now, pain_worst"),
        ({"days": ["mon"]}, "days: choose at least 2 days a week (you gave 1)"),
        ({"days": ["mon", "mon"]}, "days: 'mon' is listed more than once"),
        ({"better_with": ["extension"]}, "better_with: 'extension' is also in worse_with"),
        ({"pain_now": 7, "pain_worst": 5}, "pain_worst: must be at least pain_now (7)"),
    ],
)
def test_a_bad_answer_names_the_key_and_what_is_allowed(change, expected):
    data = {**example_data(), **change}
    problems = problems_of(data)
    assert any(expected in line for line in problems), problems


def test_an_unanswered_screen_question_is_an_error():
    data = example_data()
    del data["red_flags"]["both_legs"]
    problems = problems_of(data)
    assert problems == [
        "red_flags.both_legs: is missing; answer true or false "
        "(every screen question must be answered)"
    ]


def test_a_missing_screen_and_an_unknown_screen_question():
    data = example_data()
    data["red_flags"]["headache"] = False
    assert any(
        line.startswith("red_flags.headache: is not a known key; the screen questions are:")
        for line in problems_of(data)
    )
    del data["red_flags"]
    assert any(line.startswith("red_flags: is missing") for line in problems_of(data))


def test_every_problem_is_listed_at_once():
    data = {**example_data(), "pain_now": 12, "colour": "x", "days": ["mon"]}
    del data["red_flags"]["major_trauma"]
    problems = problems_of(data)
    assert len(problems) == 4
    assert [line.split(":")[0] for line in problems] == [
        "pain_now",
        "red_flags.major_trauma",
        "colour",
        "days",
    ]


def test_invalid_toml_is_one_sentence():
    with pytest.raises(InputError, match=r"The answers file a\.toml is not valid TOML"):
        parse_answers_toml("pain_now = = 3", "a.toml")


# --- The red-flag screen -----------------------------------------------------------------

GROUP_ACTIONS = {
    "cauda_equina": "Go to an emergency department now",
    "neurological": "Get a medical assessment today (same day)",
    "infection": "Get a medical assessment today (same day)",
    "cancer": "See a doctor promptly",
    "fracture": "Get a medical assessment before you start exercising",
}


def test_the_screen_covers_every_question_once_in_five_groups():
    keys = [key for group in RED_FLAG_GROUPS for key, _ in group.questions]
    assert sorted(keys) == sorted(RED_FLAG_KEYS)
    assert [group.key for group in RED_FLAG_GROUPS] == list(GROUP_ACTIONS)


def test_all_no_means_go_ahead():
    assert red_flag_stop(no_red_flags()) is None
    assert flagged(no_red_flags()) == []


@pytest.mark.parametrize("key", RED_FLAG_KEYS)
def test_any_single_yes_stops_with_its_groups_action(key):
    flags = dataclasses.replace(no_red_flags(), **{key: True})
    stop = red_flag_stop(flags)
    assert isinstance(stop, RedFlagStop) and stop.exit_code == 3
    group = next(g for g in RED_FLAG_GROUPS if key in dict(g.questions))
    assert stop.message.startswith(GROUP_ACTIONS[group.key])
    assert "Do not start the exercise program yet" in stop.message
    text = "\n".join(stop.details)
    assert dict(group.questions)[key] in text
    assert "not a diagnosis" in text
    assert "Nothing was saved" in text
    # "Get checked", never "you have": the wording must not claim a diagnosis.
    assert "you have" not in (stop.message + text).lower()


def test_the_most_urgent_action_comes_first():
    flags = dataclasses.replace(no_red_flags(), cancer_history=True, both_legs=True)
    stop = red_flag_stop(flags)
    assert stop is not None
    assert stop.message.startswith("Go to an emergency department now")
    assert stop.details[0].startswith("Possible pressure on the nerves")  # its action: the message
    assert stop.details[1].startswith("See a doctor promptly")


# --- Typed answers -------------------------------------------------------------------------


def test_parse_words():
    assert parse_words("extension, Sitting", "worse_with", TRIGGERS) == ["extension", "sitting"]
    assert parse_words("none", "worse_with", TRIGGERS) == []
    assert parse_words("", "worse_with", TRIGGERS) == []
    assert parse_words("foam-roller mat", "equipment", ("mat", "foam_roller")) == [
        "foam_roller",
        "mat",
    ]
    assert parse_words("Foam Roller, mat", "equipment", ("mat", "foam_roller")) == [
        "foam_roller",
        "mat",
    ]
    # The intake's own words are read, and named when a word is refused (never the keys).
    assert parse_words("bending backward, twisting", "worse_with", TRIGGERS) == [
        "extension",
        "rotation",
    ]
    assert parse_words("Bending forward and sitting", "better_with", TRIGGERS) == [
        "flexion",
        "sitting",
    ]
    with pytest.raises(InputError, match="'cycling' is not one of: bending backward, bending"):
        parse_words("extension, cycling", "worse_with", TRIGGERS)
    with pytest.raises(InputError, match="'bending sideways' is not one of: bending backward"):
        parse_words("bending sideways", "worse_with", TRIGGERS)
    with pytest.raises(InputError, match="'rope' is not one of: mat, foam roller"):
        parse_words("mat, rope", "equipment", ("mat", "foam_roller"))


def test_parse_days():
    assert parse_days("fri, mon, Wednesday") == ["mon", "wed", "fri"]
    with pytest.raises(InputError, match="at least 2 days"):
        parse_days("mon")
    with pytest.raises(InputError, match="'mondays' is not a day"):
        parse_days("mondays, tue")


def test_parse_start_takes_a_date_or_the_words_of_days_py():
    today = dt.date(2026, 12, 9)  # a Wednesday
    assert parse_start(" 2026-12-07 ", today) == dt.date(2026, 12, 7)
    assert parse_start("tomorrow", today) == dt.date(2026, 12, 10)
    assert parse_start("mon", today) == dt.date(2026, 12, 14)  # a start looks ahead
    assert parse_start("Wednesday", today) == today
    with pytest.raises(InputError, match="'soon' is not a day; use 2026-12-07, today"):
        parse_start("soon", today)
    with pytest.raises(InputError, match="The start must be a date from 1900-01-01"):
        parse_start("9999-12-31", today)
    assert parse_start("9000-12-31", today) == dt.date(9000, 12, 31)


# --- Fuzzing the answers file: a valid Answers or a clear InputError, never anything else ---

ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.dates(),
    st.lists(st.one_of(st.text(max_size=10), st.integers(), st.sampled_from(TRIGGERS)), max_size=4),
)
KEYS = [f.name for f in dataclasses.fields(Answers) if f.name != "red_flags"]


@given(
    key=st.sampled_from([*KEYS, "unknown_key", *(f"red_flags.{k}" for k in RED_FLAG_KEYS)]),
    value=ANY_VALUE,
)
def test_fuzzed_answers_are_valid_or_name_the_key(key, value):
    data = example_data()
    if key.startswith("red_flags."):
        target, name = data["red_flags"], key.split(".", 1)[1]
    else:
        target, name = data, key
    if value is None:
        target.pop(name, None)  # TOML has no null: None means "left out"
    else:
        target[name] = value
    try:
        answers = parse_answers_toml(to_toml(data), "fuzz.toml")
    except InputError as error:
        event("refused")
        assert error.details, error.message
        # Every problem line starts with a key, and the changed key is among them.
        named = {line.split(":")[0].split("[")[0] for line in error.details}
        related = (
            {key, "better_with", "pain_worst", "worse_with"}
            if key
            in (
                "worse_with",
                "better_with",
                "pain_now",
                "pain_worst",
            )
            else {key}
        )
        assert named & related, error.details
    else:
        event("accepted")
        assert isinstance(answers, Answers)
