"""The check-in questionnaire: its questions, and checking answers typed or read from a file.

Three parts (clinical-rules.md, "Outcome measures"):
- pain on a 0-10 numeric rating scale (NPRS);
- a function score in 10 sections of 0-5, scored like the Oswestry Disability Index (ODI%);
  the ODI's own wording is copyrighted, so these questions are facetcoach's own words on the
  same ten areas: the score approximates the ODI, it is not the validated questionnaire;
- a Patient-Specific Functional Scale (PSFS): up to 3 activities the user names, each 0-10.

Pure apart from reading TOML text (toml_text, imported when needed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from facetcoach.errors import InputError
from facetcoach.intake.triage import KEYS as TRIAGE_KEYS
from facetcoach.intake.triage import start_back_of
from facetcoach.models import Checkin, StartBack
from facetcoach.ratings import out_of_ten
from facetcoach.safe_text import check_text, control_character, control_problem
from facetcoach.toml_text import is_whole_number

INSTRUMENT = (
    "Oswestry-style function score: 10 areas of daily life, 0-5 each, scored like the "
    "Oswestry Disability Index (ODI%) but asked in facetcoach's own words"
)
NPRS_QUESTION = (
    "How bad has your back pain been over the past 24 hours, on average? "
    "0 = no pain, 10 = the worst pain you can imagine"
)
PSFS_ACTIVITIES = 3
ACTIVITY_LENGTH = 60
SKIPPED = -1

# How much the back limits each area: the same six steps for every area but the first.
LIMIT_LEVELS = (
    "not at all",
    "a little: it hurts, but I still do it as usual",
    "somewhat: I do it less, or more slowly and carefully",
    "a lot: I manage about half of what I used to",
    "very much: I can barely do it",
    "completely: I cannot do it at all",
)


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    question: str
    levels: tuple[str, ...]


SECTIONS = (
    Section(
        "Pain",
        "How strong is your back pain today?",
        (
            "none",
            "mild: I notice it, but it barely bothers me",
            "moderate: it is there, but I get on with things",
            "fairly strong: it gets in the way of what I want to do",
            "very strong: it is hard to think of anything else",
            "as bad as I can imagine",
        ),
    ),
    Section(
        "Looking after yourself",
        "How much does your back limit washing, dressing and looking after yourself?",
        LIMIT_LEVELS,
    ),
    Section("Lifting", "How much does your back limit lifting and carrying things?", LIMIT_LEVELS),
    Section("Walking", "How much does your back limit walking?", LIMIT_LEVELS),
    Section(
        "Sitting", "How much does your back limit sitting for as long as you want?", LIMIT_LEVELS
    ),
    Section(
        "Standing", "How much does your back limit standing for as long as you want?", LIMIT_LEVELS
    ),
    Section("Sleeping", "How much does your back limit your sleep?", LIMIT_LEVELS),
    Section(
        "Sex life",
        "How much does your back limit your sex life? (Skip this one if it does not apply.)",
        LIMIT_LEVELS,
    ),
    Section(
        "Social life", "How much does your back limit seeing people and going out?", LIMIT_LEVELS
    ),
    Section(
        "Getting about",
        "How much does your back limit trips by car, bus or train?",
        LIMIT_LEVELS,
    ),
)

KEYS = ("nprs", "odi", "psfs", "start_back")
ALLOWED = {
    "start_back": "a [start_back] table answering each of the nine triage questions with true "
    "or false (optional; rule ST1)",
    "nprs": "a whole number from 0 to 10",
    "odi": f"a list of {len(SECTIONS)} whole numbers from 0 to 5, -1 for a skipped section",
    "psfs": f'a table of up to {PSFS_ACTIVITIES} "activity" = score, each score 0 to 10',
}


# --- Typed answers (the interactive check-in re-asks with these reasons) -------------------


def parse_nprs(text: str) -> int:
    return _whole(text, 0, 10)


def parse_section(text: str) -> int:
    """0-5 for a section, or -1 when the user skips it (s, skip or -)."""
    word = text.strip().lower()
    if word in ("s", "skip", "-"):
        return SKIPPED
    try:
        return _whole(word, 0, 5)
    except InputError:
        raise InputError("Type a number from 0 to 5, or s to skip this section.") from None


def parse_rating(text: str) -> int:
    return _whole(text, 0, 10)


# Answers to "Another activity (Enter to finish)" that mean "no more" (found by a new user's
# trial: "n" became an activity to rate, with no way out but Ctrl-C, which lost the check-in).
NO_MORE = {"n", "no", "none", "nothing", "done", "finish", "finished", "q", "quit", "-"}


def parse_activity(text: str) -> str:
    """An activity's name, or "" for none (Enter, or a word such as "no" or "done")."""
    name = " ".join(text.split())
    if name.lower().rstrip(".!") in NO_MORE:
        return ""
    check_text("The activity", name)
    if len(name) > ACTIVITY_LENGTH:
        raise InputError(f"Keep the activity short: at most {ACTIVITY_LENGTH} characters.")
    return name


def _whole(text: str, low: int, high: int) -> int:
    word = out_of_ten(text).strip() if high == 10 else text.strip()
    if not word.lstrip("-").isdigit():
        raise InputError(f"Type a whole number from {low} to {high}.")
    value = int(word)
    if not low <= value <= high:
        raise InputError(
            f"{value} is not from {low} to {high}; type a number from {low} to {high}."
        )
    return value


