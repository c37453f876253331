"""The session log for people: what was recorded, and the list of entries as a table."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from facetcoach.days import day_text
from facetcoach.log.entries import SHORT_ID
from facetcoach.models import LogEntry


def _rating(value: int | None) -> str:
    return "–" if value is None else str(value)


def pain_text(before: int | None, after: int | None) -> str:
    """'4 → 3', '– → 3', or nothing when neither was given."""
    if before is None and after is None:
        return ""
    return f"{_rating(before)} → {_rating(after)}"


def what_text(entry: LogEntry) -> str:
    """One line on what an entry holds: '7 of 8 done, skipped bird-dog, extra cat-camel'."""
    text = _what(entry)
    if entry.walked_minutes and entry.kind != "walk":
        text += f"; walked {entry.walked_minutes} min"  # A1
    return text


def _what(entry: LogEntry) -> str:
    if entry.kind == "session":
        planned_done = len(entry.done) - len(entry.extra)
        if not entry.planned:
            return "nothing planned; extra " + ", ".join(entry.extra)
        parts = [f"{planned_done} of {len(entry.planned)} done"]
        if entry.skipped:
            parts.append("skipped " + ", ".join(entry.skipped))
        if entry.extra:
            parts.append("extra " + ", ".join(entry.extra))
        return "; ".join(parts)
    if entry.kind == "skipped":
        return f"skipped ({entry.reason})" if entry.reason else "skipped"
    if entry.kind == "checkin" and entry.checkin is not None:
        return f"check-in: pain {entry.checkin.nprs}/10"
    if entry.kind == "symptom":
        return f"symptom: {entry.symptom}"
    if entry.kind == "walk":
        return f"walk: {entry.walked_minutes} min"
    return entry.kind


def entry_summary(entry: LogEntry) -> str:
    """A line naming one entry, for questions and confirmations."""
    return f"{day_text(entry.date)} {entry.kind}: {what_text(entry)} (id {entry.id[:SHORT_ID]})"


def recorded_lines(
    entry: LogEntry, *, week: int | None, same_day: int, planned_note: str | None
) -> list[str]:
    """What `facetcoach log` says after saving."""
    where = f" (week {week})" if week else ""
    lines = [f"Logged {day_text(entry.date)}{where}: {what_text(entry)}."]
    if planned_note:
        lines.append(planned_note)
    rated = []
    if entry.pain_before is not None or entry.pain_after is not None:
        rated.append(f"pain {pain_text(entry.pain_before, entry.pain_after)}")
    if entry.effort is not None:
        rated.append(f"effort {entry.effort}")
    if rated:
        lines.append(", ".join(rated).capitalize() + ".")
    if same_day:
        lines.append(
            f"That day now has {same_day + 1} entries; `facetcoach log undo` removes this one "
            "if it was a mistake."
        )
    if entry.kind == "session":
        lines.append(
            "Tomorrow morning, `facetcoach log morning N` records how your back feels "
            "(pain should settle by then)."
        )
    lines.append(f"Entry id {entry.id[:SHORT_ID]}.")
    return lines


def entries_table(entries: Sequence[LogEntry], width: int = 100) -> Table:
    """The entries, oldest first, one row each."""
    wide = width >= 90
    table = Table(title="Session log", title_justify="left", title_style="bold")
    table.add_column("date", no_wrap=True)
    table.add_column("what", ratio=3)
    table.add_column("pain", no_wrap=True)
    table.add_column("morning", justify="center", no_wrap=True)
    if wide:
        table.add_column("effort", justify="center", no_wrap=True)
    table.add_column("note", ratio=2)
    table.add_column("id", no_wrap=True, style="dim")
    for entry in entries:
        cells: list[str | Text] = [
            day_text(entry.date),
            what_text(entry),
            pain_text(entry.pain_before, entry.pain_after),
            "" if entry.pain_morning is None else str(entry.pain_morning),
        ]
        if wide:
            cells.append("" if entry.effort is None else str(entry.effort))
        cells += [Text(entry.note or ""), entry.id[:SHORT_ID]]
        table.add_row(*cells)
    return table
