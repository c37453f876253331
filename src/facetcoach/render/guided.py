"""The guided session's pieces as Rich renderables: the exercise card and the step countdown."""

from __future__ import annotations

import math
from typing import Literal

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from facetcoach.models import Exercise, PlanItem
from facetcoach.program.dose import SECONDS_PER_REP, dose_text
from facetcoach.program.guided_session import Step
from facetcoach.safe_text import one_line, shown_exercise

Mode = Literal["running", "paused", "confirm"]

KEYS = {
    "running": "p pause   s skip this exercise   q quit",
    "paused": "p carry on   s skip this exercise   q quit",
    "confirm": "y quit the session   any other key: carry on",
}


def exercise_card(number: int, total: int, item: PlanItem, exercise: Exercise | None) -> Group:
    """The exercise about to start: its name, the dose in plain words, steps and cues."""
    exercise = shown_exercise(exercise) if exercise else None  # promise 12
    name = exercise.name if exercise else item.exercise_id
    dose = dose_text(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)
    if item.sets > 1 and item.rest_seconds:
        dose += f", rest {item.rest_seconds} s between sets"
    title = Text(f"\nExercise {number} of {total}: ", style="bold")
    title.append(name, style="bold")
    title.append(f"   {dose}", style="cyan")
    parts: list[RenderableType] = [title]
    if exercise is not None:
        lines = [(f"{n})", step, "") for n, step in enumerate(exercise.steps, start=1)]
        lines += [("Feel:", cue, "green") for cue in exercise.cues]
        lines += [("Careful:", caution, "yellow") for caution in exercise.cautions]
        parts.append(_hanging(lines))
    return Group(*parts)


def _hanging(lines: list[tuple[str, str, str]]) -> Table:
    """Marks on the left, text wrapped under itself, not under the mark."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for mark, text, style in lines:
        grid.add_row(Text(f"  {mark}", style=style), Text(text, style=style))
    return grid


def finished_line(item: PlanItem, exercise: Exercise | None, skipped: bool) -> Text:
    name = one_line(exercise.name) if exercise else item.exercise_id
    if skipped:
        return Text(f"  – {name}: skipped", style="yellow")
    return Text(f"  ✓ {name}: done", style="green")


def step_label(step: Step, elapsed: float) -> str:
    """What to do now, in a few words: 'Hold 2 of 6 · left side · set 1 of 3'."""
    where = []
    if step.side_name and step.phase in ("hold", "relax", "reps"):
        where.append(f"{step.side_name} side")
    if step.sets > 1 and step.phase in ("hold", "relax", "reps"):
        where.append(f"set {step.set_number} of {step.sets}")
    suffix = "".join(f" · {part}" for part in where)
    if step.phase == "ready":
        first = f"; start with your {step.side_name} side" if step.side else ""
        return f"Get ready: {MOVES.get(step.position or '', 'get into position')}{first}"
    if step.phase == "hold":
        count = f" {step.number} of {step.count}" if step.count > 1 else ""
        return f"Hold{count}{suffix}"
    if step.phase == "relax":
        return f"Relax{suffix} · next: hold {step.number + 1} of {step.count}"
    if step.phase == "reps":
        current = min(step.count, int(elapsed // SECONDS_PER_REP) + 1)
        return f"Rep {current} of {step.count}{suffix} · slowly, about {SECONDS_PER_REP} s each"
    if step.phase == "switch":
        return f"Switch sides: now your {step.side_name} side"
    first = f", {step.side_name} side first" if step.side else ""
    return f"Rest before set {step.set_number + 1} of {step.sets}{first}"


# "Get ready" when the position changes (program/guided_session.py scales its time).
MOVES = {
    "lying": "get down onto the floor or your mat and lie down",
    "kneeling": "get down onto your knees",
    "seated": "sit on a chair",
    "standing": "stand up",
}


def countdown(seconds_left: float) -> str:
    left = max(0, math.ceil(seconds_left - 1e-9))
    if left >= 60:
        return f"{left // 60}:{left % 60:02d}"
    return f"{left} s"


def step_status(
    step: Step, elapsed: float, mode: Mode = "running", skipped: str | None = None
) -> Group:
    """The live lines under the card: what to do, a countdown bar, and the keys (with u and
    d while the exercise `skipped` may be undone or marked part done)."""
    top = Table.grid(expand=True)
    top.add_column(ratio=1)
    top.add_column(justify="right", no_wrap=True)
    if mode == "paused":
        label = Text("Paused", style="bold yellow")
        label.append(f"   ({step_label(step, elapsed)})", style="dim")
    elif mode == "confirm":
        label = Text("Quit the session?", style="bold yellow")
    else:
        style = "bold magenta" if step.phase == "hold" else "bold"
        label = Text(step_label(step, elapsed), style=style)
    top.add_row(label, Text(countdown(step.seconds - elapsed), style="bold"))
    bar = CountdownBar(elapsed / step.seconds if step.seconds else 1.0)
    keys = Text(KEYS[mode], style="dim")
    if skipped and mode == "running":
        keys.append(f"\nu back to {skipped}   d {skipped}: done part of it", style="yellow")
    return Group(Text(""), top, bar, keys)


def last_skip_status(name: str) -> Group:
    """After the last exercise was skipped: undo it, mark it part done, or finish."""
    return Group(
        Text(""),
        Text(f"You skipped {name}, the last exercise.", style="bold yellow"),
        Text(f"u back to {name}   d done part of it   any other key: finish", style="dim"),
    )


def part_line(name: str, words: str) -> Text:
    return Text(f"  ◐ {name}: done in part ({words})", style="yellow")


class CountdownBar:
    """A bar across the terminal: heavy for the time gone, thin for the time left.

    Rich's ProgressBar leaves out the time-left part when colour is off (NO_COLOR), so the
    user would not see how long the step is; two line weights read without colour.
    """

    def __init__(self, fraction: float) -> None:
        self.fraction = min(max(fraction, 0.0), 1.0)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        gone = round(width * self.fraction)
        bar = Text("━" * gone, style="magenta")
        bar.append("─" * (width - gone), style="dim")
        yield bar
