"""The guided session: the day's items as timed steps, and a runner that walks through them.

Pure: no printing, no terminal, no real clock. The runner waits only through `keys.poll()`
and reads time only from `clock.now()`, so a fake key source that moves a fake clock runs a
whole session instantly in tests; the terminal versions live in cli/guided.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol, TypedDict

from facetcoach.models import DayRoutine, LogEntry, PlanItem, Position, Session
from facetcoach.program.dose import SECONDS_PER_REP, reps_per_set

# Time to read the exercise and get into position (lying down, standing at the counter).
# The user can pause for longer; the estimate in dose.py allows a little more for reading.
GET_READY_SECONDS = 10  # without the exercises' positions (see ready_seconds)
# With them, "get ready" is scaled to the change of position: a few seconds in the same one,
# more for each level between standing, sitting, kneeling and lying on the floor.
READY_SAME_POSITION = 8
READY_PER_LEVEL = 5
POSITION_LEVELS = {"standing": 0, "seated": 1, "kneeling": 2, "lying": 3}
START_POSITION: Position = "standing"  # a session starts on your feet
# A breath between two holds of the same set, as dose.estimate_seconds allows (hold + 2 s).
RELAX_SECONDS = 2
# Turning over or changing legs for per-side work.
SWITCH_SECONDS = 5
# How often the runner wakes up to let the display move while a step runs.
TICK_SECONDS = 0.25

Phase = Literal["ready", "hold", "relax", "reps", "switch", "rest"]
SIDES = ("left", "right")


@dataclass(frozen=True)
class Step:
    """One timed piece of a session. A runtime shape only: never stored or printed as JSON."""

    phase: Phase
    seconds: int
    exercise: int  # the item's position in the day's list
    exercise_id: str
    set_number: int = 1
    sets: int = 1
    side: int | None = None  # 1 or 2 for per-side work ("ready" and "rest": the side to start on)
    number: int = 1  # which hold of this side of this set (1-based)
    count: int = 1  # holds in this side of this set, or reps in a "reps" step
    position: str | None = None  # "ready": the position to get into, when it is a change

    @property
    def side_name(self) -> str | None:
        return SIDES[self.side - 1] if self.side else None


# The Step fields that several steps of an exercise share (passed on as **keywords).
class _Exercise(TypedDict):
    exercise: int
    exercise_id: str
    sets: int


class _Where(_Exercise):
    set_number: int
    side: int | None
    count: int


class _Rest(TypedDict):
    set_number: int
    side: int | None


def ready_seconds(before: str | None, after: str | None) -> int:
    """Seconds to get from one position into the next: 8 in the same one, 5 more for each
    level between standing, seated, kneeling and lying (standing to the floor: 23)."""
    if before not in POSITION_LEVELS or after not in POSITION_LEVELS:
        return GET_READY_SECONDS
    levels = abs(POSITION_LEVELS[before] - POSITION_LEVELS[after])
    return READY_SAME_POSITION + READY_PER_LEVEL * levels


def session_steps(
    items: Sequence[PlanItem],
    *,
    get_ready: int = GET_READY_SECONDS,
    relax: int = RELAX_SECONDS,
    switch: int = SWITCH_SECONDS,
    positions: Mapping[str, Position] | None = None,
) -> list[Step]:
    """Every step of the session in order.

    Each exercise: get ready, then each set: the work on one side (holds with a short relax
    between them, or reps at a steady pace), switch sides, the other side; a rest between sets
    (not after the last one). Isometric holds per set follow the descending pyramid (rule C2).
    With `positions` (exercise id → lying, kneeling, seated or standing), getting ready takes
    as long as the change of position (ready_seconds), from standing for the first exercise.
    """
    steps: list[Step] = []
    now_in = START_POSITION  # the position the person is in
    for index, item in enumerate(items):
        base: _Exercise = {"exercise": index, "exercise_id": item.exercise_id, "sets": item.sets}
        if get_ready > 0:
            first_side = 1 if item.per_side else None
            seconds, moving_to = get_ready, None
            if positions is not None and item.exercise_id in positions:
                to = positions[item.exercise_id]
                seconds = ready_seconds(now_in, to)
                moving_to = to if to != now_in else None
                now_in = to
            steps.append(
                Step(phase="ready", seconds=seconds, side=first_side, position=moving_to, **base)
            )
        counts = reps_per_set(item.kind, item.sets, item.reps)
        for set_number, count in enumerate(counts, start=1):
            for side in (1, 2) if item.per_side else (None,):
                where: _Where = {**base, "set_number": set_number, "side": side, "count": count}
                if side == 2 and switch > 0:
                    steps.append(Step(phase="switch", seconds=switch, **where))
                steps.extend(_work(item, count, relax, where))
            if set_number < item.sets and item.rest_seconds > 0:
                rest: _Rest = {"set_number": set_number, "side": 1 if item.per_side else None}
                steps.append(Step(phase="rest", seconds=item.rest_seconds, **rest, **base))
    return steps


def _work(item: PlanItem, count: int, relax: int, where: _Where) -> list[Step]:
    if not item.hold_seconds:
        return [Step(phase="reps", seconds=count * SECONDS_PER_REP, **where)]
    work: list[Step] = []
    for number in range(1, count + 1):
        work.append(Step(phase="hold", seconds=item.hold_seconds, number=number, **where))
        if number < count and relax > 0:
            work.append(Step(phase="relax", seconds=relax, number=number, **where))
    return work


def total_seconds(steps: Sequence[Step]) -> int:
    return sum(step.seconds for step in steps)


# --- The runner ---------------------------------------------------------------------------


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic scale."""
        ...


