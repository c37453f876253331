"""The plans of a bundle merged into this data folder (`facetcoach import`). Pure: our plan
and archive, theirs, in; what to write, and what was done, out.

- No plan in the bundle: ours stays ("none"). No plan here: theirs is taken ("taken").
- The same plan (the same `created_at`): merged ("merged", or "unchanged"):
  - revisions: when one copy's revisions start with all of the other's, that copy is ahead:
    its revisions and the plan in force (answers, program) are taken. When they went apart
    (each has one the other lacks), ours stay, and theirs is archived whole.
  - screens: every screen of either, by content, in date order (ours first on a day).
  - pauses: every pause of either, by content; a pause open in one copy and ended in the
    other (the same start and reason) is the ended one (a pause never reopens). A pause of
    theirs that overlaps one kept, or a second open pause, is not taken: theirs is archived
    whole, and the note says so.
  - exercises: the copies of both, by id (the copy of the side in force wins).
- A different plan here: ours stays, and theirs is archived ("kept"), unless their archive
  holds ours (the same `created_at`): they replaced it with theirs, so theirs is taken and
  ours archived ("replaced").
- Their archived plans are added to ours, each once: one we hold already (by content) is not
  written again, so an import run twice, or after an interruption, adds nothing twice.

Nothing is ever dropped: whatever is not merged in is archived, and said in `notes`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from facetcoach.bundle.contents import PlanImport
from facetcoach.days import day_text
from facetcoach.models import Pause, PlanFile

T = TypeVar("T")


def merge_plans(
    ours: PlanFile | None,
    our_archive: Sequence[PlanFile],
    theirs: PlanFile | None,
    their_archive: Sequence[PlanFile],
) -> tuple[PlanFile | None, list[PlanFile], PlanImport]:
    """(the new plan.json, or None to leave it as it is; the plans to archive; the report)."""
    report = PlanImport(decision="none")
    to_archive: list[PlanFile] = []
    new: PlanFile | None = None
    if theirs is None:
        pass
    elif ours is None:
        new, report.decision = theirs, "taken"
    elif ours == theirs:
        report.decision = "unchanged"
    elif _moment(ours.created_at) == _moment(theirs.created_at):
        merged, whole = _merge_same(ours, theirs, report)
        if merged != ours:
            new = merged
        report.decision = "merged" if new is not None else "unchanged"
        if whole:
            to_archive.append(theirs)
    elif any(_moment(old.created_at) == _moment(ours.created_at) for old in their_archive):
        new, report.decision = theirs, "replaced"
        to_archive.append(ours)
        report.notes.append(
            f"Their plan (made {day_text(theirs.created_at.date())}) replaced this one there, "
            f"so it replaces it here too; this one (made {day_text(ours.created_at.date())}) "
            "is kept in the archive."
        )
    else:
        report.decision = "kept"
        to_archive.append(theirs)
        report.notes.append(
            f"This folder has a different plan (made {day_text(ours.created_at.date())}); it "
            f"stays, and theirs (made {day_text(theirs.created_at.date())}) is kept in the "
            "archive."
        )
    held = list(our_archive)
    for plan in [*to_archive, *their_archive]:
        if any(plan == old for old in held):
            if plan in their_archive and plan not in to_archive:
                report.archived_present += 1
            continue
        held.append(plan)
    wanted = held[len(our_archive) :]
    report.archived_added = len(wanted)
    return new, wanted, report


def _moment(moment: dt.datetime) -> float:
    from facetcoach.log.entries import instant

    return instant(moment)


def _merge_same(ours: PlanFile, theirs: PlanFile, report: PlanImport) -> tuple[PlanFile, bool]:
    """The same plan in two copies merged; True when theirs must be archived whole too."""
    whole = False
    current = ours
    if _starts(ours.revisions, theirs.revisions) and len(theirs.revisions) > len(ours.revisions):
        current = theirs
        report.revisions_added = len(theirs.revisions) - len(ours.revisions)
    elif _starts(theirs.revisions, ours.revisions):
        if len(theirs.revisions) == len(ours.revisions) and (
            (ours.answers, ours.program) != (theirs.answers, theirs.program)
        ):
            whole = True
            report.notes.append(
                "Their copy of this plan has another program in force: this one's stays, and "
                "theirs is kept in the archive."
            )
    else:
        whole = True
        report.notes.append(
            "This plan was changed differently in the two copies (plan change or a new plan "
            "carried on): this copy's changes stay, and theirs is kept in the archive."
        )
    screens = _union(ours.screens, theirs.screens)
    screens.sort(key=lambda screen: screen.date)  # stable: ours first on a day
    report.screens_added = len(screens) - len(ours.screens)
    pauses, refused = _merge_pauses(ours.pauses, theirs.pauses)
    report.pauses_added = sum(1 for pause in pauses if pause not in ours.pauses)
    for pause in refused:
        whole = True
        end = f" to {day_text(pause.end)}" if pause.end else " (open)"
        report.notes.append(
            f"Their pause from {day_text(pause.start)}{end} overlaps a pause here: it was not "
            "taken, and their copy of the plan is kept in the archive."
        )
    other = theirs if current is ours else ours
    exercises = {exercise.id: exercise for exercise in other.exercises}
    exercises.update({exercise.id: exercise for exercise in current.exercises})
    merged = replace(
        current,
        screens=screens,
        pauses=pauses,
        exercises=list(exercises.values()),
    )
    return merged, whole


def _starts(first: Sequence[T], longer: Sequence[T]) -> bool:
    """True when `longer` starts with every item of `first`, in order."""
    return len(first) <= len(longer) and list(longer[: len(first)]) == list(first)


def _union(ours: Sequence[T], theirs: Sequence[T]) -> list[T]:
    merged = list(ours)
    for item in theirs:
        if item not in merged:
            merged.append(item)
    return merged


def _merge_pauses(
    ours: Sequence[Pause], theirs: Sequence[Pause]
) -> tuple[list[Pause], list[Pause]]:
    """Every pause of both (an open one ended in the other copy: the ended one), and those
    of theirs not taken because they overlap one kept."""
    kept = list(ours)
    refused = []
    for pause in theirs:
        if pause in kept:
            continue
        same = [p for p in kept if (p.start, p.reason) == (pause.start, pause.reason)]
        if same and same[0].end is None and pause.end is not None:
            kept[kept.index(same[0])] = pause  # resumed there
            continue
        if same and pause.end is None:
            continue  # still open there, ended here
        if any(_overlap(pause, p) for p in kept) or (
            pause.end is None and any(p.end is None for p in kept)
        ):
            refused.append(pause)
            continue
        kept.append(pause)
    kept.sort(key=lambda pause: pause.start)
    return kept, refused


def _overlap(a: Pause, b: Pause) -> bool:
    a_end = a.end or dt.date.max
    b_end = b.end or dt.date.max
    return a.start < b_end and b.start < a_end
