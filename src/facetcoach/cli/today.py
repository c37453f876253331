"""`facetcoach today`: the day's routine (and the flare routine for a bad day)."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from facetcoach import clock, paths
from facetcoach.cli.dates import parse_day
from facetcoach.cli.output import print_json
from facetcoach.coaching.advice import coached_routine, coaching_data, entries_from
from facetcoach.education.lessons import lesson_data, lesson_for
from facetcoach.errors import DataError, InputError
from facetcoach.intake.triage import advice as triage_advice
from facetcoach.intake.triage import triage_data, triage_in_force
from facetcoach.model_json import to_data
from facetcoach.models import Prompt
from facetcoach.program.routine import routine_for
from facetcoach.program.store import require_plan
from facetcoach.render.plain_text import PlainWriter
from facetcoach.render.today import write_routine


def today_command(
    day: Annotated[
        str | None,
        typer.Option(
            "--date", help="Another day: 2026-12-07, yesterday or tomorrow.", metavar="DAY"
        ),
    ] = None,
    flare: Annotated[
        bool,
        typer.Option(
            "--flare",
            help="A gentle routine for a bad day: about half the work, no strength work.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    guided: Annotated[
        bool,
        typer.Option(
            "--guided",
            help="Walk through the session with timers; p pauses, s skips, q quits. "
            "Records the session at the end.",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="With --guided: no bell at the end of each hold.")
    ] = False,
) -> None:
    """Show today's routine: each exercise with its dose, steps, cues and cautions.

    \b
    Examples:
      facetcoach today
      facetcoach today --date tomorrow
      facetcoach today --flare
      facetcoach today --json
      facetcoach today --guided
      facetcoach today --guided --flare --quiet
    """
    if guided:
        if as_json:
            raise InputError("--guided and --json do not go together; use one or the other.")
        from facetcoach.cli.guided import require_terminal

        require_terminal()
    today = clock.today()
    chosen = today if day is None else parse_day("--date", day, today)
    plan = require_plan()
    routine = routine_for(plan, chosen, flare=flare)
    routine, coaching, log_problem, entries = _coached(plan, routine)
    lesson = lesson_for(plan, entries, chosen)  # ED1
    triage = triage_in_force(plan, entries)  # ST1
    _add_triage_prompt(coaching, triage)
    if guided:
        from facetcoach.cli.guided import guided_session

        guided_session(plan, routine, quiet=quiet, today=today, coaching=coaching)
        return
    if as_json:
        data = to_data(routine)
        data.update(coaching_data(coaching))
        data["log_problem"] = log_problem
        data["lesson"] = lesson_data(lesson)
        data["triage"] = triage_data(triage)
        print_json(data)
        return

    out = PlainWriter()
    exercises = {exercise.id: exercise for exercise in plan.exercises}
    write_routine(
        out, routine, exercises, len(plan.program.weeks), today, coaching, log_problem, lesson
    )
    out.flush()


def _add_triage_prompt(coaching: Any, found: Any) -> None:
    """ST1: a high-risk triage recommends clinician-supported care alongside the program (the
    plan is never refused); a medium one is mentioned."""
    words = triage_advice(found.triage if found else None)
    if words is not None:
        level = "warning" if found.triage.risk == "high" else "info"
        coaching.prompts = [*coaching.prompts, Prompt(rule="ST1", level=level, text=words)]


def _coached(plan: Any, routine: Any) -> tuple[Any, Any, str | None, list[Any]]:
    """The routine adjusted to the log, its coaching, and why the log could not be read.

    Only the entries from the plan's start on are read (fast on years of history). A damaged
    log does not hide the day's routine: it is shown as planned, with the problem said."""
    entries, problem = [], None
    # No log (nor backup, nor link) yet: nothing to read, and the log store is not imported.
    if os.path.lexists(paths.log_file()) or os.path.lexists(paths.log_backup_file()):
        from facetcoach.log.store import load_entries

        try:
            entries = load_entries(since=entries_from(plan))
        except DataError as error:
            problem = error.message
    routine, coaching = coached_routine(plan, entries, routine)
    return routine, coaching, problem, entries
