"""The hip and ankle strength work of rules C8 and B5. Data.

The library format has no field for the muscles an exercise works, so the planner knows these
built-in ids by name (a user's exercise with one of these ids counts too); see docs/library.md.
Why each is there is the exercise's own `why` in the library (each names the hips, or the
calves and ankles).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facetcoach.models import Exercise, LogEntry, PlanItem

# Rule C8: hip abductor and gluteal strengthening, part of the core work of phases 2-3.
HIP_STRENGTH = frozenset(
    {
        "clamshell",
        "side-lying-leg-raise",
        "counter-hip-abduction",
        "wall-hip-abduction",
        "glute-bridge",
        "bed-bridge",
        "bridge-march",
    }
)
# Rule B5: ankle and calf strength at a firm support, with the balance work of people 65+.
ANKLE_STRENGTH = frozenset(
    {
        "counter-heel-raise",
        "counter-toe-raise",
        "wall-heel-raise",
        "wall-toe-raise",
        "sitting-heel-toe-raise",
    }
)


def strength_families(exercises: Iterable[Exercise]) -> dict[str, str]:
    """W7's "the same exercise": each strength exercise's family, named by one of its ids. The
    levels of an exercise (the library's `progression` and `regression` links) are one family,
    found by review: the bridge on Monday and the bridge march on Tuesday are the same work
    two days running. Links through a rung that is not strength work join its neighbours too
    (the family is the exercise); only strength exercises are keys."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    listed = list(exercises)
    for exercise in listed:
        for linked in (exercise.progression, exercise.regression):
            if linked:
                low, high = sorted((root(exercise.id), root(linked)))
                parent[high] = low  # the smaller id names the family: the same every run
    return {e.id: root(e.id) for e in listed if e.kind == "strength"}


def rested(
    items: Sequence[PlanItem],
    done_yesterday: Collection[str],
    families: Mapping[str, str] | None = None,
) -> tuple[list[PlanItem], list[PlanItem]]:
    """W7: (the items kept, the strength items left out) for a day after a session that did
    `done_yesterday`; nothing is left out when that would leave no item (found by review).
    `families` (strength_families): another level of an exercise done is that exercise done;
    without it, ids are compared. `today` and `progress` both count a day's session so
    (coaching.advice, share.progress)."""
    family = (families or {}).get
    done = {key for name in done_yesterday if (key := family(name)) is not None}
    out = [
        i
        for i in items
        if i.kind == "strength"
        and (i.exercise_id in done_yesterday or family(i.exercise_id) in done)
    ]
    if not out or len(out) == len(items):
        return list(items), []
    return [i for i in items if i not in out], out


def done_each_day(entries: Sequence[LogEntry]) -> dict[dt.date, set[str]]:
    """The exercises the sessions of each day did, by the day they were done (W7's "the day
    before"; an entry's `done` holds its extras too)."""
    found: dict[dt.date, set[str]] = {}
    for entry in entries:
        if entry.kind == "session":
            found.setdefault(entry.date, set()).update(item.exercise_id for item in entry.done)
    return found
