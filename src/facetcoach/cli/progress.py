"""`facetcoach progress`: adherence, pain and the streak, week by week."""

from __future__ import annotations

from typing import Annotated

import typer

from facetcoach import clock
from facetcoach.checkin.history import checkin_due, score_checkins
from facetcoach.cli.output import console, print_json
from facetcoach.cli.standing import load
from facetcoach.coaching.advice import safety_prompts
from facetcoach.coaching.progression import as_planned
from facetcoach.coaching.verdict import in_order
from facetcoach.coaching.walking import gated_walking
from facetcoach.errors import InputError
from facetcoach.intake.profile import profile_of
from facetcoach.model_json import to_data
from facetcoach.program.store import require_plan
from facetcoach.share.progress import compute_progress


def progress_command(
    weeks: Annotated[
        int | None,
        typer.Option(metavar="N", help="Show only the latest N weeks (default: all)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show your progress: sessions and exercises done of those planned, pain, the streak,
    and your check-ins (pain, daily life, activities) with the change from the first.

    Adherence is exercises done of those planned in sessions that are due (an excused skip
    counts as planned, not done). The streak counts planned sessions done in a row; an
    excused skip neither breaks nor extends it.

    \b
    Examples:
      facetcoach progress
      facetcoach progress --weeks 4
      facetcoach progress --json
    """
    if weeks is not None and weeks < 1:
        raise InputError(f"--weeks must be 1 or more (got {weeks}).")
    today = clock.today()
    # Only the entries from the plan's start on are decoded: fast on a long history.
    loaded = load(require_plan(), today)
    plan, entries = loaded.standing.plan, loaded.entries  # the program as it stands
    # An exercise given at another level (progression.py) counts as the planned one done.
    progress = compute_progress(
        plan.program,
        as_planned(plan, entries),
        today,
        weeks,
        no_extension=profile_of(plan.answers).no_extension,  # E1: how its category is named
        exercises=plan.exercises,  # W7: the levels of an exercise are one
    )
    checkins = score_checkins(entries, today)
    due, _, next_due = checkin_due(entries, today, plan.program.start)
    ordered = in_order(entries)
    prompts = safety_prompts(plan, ordered, today, checkins)  # as `today` gives them
    walking = gated_walking(plan, ordered, today)  # A1: today's target, as `today` says it
    if as_json:
        data = to_data(progress)
        data["walking_today"] = {"minutes": walking[0], "why": walking[1]}
        data["checkins"] = to_data(checkins)
        data["checkin_due"] = due
        data["next_checkin"] = next_due.isoformat()
        data["prompts"] = to_data(prompts)
        print_json(data)
        return
    from facetcoach.render.progress import progress_view

    out = console()
    out.print(progress_view(progress, checkins, due, next_due, prompts, out.width, walking))
