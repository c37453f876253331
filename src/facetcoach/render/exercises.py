"""The exercise library as Rich tables and one exercise as a card."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from facetcoach.models import CATEGORIES, Exercise
from facetcoach.program.dose import dose_text
from facetcoach.safe_text import one_line, shown_exercise

CATEGORY_TITLES = {
    "core": "Core stabilisation",
    "rom": "Range of motion",
    "posture": "Posture drills",
    "balance": "Balance",
    "extension": "Back extension and hip-flexor stretches",
}


def exercise_dose(exercise: Exercise) -> str:
    return dose_text(
        exercise.kind, exercise.sets, exercise.reps, exercise.hold_seconds, exercise.per_side
    )


def equipment_text(equipment: list[str]) -> str:
    return ", ".join(item.replace("_", " ") for item in equipment) or "none"


def library_tables(exercises: list[Exercise], width: int = 100) -> Group:
    """One table per category, in the program's order; fewer columns on a narrow terminal."""
    wide = width >= 100
    tables = []
    for category in CATEGORIES:
        rows = [e for e in exercises if e.category == category]
        if not rows:
            continue
        table = Table(title=CATEGORY_TITLES[category], title_justify="left", title_style="bold")
        table.add_column("exercise", ratio=3)
        table.add_column("level", justify="center", no_wrap=True)
        if wide:
            table.add_column("kind", no_wrap=True)
        table.add_column("dose", ratio=2)
        table.add_column("needs", ratio=1)
        if wide:
            table.add_column("position", no_wrap=True)
        for e in sorted(rows, key=lambda e: (e.level, e.id)):
            name = Text(one_line(e.name))  # promise 12
            name.append(f"\n{e.id}", style="dim")
            cells = [name, str(e.level)]
            cells += [e.kind] if wide else []
            cells += [exercise_dose(e), equipment_text(e.equipment)]
            cells += [e.position] if wide else []
            table.add_row(*cells)
        tables.append(table)
    return Group(*tables)


def exercise_card(exercise: Exercise, path: list[Exercise]) -> Group:
    """One exercise in full: what it is, the dose, steps, cues, cautions and its family."""
    e = shown_exercise(exercise)  # promise 12
    parts: list = [Text(f"{e.name}  ({e.id})", style="bold")]
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


def _numbered(title: str, lines: list[str]) -> list:
    return [
        Text(f"\n{title}", style="bold"),
        _hanging([f"{n}." for n in range(1, len(lines) + 1)], lines),
    ]


def _bulleted(title: str, lines: list[str], style: str = "") -> list:
    return [Text(f"\n{title}", style="bold"), _hanging(["•"] * len(lines), lines, style)]


def _hanging(marks: list[str], lines: list[str], style: str = "") -> Table:
    """A list whose wrapped lines stay indented under their text, not under the mark."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(style=style)
    for mark, line in zip(marks, lines, strict=True):
        grid.add_row(f"  {mark}", line)
    return grid
