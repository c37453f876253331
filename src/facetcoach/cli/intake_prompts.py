"""The interactive intake of `facetcoach plan`: Rich prompts, each showing its default and
re-asked with the reason when the answer cannot be used. The questions, the checks and
the red-flag verdict come from intake.py; this module only asks. Like every cli module it
imports Rich inside its functions, so that importing it costs nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from facetcoach.errors import InputError
from facetcoach.intake.answers import (
    DEFAULTS,
    QUESTIONS,
    TRIGGER_WORDS,
    check_number,
    overlap_problem,
    parse_date,
    parse_days,
    parse_words,
)
from facetcoach.intake.screen import RED_FLAG_GROUPS, RED_FLAG_KEYS, red_flag_stop
from facetcoach.intake.triage import QUESTIONS as TRIAGE
from facetcoach.intake.triage import start_back_of
from facetcoach.models import (
    ACTIVITY_LEVELS,
    EQUIPMENT,
    TRIGGERS,
    Answers,
    Library,
    RedFlags,
    StartBack,
)
from facetcoach.program.planner import check_feasible, profile_of

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")


def ask_answers(out: Console, library: Library, today: dt.date) -> Answers:
    """Every question in the issue's order; a yes in the screen stops at once (exit 3)."""
    from rich.prompt import Confirm, IntPrompt, Prompt
    from rich.text import Text

    red_flags = ask_screen(out)
    stop = red_flag_stop(red_flags)
    if stop is not None:
        stop.red_flags = red_flags
        raise stop

    out.print(Text("\nAbout your pain", style="bold"))
    pain_now = _ask_int(out, QUESTIONS["pain_now"], DEFAULTS["pain_now"], 0, 10)

    def worst_ok(value: int) -> int:
        check_number(value, 0, 10)
        if value < pain_now:
            raise InputError(f"The worst of the past week cannot be below now ({pain_now}).")
        return value

    pain_worst = _ask(
        out, IntPrompt, QUESTIONS["pain_worst"], max(pain_now, DEFAULTS["pain_worst"]), worst_ok
    )
    words = ", ".join(
        f"{word} ({TRIGGER_WORDS[word]})" if TRIGGER_WORDS[word] != word else word
        for word in TRIGGERS
    )
    out.print(f"The words: {words}.")
    worse_with = _ask(
        out,
        Prompt,
        QUESTIONS["worse_with"],
        "none",
        lambda text: parse_words(text, "worse_with", TRIGGERS),
    )

    def better_ok(text: str) -> list[str]:
        found = parse_words(text, "better_with", TRIGGERS)
        for word in found:
            if word in worse_with:
                raise InputError(overlap_problem(word).split(": ", 1)[1].capitalize() + ".")
        return found

    better_with = _ask(out, Prompt, QUESTIONS["better_with"], "none", better_ok)

    out.print(Text("\nAbout you", style="bold"))
    age = _ask_int(out, QUESTIONS["age"], DEFAULTS["age"], 18, 110)
    activity = _ask(
        out,
        Prompt,
        f"{QUESTIONS['activity']} ({' / '.join(ACTIVITY_LEVELS)})",
        DEFAULTS["activity"],
        _one_of(ACTIVITY_LEVELS),
    )
    balance_concern = Confirm.ask(
        QUESTIONS["balance_concern"], default=DEFAULTS["balance_concern"], console=out
    )
    # Rule A1: the walking target starts at what the person can walk now without a flare-up.
    walking_minutes = _ask_int(
        out, QUESTIONS["walking_minutes"], DEFAULTS["walking_minutes"], 0, 180
    )

    out.print(Text("\nYour time and equipment", style="bold"))
    days = _ask(out, Prompt, QUESTIONS["days"], ",".join(DEFAULTS["days"]), parse_days)
    minutes = _ask_int(out, QUESTIONS["minutes"], DEFAULTS["minutes"], 10, 60)
    out.print(f"Equipment words: {', '.join(EQUIPMENT)}.")

    def draft(equipment: list[str]) -> Answers:
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
        )

    def equipment_ok(text: str) -> list[str]:

        found = parse_words(text, "equipment", EQUIPMENT)
        check_feasible(library, profile_of(draft(found)))
        return found

    equipment = _ask(
        out, Prompt, QUESTIONS["equipment"], ",".join(DEFAULTS["equipment"]), equipment_ok
    )
    start = _ask(out, Prompt, QUESTIONS["start"], today.isoformat(), parse_date)
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


def ask_start_back(out: Console) -> StartBack | None:
    """Rule ST1: the nine yes/no triage questions (Enter is "no"); they may be left for the
    check-in, where they are asked again."""
    from rich.prompt import Confirm
    from rich.text import Text

    out.print(Text("\nHow your back affects you", style="bold"))
    out.print(
        "Nine yes/no questions, in the style of the STarT Back tool, help you and your "
        "therapist see what kind of support suits you. They are asked again at each check-in."
    )
    if not Confirm.ask("Answer them now?", default=True, console=out):
        return None
    flags = {key: Confirm.ask(question, default=False, console=out) for key, question in TRIAGE}
    return start_back_of(flags)


def ask_screen(out: Console) -> RedFlags:
    """The red-flag screen, group by group: "any of these?", then each sign on a yes.

    No default: a safety question is never passed by pressing Enter. The first group with
    a yes ends the screen: its action is the most urgent, and is said at once."""
    from rich.prompt import Confirm
    from rich.text import Text

    out.print(
        Text(
            "First, some safety questions. They check for rare problems that need a "
            "clinician before any exercise. Answer y or n.",
            style="bold",
        )
    )
    answered = dict.fromkeys(RED_FLAG_KEYS, False)
    for group in RED_FLAG_GROUPS:
        out.print()
        for _, sign in group.questions:
            out.print(f"  • {sign}")
        if not Confirm.ask("Do you have any of these?", console=out):
            continue
        for key, sign in group.questions:
            answered[key] = Confirm.ask(f"  {sign[0].upper()}{sign[1:]}?", console=out)
        if any(answered[key] for key, _ in group.questions):
            break  # the groups go from most to least urgent: say what to do now
    return RedFlags(**answered)


def _ask(out: Console, prompt: Any, question: str, default: Any, convert: Callable[[Any], T]) -> T:
    from rich.text import Text

    while True:
        raw = prompt.ask(question, default=default, console=out)
        try:
            return convert(raw)
        except InputError as error:
            out.print(Text(f"{error.message} Please try again.", style="red"))


def _ask_int(out: Console, question: str, default: int, low: int, high: int) -> int:
    from rich.prompt import IntPrompt

    return _ask(out, IntPrompt, question, default, lambda v: check_number(v, low, high))


def _one_of(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def convert(text: str) -> str:
        word = text.strip().lower()
        if word not in allowed:
            raise InputError(f"{text.strip()!r} is not one of: {', '.join(allowed)}.")
        return word

    return convert


def _fields(answers: Answers) -> dict[str, Any]:
    from dataclasses import fields

    return {f.name: getattr(answers, f.name) for f in fields(answers)}
