"""The dose ranges of each kind of exercise, as a table (docs/clinical-rules.md, dose table).

The library is checked against it when it loads, and the planner and the coaching check every
dose they prescribe against it too (with `older_adult` for age 65+: rule F1). Pure data and one
function, no I/O.
"""

from __future__ import annotations

from typing import Protocol

Span = tuple[int | None, int | None]  # inclusive bounds; None: unbounded on that side


class Limit:
    """One line of the table: the ranges a dose must be in, and what to say when it is not.

    A field left as None is not checked by this line; a value that is missing fails its line,
    unless the line says the field is optional. A plain slotted class: a NamedTuple costs
    every `today` with a log 0.25 ms to create at import (issue 15)."""

    __slots__ = ("hold", "hold_optional", "message", "pyramid", "reps", "sets")

    def __init__(
        self,
        message: str,
        sets: Span | None = None,
        reps: tuple[Span, ...] | None = None,  # any one of these ranges
        hold: Span | None = None,
        hold_optional: bool = False,  # a missing hold is fine (a repetition without a pause)
        pyramid: bool = False,  # rule C2: each set two fewer, ending at 1 or more
    ) -> None:
        self.message, self.sets, self.reps, self.hold = message, sets, reps, hold
        self.hold_optional, self.pyramid = hold_optional, pyramid


STRETCH_HOLDS = Limit("a stretch is 1 set of 2-4 holds (rule F2)", sets=(1, 1), reps=((2, 4),))

DOSE_TABLE: dict[str, tuple[Limit, ...]] = {
    # Rule E4, stage 1: prone lying, 1-2 minutes, once.
    "prone-lying": (
        Limit("prone lying holds 60-120 s (rule E4)", hold=(60, 120)),
        Limit(
            "prone lying is done once: sets = 1, reps = 1 (rule E4)", sets=(1, 1), reps=((1, 1),)
        ),
    ),
    # Rule E4, stage 2: prone on elbows, 10-20 s, 5-10 times.
    "prone-on-elbows": (
        Limit("prone on elbows holds 10-20 s (rule E4)", hold=(10, 20)),
        Limit("prone on elbows: 1 set of 5-10 (rule E4)", sets=(1, 1), reps=((5, 10),)),
    ),
    # Rule F1 for age 65+: longer holds, 30-60 s.
    "stretch-older": (
        Limit("a stretch at 65+ holds 30-60 s (rule F1)", hold=(30, 60)),
        STRETCH_HOLDS,
    ),
    # Rules F1-F3: 10-30 s holds (the planner lengthens them for age 65+), 2-4 holds.
    "stretch": (Limit("a stretch holds 10-30 s (rules F1-F3)", hold=(10, 30)), STRETCH_HOLDS),
    # Rule F5: controlled repeated movement, 5-15 reps, 1-3 sets.
    "mobility": (
        Limit("mobility work is 5-15 reps (rule F5)", reps=((5, 15),)),
        Limit("mobility work is 1-3 sets (rule F5)", sets=(None, 3)),
        Limit("mobility work pauses at most 5 s (rule F5)", hold=(None, 5), hold_optional=True),
    ),
    # Rule E4, stage 3: press-ups, 8-10 slow reps (on top of the mobility lines).
    "press-up": (Limit("press-ups are 8-10 slow reps (rule E4)", reps=((8, 10),)),),
    # Rules C1-C3: holds of at most 10 s, reps as a descending pyramid.
    "isometric": (
        Limit("isometric holds are 5-10 s (rule C1)", hold=(5, 10)),
        Limit("isometric work is 1-3 sets (rule C2)", sets=(None, 3)),
        Limit(
            "isometric reps are a descending pyramid of 1-8 holds ending at 1 or more (rule C2)",
            reps=((1, 8),),
            pyramid=True,
        ),
    ),
    # Rules C5-C6: 8-12 reps for strength or 15-20 for endurance, 1-3 sets.
    "strength": (
        Limit("strength work is 8-12 or 15-20 reps (rules C5, C6)", reps=((8, 12), (15, 20))),
        Limit("strength work is 1-3 sets (rule C6)", sets=(None, 3)),
        Limit("strength work pauses at most 5 s (rule C5)", hold=(None, 5), hold_optional=True),
    ),
    # Rule B2: holds of at least 10 s (5 s at the most supported level), repeated 2+ times.
    "balance-supported": (
        Limit("balance holds are 5-60 s at level 1 (rule B2)", hold=(5, 60)),
        Limit("balance work is repeated 2-6 times (rule B2)", reps=((2, 6),)),
        Limit("balance work is 1-3 sets (rule B2)", sets=(None, 3)),
    ),
    "balance": (
        Limit("balance holds are 10-60 s at level {level} (rule B2)", hold=(10, 60)),
        Limit("balance work is repeated 2-6 times (rule B2)", reps=((2, 6),)),
        Limit("balance work is 1-3 sets (rule B2)", sets=(None, 3)),
    ),
}


class Dosed(Protocol):
    """What the check reads: an Exercise, or the planner's view of one at a trial dose."""

    @property
    def kind(self) -> str: ...
    @property
    def level(self) -> int: ...
    @property
    def sets(self) -> int: ...
    @property
    def reps(self) -> int | None: ...
    @property
    def hold_seconds(self) -> int | None: ...
    @property
    def extension_stage(self) -> int | None: ...


def dose_rows(exercise: Dosed, *, older_adult: bool = False) -> list[str]:
    """The lines of the table that apply to this exercise, by kind, E4 stage and age."""
    kind, stage = exercise.kind, exercise.extension_stage
    if kind == "stretch":
        if stage == 1:
            return ["prone-lying"]
        if stage == 2:
            return ["prone-on-elbows"]
        return ["stretch-older" if older_adult else "stretch"]
    if kind == "balance":
        return ["balance-supported" if exercise.level == 1 else "balance"]
    if kind == "mobility" and stage == 3:
        return ["mobility", "press-up"]
    return [kind] if kind in DOSE_TABLE else []


def _within(value: int | None, span: Span) -> bool:
    low, high = span
    return value is not None and (low is None or value >= low) and (high is None or value <= high)


def _fits(limit: Limit, sets: int, reps: int | None, hold: int | None) -> bool:
    if limit.sets is not None and not _within(sets, limit.sets):
        return False
    if limit.reps is not None and not any(_within(reps, span) for span in limit.reps):
        return False
    if limit.hold is not None and not (
        (hold is None and limit.hold_optional) or _within(hold, limit.hold)
    ):
        return False
    return not (limit.pyramid and (reps is None or reps - 2 * (sets - 1) < 1))


def dose_problems(exercise: Dosed, *, older_adult: bool = False) -> list[str]:
    """Each line of the table the exercise's dose breaks, as 'dose: <what is allowed>'."""
    sets, reps, hold = exercise.sets, exercise.reps, exercise.hold_seconds
    return [
        "dose: " + limit.message.format(level=exercise.level)
        for row in dose_rows(exercise, older_adult=older_adult)
        for limit in DOSE_TABLE[row]
        if not _fits(limit, sets, reps, hold)
    ]
