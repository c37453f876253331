"""`facetcoach today`: the day's routine (and the flare routine for a bad day)."""

from __future__ import annotations

from typing import Annotated

import typer


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
) -> None:
    """Show today's routine: each exercise with its dose, steps, cues and cautions.

    \b
    Examples:
      facetcoach today
      facetcoach today --date tomorrow
      facetcoach today --flare
      facetcoach today --json
    """
    from facetcoach import clock
    from facetcoach.plan_store import require_plan
    from facetcoach.routine import routine_for

    today = clock.today()
    if day is None:
        chosen = today
    else:
        from facetcoach.cli.dates import parse_day

        chosen = parse_day("--date", day, today)
    plan = require_plan()
    routine = routine_for(plan, chosen, flare=flare)
    if as_json:
        from facetcoach.cli.output import print_json
        from facetcoach.codec import to_data

        print_json(to_data(routine))
        return
    from facetcoach.render.plain import PlainWriter
    from facetcoach.render.today import write_routine

    out = PlainWriter()
    exercises = {exercise.id: exercise for exercise in plan.exercises}
    write_routine(out, routine, exercises, len(plan.program.weeks), today)
    out.flush()
