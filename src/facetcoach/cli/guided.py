"""`facetcoach today --guided`: the terminal side of a guided session.

The key source (cbreak mode and select on stdin), the clock (time.monotonic), the Rich
display, the pain questions and the recording. The timing itself is
program/guided_session.py's runner. Imported only when --guided is given, so plain
`facetcoach today` stays fast; tests replace make_clock(), open_keys() and save_entry() to
run a session instantly.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import select
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

import typer

from facetcoach import clock
from facetcoach.cli.output import console, stdin_is_interactive
from facetcoach.coaching.verdict import exercises_in_your_terms, pain_limit
from facetcoach.days import day_text, long_day, long_day_month
from facetcoach.errors import InputError
from facetcoach.intake.profile import profile_of, standing_balance
from facetcoach.log.store import append_entry
from facetcoach.program.dose import whole_minutes

# This module is imported only for --guided (see cli/today.py), so the small pure core may
# come in at module level; Rich and the log store still wait inside the functions.
from facetcoach.program.guided_session import (
    Clock,
    GuidedOutcome,
    KeySource,
    PartDone,
    SessionView,
    Step,
    guided_entry,
    parse_pain,
    run_guided,
    session_steps,
)
from facetcoach.program.safety import FLARE_ADVICE, STOP_NOW_LINE
from facetcoach.program.schedule import program_end
from facetcoach.render.today import PROMPT_STYLES, adjustment_line, day_heading, eased_line

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from facetcoach.coaching.advice import Coaching
    from facetcoach.models import DayRoutine, Exercise, LogEntry, PlanFile
    from facetcoach.render.guided import Mode


def require_terminal() -> None:
    """Refuse early when nobody can press keys (a pipe, a file, a CI runner)."""
    if not stdin_is_interactive():
        raise InputError(
            "The guided session reads your key presses, so it needs a terminal, and stdin "
            "is not one. Run it in a terminal, or use `facetcoach today` to see the routine."
        )


# --- The real clock and keys (tests replace these two factories) --------------------------


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()


def make_clock() -> Clock:
    return MonotonicClock()


class TerminalKeys:
    """Single key presses from a terminal in cbreak mode, read without waiting for Enter."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pending: deque[str] = deque()

    def poll(self, timeout: float | None) -> str | None:
        if self.pending:
            return self.pending.popleft()
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self.fd, 64)
        if not data:
            raise EOFError  # the terminal went away
        if data.startswith(b"\x1b"):
            return None  # arrow and function keys: escape sequences, not our letters
        self.pending.extend(data.decode("utf-8", errors="ignore"))
        return self.pending.popleft() if self.pending else None


@contextlib.contextmanager
def open_keys() -> Iterator[KeySource]:
    """The terminal in cbreak mode for the session, restored on any exit (Ctrl-C too)."""
    import termios
    import tty

    try:
        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
    except (AttributeError, ValueError, OSError, termios.error):
        raise InputError(
            "The guided session needs a terminal to read your key presses; stdin is not one."
        ) from None
    tty.setcbreak(fd)  # keys arrive one by one, unechoed; Ctrl-C still interrupts
    try:
        yield TerminalKeys(fd)
    finally:
        # TCSAFLUSH also drops keys pressed but not read, so they do not answer the questions.
        termios.tcsetattr(fd, termios.TCSAFLUSH, saved)


# --- Recording ----------------------------------------------------------------------------


def save_entry(entry: LogEntry) -> None:
    """Append the session to the log through the log store."""
    append_entry(entry, new_id=True)  # (build_entry made its id)


# --- The display --------------------------------------------------------------------------


