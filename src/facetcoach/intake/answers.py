"""The intake: the questions in plain words, their defaults, the answers file.

The red-flag screen itself is intake/screen.py.

Pure: no prompting and no files. The CLI asks the questions (cli/plan/commands.py) or reads the
answers file, and hands the text here; everything that can be wrong with an answer is
found here and said in one plain line naming the key and what is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from facetcoach.errors import InputError
from facetcoach.intake.screen import RED_FLAG_KEYS, no_red_flags
from facetcoach.intake.triage import KEYS as TRIAGE_KEYS
from facetcoach.model_json import strict_data, toml_as_json
from facetcoach.models import (
    ACTIVITY_LEVELS,
    EQUIPMENT,
    TRIGGERS,
    WEEKDAYS,
    Answers,
    W,
    Weekday,
    is_one_of,
)
from facetcoach.toml_text import is_whole_number

# --- The other questions, their defaults and what each key allows ----------------------

TRIGGER_WORDS = {
    "extension": "bending backward or arching",
    "flexion": "bending forward",
    "rotation": "twisting",
    "sitting": "sitting",
    "standing": "standing",
    "walking": "walking",
    "lifting": "lifting",
}

QUESTIONS = {
    # A usual day's pain, not this minute's: PM1b measures against it as "your usual pain"
    # (found by a new user's trial: asked "right now", then called "usual").
    "pain_now": (
        "How bad is your back pain on a usual day at the moment, from 0 (none) to 10 (the "
        "worst imaginable)?"
    ),
    "pain_worst": "And the worst it has been in the past week, from 0 to 10?",
    "worse_with": "What makes your pain worse? Give words separated by commas, or 'none'",
    "better_with": "What eases your pain? Same words, or 'none'",
    # E1b: asked only when the two answers above leave the direction open.
    "arching_provokes": "Does arching your back, or leaning back, bring on your usual pain?",
    "age": "How old are you?",
    "activity": "How active are you day to day?",
    "balance_concern": (
        "Have you had a fall in the past year, or do you feel unsteady on your feet?"
    ),
    # B4b: asked after a yes to balance_concern, to tell a fall apart from unsteadiness.
    "fell_last_year": "Have you had a fall in the past year?",
    "days": "Which days can you exercise? At least 2, separated by commas",
    "minutes": "How many minutes do you have for each session (10 to 60)?",
    "equipment": "What do you have at home? Words separated by commas, or 'none'",
    "start": "When do you want to start? today, tomorrow, mon or a date like 2026-12-07",
    "weeks": "How many weeks should the program last (6 to 16)?",
    "walking_minutes": (
        "How many minutes can you walk in a day now, in one go or in a few walks, without it "
        "stirring up your back? (0 if you cannot walk for exercise now)"
    ),
}

# The defaults of `plan --yes` and of each prompt (docs/commands.md, the answers file).
DEFAULTS: dict[str, Any] = {
    "pain_now": 3,
    "pain_worst": 5,
    "worse_with": [],
    "better_with": [],
    "age": 50,
    "activity": "moderate",
    "balance_concern": False,
    "days": ["mon", "wed", "fri"],
    "minutes": 20,
    "equipment": ["mat", "chair", "wall", "counter"],
    "weeks": 8,
    "walking_minutes": 10,  # rule A1: a modest start that most people with back pain manage
}

MIN_DAYS = 2  # rule W3: each category twice a week needs at least 2 session days
# A program's start: any real one fits, and the program's dates (and the day before it)
# stay inside the calendar (found by fuzzing: 0001-01-01 and 9999-12-06 crashed the planner).
EARLIEST_START = dt.date(1900, 1, 1)
LATEST_START = dt.date(9000, 12, 31)


def default_answers(start: dt.date | None) -> Answers:
    """Every default, the screen taken as "no" (`plan --yes` says so plainly)."""
    return Answers(
        **{k: _copy(v) for k, v in DEFAULTS.items()}, red_flags=no_red_flags(), start=start
    )


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _word_list(words: Sequence[str]) -> str:
    return ", ".join(words)


ALLOWED = {
    "pain_now": "a whole number from 0 to 10",
    "pain_worst": "a whole number from 0 to 10, at least pain_now",
    "worse_with": f"a list of words from: {_word_list(TRIGGERS)} ([] for none)",
    "better_with": f"a list of words from: {_word_list(TRIGGERS)} ([] for none)",
    "age": "a whole number from 18 to 110",
    "activity": f"one of: {_word_list(ACTIVITY_LEVELS)}",
    "balance_concern": "true or false",
    "days": f"a list of at least {MIN_DAYS} days from: {_word_list(WEEKDAYS)}",
    "minutes": "a whole number from 10 to 60",
    "equipment": f"a list of words from: {_word_list(EQUIPMENT)} ([] for none)",
    "start": "a date like 2026-12-07 (optional: the default is today)",
    "weeks": "a whole number from 6 to 16 (optional: the default is 8)",
    "arching_provokes": "true or false (optional: leave it out if you are not sure)",
    "fell_last_year": "true or false (optional: the default is false)",
    "red_flags": "a [red_flags] table answering every screen question with true or false",
    "walking_minutes": (
        "a whole number from 0 to 180, the minutes you can walk in a day now without a "
        "flare-up (0 if you cannot walk for exercise now; optional)"
    ),
    "start_back": (
        "a [start_back] table answering each of the nine triage questions with true or false "
        "(optional)"
    ),
}
TOP_KEYS = tuple(f.name for f in fields(Answers))


# --- The answers file ------------------------------------------------------------------


def parse_answers_toml(text: str, label: str) -> Answers:
    """An answers file's text as Answers, or an InputError listing every problem."""
    from facetcoach.toml_text import parse_answers_file_text

    return parse_answers(parse_answers_file_text(text, label), label)


