"""The session log for people, in plain lines: what was recorded, and what an entry holds.

No Rich here: `facetcoach log` prints these lines, and need not import it (issue 15); the
table of `log list` is in log_table.py."""

from __future__ import annotations

import datetime as dt

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
    if entry.wobble:
        text += "; a wobble in the balance work"  # B4b
    return text


def _what(entry: LogEntry) -> str:
    if entry.kind == "session":
        planned_done = len(entry.done) - len(entry.extra)
        if not entry.planned:
            return "nothing planned; extra " + ", ".join(entry.extra)
        parts = [f"{planned_done} of {len(entry.planned)} done"]
        # Said wherever the entry is named (found by a new user's trial: a flare day read "3
        # of 3 done" in `log list`, and `log --flare` did not say the flare routine was).
        if entry.flare:
            parts[0] = f"the flare routine, {parts[0]}"
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
    entry: LogEntry,
    *,
    week: int | None,
    same_day: int,
    planned_note: str | None,
    today: dt.date | None = None,
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
        lines.append(morning_tip(entry.date, today or entry.date))
    lines.append(f"Entry id {entry.id[:SHORT_ID]}.")
    return lines


def morning_tip(day: dt.date, today: dt.date) -> str:
    """How to record the next-morning pain of a session on `day`, said from `today`: a
    back-dated session's next morning is not tomorrow."""
    if day >= today:
        return (
            "Tomorrow morning, `facetcoach log morning N` records how your back feels "
            "(pain should settle by then)."
        )
    if day == today - dt.timedelta(days=1):
        return (
            "How is your back this morning? `facetcoach log morning N` records it (pain "
            "should settle by the morning after a session)."
        )
    return (
        "If you remember how your back felt the next morning, "
        f"`facetcoach log morning N --date {day.isoformat()}` records it."
    )
