"""`facetcoach exercises`: browse the exercise library."""

from __future__ import annotations

from typing import Annotated

import typer

from facetcoach.cli import complete
from facetcoach.cli.main import Subcommand, command_group
from facetcoach.cli.output import console, print_json
from facetcoach.cli.word_choice import one_of, words
from facetcoach.errors import InputError
from facetcoach.library.loading import closest_ids, filter_exercises, load_library, progression_path
from facetcoach.model_json import to_data
from facetcoach.models import CATEGORIES, EQUIPMENT, POSITIONS, Library
from facetcoach.paths import user_library_file

app = command_group({"show": Subcommand(__name__, "show_exercise")})

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _library(ctx: typer.Context) -> Library:

    state = ctx.find_root().obj
    return load_library(user_library_file(state.library if state else None))


@app.callback()
def list_exercises(
    ctx: typer.Context,
    category: Annotated[
        str | None,
        typer.Option(
            metavar="CATEGORY",
            help=f"Only this category: {', '.join(CATEGORIES)}.",
            autocompletion=complete.categories,
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(metavar="1-3", help="Only this level: 1 (entry) to 3 (hardest)."),
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option(
            metavar="EQUIPMENT",
            help="What you have (repeat or separate with commas): shows only exercises "
            f"needing nothing else. Words: {', '.join(EQUIPMENT)}, or 'none'.",
            autocompletion=complete.equipment,
        ),
    ] = None,
    position: Annotated[
        str | None,
        typer.Option(
            metavar="POSITION",
            help=f"Only this position: {', '.join(POSITIONS)}.",
            autocompletion=complete.positions,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Browse the exercise library, grouped by category.

    \b
    Examples:
      facetcoach exercises
      facetcoach exercises --category core --level 1
      facetcoach exercises --equipment mat,chair --json
      facetcoach exercises show bird-dog
    """
    if ctx.invoked_subcommand is not None:
        return

    have = None
    if equipment is not None:
        given = [part for value in equipment for part in value.split(",")]
        have = (
            []
            if [g.strip().lower() for g in given] == ["none"]
            else words("--equipment", given, EQUIPMENT)
        )
    chosen = filter_exercises(
        _library(ctx),
        category=one_of("--category", category, CATEGORIES) if category else None,
        level=_level(level),
        equipment=have,
        position=one_of("--position", position, POSITIONS) if position else None,
    )
    if as_json:
        print_json([to_data(exercise) for exercise in chosen])
        return
    from facetcoach.render.exercises import library_tables

    out = console()
    if not chosen:
        out.print(
            "No exercise matches those filters. Try fewer filters, or `facetcoach exercises`."
        )
        return
    out.print(library_tables(chosen, out.width))
    out.print(
        f"{len(chosen)} exercises. See one in full with `facetcoach exercises show ID`.",
        style="dim",
    )


def _level(text: str | None) -> int | None:
    if text is None:
        return None
    if text.strip() in ("1", "2", "3"):
        return int(text)
    raise InputError(f"--level must be 1 (entry), 2 or 3 (hardest), not {text!r}.")


def show_exercise(
    ctx: typer.Context,
    exercise_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The exercise's id.", autocompletion=complete.exercise_ids
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Show one exercise: its dose, steps, cues, cautions and its family.

    \b
    Examples:
      facetcoach exercises show mcgill-curl-up
      facetcoach exercises show bird-dog --json
    """
    library = _library(ctx)
    exercise = library.get(exercise_id.strip().lower())
    if exercise is None:
        close = closest_ids(library, exercise_id.strip().lower())
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise InputError(
            f"There is no exercise with the id {exercise_id!r}.{hint} "
            "List them with `facetcoach exercises`."
        )
    path = progression_path(library, exercise.id)
    if as_json:
        print_json({**to_data(exercise), "path": [step.id for step in path]})
        return
    from facetcoach.render.exercises import exercise_card

    console().print(exercise_card(exercise, path))