def _validated(data: dict[str, Any], problems: list[str]) -> Answers | None:
    """The answers by pydantic's strict validator; each problem it finds is appended."""
    from pydantic import ValidationError

    from facetcoach.validation import validate_toml_data

    try:
        return validate_toml_data(Answers, data)
    except ValidationError as error:
        problems.extend(_schema_problems(error))
    except ValueError as error:
        problems.append(f"(the whole file): {error}")
    return None


def parse_answers(data: dict[str, Any], label: str) -> Answers:
    """Strictly check answers data (from TOML) and return Answers; every problem is listed."""
    problems: list[str] = []
    answers = None
    unknown = [key for key in data if key not in TOP_KEYS]
    if len(unknown) > 20:  # not an answers file: say so without checking each value (fast)
        problems = [f"{key}: is not a known key; the keys are: {_word_list(TOP_KEYS)}"
                    for key in unknown]  # fmt: skip
    else:
        # The standard library's strict check first; pydantic on a doubt, for its words.
        answers = strict_data(Answers, toml_as_json(data))
        if answers is None:
            answers = _validated(data, problems)
    if len(unknown) <= 20:
        problems.extend(semantic_problems(data))
    if problems or answers is None:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        raise InputError(
            f"The answers file {label} has {count:,} {noun}; fix {'it' if count == 1 else 'them'} "
            "and run the command again.",
            details=problems,
        )
    return answers