def check_sections(odi: list[int]) -> None:
    if all(score == SKIPPED for score in odi):
        raise InputError(
            "Every section of the function questions was skipped; answer at least one."
        )


# --- The answers file ------------------------------------------------------------------------


def parse_checkin_toml(text: str, label: str) -> Checkin:
    """An answers file's text as a Checkin, or an InputError listing every problem."""
    from facetcoach.toml_text import parse_answers_file_text

    return checkin_from_data(parse_answers_file_text(text, label), label)


def checkin_from_data(data: dict[str, Any], label: str) -> Checkin:
    problems: list[str] = []
    for key in data:
        if key not in KEYS:
            problems.append(f"{key}: unknown key; the keys are: {', '.join(KEYS)}")
    nprs = _nprs(data, problems)
    odi = _odi(data, problems)
    psfs = _psfs(data, problems)
    start_back = start_back_from(data.get("start_back"), problems)
    if problems:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        raise InputError(
            f"The answers file {label} has {count:,} {noun}; fix {'it' if count == 1 else 'them'} "
            "and run the command again.",
            details=problems,
        )
    assert nprs is not None and odi is not None  # None comes only with a problem, raised above
    return Checkin(nprs=nprs, odi=odi, psfs=psfs, start_back=start_back)


def start_back_from(value: Any, problems: list[str]) -> StartBack | None:
    """The [start_back] table of an answers file (rule ST1): all nine keys, each true/false."""
    if value is None:
        return None
    if not isinstance(value, dict):
        allowed = ALLOWED["start_back"]
        problems.append(f"start_back: {_shown(value)} is not a table; allowed: {allowed}")
        return None
    found = len(problems)
    for key in value:
        if key not in TRIAGE_KEYS:
            problems.append(
                f"start_back.{key}: unknown key; the triage questions are: {', '.join(TRIAGE_KEYS)}"
            )
    for key in TRIAGE_KEYS:
        if key not in value:
            problems.append(
                f"start_back.{key}: missing; answer true or false (answer all nine, or leave "
                "the table out)"
            )
        elif not isinstance(value[key], bool):
            problems.append(f"start_back.{key}: {_shown(value[key])} is not true or false")
    return start_back_of(value) if len(problems) == found else None


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _nprs(data: dict[str, Any], problems: list[str]) -> int | None:
    if "nprs" not in data:
        problems.append(f"nprs: missing; allowed: {ALLOWED['nprs']}")
        return None
    value = data["nprs"]
    if not (is_whole_number(value) and 0 <= value <= 10):
        problems.append(f"nprs: {_shown(value)} is not allowed; allowed: {ALLOWED['nprs']}")
        return None
    return value


def _odi(data: dict[str, Any], problems: list[str]) -> list[int] | None:
    if "odi" not in data:
        problems.append(f"odi: missing; allowed: {ALLOWED['odi']}")
        return None
    value = data["odi"]
    if not isinstance(value, list):
        problems.append(f"odi: {_shown(value)} is not a list; allowed: {ALLOWED['odi']}")
        return None
    if len(value) != len(SECTIONS):
        count = f"{len(value)} number{'s' if len(value) != 1 else ''}"
        problems.append(f"odi: has {count}; allowed: {ALLOWED['odi']}")
        return None
    found = len(problems)
    for index, score in enumerate(value):
        if not (is_whole_number(score) and SKIPPED <= score <= 5):
            problems.append(
                f"odi[{index}] ({SECTIONS[index].title}): {_shown(score)} is not allowed; "
                "allowed: a whole number from 0 to 5, or -1 to skip the section"
            )
    if len(problems) > found:
        return None
    if all(score == SKIPPED for score in value):
        problems.append("odi: every section is skipped (-1); answer at least one")
        return None
    return list(value)


def _psfs(data: dict[str, Any], problems: list[str]) -> dict[str, int]:
    value = data.get("psfs", {})
    if not isinstance(value, dict):
        problems.append(f"psfs: {_shown(value)} is not a table; allowed: {ALLOWED['psfs']}")
        return {}
    if len(value) > PSFS_ACTIVITIES:
        problems.append(f"psfs: has {len(value)} activities; allowed: {ALLOWED['psfs']}")
        return {}
    ratings: dict[str, int] = {}
    for name, score in value.items():
        activity = " ".join(name.split())
        where = f"psfs.{json.dumps(name, ensure_ascii=False)}"  # (control characters escaped)
        control = control_character(activity)
        if control is not None:
            problems.append(f"{where}: {control_problem(control)}")
        elif not activity:
            problems.append(f'{where}: an activity needs a name, like "walking"')
        elif len(activity) > ACTIVITY_LENGTH:
            problems.append(f"{where}: at most {ACTIVITY_LENGTH} characters")
        elif activity in ratings:
            problems.append(f"{where}: {activity!r} is named twice")
        elif not (is_whole_number(score) and 0 <= score <= 10):
            problems.append(
                f"{where}: {_shown(score)} is not allowed; allowed: a whole number from 0 to 10"
            )
        else:
            ratings[activity] = score
    return ratings
