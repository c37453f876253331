"""`facetcoach today`: the day's routine (and the flare routine for a bad day).

No `from __future__ import annotations`: Typer reads the options from the annotations, and
evaluating their text was about 1 ms of every `today` (issue 15).
"""

from typing import Annotated, Any

import typer

from facetcoach import clock
from facetcoach.cli.dates import parse_day
from facetcoach.cli.output import print_json
from facetcoach.cli.standing import load, recorded_on
from facetcoach.coaching.advice import coached_routine, coaching_data
from facetcoach.coaching.verdict import exercises_in_your_terms, pain_rule
from facetcoach.education.lessons import lesson_data, lesson_for
from facetcoach.errors import InputError
from facetcoach.intake.triage import advice as triage_advice
from facetcoach.intake.triage import triage_data, triage_in_force
from facetcoach.model_json import to_data
from facetcoach.models import Prompt, PromptLevel
from facetcoach.program.routine import routine_for, screen_answered
from facetcoach.program.store import require_plan
from facetcoach.render.plain_text import PlainWriter
from facetcoach.render.today import write_routine


def today_command(
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Another day: 2026-12-07, yesterday, tomorrow, fri, last fri, -2, in 3 days.",
            metavar="DAY",
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
    details: Annotated[
        bool,
        typer.Option(
            "--details",
            help="Safety advice in full, every day (it shrinks to one line after its first).",
        ),
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
    if guided and chosen > today:
        raise InputError(
            "A guided session is recorded when it is done, so it runs for today or a past "
            "day, not a future one; leave out --date, or see that day with `facetcoach today "
            "--date`."
        )
    loaded = load(require_plan(), today, tolerate_damage=True)
    plan = loaded.standing.plan  # the program as it stands (program/path.py)
    routine = routine_for(plan, chosen, flare=flare, today=today, entries=loaded.entries)
    routine, coaching = coached_routine(plan, loaded.entries, routine)
    recorded = recorded_on(loaded.entries, chosen)
    lesson = lesson_for(plan, loaded.entries, chosen)  # ED1
    triage = triage_in_force(plan, loaded.entries)  # ST1
    _add_triage_prompt(coaching, triage)
    if guided:
        from facetcoach.cli.guided import guided_session

        guided_session(
            plan, routine, quiet=quiet, today=today, coaching=coaching, recorded=recorded
        )
        return
    if as_json:
        data = to_data(routine)
        data.update(coaching_data(coaching))
        data["log_problem"] = loaded.log_problem
        data["phase_held"] = {"reason": routine.phase_held} if routine.phase_held else None
        data["recorded"] = to_data(recorded) if recorded else None
        data["screen_answered"] = screen_answered(plan)
        data["pain_rule"] = pain_rule(plan.answers)  # PM1 or PM1b: the sentence in force
        data["lesson"] = lesson_data(lesson)
        data["triage"] = triage_data(triage)
        print_json(data)
        return

    out = PlainWriter()
    # The cautions in the words of PM1b, or of FL1 on a flare day.
    exercises = exercises_in_your_terms(plan.exercises, plan.answers, flare=routine.flare)
    write_routine(
        out,
        routine,
        exercises,
        routine.program_weeks or len(plan.program.weeks),
        today,
        coaching,
        loaded.log_problem,
        recorded=recorded,
        screen_answered=screen_answered(plan),
        details=details,
        lesson=lesson,
    )
    out.flush()


def _add_triage_prompt(coaching: Any, found: Any) -> None:
    """ST1: a high-risk triage recommends clinician-supported care alongside the program (the
    plan is never refused); a medium one is mentioned."""
    words = triage_advice(found.triage if found else None)
    if words is not None:
        level: PromptLevel = "warning" if found.triage.risk == "high" else "info"
        coaching.prompts = [*coaching.prompts, Prompt(rule="ST1", level=level, text=words)]