def _schema_problems(error: Any) -> list[str]:
    from facetcoach.validation import describe_error, dotted

    lines = []
    for item in error.errors(include_url=False):
        loc = item["loc"]
        where = dotted(loc)
        what = describe_error(item)
        key = loc[0] if loc else ""
        if item["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            if key == "red_flags" and len(loc) > 1:
                allowed = f"the screen questions are: {_word_list(RED_FLAG_KEYS)}"
            elif key == "start_back" and len(loc) > 1:
                allowed = f"the triage questions are: {_word_list(TRIAGE_KEYS)}"
            else:
                allowed = f"the keys are: {_word_list(TOP_KEYS)}"
            lines.append(f"{where}: {what}; {allowed}")
        elif key == "red_flags" and len(loc) > 1:
            suffix = (
                " (every screen question must be answered)"
                if item["type"]
                in (
                    "missing",
                    "missing_argument",
                )
                else ""
            )
            lines.append(f"{where}: {what}; answer true or false{suffix}")
        elif key == "start_back" and len(loc) > 1:
            missing = item["type"] in ("missing", "missing_argument")
            suffix = " (answer all nine, or leave the table out)" if missing else ""
            lines.append(f"{where}: {what}; answer true or false{suffix}")
        elif item["type"] == "literal_error":
            lines.append(f"{where}: {what}")
        else:
            lines.append(
                f"{where}: {what}; allowed: {ALLOWED.get(str(key), 'see docs/commands.md')}"
            )
    return lines


def semantic_problems(data: dict[str, Any]) -> list[str]:
    """What the schema cannot say: repeats, contradictions, too few days, worst below now."""
    problems = []
    for key in ("worse_with", "better_with", "days", "equipment"):
        values = data.get(key)
        if isinstance(values, list):
            seen = set()
            for value in values:
                if isinstance(value, str) and value in seen:
                    problems.append(f"{key}: {value!r} is listed more than once")
                if isinstance(value, (str, int, float, bool)):
                    seen.add(value)
    days = data.get("days")
    if isinstance(days, list) and len(set(map(str, days))) < MIN_DAYS:
        problems.append(days_problem(len(set(map(str, days)))))
    worse, better = data.get("worse_with"), data.get("better_with")
    if isinstance(worse, list) and isinstance(better, list):
        for word in better:
            if isinstance(word, str) and word in worse:
                problems.append(overlap_problem(word))
    start = data.get("start")
    if type(start) is dt.date and not EARLIEST_START <= start <= LATEST_START:
        problems.append(f"start: {start_problem()}")
    now, worst = data.get("pain_now"), data.get("pain_worst")
    if is_whole_number(now) and is_whole_number(worst) and 0 <= worst < now <= 10:
        problems.append(
            f"pain_worst: must be at least pain_now ({now}), since it is the worst of the past week"
        )
    return problems


def days_problem(count: int) -> str:
    return (
        f"days: choose at least {MIN_DAYS} days a week (you gave {count}), so that every kind "
        "of exercise can come twice a week"
    )


def overlap_problem(word: str) -> str:
    return (
        f"better_with: {word!r} is also in worse_with; a movement cannot both ease and worsen "
        "your pain, so list it in one of them"
    )


def overlap_said(word: str) -> str:
    """overlap_problem() in the intake's words, for the prompt."""
    return (
        f"You said {plain_word(word, 'worse_with')!r} makes your pain worse: it cannot also ease "
        "it. Leave it out here, or give other words."
    )


# --- Parsing typed answers (the interactive intake re-asks with these reasons) ---------


# What a person may type for a trigger, beside its key: the words the intake shows, and a
# few more ways of saying them.
TRIGGER_SAYINGS = {
    "bending backward": "extension",
    "bending backwards": "extension",
    "bending back": "extension",
    "leaning back": "extension",
    "arching": "extension",
    "arching back": "extension",
    "bending backward or arching": "extension",
    "bending forward": "flexion",
    "bending forwards": "flexion",
    "bending over": "flexion",
    "twisting": "rotation",
    "twist": "rotation",
    "turning": "rotation",
    "sit": "sitting",
    "stand": "standing",
    "walk": "walking",
    "lift": "lifting",
}


def plain_word(word: str, key: str) -> str:
    """A key's word as the intake says it: 'bending backward', 'foam roller'."""
    if key in ("worse_with", "better_with"):
        return TRIGGER_WORDS.get(word, word).split(" or ")[0]
    return word.replace("_", " ")


def parse_words(text: str, key: str, allowed: Sequence[W]) -> list[W]:
    """'bending backward, sitting' or 'extension, sitting' -> ['extension', 'sitting'];
    'none' or '' -> []. A word that is not allowed is named with the allowed ones, in the
    words the intake shows (never the answers file's keys)."""
    triggers = key in ("worse_with", "better_with")
    sayings = TRIGGER_SAYINGS if triggers else {}
    # "standing a long time" is standing (found by a new user's trial: it was refused).
    filler = _FILLER | _HOW_LONG if triggers else _FILLER
    words: list[W] = []
    cleaned = text.replace(";", ",").replace(" and ", ",").strip().lower()
    if cleaned in ("", "none", "no", "nothing", "-"):
        return []
    for part in cleaned.split(","):
        # (without the words that say nothing: "a mat and a chair", found by a new user)
        spaced = " ".join(
            word for word in part.replace("-", " ").replace("_", " ").split() if word not in filler
        )
        joined = spaced.replace(" ", "_")  # "foam roller" -> foam_roller
        if not spaced and part.strip():
            # Only the words that say nothing ("some"): asked again, never taken for none
            # (found by a second review: "some" equipment became no equipment).
            shown = ", ".join(plain_word(w, key) for w in allowed)
            raise InputError(f"{part.strip()!r} is not one of: {shown}.")
        if not spaced:
            continue
        if spaced in sayings:
            found = [sayings[spaced]]
        elif joined in allowed:
            found = [joined]
        else:
            found = [
                sayings.get(word, word.replace("-", "_"))
                for word in part.split()
                if word not in filler
            ]
        for word in found:
            if not is_one_of(word, allowed):
                shown = ", ".join(plain_word(w, key) for w in allowed)
                # "extension cycling": the stray word; "bending sideways": the whole phrase.
                what = (
                    word
                    if len(found) > 1 and all(w in allowed for w in found if w != word)
                    else spaced
                )
                raise InputError(f"{what!r} is not one of: {shown}.")
            if word not in words:
                words.append(word)
    return words


# Words around the answer that say nothing: "a mat and a chair", "my foam roller".
_FILLER = frozenset({"a", "an", "the", "my", "some"})
# How long or how much, around a trigger: "sitting for long periods", "too much walking".
_HOW_LONG = frozenset(
    {"long", "longer", "time", "times", "for", "periods", "period", "too", "much", "lot",
     "lots", "of", "prolonged", "while", "hours", "ages", "spells"}
)  # fmt: skip


def parse_days(text: str) -> list[Weekday]:
    """'mon, wed, fri' (or full names) -> ['mon', 'wed', 'fri'], in week order."""
    given = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        word = part.strip().lower()
        if not word:
            continue
        if word.isdecimal():  # "3": how many, where the question asks which (a new user)
            raise InputError(
                "Give the days by name, not how many (for example mon, wed, fri); the days "
                f"are: {_word_list(WEEKDAYS)}."
            )
        short = word[:3]
        if short not in WEEKDAYS or not _day_name(short).startswith(word):
            raise InputError(f"{part.strip()!r} is not a day; use: {_word_list(WEEKDAYS)}.")
        if short not in given:
            given.append(short)
    if len(given) < MIN_DAYS:
        raise InputError(
            f"Choose at least {MIN_DAYS} days a week, so that every kind of exercise can "
            "come twice a week."
        )
    return [day for day in WEEKDAYS if day in given]


def _day_name(short: str) -> str:
    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return names[WEEKDAYS.index(short)]


def parse_start(text: str, today: dt.date) -> dt.date:
    """The start typed at the prompt: a date, or words like tomorrow or mon (the next one)."""
    from facetcoach.days import DAY_FORMS, day_from_words

    day = day_from_words(text, today, "future")
    if day is None:
        raise InputError(f"{text.strip()!r} is not a day; use {DAY_FORMS}.")
    if not EARLIEST_START <= day <= LATEST_START:
        raise InputError(f"The start {start_problem()}.")
    return day


def start_problem() -> str:
    return f"must be a date from {EARLIEST_START} to {LATEST_START}"


def parse_yes_no_unsure(text: str) -> bool | None:
    """'y' or 'yes' -> True, 'n' or 'no' -> False, '' or 'not sure' -> None."""
    word = text.strip().lower()
    if word in ("y", "yes"):
        return True
    if word in ("n", "no"):
        return False
    if word in ("", "?", "not sure", "unsure", "don't know", "dont know"):
        return None
    raise InputError(f"{text.strip()!r} is not an answer: type y, n, or press Enter if unsure.")


def check_number(value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise InputError(f"Give a whole number from {low} to {high}.")
    return value
