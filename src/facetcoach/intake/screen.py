"""The red-flag screen: its groups, questions and actions, and its verdict. Pure.

The groups, their actions and the question topics are those of docs/clinical-rules.md
("Red flags"). A yes stops the plan (and, at a later screen, the program: rule RS1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import NamedTuple

from facetcoach.errors import InputError, RedFlagStop
from facetcoach.models import RedFlags
from facetcoach.program.safety import (
    SCREEN_NOT_A_DIAGNOSIS,
    SCREEN_NOT_A_DIAGNOSIS_SHORT,
    Notice,
)


class RedFlagGroup(NamedTuple):  # a NamedTuple for start-up speed (see dose_ladder.Dose)
    """One group of the screen: what it may point to, what to do, and its questions."""

    key: str
    name: str
    action: str
    # (RedFlags field, the sign in plain words), asked as "Do you have ...?"
    questions: tuple[tuple[str, str], ...]


# In order of urgency: the first group answered "yes" gives the headline action.
# The wording says "get checked", never "you have" (red flags have many false positives).
RED_FLAG_GROUPS: tuple[RedFlagGroup, ...] = (
    RedFlagGroup(
        "cauda_equina",
        "possible pressure on the nerves at the base of the spine (cauda equina)",
        "Go to an emergency department now",
        (
            (
                "saddle_numbness",
                "numbness between your legs, or around your genitals or back passage",
            ),
            (
                "bladder_bowel_change",
                "new difficulty starting or controlling your urine, leaking, "
                "or a change in bowel control",
            ),
            ("sexual_function_change", "a change in sexual sensation or function"),
            ("both_legs", "numbness or weakness in both legs"),
        ),
    ),
    RedFlagGroup(
        "neurological",
        "possible nerve damage that is getting worse",
        "Get a medical assessment today (same day)",
        (
            (
                "worsening_weakness",
                "weakness in a leg or foot that is getting worse (tripping, a foot that drops)",
            ),
            ("spreading_numbness", "numbness that is spreading"),
        ),
    ),
    RedFlagGroup(
        "infection",
        "possible infection",
        "Get a medical assessment today (same day)",
        (
            ("fever_or_unwell", "fever, chills, or feeling generally unwell"),
            (
                "weakened_immunity",
                "weakened immunity (chemotherapy, long-term steroids or transplant medicines)",
            ),
            ("recent_infection_or_injection", "a recent infection, or injecting drugs"),
        ),
    ),
    RedFlagGroup(
        "cancer",
        "a possible serious cause, such as cancer",
        "See a doctor promptly",
        (
            ("cancer_history", "a history of cancer"),
            ("unexplained_weight_loss", "weight loss you cannot explain"),
            (
                "constant_night_pain",
                "constant pain at night that does not ease when you change position",
            ),
        ),
    ),
    RedFlagGroup(
        "fracture",
        "possible fracture",
        "Get a medical assessment before you start exercising",
        (
            (
                "major_trauma",
                "a major injury, such as a fall from a height or a car accident, "
                "since the pain began",
            ),
            (
                "minor_trauma_osteoporosis",
                "a minor fall or strain, with osteoporosis (thin bones) or long-term steroid use",
            ),
        ),
    ),
)


RED_FLAG_KEYS = tuple(f.name for f in fields(RedFlags))


def red_flags_of(flagged: Sequence[str]) -> RedFlags:
    """The answers of a saved screen (Screen.flagged: the questions answered yes)."""
    return RedFlags(**{key: key in flagged for key in RED_FLAG_KEYS})


def no_red_flags() -> RedFlags:
    return RedFlags(**dict.fromkeys(RED_FLAG_KEYS, False))


def flagged(red_flags: RedFlags) -> list[tuple[RedFlagGroup, list[str]]]:
    """The groups with a "yes", most urgent first, each with the signs answered yes."""
    found = []
    for group in RED_FLAG_GROUPS:
        signs = [text for key, text in group.questions if getattr(red_flags, key)]
        if signs:
            found.append((group, signs))
    return found


NOT_YET = "Do not start the exercise program yet."
# A program already under way is stopped, not "not started" (found by a new user's trial).
NOT_NOW = "Do not do your exercises until then."


def red_flag_stop(red_flags: RedFlags, *, started: bool = False) -> RedFlagStop | None:
    """The screen's verdict: None to go ahead, or the stop with the full advice to show.
    `started`: the program is under way (a later screen, RS1)."""
    found = flagged(red_flags)
    if not found:
        return None
    first, _ = found[0]
    wait = NOT_NOW if started else NOT_YET
    message = (
        f"{first.action}: your answers to the safety questions need a clinician's check first. "
        f"{wait}"
    )
    # The first group's action is the message's: said once (found by a new user's trial:
    # `today` on hold gave "Get a medical assessment today (same day)" twice in a row).
    details = [
        f"{group.action + ': ' + group.name if index else _sentence(group.name)}. "
        f"You said yes to: {'; '.join(signs)}."
        for index, (group, signs) in enumerate(found)
    ]
    again = (
        "Nothing was saved. When a clinician has checked you and says exercise is fine, "
        "run `facetcoach plan` again."
    )
    details += [SCREEN_NOT_A_DIAGNOSIS, again]
    # What the person reads: the action as the heading, said once; each group a bullet with
    # the signs under it; no bracket inside a bracket.
    lines = [f"Your answers to the safety questions need a clinician's check first. {wait}"]
    for index, (group, signs) in enumerate(found):
        what = _sentence(group.name)
        action = "" if index == 0 else f": {group.action.lower()}"
        lines.append(f"- {what}{action}. You said yes to:")
        lines += [f"  - {sign}" for sign in signs]
    lines += [SCREEN_NOT_A_DIAGNOSIS_SHORT, again]
    return RedFlagStop(message, details=details, notice=Notice(first.action, tuple(lines)))


def flag_words(flagged: Sequence[str]) -> list[str]:
    """The questions answered yes (RedFlags field names), in the words they were asked in."""
    words = {key: text for group in RED_FLAG_GROUPS for key, text in group.questions}
    return [words.get(key, key.replace("_", " ")) for key in flagged]


def screen_saved(stop: RedFlagStop, on_hold: str) -> RedFlagStop:
    """`stop` once its screen WAS saved in the plan (RS1): without "Nothing was saved", and
    with `on_hold`, what becomes of the program, after the rest, where it is read."""
    stop.details = [d for d in stop.details if not d.startswith("Nothing was saved")]
    stop.details.append(on_hold)
    if stop.notice is not None:  # what the person reads says the same
        lines = [line for line in stop.notice.lines if not line.startswith("Nothing was saved")]
        stop.notice = Notice(stop.notice.heading, (*lines, on_hold))
    return stop


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def red_flags_from_data(data: dict[str, object], label: str) -> RedFlags:
    """The `[red_flags]` table of a screen answers file: every question, true or false."""
    table = data.get("red_flags")
    problems = [f"{key}: not a key of a screen file" for key in data if key != "red_flags"]
    if not isinstance(table, dict):
        problems.append("red_flags: a [red_flags] table answering every question is needed")
        table = {}
    for key in RED_FLAG_KEYS:
        if key not in table:
            problems.append(f"red_flags.{key}: missing; answer it with true or false")
        elif not isinstance(table[key], bool):
            problems.append(f"red_flags.{key}: must be true or false")
    problems += [
        f"red_flags.{key}: not a screen question" for key in table if key not in RED_FLAG_KEYS
    ]
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise InputError(
            f"The screen answers file {label} has {len(problems)} {noun}; fix "
            f"{'it' if len(problems) == 1 else 'them'} and run the command again.",
            details=problems,
        )
    return RedFlags(**{key: bool(table[key]) for key in RED_FLAG_KEYS})