class KeySource(Protocol):
    def poll(self, timeout: float | None) -> str | None:
        """The next key pressed within `timeout` seconds (None: wait for one), else None."""
        ...


class SessionView:
    """What the runner tells the display. Every method does nothing here; override what you show."""

    def exercise_started(self, step: Step) -> None: ...

    def step_started(self, step: Step) -> None: ...

    def tick(self, step: Step, elapsed: float) -> None: ...

    def paused(self, step: Step, elapsed: float) -> None: ...

    def confirm_quit(self, step: Step, elapsed: float) -> None: ...

    def resumed(self, step: Step, elapsed: float) -> None: ...

    def bell(self) -> None: ...

    def exercise_finished(self, step: Step, skipped: bool) -> None: ...

    def skip_pending(self, skipped: Step | None) -> None:
        """The exercise of `skipped` may still be undone (u) or marked part done (d); None:
        no longer."""

    def part_done(self, part: PartDone) -> None: ...

    def nothing_done(self, skipped: Step) -> None:
        """d after a skip before a hold or a repetition of it was finished: it stays skipped."""

    def skip_undone(self, skipped: Step) -> None:
        """u after a skip: the session goes back to the start of that exercise."""

    def last_skip(self, skipped: Step) -> None:
        """The last exercise was skipped: u, d or any other key to finish."""


@dataclass(frozen=True)
class PartDone:
    """An exercise skipped part-way and then marked "done part of it" (d): what was done."""

    exercise_id: str
    sets: int  # the sets done (whole ones; at least 1)
    reps: int | None  # with no whole set done: the holds or reps done of the first; else None

    def text(self, planned_sets: int) -> str:
        if self.reps is not None:
            return f"{self.reps} {'hold' if self.reps == 1 else 'holds or reps'} of set 1"
        return f"{self.sets} of {planned_sets} sets"


@dataclass(frozen=True)
class GuidedOutcome:
    """How a guided session went, by exercise id in the session's order."""

    done: tuple[str, ...]
    skipped: tuple[str, ...]  # skipped with the s key
    not_reached: tuple[str, ...]  # after quitting: the exercise under way and those after it
    quit: bool
    partial: tuple[PartDone, ...] = ()  # skipped, then marked "done part of it" (also in done)


PAUSE, SKIP, QUIT = "p", "s", "q"
UNDO, PART = "u", "d"  # after a skip: back to that exercise; or it was done in part
YES = "y"  # anything else, q included, carries on: a double tap of q does not end a session


