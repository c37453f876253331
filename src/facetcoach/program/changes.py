"""Changes to a saved plan that keep its history: pauses, later red-flag screens, revisions.
Pure: a plan and the change in, the new plan (or a clear error) out.

- A pause (`plan pause`) makes its days no program days (program/path.py); a pause longer than
  2 weeks resumes one step easier (coaching/progression.py, detraining).
- A later screen (`plan screen`, a re-plan, `log checked`) is kept with its date; a yes
  suspends the program until a later screen has none (rule RS1).
- A revision (`plan change`, `plan --force`) keeps the plan in force until its date, so that
  the weeks, the phase, the doses and every view of the history carry on (rule PH1's weeks
  are counted across it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from facetcoach.days import day_text
from facetcoach.errors import InputError
from facetcoach.model_json import to_data
from facetcoach.models import (
    Answers,
    Exercise,
    Pause,
    PlanFile,
    Program,
    RedFlags,
    Revision,
    RevisionKind,
    Screen,
    ScreenOccasion,
    SkipReason,
)


def open_pause(plan: PlanFile) -> Pause | None:
    return next((p for p in plan.pauses if p.end is None), None)


def paused(
    plan: PlanFile, start: dt.date, until: dt.date | None, reason: SkipReason, today: dt.date
) -> PlanFile:
    """`plan` with a pause from `start` up to (not including) `until`; None: until resumed."""
    if start < today:
        raise InputError(
            f"A pause starts today or later; {day_text(start)} has passed (a missed session "
            "can still be recorded late, or skipped with `facetcoach log --skipped`)."
        )
    if until is not None and until <= start:
        raise InputError(
            f"--until is the day your program carries on; it must come after {day_text(start)}."
        )
    current = open_pause(plan)
    if current is not None:
        raise InputError(
            f"Your program is already paused since {day_text(current.start)}; end that pause "
            "with `facetcoach plan resume` first."
        )
    _check_overlaps(plan.pauses, start, until)
    pause = Pause(start=start, end=until, reason=reason)
    return replace(plan, pauses=[*plan.pauses, pause])


def _check_overlaps(pauses: Sequence[Pause], start: dt.date, until: dt.date | None) -> None:
    for other in pauses:
        assert other.end is not None
        if start < other.end and (until is None or other.start < until):
            raise InputError(
                f"That overlaps the pause from {day_text(other.start)} to "
                f"{day_text(other.end - dt.timedelta(days=1))}; choose other days."
            )


def running_pause(plan: PlanFile, today: dt.date) -> Pause | None:
    """The pause that holds `today`, if any (an open one that has begun included)."""
    return next(
        (p for p in plan.pauses if p.start <= today and (p.end is None or today < p.end)), None
    )


def moved_pause(
    plan: PlanFile, running: Pause, until: dt.date | None, reason: SkipReason, today: dt.date
) -> tuple[PlanFile, Pause]:
    """`plan` with the pause running `today` carrying on on `until` instead (None: until
    resumed; a holiday that grew, an illness that lasts: found by a new user's trial, nothing
    could move it). With
    another reason, the running pause ends today and a new one starts: the days paused keep
    their reason (FL3 counts a pause for a flare as days of the flare). Returns the pause
    that now holds today. `running`: the pause of `plan` running today (running_pause)."""
    if until is None and reason == running.reason:
        raise InputError(
            f"Your program is already paused since {day_text(running.start)}; give --until "
            "DAY, the day it carries on, to move it, or end it with `facetcoach plan resume`."
        )
    # With another reason and no --until, the new pause lasts until `plan resume` (found by a
    # new user's trial: a trip that turned into an illness could not become an open pause).
    if until is not None and until <= today:
        raise InputError(
            f"--until is the day your program carries on; it must come after today "
            f"({day_text(today)}). To carry on today, run `facetcoach plan resume`."
        )
    others = [p for p in plan.pauses if p is not running]
    if reason == running.reason:
        start, kept = running.start, []
    else:
        start = today
        kept = [replace(running, end=today)] if running.start < today else []
    _check_overlaps([p for p in others if p.end is not None], start, until)
    pause = Pause(start=start, end=until, reason=reason)
    at = plan.pauses.index(running)
    pauses = [*plan.pauses[:at], *kept, pause, *plan.pauses[at + 1 :]]
    return replace(plan, pauses=pauses), pause


def resumed(plan: PlanFile, today: dt.date) -> tuple[PlanFile, Pause]:
    """`plan` with the open pause (or a pause running today) ended: today is a program day."""
    for index, pause in enumerate(plan.pauses):
        running = pause.start <= today and (pause.end is None or today < pause.end)
        upcoming = pause.end is None and pause.start > today
        if running or upcoming:
            ended = replace(pause, end=max(today, pause.start))
            pauses = [p for p in plan.pauses if p is not pause]
            if ended.end is not None and ended.end > ended.start:
                pauses.insert(index, ended)
            return replace(plan, pauses=pauses), ended
    raise InputError("Your program is not paused, so there is nothing to resume.")


def screened(
    plan: PlanFile,
    day: dt.date,
    occasion: ScreenOccasion,
    red_flags: RedFlags,
) -> PlanFile:
    """`plan` with a red-flag screen answered on `day` (RS1: a yes suspends the program)."""
    flagged = [f.name for f in fields(red_flags) if getattr(red_flags, f.name)]
    screen = Screen(date=day, occasion=occasion, flagged=flagged)
    return replace(plan, screens=[*plan.screens, screen])


def plan_history(plan: PlanFile) -> list[str]:
    """How the path differs from the plan first made, in sentences: each revision and each
    pause (`plan show` and the therapist's report say the same)."""
    kinds = {"change": "Changed", "continue": "New plan, carrying on", "restart": "New plan"}
    lines = []
    for revision in plan.revisions:
        what = ", ".join(
            f"{key} {', '.join(map(str, v)) if isinstance(v, list) else v}"
            for key, v in revision.changed.items()
        )
        lines.append(
            f"{kinds[revision.kind]} from {day_text(revision.date)}: {what or 'the plan'}."
        )
    for pause in plan.pauses:
        until = f"; it carries on on {day_text(pause.end)}" if pause.end else ", until you resume"
        lines.append(f"Paused ({pause.reason}) from {day_text(pause.start)}{until}.")
    return lines


def intake_answers(plan: PlanFile) -> Answers:
    """The answers of the latest intake: those in force after the last revision that was not
    a `plan change` (a re-plan asks them all again), else the first plan's. Each revision
    keeps the answers from before it, so the answers after it are the next one's."""
    if not plan.revisions:
        return plan.answers
    after = [*(r.answers for r in plan.revisions[1:]), plan.answers]
    found = plan.revisions[0].answers
    for revision, answers in zip(plan.revisions, after, strict=True):
        if revision.kind != "change":
            found = answers
    return found


def answer_changes(old: Answers, new: Answers) -> dict[str, Any]:
    """The answers that differ, as JSON values: what `plan show` lists for a revision."""
    before, after = to_data(old), to_data(new)
    return {
        key: value
        for key, value in after.items()
        if before.get(key) != value and key not in ("red_flags", "start")
    }


def revised(
    plan: PlanFile,
    answers: Answers,
    program: Program,
    exercises: list[Exercise],
    day: dt.date,
    kind: RevisionKind,
) -> PlanFile:
    """`plan` revised from `day` on: the new answers and program, the old ones kept."""
    revision = Revision(
        date=day,
        kind=kind,
        changed=answer_changes(plan.answers, answers),
        answers=plan.answers,
        program=plan.program,
    )
    known = {e.id: e for e in plan.exercises}
    known.update({e.id: e for e in exercises})  # the newer copy of an exercise wins
    # A plan in force for no day at all (replaced from its first day) leaves no history.
    earlier = [r for r in plan.revisions if r.date < day]
    in_force_from = (
        earlier[-1].date
        if earlier
        else (plan.revisions[0].program.start if plan.revisions else plan.program.start)
    )
    kept = [*earlier, revision] if day > in_force_from else earlier
    return replace(
        plan, answers=answers, program=program, exercises=list(known.values()), revisions=kept
    )
