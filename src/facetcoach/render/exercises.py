"""The exercise library as Rich tables and one exercise as a card."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from facetcoach.models import CATEGORIES, Category, Equipment, Exercise
from facetcoach.program.dose import dose_text
from facetcoach.safe_text import one_line, shown_exercise

CATEGORY_TITLES: dict[Category, str] = {
    "core": "Core stabilisation",
    "rom": "Range of motion",
    "posture": "Posture drills",
    "balance": "Balance",
    "extension": "Back extension and hip-flexor stretches",
}


def category_title(category: Category, no_extension: bool = False) -> str:
    """A category's title; for extension under rule E1, what it holds instead."""
    if category == "extension" and no_extension:
        return "Hip-flexor stretches and positions of ease"
    return CATEGORY_TITLES[category]


def exercise_dose(exercise: Exercise) -> str:
    return dose_text(
        exercise.kind, exercise.sets, exercise.reps, exercise.hold_seconds, exercise.per_side
    )


def equipment_text(equipment: Sequence[Equipment]) -> str:
    return ", ".join(item.replace("_", " ") for item in equipment) or "none"


def library_tables(exercises: list[Exercise], width: int = 100) -> Group:
    """One table per category, in the program's order: all the columns when they fit, then
    without kind and position, then each exercise stacked (its id never cut: it is typed)."""
    from facetcoach.render.tables import Cell, Column, fitted_table, needed_width

    columns = [
        Column("exercise", wrap=True, stacked=False),
        Column("id", style="dim"),
        Column("level", "center"),
        Column("kind"),
        Column("dose", wrap=True),
        Column("needs", wrap=True),
        Column("position"),
    ]
    tables = []
    for category in CATEGORIES:
        chosen = sorted((e for e in exercises if e.category == category), key=_order)
        if not chosen:
            continue
        rows: list[list[Cell]] = [
            [one_line(e.name), e.id, str(e.level), e.kind, exercise_dose(e),
             equipment_text(e.equipment), e.position]
            for e in chosen
        ]  # fmt: skip
        title = CATEGORY_TITLES[category]
        if needed_width(columns, rows) > width:
            # Kind and position go first; the card (`exercises show`) has them.
            keep = [0, 1, 2, 4, 5]
            slim = [[row[i] for i in keep] for row in rows]
            slim_columns = [columns[i] for i in keep]
            if needed_width(slim_columns, slim) <= width:
                tables.append(fitted_table(title, slim_columns, slim, width))
                continue
        tables.append(fitted_table(title, columns, rows, width))
    return Group(*tables)


def _order(exercise: Exercise) -> tuple[int, str]:
    return (exercise.level, exercise.id)


def exercise_card(exercise: Exercise, path: list[Exercise]) -> Group:
    """One exercise in full: what it is, the dose, steps, cues, cautions and its family."""
    e = shown_exercise(exercise)  # promise 12
    parts: list[RenderableType] = [Text(f"{e.name}  ({e.id})", style="bold")]
    if e.summary:
        parts.append(Text(e.summary))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    facts.add_row("category", CATEGORY_TITLES[e.category])
    facts.add_row("level", f"{e.level} of 3")
    facts.add_row("kind", e.kind)
    facts.add_row("dose", exercise_dose(e) + f", rest {e.rest_seconds} s between sets")
    facts.add_row("equipment", equipment_text(e.equipment))
    facts.add_row("position", e.position)
    facts.add_row("moves the back into", ", ".join(x.replace("_", " ") for x in e.loads))
    parts += [Text(""), facts]
    parts += _numbered("Steps", e.steps)
    parts += _bulleted("How it should feel", e.cues)
    parts += _bulleted("When to stop", e.cautions, style="yellow")
    if len(path) > 1:
        line = Text("\nFamily, easiest to hardest: ", style="bold")
        for index, step in enumerate(path):
            if index:
                line.append(" → ")
            line.append(
                f"{step.id} (level {step.level})", style="reverse" if step.id == e.id else ""
            )
        parts.append(line)
    return Group(*parts)


def _numbered(title: str, lines: list[str]) -> list[RenderableType]:
    return [
        Text(f"\n{title}", style="bold"),
        _hanging([f"{n}." for n in range(1, len(lines) + 1)], lines),
    ]


def _bulleted(title: str, lines: list[str], style: str = "") -> list[RenderableType]:
    return [Text(f"\n{title}", style="bold"), _hanging(["•"] * len(lines), lines, style)]


def _hanging(marks: list[str], lines: list[str], style: str = "") -> Table:
    """A list whose wrapped lines stay indented under their text, not under the mark."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(style=style)
    for mark, line in zip(marks, lines, strict=True):
        grid.add_row(f"  {mark}", line)
    return grid
