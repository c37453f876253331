"""The session log as the table of `log list`: it folds instead of cutting an id."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text

from facetcoach.days import day_text
from facetcoach.log.entries import SHORT_ID
from facetcoach.models import LogEntry
from facetcoach.render.log import pain_text, what_text
from facetcoach.render.tables import Cell, Column, fitted_table, needed_width
from facetcoach.safe_text import shown

EFFORT_LEFT_OUT = (
    "The effort column is left out for want of room: a wider window, or `log list --json`, "
    "shows it."
)


def entries_table(entries: Sequence[LogEntry], width: int = 100) -> RenderableType:
    """The entries, oldest first, one row each; stacked (an entry a few lines, its id in its
    heading) when the table does not fit, so that no id is cut: they are typed to edit."""
    columns = [
        Column("date"),
        Column("what", wrap=True),
        Column("pain"),
        Column("morning", "center"),
        Column("effort", "center"),
        Column("note", wrap=True),
        Column("id", style="dim", stacked=False),
    ]
    rows: list[list[Cell]] = [
        [
            day_text(entry.date),
            what_text(entry),
            pain_text(entry.pain_before, entry.pain_after),
            "" if entry.pain_morning is None else str(entry.pain_morning),
            "" if entry.effort is None else str(entry.effort),
            Text(shown(entry.note or "")),  # promise 12
            entry.id[:SHORT_ID],
        ]
        for entry in entries
    ]
    rated = any(entry.effort is not None for entry in entries)
    if not rated or needed_width(columns, rows) > width:
        # An empty column, or one the table has no room for: effort goes (stacked, it stays),
        # and the caption says so (found by a new user's trial: it went without a word).
        slim = [row[:4] + row[5:] for row in rows]
        if needed_width(columns[:4] + columns[5:], slim) <= width:
            caption = EFFORT_LEFT_OUT if rated else None
            return fitted_table(
                "Session log", columns[:4] + columns[5:], slim, width, caption=caption
            )
    headings = [f"{day_text(entry.date)} · id {entry.id[:SHORT_ID]}" for entry in entries]
    return fitted_table("Session log", columns, rows, width, headings=headings)
