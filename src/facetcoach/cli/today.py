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
    from facetcoach import clock
    from facetcoach.plan_store import require_plan
    from facetcoach.routine import routine_for

    if guided:
        if as_json:
            from facetcoach.errors import InputError

            raise InputError("--guided and --json do not go together; use one or the other.")
        from facetcoach.cli.guided import require_terminal

        require_terminal()
    today = clock.today()
    if day is None:
        chosen = today
    else:
        from facetcoach.cli.dates import parse_day

        chosen = parse_day("--date", day, today)
    plan = require_plan()
    routine = routine_for(plan, chosen, flare=flare)
    if guided:
        from facetcoach.cli.guided import guided_session

        guided_session(plan, routine, quiet=quiet, today=today)
        return
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