def run_guided(
    steps: Sequence[Step],
    clock: Clock,
    keys: KeySource,
    view: SessionView | None = None,
    *,
    bell: bool = True,
    tick: float = TICK_SECONDS,
) -> GuidedOutcome:
    """Walk through `steps` in time: p pauses and resumes, s skips the exercise, q quits.

    After a skip, until the next exercise is over: u goes back to the skipped exercise (an
    undo), d records it as done in part (the work done up to the skip). Time stands still
    while paused or while the quit question is asked. A bell marks the end of each hold
    unless `bell` is False.
    """
    view = view or SessionView()
    done: list[str] = []
    skipped: list[str] = []
    partial: list[PartDone] = []
    position = 0
    pending: _Pending | None = None  # the latest skip, while it can be undone

    def undo() -> bool:
        return pending is not None

    def mark_part() -> bool:
        nonlocal pending
        if pending is None:
            return False
        if pending.part is None:
            # Found by a new user's trial: d during the first hold recorded "1 hold of set 1"
            # though it was not finished. Nothing was done of it: it stays skipped.
            view.nothing_done(steps[pending.start])
            return False
        skipped.remove(pending.part.exercise_id)
        done.append(pending.part.exercise_id)
        partial.append(pending.part)
        view.part_done(pending.part)
        pending = None
        view.skip_pending(None)
        return False  # the step under way carries on

    def undo_skip(skip: _Pending) -> int:
        """Take the skip back: the position to go back to (the skipped exercise's start)."""
        nonlocal pending
        skipped.remove(steps[skip.start].exercise_id)
        pending = None
        view.skip_pending(None)
        view.skip_undone(steps[skip.start])
        return skip.start

    extra = {UNDO: undo, PART: mark_part}
    while True:
        while position < len(steps):
            step = steps[position]
            if position == 0 or steps[position - 1].exercise != step.exercise:
                view.exercise_started(step)
            result, elapsed = _run_step(step, clock, keys, view, tick, extra)
            if result == UNDO and pending is not None:
                position = undo_skip(pending)
                continue
            if result == QUIT:
                reached = {s.exercise: s.exercise_id for s in steps[position:]}
                return GuidedOutcome(
                    tuple(done), tuple(skipped), tuple(reached.values()), True, tuple(partial)
                )
            if result == SKIP:
                start = _first_of(steps, position)
                skipped.append(step.exercise_id)
                view.exercise_finished(step, skipped=True)
                pending = _Pending(start, _work_done(steps, start, position, elapsed))
                view.skip_pending(steps[start])
                while position < len(steps) and steps[position].exercise == step.exercise:
                    position += 1
                continue
            if step.phase == "hold" and bell:
                view.bell()
            position += 1
            if position == len(steps) or steps[position].exercise != step.exercise:
                done.append(step.exercise_id)
                view.exercise_finished(step, skipped=False)
                if pending is not None and pending.start != _first_of(steps, position - 1):
                    pending = None  # the exercise after the skip is over: the skip stands
                    view.skip_pending(None)
        if pending is None:
            break
        # The last exercise was skipped: u goes back to it, d marks it part done.
        view.last_skip(steps[pending.start])
        key = None
        while key is None:
            key = _normal(keys.poll(None))
        if key == UNDO:
            position = undo_skip(pending)
            continue
        if key == PART:
            mark_part()
        break
    return GuidedOutcome(tuple(done), tuple(skipped), (), False, tuple(partial))


@dataclass(frozen=True)
class _Pending:
    start: int  # the skipped exercise's first step
    part: PartDone | None  # what was done of it, should it be marked "done part of it";
    # None when not one hold or repetition of it was finished


def _first_of(steps: Sequence[Step], position: int) -> int:
    start = position
    while start > 0 and steps[start - 1].exercise == steps[position].exercise:
        start -= 1
    return start


