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


# --- A day typed by a person ---------------------------------------------------------------
# One parser for every option and prompt that takes a day (docs/commands.md, "Dates").

WEEKDAY_WORDS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_NAMED = {"today": 0, "yesterday": -1, "tomorrow": 1}
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
# What every "is not a day" sentence lists, so that all options say the same.
DAY_FORMS = (
    "2026-12-07, today, yesterday, tomorrow, mon, last mon, next mon, -2, 2 days ago or in 3 days"
)


def day_from_words(text: str, today: dt.date, toward: str = "any") -> dt.date | None:
    """The day `text` names, or None when it names none.

    `toward` says which way a bare weekday looks: "past" (the most recent one, today
    included: an option that records what was done), "future" (the next one, today
    included: a start) or "any" (the same as "future": `today --date fri` looks ahead).
    "last mon" is always before today and "next mon" always after it."""
    words = text.strip().lower().replace(",", " ").split()
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        if word in _NAMED:
            return today + dt.timedelta(days=_NAMED[word])
        if word in WEEKDAY_WORDS:
            return _weekday(today, WEEKDAY_WORDS[word], -1 if toward == "past" else 1, True)
        if word[0] in "+-" and _count(word[1:]) is not None:
            return _shifted(today, int(word))
        # Only YYYY-MM-DD: fromisoformat alone takes 20261207 and 2026-W50-1 too.
        if len(word) != 10 or word[4] + word[7] != "--" or not word.replace("-", "").isdecimal():
            return None
        try:
            return dt.date.fromisoformat(word)
        except ValueError:
            return None
    if len(words) == 2 and words[0] in ("last", "next") and words[1] in WEEKDAY_WORDS:
        step = -1 if words[0] == "last" else 1
        return _weekday(today, WEEKDAY_WORDS[words[1]], step, False)
    if len(words) == 3 and words[2] == "ago" and words[1] in _UNITS:
        count = _count(words[0])
        return None if count is None else _shifted(today, -count * _UNITS[words[1]])
    if len(words) == 3 and words[0] == "in" and words[2] in _UNITS:
        count = _count(words[1])
        return None if count is None else _shifted(today, count * _UNITS[words[2]])
    return None


def _count(word: str) -> int | None:
    """A count of days or weeks: at most 5 digits (a century is 36,525 days)."""
    return int(word) if word.isascii() and word.isdecimal() and len(word) <= 5 else None


def _weekday(today: dt.date, weekday: int, step: int, include_today: bool) -> dt.date:
    """The nearest `weekday` in the direction of `step` (-1 back, +1 ahead)."""
    gap = (weekday - today.weekday()) * step % 7
    if gap == 0 and not include_today:
        gap = 7
    return today + dt.timedelta(days=gap * step)


def _shifted(today: dt.date, days: int) -> dt.date | None:
    try:
        return today + dt.timedelta(days=days)
    except OverflowError:  # beyond year 1 or 9999: not a day anyone means
        return None