class RichView(SessionView):
    """Each exercise as a card, and a live countdown with it.

    On a terminal the session has a screen of its own (the terminal's alternate screen),
    redrawn whole at each tick: resizing the terminal leaves no stale copy of the status
    lines behind (a redraw in place moves up by the old height, which a reflowed terminal
    no longer has). When it ends, the list of exercises done is printed where you were.
    Elsewhere (a file, tests) the cards and results are printed as they come."""

    def __init__(self, out: Console, routine: DayRoutine, exercises: dict[str, Exercise]) -> None:
        from rich.live import Live

        self.out = out
        self.items = routine.items
        self.exercises = exercises
        self.screen = bool(out.is_terminal)
        self.live = Live(console=out, auto_refresh=False, transient=True, screen=self.screen)
        self.card: RenderableType | None = None
        self.results: list[RenderableType] = []
        self.skipped: str | None = None  # the name of a skip that can still be undone

    def __enter__(self) -> RichView:
        self.live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.live.stop()
        if self.screen:
            for line in self.results:
                self.out.print(line)

    def _name(self, step: Step) -> str:
        item = self.items[step.exercise]
        exercise = self.exercises.get(item.exercise_id)
        return exercise.name if exercise else item.exercise_id

    def _update(self, status: RenderableType) -> None:
        from rich.console import Group

        if self.screen:
            # The status first, so that a short terminal crops the card's end, not the timer.
            parts = [status, self.card] if self.card is not None else [status]
            self.live.update(Group(*self.results[-3:], *parts), refresh=True)
        else:
            self.live.update(status, refresh=True)

    def _show(self, step: Step, elapsed: float, mode: Mode) -> None:
        from facetcoach.render.guided import step_status

        self._update(step_status(step, elapsed, mode, self.skipped))

    def _result(self, line: RenderableType) -> None:
        self.results.append(line)
        if not self.screen:
            self.live.console.print(line)

    def exercise_started(self, step: Step) -> None:
        from facetcoach.render.guided import exercise_card

        item = self.items[step.exercise]
        card = exercise_card(
            step.exercise + 1, len(self.items), item, self.exercises.get(item.exercise_id)
        )
        if self.screen:
            self.card = card
        else:
            self.live.console.print(card)

    def step_started(self, step: Step) -> None:
        self._show(step, 0.0, "running")

    def tick(self, step: Step, elapsed: float) -> None:
        self._show(step, elapsed, "running")

    def paused(self, step: Step, elapsed: float) -> None:
        self._show(step, elapsed, "paused")

    def confirm_quit(self, step: Step, elapsed: float) -> None:
        self._show(step, elapsed, "confirm")

    def resumed(self, step: Step, elapsed: float) -> None:
        self._show(step, elapsed, "running")

    def bell(self) -> None:
        if self.out.is_terminal:
            self.out.bell()

    def exercise_finished(self, step: Step, skipped: bool) -> None:
        from facetcoach.render.guided import finished_line

        item = self.items[step.exercise]
        self._result(finished_line(item, self.exercises.get(item.exercise_id), skipped))

    def skip_pending(self, skipped: Step | None) -> None:
        from rich.text import Text

        self.skipped = self._name(skipped) if skipped is not None else None
        if skipped is not None and not self.screen:  # on a terminal, the keys line says it
            self.live.console.print(
                Text("    u: back to it   d: done part of it (while the next one runs)", "dim")
            )

    def skip_undone(self, skipped: Step) -> None:
        from rich.text import Text

        line = Text(f"  ↩ back to {self._name(skipped)}", style="cyan")
        if self.screen:  # the list keeps what was done: the skip is taken back off it
            self._drop_skip(skipped)
        else:
            self._result(line)

    def _drop_skip(self, step: Step) -> None:
        name = self._name(step)
        for index in range(len(self.results) - 1, -1, -1):
            if getattr(self.results[index], "plain", "") == f"  – {name}: skipped":
                del self.results[index]
                return

    def part_done(self, part: PartDone) -> None:
        from facetcoach.render.guided import part_line

        index = next(i for i, item in enumerate(self.items) if item.exercise_id == part.exercise_id)
        step = Step(phase="ready", seconds=0, exercise=index, exercise_id=part.exercise_id)
        if self.screen:
            self._drop_skip(step)
        self._result(part_line(self._name(step), part.text(self.items[index].sets)))

    def nothing_done(self, skipped: Step) -> None:
        from rich.text import Text

        self._result(
            Text(
                f"  {self._name(skipped)}: not one hold or repetition of it was finished, so "
                "it stays skipped.",
                style="yellow",
            )
        )

    def last_skip(self, skipped: Step) -> None:
        from facetcoach.render.guided import last_skip_status

        self._update(last_skip_status(self._name(skipped)))


# --- The command ----------------------------------------------------------------------------


