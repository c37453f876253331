"""`facetcoach progress`: adherence, pain and the streak, week by week."""

from __future__ import annotations

from typing import Annotated

import typer


def progress_command(
    weeks: Annotated[
        int | None,
        typer.Option(min=1, metavar="N", help="Show only the latest N weeks (default: all)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show your progress: sessions and exercises done of those planned, pain, the streak.

    Adherence is exercises done of those planned in sessions that are due (an excused skip
    counts as planned, not done). The streak counts planned sessions done in a row; an
    excused skip neither breaks nor extends it.

    \b
    Examples:
      facetcoach progress
      facetcoach progress --weeks 4
      facetcoach progress --json
    """
    from facetcoach import clock
    from facetcoach.log_store import load_entries
    from facetcoach.plan_store import require_plan
    from facetcoach.progress import compute_progress

    plan = require_plan()
    today = clock.today()
    # Only the entries from the program's start on are decoded: fast on a long history.
    entries = load_entries(since=plan.program.start)
    progress = compute_progress(plan.program, entries, today, weeks)
    if as_json:
        from facetcoach.cli.output import print_json
        from facetcoach.codec import to_data

        print_json(to_data(progress))
        return
    from facetcoach.cli.output import console
    from facetcoach.render.progress import progress_view

    console().print(progress_view(progress))
