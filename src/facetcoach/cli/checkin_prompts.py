"""The interactive check-in: Rich prompts, each re-asked with the reason when the answer cannot
be used. The questions and the checks are checkin_form.py's; this module only asks. Rich is
imported inside the functions, like everywhere in cli/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from facetcoach.checkin.form import (
    INSTRUMENT,
    NPRS_QUESTION,
    PSFS_ACTIVITIES,
    SECTIONS,
    check_sections,
    parse_activity,
    parse_nprs,
    parse_rating,
    parse_section,
)
from facetcoach.cli.intake_prompts import ask_start_back
from facetcoach.errors import InputError
from facetcoach.models import Checkin
from facetcoach.safe_text import one_line

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")


def ask_checkin(
    out: Console, last_psfs: Mapping[str, int], triage_on: dt.date | None = None
) -> Checkin:
    """The three parts in turn, then the triage (ST1); the activities of the last check-in are
    offered again. `triage_on`: the day the triage was answered, when that was lately."""
    from rich.text import Text

    out.print(
        Text(
            "Check-in: about 3 minutes. Your answers are saved in your log, so that you and "
            "your physical therapist can see how things change.",
            style="bold",
        )
    )
    out.print(Text("\n1. Pain", style="bold"))
    nprs = _ask(out, NPRS_QUESTION, parse_nprs)
    out.print(Text("\n2. Daily life", style="bold"))
    out.print(f"{INSTRUMENT}. Skip a section that does not apply with s.")
    odi = ask_sections(out)
    out.print(Text("\n3. Activities that matter to you", style="bold"))
    psfs = ask_activities(out, last_psfs)
    start_back = ask_start_back(out, triage_on)  # ST1: asked again at every check-in
    return Checkin(nprs=nprs, odi=odi, psfs=psfs, start_back=start_back)


def ask_sections(out: Console) -> list[int]:
    """The ten sections; when every one is skipped, say so and ask them again."""
    from rich.text import Text

    while True:
        scores = []
        for number, section in enumerate(SECTIONS, start=1):
            heading = Text(f"\n{number}/{len(SECTIONS)} {section.title}: ", style="bold")
            out.print(heading.append(section.question))
            for level, words in enumerate(section.levels):
                out.print(f"  {level}  {words}", markup=False)
            scores.append(_ask(out, "Your answer (0-5, or s to skip)", parse_section))
        try:
            check_sections(scores)
            return scores
        except InputError as error:
            out.print(Text(f"{error.message} Here they are again.", style="red"))


def ask_activities(out: Console, last_psfs: Mapping[str, int]) -> dict[str, int]:
    """Up to 3 activities, each rated 0-10; last time's first, then new ones (Enter ends)."""
    ratings: dict[str, int] = {}
    scale = "0 = I cannot do it, 10 = as well as before my back problem"
    if last_psfs:
        out.print("Rate the activities you named last time again.", markup=False)
    else:
        out.print(
            f"Name up to {PSFS_ACTIVITIES} activities your back makes hard to do, like "
            "'gardening' or 'picking up my grandchild', and rate each. Press Enter to finish.",
            markup=False,
        )
    for stored in list(last_psfs)[:PSFS_ACTIVITIES]:
        activity = one_line(stored)  # as it is shown, and stored again (promise 12)
        if activity and activity not in ratings:
            ratings[activity] = _ask(out, f"{activity} ({scale})", parse_rating)
    while len(ratings) < PSFS_ACTIVITIES:
        # ("An", not "Another", for the first: found by a new user)
        label = "Another activity" if ratings else "An activity"
        name = _ask(out, f"{label} (Enter to finish)", parse_activity)
        if not name:
            break
        if name in ratings:
            out.print(f"{name!r} is already rated.", style="yellow", markup=False)
            continue
        ratings[name] = _ask(out, f"{name} ({scale})", parse_rating)
    return ratings


def _ask(out: Console, question: str, convert: Callable[[str], T]) -> T:
    from rich.prompt import Prompt
    from rich.text import Text

    while True:
        raw = Prompt.ask(question, console=out, default="", show_default=False)
        try:
            return convert(raw)
        except InputError as error:
            out.print(Text(f"{error.message} Please try again.", style="red"))
