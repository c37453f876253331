"""The interactive intake of `facetcoach plan`: Rich prompts, each showing its default and
re-asked with the reason when the answer cannot be used. The questions, the checks and
the red-flag verdict come from intake.py; this module only asks. Like every cli module it
imports Rich inside its functions, so that importing it costs nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from facetcoach.days import day_text
from facetcoach.errors import InputError
from facetcoach.intake.answers import (
    DEFAULTS,
    QUESTIONS,
    check_number,
    overlap_said,
    parse_days,
    parse_start,
    parse_words,
    parse_yes_no_unsure,
    plain_word,
)
from facetcoach.intake.profile import direction_settled, profile_of
from facetcoach.intake.screen import RED_FLAG_GROUPS, RED_FLAG_KEYS, red_flag_stop
from facetcoach.intake.triage import QUESTIONS as TRIAGE
from facetcoach.intake.triage import start_back_of
from facetcoach.models import (
    ACTIVITY_LEVELS,
    EQUIPMENT,
    TRIGGERS,
    Answers,
    Equipment,
    Library,
    RedFlags,
    StartBack,
    Trigger,
    W,
    is_one_of,
)
from facetcoach.program.planner import check_feasible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.prompt import Prompt

T = TypeVar("T")


def ask_answers(out: Console, library: Library, today: dt.date) -> Answers:
    """Every question in the issue's order; a yes in the screen stops at once (exit 3)."""
    from rich.prompt import Prompt
    from rich.text import Text

    red_flags = ask_screen(out)
    stop = red_flag_stop(red_flags)
    if stop is not None:
        stop.red_flags = red_flags
        raise stop

    out.print(Text("\nAbout your pain", style="bold"))
    pain_now = _ask_int(out, QUESTIONS["pain_now"], DEFAULTS["pain_now"], 0, 10)

    def worst_ok(text: str) -> int:
        value = _whole_number(text, 0, 10)
        if value < pain_now:
            raise InputError(f"The worst of the past week cannot be below now ({pain_now}).")
        return value

    pain_worst = _ask(
        out, Prompt, QUESTIONS["pain_worst"], str(max(pain_now, DEFAULTS["pain_worst"])), worst_ok
    )
    said = ", ".join(plain_word(word, "worse_with") for word in TRIGGERS)
    _bullets(out, [f"Say it in these words: {said}."])
    worse_with = _ask(
        out,
        Prompt,
        QUESTIONS["worse_with"],
        "none",
        lambda text: parse_words(text, "worse_with", TRIGGERS),
    )

    def better_ok(text: str) -> list[Trigger]:
        found = parse_words(text, "better_with", TRIGGERS)
        for word in found:
            if word in worse_with:
                raise InputError(overlap_said(word))
        return found

    better_with = _ask(out, Prompt, QUESTIONS["better_with"], "none", better_ok)
    arching_provokes = None
    if not direction_settled(worse_with, better_with):
        # E1b: the words leave the direction open, so ask the one plain question.
        arching_provokes = _ask(
            out,
            Prompt,
            f"{QUESTIONS['arching_provokes']} (y / n, Enter if you are not sure)",
            "not sure",
            parse_yes_no_unsure,
        )

    out.print(Text("\nAbout you", style="bold"))
    age = _ask_int(out, QUESTIONS["age"], DEFAULTS["age"], 18, 110)
    activity = _ask(
        out,
        Prompt,
        f"{QUESTIONS['activity']} ({' / '.join(ACTIVITY_LEVELS)})",
        DEFAULTS["activity"],
        _one_of(ACTIVITY_LEVELS),
    )
    balance_concern = ask_yes_no(
        out, QUESTIONS["balance_concern"], default=DEFAULTS["balance_concern"]
    )
    # B4b: a fall in the past year keeps balance work holding on, whatever the age.
    fell_last_year = balance_concern and ask_yes_no(out, QUESTIONS["fell_last_year"], default=False)
    # Rule A1: the walking target starts at what the person can walk now without a flare-up.
    walking_minutes = _ask_int(
        out, QUESTIONS["walking_minutes"], DEFAULTS["walking_minutes"], 0, 180
    )

    out.print(Text("\nYour time and equipment", style="bold"))
    days = _ask(out, Prompt, QUESTIONS["days"], ",".join(DEFAULTS["days"]), parse_days)
    minutes = _ask_int(out, QUESTIONS["minutes"], DEFAULTS["minutes"], 10, 60)
    _bullets(out, [f"Equipment words: {', '.join(plain_word(e, 'equipment') for e in EQUIPMENT)}."])

    def draft(equipment: list[Equipment]) -> Answers:
        return Answers(
            pain_now=pain_now,
            pain_worst=pain_worst,
            worse_with=worse_with,
            better_with=better_with,
            age=age,
            activity=activity,
            balance_concern=balance_concern,
            days=days,
            minutes=minutes,
            equipment=equipment,
            red_flags=red_flags,
            arching_provokes=arching_provokes,
            fell_last_year=fell_last_year,
        )

    def equipment_ok(text: str) -> list[Equipment]:
        found = parse_words(text, "equipment", EQUIPMENT)
        check_feasible(library, profile_of(draft(found)))
        return found

    default_equipment = ", ".join(plain_word(e, "equipment") for e in DEFAULTS["equipment"])
    equipment = _ask(out, Prompt, QUESTIONS["equipment"], default_equipment, equipment_ok)
    start = _ask(out, Prompt, QUESTIONS["start"], "today", lambda text: parse_start(text, today))
    weeks = _ask_int(out, QUESTIONS["weeks"], DEFAULTS["weeks"], 6, 16)
    start_back = ask_start_back(out)
    out.print()
    answers = draft(equipment)
    return Answers(
        **{
            **_fields(answers),
            "start": start,
            "weeks": weeks,
            "walking_minutes": walking_minutes,
            "start_back": start_back,
        }
    )