def guided_session(
    plan: PlanFile,
    routine: DayRoutine,
    *,
    quiet: bool,
    today: dt.date,
    coaching: Coaching | None = None,
    recorded: LogEntry | None = None,
) -> None:
    """Walk the user through the routine (its doses adjusted to the log, see coaching.py),
    then ask their pain and record the session with the doses given."""
    import gc

    gc.enable()  # a session runs for minutes: collect as usual (run() turns it off for speed)
    # The session is shown on the terminal. With stdout in a pipe (`| tee`) and stderr still
    # the terminal, the session is shown there, and the outcome goes to stdout as well.
    display_on_stderr = not _is_terminal(sys.stdout) and _is_terminal(sys.stderr)
    out = console(stderr=display_on_stderr)
    if not routine.items:
        _nothing_scheduled(out, plan, routine)
        return
    positions = {e.id: e.position for e in plan.exercises}
    steps = session_steps(routine.items, positions=positions)
    _intro(out, plan, routine, today)
    if recorded is not None and recorded.kind == "session":  # found by a new user: a second
        # session began without a word
        from facetcoach.render.today import recorded_line

        out.print(
            f"{recorded_line(recorded)} This session is recorded as a second part; q quits "
            "with nothing recorded.",
            markup=False,
        )
    if coaching is not None:
        _coaching_lines(out, plan, coaching)
    # Before, not after: once the session is done, how the back felt before is a guess.
    pain_before = ask_pain(out, "Your back pain now, before you start")
    view = RichView(
        out, routine, exercises_in_your_terms(plan.exercises, plan.answers, flare=routine.flare)
    )
    try:
        with open_keys() as keys, view:
            outcome = run_guided(steps, make_clock(), keys, view, bell=not quiet)
    except (KeyboardInterrupt, EOFError):
        out.print("\nStopped. Nothing was recorded.", markup=False)
        raise typer.Exit(130) from None

    def said(text: str) -> None:
        out.print(text, markup=False)
        if display_on_stderr:
            typer.echo(text.strip())

    if not _wants_record(out, outcome, len(routine.items), said):
        return
    pain_after = ask_pain(out, "Your back pain now, after the session")
    entry = guided_entry(routine, outcome, pain_before, pain_after, clock.now())
    if _balance_done(plan, entry):
        # B4b: a wobble keeps standing balance at the support it has (coaching/balance_steps).
        wobble = ask_yes_no(out, "Did you wobble or nearly fall in the balance work? [y/n] ")
        entry = dataclasses.replace(entry, wobble=wobble)
    save_entry(entry)
    from facetcoach.render.log import pain_text

    skipped = f", {len(entry.skipped)} not done" if entry.skipped else ""
    part = f" ({len(outcome.partial)} in part)" if outcome.partial else ""
    rated = pain_text(pain_before, pain_after)
    late = f" (the session of {day_text(entry.moved_from)})" if entry.moved_from else ""
    wobbled = ", a wobble in the balance work" if entry.wobble else ""  # B4b
    said(
        f"Recorded in your log for {day_text(entry.date)}{late}: {len(entry.done)} of "
        f"{len(entry.planned)} exercises done{part}{skipped}"
        + (f", pain {rated}" if rated else "")
        + f"{wobbled}."
    )
    from facetcoach.render.log import morning_tip

    said(morning_tip(entry.date, today))  # as `log` says it (found by a new user)
    if pain_after is None:
        return
    limit = pain_limit(plan.answers)
    if pain_after > limit and (pain_before is None or pain_after > pain_before):
        # Rules PM1 and PM1b: pain up to the person's limit is acceptable; above it, too much.
        lighter = "" if routine.flare else ", or use `facetcoach today --flare`"
        out.print(
            f"Pain above {limit} is more than these exercises should cause: next time, do less"
            f"{lighter}. Stop and get checked if pain spreads down a leg or new numbness or "
            "weakness appears.",
            markup=False,
        )


def _balance_done(plan: PlanFile, entry: LogEntry) -> bool:
    """Standing balance was done by someone 65+ or with a balance concern (B4b)."""
    if not profile_of(plan.answers).balance_focus:
        return False
    by_id = {e.id: e for e in plan.exercises}
    return any(
        (e := by_id.get(done.exercise_id)) is not None and standing_balance(e)
        for done in entry.done
    )


