"""A day in words, the same everywhere: 'Wed 9 Dec 2026', 'Wed 9 Dec', '9 Dec', 'Wednesday 9
December 2026'. English names without strftime: the same words in any locale, and quicker."""

from __future__ import annotations

import datetime as dt

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day_text(day: dt.date) -> str:
    """'Wed 9 Dec 2026'."""
    return f"{DAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def day_words(day: dt.date) -> str:
    """'Wed 9 Dec': where the year goes without saying."""
    return f"{DAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1][:3]}"


def short_day(day: dt.date) -> str:
    """'9 Dec': in tables whose rows give the weekday or the year."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]}"


def long_day(day: dt.date) -> str:
    """'Wednesday 9 December 2026': a heading, or a date in a sentence of its own."""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def long_day_month(day: dt.date) -> str:
    """'Wednesday 9 December'."""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


def span_text(first: dt.date, last: dt.date) -> str:
    """'7–11 Dec', or '28 Dec–3 Jan' across a month's end."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{short_day(last)}"
    return f"{short_day(first)}–{short_day(last)}"
