"""The pain-monitoring model: what one logged session says. Pure.

A session is *easy*, *hard* or neither (a *hold*), by rules PM1 and PM2 of
docs/clinical-rules.md as issue 6 makes them precise (see progression.py for what each
verdict does to the doses); and it may show a *flare sign*, which suggests the flare routine
for the next session (FL1).

- Easy: pain after recorded and at most 5 (facetcoach does not ask the pain during an
  exercise: the pain after stands for both), next-morning pain recorded and not above the
  baseline, nothing planned skipped, no flare sign.
- Hard: pain after above 5 (PM1), or next-morning pain 2 or more above the baseline (PM2).
- The baseline of next-morning pain is the pain before that session; when that was not
  recorded, the intake's pain_now (the pain the plan was built for).
- A flare sign: pain before of 7 or more, or a rise of 3 or more within a day (from before the
  session to after it, or to the next morning).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from facetcoach.days import day_words
from facetcoach.models import Answers, LogEntry

PAIN_LIMIT = 5  # PM1: pain up to 5/10 is acceptable, above is too much
MORNING_RISE = 2  # PM2 (issue 6): next-morning pain this far above baseline -> regress
FLARE_PAIN = 7  # pain before a session at or above this suggests flare mode
FLARE_RISE = 3  # so does a rise of this much within a day

EASY, HARD, HOLD = "easy", "hard", "hold"


# --- One session's verdict ------------------------------------------------------------------


# The small classes below are plain classes, not dataclasses: `today` imports this module on
# every run, and each generated dataclass costs start-up time (see models.py).


class Verdict:
    """EASY, HARD or HOLD, and why: for HARD the words after "after", for HOLD why it did
    not count as easy. A *firm* HOLD is known not to be easy (the pain said so, not a pain
    left unrecorded): the dose then stays as given, even where the plan steps up (PM2)."""

    __slots__ = ("firm", "kind", "reason")

    def __init__(self, kind: str, reason: str, firm: bool = False) -> None:
        self.kind, self.reason, self.firm = kind, reason, firm

    def __repr__(self) -> str:
        return f"Verdict({self.kind!r}, {self.reason!r})"


def baseline(entry: LogEntry, answers: Answers) -> tuple[int, str]:
    """The pain next-morning pain is compared with, and its name in words."""
    if entry.pain_before is not None:
        return entry.pain_before, "your pain before it"
    return answers.pain_now, f"the pain you started the plan with ({answers.pain_now})"


def flare_sign(entry: LogEntry) -> str | None:
    """Why a session suggests the flare routine next time: pain before of 7 or more, or a rise
    of 3 or more within a day (from before the session to after it, or to the next morning)."""
    before = entry.pain_before
    if entry.kind != "session" or before is None:
        return None
    day = day_words(entry.date)
    if before >= FLARE_PAIN:
        return f"your pain was {before} out of 10 before the session on {day}"
    for value, when in ((entry.pain_after, "after it"), (entry.pain_morning, "the next morning")):
        if value is not None and value - before >= FLARE_RISE:
            return f"your pain rose from {before} before the session on {day} to {value} {when}"
    return None


def session_verdict(entry: LogEntry, answers: Answers) -> Verdict:
    """Whether a (non-flare) session was easy, hard, or neither (PM1, PM2)."""
    day = day_words(entry.date)
    after, morning = entry.pain_after, entry.pain_morning
    if after is not None and after > PAIN_LIMIT:
        return Verdict(HARD, f"the session on {day} left pain at {after} (above {PAIN_LIMIT})")
    base, base_words = baseline(entry, answers)
    if morning is not None and morning - base >= MORNING_RISE:
        return Verdict(
            HARD,
            f"next-morning pain of {morning} following the session on {day}, "
            f"{morning - base} above {base_words}",
        )
    sign = flare_sign(entry)
    if sign is not None:
        return Verdict(HOLD, sign, firm=True)
    if after is None:
        return Verdict(HOLD, f"no pain after the session on {day} was recorded")
    if morning is None:
        return Verdict(HOLD, f"no next-morning pain was recorded for the session on {day}")
    if morning > base:
        return Verdict(
            HOLD,
            f"next-morning pain after the session on {day} was above {base_words}",
            firm=True,
        )
    if entry.skipped:
        return Verdict(HOLD, f"some of the session on {day} was skipped")
    return Verdict(EASY, "")


def is_flare(entry: LogEntry) -> bool:
    return entry.flare or (entry.kind == "skipped" and entry.reason == "flare")


def symptom_spans(entries: Sequence[LogEntry]) -> list[tuple[LogEntry, dt.date | None]]:
    """PM5: each new symptom with the day a clinician's check was recorded after it (`log
    checked`), or None while it is open. Entries in order (in_order)."""
    spans: list[tuple[LogEntry, dt.date | None]] = []
    open_one: LogEntry | None = None
    for entry in entries:
        if entry.kind == "symptom" and open_one is None:
            open_one = entry
        elif entry.kind == "checked" and open_one is not None:
            spans.append((open_one, entry.date))
            open_one = None
    if open_one is not None:
        spans.append((open_one, None))
    return spans


def open_symptom(entries: Sequence[LogEntry], day: dt.date) -> LogEntry | None:
    """PM5: the symptom still open on `day` (recorded on or before it, no check since)."""
    for symptom, checked in symptom_spans([e for e in entries if e.date <= day]):
        if checked is None:
            return symptom
    return None


def frozen_on(spans: Sequence[tuple[LogEntry, dt.date | None]], day: dt.date) -> LogEntry | None:
    """The symptom that freezes progression on `day`, if any (PM5)."""
    for symptom, checked in spans:
        if symptom.date <= day and (checked is None or day < checked):
            return symptom
    return None


def in_order(entries: Sequence[LogEntry]) -> list[LogEntry]:
    """By date, then by when they were recorded (file order on a tie)."""
    indexed = sorted(
        enumerate(entries), key=lambda p: (p[1].date, p[1].created_at.timestamp(), p[0])
    )
    return [entry for _, entry in indexed]