def _intro(out: Console, plan: PlanFile, routine: DayRoutine, today: dt.date) -> None:
    from rich.text import Text

    out.print(
        Text(
            day_heading(routine, routine.program_weeks or len(plan.program.weeks), today),
            style="bold",
        )
    )
    if routine.flare:
        out.print(Text("Flare-up routine: gentle movement only.", style="bold yellow"))
        # All of it, as `today --flare` gives it (found by a new user's trial: the guided
        # session left out when to get checked today).
        out.print("\n".join(FLARE_ADVICE) + "\n", markup=False)
    minutes = whole_minutes(routine.minutes)  # the estimate `today` and the plan give
    out.print(
        f"Guided session: {len(routine.items)} exercises, about {minutes} minutes. "
        "Keys: p pause, s skip an exercise, q quit.",
        markup=False,
    )
    out.print(Text(STOP_NOW_LINE, style="red"))


def _coaching_lines(out: Console, plan: PlanFile, coaching: Coaching) -> None:
    """The safety prompts and today's adjusted doses, before the first exercise."""
    from rich.text import Text

    from facetcoach.render.today import prompt_in_full

    for prompt in coaching.prompts:
        # As `today` says it: in full on its first day, one line after.
        full = prompt_in_full(prompt, coaching.day, False)
        text = prompt.text if full or not prompt.summary else prompt.summary
        out.print(Text(text, style=" ".join(PROMPT_STYLES.get(prompt.level, ()))))
    exercises = {e.id: e for e in plan.exercises}
    for change in coaching.adjustments:
        out.print(f"Adjusted: {adjustment_line(change, exercises)}", markup=False)
    for eased in coaching.eased:
        out.print(f"Adjusted: {eased_line(eased, exercises)}", markup=False)


def _nothing_scheduled(out: Console, plan: PlanFile, routine: DayRoutine) -> None:
    """Why there is no session, as `today` says it. Found by a new user: a program on hold
    for a red flag, or paused, was "Nothing is scheduled", and offered `--flare`, which
    has no session on such a day either (it led back here)."""
    from rich.text import Text

    day = routine.date
    if routine.status == "suspended":  # RS1: the action instead of a routine
        for number, note in enumerate(routine.notes):
            out.print(Text(note, style="bold red" if number == 0 else ""))
        out.print(Text(STOP_NOW_LINE, style="bold red"))
        return
    lines = [f"Nothing is scheduled for {long_day(day)}, so there is no session."]
    if routine.status == "paused":
        lines = routine.notes[:1]
    elif routine.status == "after":
        end = program_end(plan.program)
        lines.append(
            f"Your program ended on {long_day(end)}. `facetcoach today` shows "
            "the maintenance routine to keep two or three times a week; build your next "
            "block with `facetcoach plan`."
        )
    else:
        lines += routine.notes[:1]
    if routine.next_session and routine.status in ("rest", "before"):
        following = routine.next_session
        lines.append(
            f"Your next session is on {long_day_month(following)}: "
            "run `facetcoach today --guided` then."
        )
    out.print("\n".join(lines), markup=False)


def _wants_record(
    out: Console, outcome: GuidedOutcome, planned: int, said: Callable[[str], None]
) -> bool:
    if not outcome.done:
        # Found by a new user: what was done in part was lost without a word of how to keep it.
        said(
            "No exercise was finished, so nothing was recorded. To record what you did, use "
            "`facetcoach log --only ID` (the ids are in `facetcoach today`)."
        )
        return False
    done = len(outcome.done)
    if not outcome.quit:
        out.print(f"\nSession finished: {done} of {planned} exercises done.", markup=False)
        return True
    out.print(f"\nYou stopped after {done} of {planned} exercises.", markup=False)
    exercises = "the exercise" if done == 1 else f"the {done} exercises"
    if ask_yes_no(out, f"Record {exercises} you did in your log? [y/n] "):
        return True
    said("Not recorded.")
    return False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _answer(out: Console, question: str) -> str:
    try:
        return out.input(question, markup=False)
    except EOFError:
        raise InputError(
            "No answer came (end of input), so the session was not recorded."
        ) from None


def ask_pain(out: Console, question: str) -> int | None:
    """Ask until the answer is a pain score from 0 to 10, or Enter to leave it empty (as
    `log` asks), saying why an answer was not."""
    while True:
        try:
            return parse_pain(_answer(out, f"{question} (0-10, Enter to leave empty)? "))
        except ValueError as problem:
            out.print(str(problem), style="yellow", markup=False)


def ask_yes_no(out: Console, question: str) -> bool:
    while True:
        answer = _answer(out, question).strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        out.print("Answer yes or no (y or n).", style="yellow", markup=False)