def _work_done(steps: Sequence[Step], start: int, position: int, elapsed: float) -> PartDone | None:
    """What was done of the exercise from `start` when it was skipped at `position`; None
    when not one hold or repetition of it was finished."""
    step = steps[position]
    work = [s for s in steps[start:] if s.exercise == step.exercise and s.phase in WORK]
    finished = [s for s in steps[start:position] if s.phase in WORK]
    # The reps counted so far in a "reps" step of the first set's first side count too, and a
    # hold held half its time (not on the second side: found by review, 7 of 6 holds).
    first = step.set_number == 1 and step.side in (None, 1)
    extra = 0
    if first and step.phase == "reps":
        extra = min(step.count, int(elapsed // SECONDS_PER_REP))
    elif first and step.phase == "hold" and elapsed >= step.seconds / 2:
        extra = 1
    whole_sets = [
        number
        for number in range(1, step.sets + 1)
        if all(s in finished for s in work if s.set_number == number)
    ]
    if whole_sets:
        return PartDone(step.exercise_id, len(whole_sets), None)
    in_first = [s for s in finished if s.set_number == 1 and s.side in (None, 1)]
    done = sum(s.count if s.phase == "reps" else 1 for s in in_first) + extra
    return PartDone(step.exercise_id, 1, done) if done else None


WORK = ("hold", "reps")


def _run_step(
    step: Step,
    clock: Clock,
    keys: KeySource,
    view: SessionView,
    tick: float,
    extra: dict[str, Callable[[], bool]] | None = None,
) -> tuple[str, float]:
    """Run one step to its end; returns "" when it ran out, or SKIP or QUIT, or a key of
    `extra` whose handler said to stop the step (the others are handled and it runs on);
    and how long the step had run then."""
    start = clock.now()
    frozen = 0.0  # time spent paused or answering the quit question
    view.step_started(step)
    while True:
        elapsed = clock.now() - start - frozen
        if elapsed >= step.seconds:
            view.tick(step, float(step.seconds))
            return "", float(step.seconds)
        view.tick(step, elapsed)
        key = _normal(keys.poll(min(tick, step.seconds - elapsed)))
        if key == SKIP:
            return SKIP, clock.now() - start - frozen
        if extra and key in extra:
            if extra[key]():
                return key, clock.now() - start - frozen
            continue
        if key not in (PAUSE, QUIT):
            continue
        stopped_at = clock.now()
        elapsed = stopped_at - start - frozen  # the moment the key came, for the display
        result = (
            _paused(step, elapsed, keys, view)
            if key == PAUSE
            else _ask_quit(step, elapsed, keys, view)
        )
        if result in (SKIP, QUIT):
            return result, elapsed
        frozen += clock.now() - stopped_at
        view.resumed(step, elapsed)


def _paused(step: Step, elapsed: float, keys: KeySource, view: SessionView) -> str:
    """Wait for p (carry on), s (skip) or q (quit, after asking)."""
    view.paused(step, elapsed)
    while True:
        key = _normal(keys.poll(None))
        if key in (PAUSE, SKIP):
            return key
        if key == QUIT:
            if _ask_quit(step, elapsed, keys, view) == QUIT:
                return QUIT
            view.paused(step, elapsed)


def _ask_quit(step: Step, elapsed: float, keys: KeySource, view: SessionView) -> str:
    view.confirm_quit(step, elapsed)
    key = None
    while key is None:
        key = _normal(keys.poll(None))
    return QUIT if key == YES else ""


def _normal(key: str | None) -> str | None:
    return key.lower() if key else None


# --- Recording ----------------------------------------------------------------------------


def guided_entry(
    routine: DayRoutine,
    outcome: GuidedOutcome,
    pain_before: int | None,
    pain_after: int | None,
    now: dt.datetime,
    entry_id: str | None = None,
) -> LogEntry:
    """The log entry for a guided session: the dose given for each exercise done, and for
    one done in part, what was done of it (said in the note too)."""

    from facetcoach.log.entries import session_entry

    done = set(outcome.done)
    parts = {part.exercise_id: part for part in outcome.partial}
    items, said = [], []
    for item in routine.items:
        part = parts.get(item.exercise_id)
        if part is not None:
            said.append(f"{item.exercise_id} ({part.text(item.sets)})")
            reps = item.reps if part.reps is None else part.reps
            item = replace(item, sets=part.sets, reps=reps)
        items.append(item)
    given = Session(date=routine.date, minutes=routine.minutes, items=items)
    entry = session_entry(
        given,
        routine.date,
        now,
        skipped=[item.exercise_id for item in routine.items if item.exercise_id not in done],
        pain_before=pain_before,
        pain_after=pain_after,
        note=f"Done in part: {', '.join(said)}." if said else None,
        flare=routine.flare,
        entry_id=entry_id,
    )
    # A missed session done late on a rest day counts for the day it was planned.
    return replace(entry, moved_from=routine.moved_from) if routine.moved_from else entry


def parse_pain(text: str) -> int | None:
    """A pain score typed by the user (NPRS, 0-10), or None for Enter (left empty, as `log`
    leaves it); ValueError says what was wrong."""
    answer = text.strip()
    if not answer:
        return None
    try:
        score = int(answer)
    except ValueError:
        raise ValueError(f"{answer!r} is not a whole number; type a number from 0 to 10.") from None
    if not 0 <= score <= 10:
        side = "above 10" if score > 10 else "below 0"
        raise ValueError(f"{score} is {side}; type a number from 0 to 10.")
    return score
