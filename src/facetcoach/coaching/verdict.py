"""The pain-monitoring model: what one logged session says. Pure.

A session is *easy*, *hard* or neither (a *hold*), by rules PM1, PM1b and PM2 of
docs/clinical-rules.md (see progression.py for what each verdict does to the doses); and it
may show a *flare sign*, which suggests the flare routine for the next session (FL1).

- The pain limit (pain_limit): 5 out of 10 (PM1); for someone whose usual pain (the intake's
  pain_now) is 5 or more, 2 points above that usual level (PM1b), at most 10.
- Easy: pain after recorded and at most the limit (facetcoach does not ask the pain during an
  exercise: the pain after stands for both), next-morning pain recorded and not above the
  baseline, for PM1b also back to the usual level, nothing planned skipped, no flare sign.
- Hard: pain after above the limit (PM1, PM1b), or next-morning pain above the baseline
  (PM2: the next session of each exercise done is then one step easier).
- The baseline of next-morning pain is the pain before that session; when that was not
  recorded, the intake's pain_now (the pain the plan was built for).
- A flare sign: pain before of 7 or more, or a rise of 3 or more within a day (from before the
  session to after it, or to the next morning).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from facetcoach.days import day_words
from facetcoach.models import Answers, Exercise, LogEntry

PAIN_LIMIT = 5  # PM1: pain up to 5/10 is acceptable, above is too much
RELATIVE_FROM = 5  # PM1b: from this usual pain on, the limit is relative to it
RELATIVE_MARGIN = 2  # PM1b: at most this many points above the usual pain
MORNING_RISE = 1  # PM2: next-morning pain this far above the baseline (any rise) -> regress
FLARE_PAIN = 7  # pain before a session at or above this suggests flare mode
FLARE_RISE = 3  # so does a rise of this much within a day
# PM1, FL1: pain this high after a session, or the next morning, is far past PM1's limit:
# more than a step easier, the advice is the flare routine and a clinician if it lasts.
SEVERE_PAIN = 8

EASY, HARD, HOLD = "easy", "hard", "hold"


# --- The pain rule in force (PM1 or PM1b) ------------------------------------------------------


def relative_pain(answers: Answers) -> bool:
    """PM1b: the acceptable pain is measured against a usual pain of 5 or more."""
    return answers.pain_now >= RELATIVE_FROM


def limit_for_usual(usual: int) -> int:
    """The most pain during and after exercise that is still acceptable, for a usual pain
    (the intake's pain_now): 5 (PM1); from a usual 5 on, 2 points above it, at most 10 (PM1b)."""
    if usual >= RELATIVE_FROM:
        return min(10, usual + RELATIVE_MARGIN)
    return PAIN_LIMIT


def pain_limit(answers: Answers) -> int:
    """The person's pain limit (PM1, PM1b)."""
    return limit_for_usual(answers.pain_now)


def pain_rule(answers: Answers) -> str:
    """The acceptable-pain sentence for this person: the one shown wherever the rule is."""
    if not relative_pain(answers):
        # rule PM1 (with PM2's "settles by the next morning")
        return (
            "Some discomfort is fine: pain up to 5 out of 10 during an exercise is acceptable if "
            "it settles by the next morning. Above 5, do less."
        )
    usual = answers.pain_now
    return (
        f"Your usual pain is {usual} out of 10, so that is your measure: during and after an "
        f"exercise, pain up to 2 points above it (up to {pain_limit(answers)}) is acceptable if "
        f"it is back to {usual} by the next morning. If it goes higher, or has not settled by "
        "then, do less."
    )  # rule PM1b


def pain_limit_words(answers: Answers) -> str:
    """How the limit is said inside a sentence ("above 5 out of 10")."""
    if relative_pain(answers):
        return "more than 2 points above your usual pain"  # PM1b
    return f"above {PAIN_LIMIT} out of 10"  # PM1


# FL1 with PM1b's measure: a flare routine is begun in pain, often above 5, so its cautions
# measure from where the pain was when the person began (found by a new user's trial: at 7
# out of 10, "stop above 5" told them to stop before they started). Stricter than PM1 for
# someone who begins low, which suits "gentle movement only".
FLARE_LIMIT_WORDS = "more than 2 points above where it was when you began"


def in_your_terms(text: str, answers: Answers, *, flare: bool = False) -> str:
    """A library text with PM1's fixed "above 5 out of 10" said as the limit in force: the
    exercises' cautions are written once for everyone, and PM1b (or a flare day) changes the
    words."""
    if flare:
        return text.replace(f"above {PAIN_LIMIT} out of 10", FLARE_LIMIT_WORDS)
    if not relative_pain(answers):
        return text
    return text.replace(f"above {PAIN_LIMIT} out of 10", pain_limit_words(answers))


def exercises_in_your_terms(
    exercises: Iterable[Exercise], answers: Answers, *, flare: bool = False
) -> dict[str, Exercise]:
    """The exercises by id, their cautions in the words of the pain rule in force (PM1b, or
    FL1 on a flare day)."""
    if not flare and not relative_pain(answers):
        return {e.id: e for e in exercises}
    return {
        e.id: replace(
            e, cautions=[in_your_terms(text, answers, flare=flare) for text in e.cautions]
        )
        for e in exercises
    }


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


def flare_pain(answers: Answers | None) -> int:
    """The pain before a session that is a flare sign: 7, or for someone whose usual pain is
    high, the top of what PM1b allows (a usual 8 starts every session at 7 or more)."""
    return FLARE_PAIN if answers is None else max(FLARE_PAIN, pain_limit(answers))


def flare_sign(entry: LogEntry, answers: Answers | None = None) -> str | None:
    """Why a session suggests the flare routine next time: pain before of 7 or more (or
    flare_pain's), or a rise of 3 or more within a day (from before the session to after it,
    or to the next morning)."""
    before = entry.pain_before
    if entry.kind != "session" or before is None:
        return None
    day = day_words(entry.date)
    if before >= flare_pain(answers):
        return f"your pain was {before} out of 10 before the session on {day}"
    for value, when in ((entry.pain_after, "after it"), (entry.pain_morning, "the next morning")):
        if value is not None and value - before >= FLARE_RISE:
            return f"your pain rose from {before} before the session on {day} to {value} {when}"
    return None


def severe_from(answers: Answers | None) -> int:
    """The pain that is far past the person's limit: 8 (PM1's limit is 5); under PM1b, above
    the limit of usual + 2, and 10 at the most (found by a new user's trial: for a usual pain
    of 6, an 8 was "acceptable" in the plan and "far more than exercise should cause" in
    `log`)."""
    if answers is None:
        return SEVERE_PAIN
    return min(10, max(SEVERE_PAIN, pain_limit(answers) + 1))


def severe_pain(entry: LogEntry, answers: Answers | None = None) -> str | None:
    """'10 out of 10 after the session on Tue 19 Jan' when a session left pain far past the
    limit (severe_from), after it or the next morning (the higher of the two); else None."""
    if entry.kind != "session":
        return None
    severe = severe_from(answers)
    found = [
        (value, when)
        for value, when in ((entry.pain_after, "after"), (entry.pain_morning, "the morning after"))
        if value is not None and value >= severe
    ]
    if not found:
        return None
    value, when = max(found, key=lambda pair: pair[0])
    return f"{value} out of 10 {when} the session on {day_words(entry.date)}"


def session_verdict(entry: LogEntry, answers: Answers) -> Verdict:
    """Whether a (non-flare) session was easy, hard, or neither (PM1, PM1b, PM2)."""
    day = day_words(entry.date)
    after, morning = entry.pain_after, entry.pain_morning
    limit = pain_limit(answers)
    if after is not None and after > limit:
        return Verdict(HARD, f"the session on {day} left pain at {after} (above {limit})")
    if after is not None and after >= severe_from(answers):
        # Under PM1b a usual 8 or more has a limit of 10: a 10 is still never easy (found by
        # review: `log` called it severe and the replay counted it towards a step up).
        return Verdict(HARD, f"the session on {day} left pain at {after}, the top of the scale")
    base, base_words = baseline(entry, answers)
    if morning is not None and morning - base >= MORNING_RISE:
        # rule PM2: any rise by the next morning makes the next session a step easier
        return Verdict(
            HARD,
            f"next-morning pain of {morning} following the session on {day}, "
            f"{morning - base} above {base_words}",
        )
    sign = flare_sign(entry, answers)
    if sign is not None:
        return Verdict(HOLD, sign, firm=True)
    if after is None:
        return Verdict(HOLD, f"no pain after the session on {day} was recorded")
    if morning is None:
        return Verdict(HOLD, f"no next-morning pain was recorded for the session on {day}")
    if relative_pain(answers) and morning > answers.pain_now:
        # rule PM1b: back to the usual level by the next morning, or it was not easy
        return Verdict(
            HOLD,
            f"next-morning pain after the session on {day} was not back to your usual "
            f"{answers.pain_now}",
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