def ask_start_back(out: Console, answered_on: dt.date | None = None) -> StartBack | None:
    """Rule ST1: the nine yes/no triage questions (Enter is "no"); they may be left for the
    check-in, where they are asked again. `answered_on`: the day they were answered, when
    that was lately (the first check-in often comes the day after the intake): it is said,
    and Enter leaves them."""
    from rich.prompt import Confirm
    from rich.text import Text

    out.print(Text("\nHow your back affects you", style="bold"))
    out.print(
        "Nine yes/no questions, in the style of the STarT Back tool, help you and your "
        "therapist see what kind of support suits you. They are asked again at each check-in."
    )
    if answered_on is not None:
        out.print(f"You answered them on {day_text(answered_on)}.")
    question = "Answer them again now?" if answered_on else "Answer them now?"
    if not Confirm.ask(question, default=answered_on is None, console=out):
        return None
    flags = {key: Confirm.ask(question, default=False, console=out) for key, question in TRIAGE}
    return start_back_of(flags)


def ask_screen(out: Console) -> RedFlags:
    """The red-flag screen, group by group: "any of these?", then each sign on a yes.

    No default: a safety question is never passed by pressing Enter. The first group with
    a yes ends the screen: its action is the most urgent, and is said at once."""
    from rich.text import Text

    out.print(
        Text(
            "First, some safety questions. They check for rare problems that need a "
            "clinician before any exercise. Answer yes or no (y or n).",
            style="bold",
        )
    )
    answered = dict.fromkeys(RED_FLAG_KEYS, False)
    for group in RED_FLAG_GROUPS:
        out.print()
        _bullets(out, [sign for _, sign in group.questions])
        if not ask_yes_no(out, "Do you have any of these?"):
            continue
        for key, sign in group.questions:
            answered[key] = ask_yes_no(out, f"  {sign[0].upper()}{sign[1:]}?")
        if any(answered[key] for key, _ in group.questions):
            break  # the groups go from most to least urgent: say what to do now
    return RedFlags(**answered)


YES_WORDS = ("y", "yes")
NO_WORDS = ("n", "no")


def parse_yes_no(text: str) -> bool:
    """yes, no, y or n, in any case."""
    word = text.strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise InputError("Answer yes or no (y or n).")


def ask_yes_no(out: Console, question: str, default: bool | None = None) -> bool:
    """A yes/no question; with no default (the screen), Enter is asked again."""
    from rich.prompt import Prompt

    shown = None if default is None else ("yes" if default else "no")
    return _ask(out, Prompt, f"{question} [y/n]", shown, parse_yes_no)


def _bullets(out: Console, lines: list[str]) -> None:
    """Bullets whose wrapped lines stay under their text, not under the bullet."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row("  •", line)
    out.print(grid)


def _ask(
    out: Console,
    prompt: type[Prompt],
    question: str,
    default: str | None,
    convert: Callable[[str], T],
) -> T:
    from rich.text import Text

    asked = Text(question)  # as written: "[y/n]" is no Rich markup
    while True:
        if default is None:
            raw = prompt.ask(asked, console=out)
        else:
            raw = prompt.ask(asked, default=str(default), console=out)
        try:
            return convert(raw)
        except InputError as error:
            out.print(Text(f"{error.message} Please try again.", style="red"))


def _whole_number(text: str, low: int, high: int) -> int:
    # "20 minutes", "64 years": the number with the unit the question asks in (a new user).
    word = _UNIT.sub("", text.strip().lower())
    if not (word.isascii() and word.isdecimal()):
        raise InputError(f"Give a whole number from {low} to {high}.")
    return check_number(int(word), low, high)


_UNIT = re.compile(r"\s*(minutes?|mins?|years?( old)?|weeks?)$")


def _ask_int(out: Console, question: str, default: int, low: int, high: int) -> int:
    from rich.prompt import Prompt

    return _ask(out, Prompt, question, str(default), lambda text: _whole_number(text, low, high))


def _one_of(allowed: tuple[W, ...]) -> Callable[[str], W]:
    def convert(text: str) -> W:
        word = text.strip().lower()
        if not is_one_of(word, allowed):
            raise InputError(f"{text.strip()!r} is not one of: {', '.join(allowed)}.")
        return word

    return convert


def _fields(answers: Answers) -> dict[str, Any]:
    from dataclasses import fields

    return {f.name: getattr(answers, f.name) for f in fields(answers)}
