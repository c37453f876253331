"""The daily walking target of rule A1, and the words that go with it. Pure.

The target is a function of the answers and the program week only (no log, no clock), so the
coaching can scale it later (a pause, a flare-up) without the plan storing anything more.
"""

from __future__ import annotations

from facetcoach.models import Answers

GROWTH = 1.10  # A1: about 10% more each week
CEILING = 60  # minutes a day; a target grows toward it, never past it (nor down to it)
# A1: the extension-sensitive walk in shorter bouts, with a sit-down between them.
BOUT_MINUTES = 10


def walking_target(answers: Answers, week: int, *, flare: bool = False) -> int | None:
    """Minutes of walking a day in program week `week` (1-based); None without a target.

    Week 1 is what the person can walk now without a flare-up; each week adds about 10%
    (rounded, so a small start grows by a minute every week or two) up to CEILING; a flare-up
    halves it (at least 1 minute)."""
    start = answers.walking_minutes
    if not start:
        return None  # not asked, or not walking now: no target (A1 is for those who can walk)
    grown = start if start >= CEILING else min(CEILING, round(start * GROWTH ** (week - 1)))
    return day_target(grown, flare=flare)


def day_target(week_minutes: int | None, *, flare: bool = False) -> int | None:
    """A day's target from its week's (as stored in the plan): halved in a flare-up (A1)."""
    if not week_minutes:
        return None
    return max(1, round(week_minutes / 2)) if flare else week_minutes


def plan_line(answers: Answers, weeks: int) -> str | None:
    """The plan's advice on walking (A1): where the target starts and where it gets to."""
    first, last = walking_target(answers, 1), walking_target(answers, weeks)
    if first is None or last is None:
        return None
    grows = f", growing about 10% a week to {last} in week {weeks}" if last > first else ""
    how = (
        " in short walks with a sit-down between them"
        if extension_sensitive(answers)
        else " (walking is a position of ease for you)"
        if flexion_sensitive(answers)
        else ""
    )
    return (
        f"Walk every day{how}: {first} minutes a day to start{grows}. In a flare-up, walk half "
        "as much; `facetcoach log --walked MINUTES` records it."
    )


def extension_sensitive(answers: Answers) -> bool:
    """Bending backward, standing or walking brings the pain on (E1, E1b)."""
    return bool({"extension", "standing", "walking"} & set(answers.worse_with))


def flexion_sensitive(answers: Answers) -> bool:
    """Bending forward or sitting brings the pain on, and walking does not (E1b)."""
    worse = set(answers.worse_with)
    return bool({"flexion", "sitting"} & worse) and not extension_sensitive(answers)


def walking_words(
    answers: Answers, minutes: int, *, flare: bool = False, why: str | None = None
) -> str:
    """One or two sentences for `today`: the target, why it is not the plan's (the pain
    rules, coaching/walking.py), and how to walk it (A1)."""
    # (no "today": the words are the same for `today --date tomorrow`, found by a new user)
    text = f"Walk {minutes} minutes in all, at an easy pace"
    if flare and not why:
        text += " (half your usual, for the flare-up)"
    if extension_sensitive(answers):
        bout = min(BOUT_MINUTES, max(2, (minutes + 1) // 2))  # at least two walks a day
        text += (
            f", in short walks of up to {bout} minutes with a sit-down between them, as "
            f"{_provoking(answers)} can bring your pain on."
        )
    elif flexion_sensitive(answers):
        text += (
            ". Walking is a position of ease for you: a short walk often settles your back "
            "after sitting."
        )
    else:
        text += ", in one go or in a few shorter walks."
    if why:
        text += f" Today's target is {why}."
    return text + " Pain should stay within your limit and settle by the next morning."


def _provoking(answers: Answers) -> str:
    """What the person said brings the pain on, of what walking involves, in their words."""
    said = {"standing": "standing", "walking": "walking", "extension": "bending backward"}
    words = [said[w] for w in ("standing", "walking", "extension") if w in answers.worse_with]
    return " and ".join(words) if len(words) < 3 else f"{words[0]}, {words[1]} and {words[2]}"
