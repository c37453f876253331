"""`facetcoach learn`: the short lessons of rule ED1, as a list or one at a time."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from facetcoach.cli.output import print_json
from facetcoach.education.lessons import BY_ID, LESSONS, Lesson
from facetcoach.errors import InputError


def learn_command(
    lesson_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", help="A lesson's id or number, from the list; none for the list."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Read the short lessons about your back: what facet pain is, why hurt is not harm, and more.

    `today` shows one on each session day, in order; here you can read any of them again.

    \b
    Examples:
      facetcoach learn
      facetcoach learn hurt-not-harm
      facetcoach learn 3 --json
    """
    if lesson_id is None:
        if as_json:
            print_json([_data(number, lesson) for number, lesson in enumerate(LESSONS, start=1)])
            return
        width = max(len(lesson.id) for lesson in LESSONS)
        lines = ["Lessons (one is shown on each session day, in this order):"]
        for number, lesson in enumerate(LESSONS, start=1):
            lines.append(f"{number:>3}. {lesson.id:<{width}}  {lesson.title}")
        lines.append("Read one with `facetcoach learn ID`, for example `facetcoach learn 1`.")
        typer.echo("\n".join(lines))
        return
    number, lesson = _find(lesson_id)
    if as_json:
        print_json(_data(number, lesson))
        return
    typer.echo(f"{number}. {lesson.title}\n\n{_wrapped(lesson.text)}")


def _find(given: str) -> tuple[int, Lesson]:
    word = given.strip().lower()
    if word.isdigit() and 1 <= int(word) <= len(LESSONS):
        return int(word), LESSONS[int(word) - 1]
    lesson = BY_ID.get(word)
    if lesson is None:
        import difflib

        starts = [lesson_id for lesson_id in BY_ID if word and lesson_id.startswith(word)]
        close = starts[:3] or difflib.get_close_matches(word, list(BY_ID), n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise InputError(
            f"There is no lesson {given!r}.{hint} List them with `facetcoach learn` (a number "
            f"from 1 to {len(LESSONS)} works too)."
        )
    return LESSONS.index(lesson) + 1, lesson


def _data(number: int, lesson: Lesson) -> dict[str, Any]:
    return {"number": number, "id": lesson.id, "title": lesson.title, "text": lesson.text}


def _wrapped(text: str) -> str:
    import shutil
    import textwrap

    width = min(100, shutil.get_terminal_size((80, 24)).columns)
    return textwrap.fill(text, width=width)
