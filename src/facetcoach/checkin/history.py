"""Check-ins over time: each one scored, its change from the first, when the next is due, and
the clinician-review advice they call for (PM6). Pure: entries and the day in, data out.

Scoring and the clinically important changes are outcomes.py's (NPRS 2 points or 30%, ODI
10 points, PSFS 2 points on the average). The review advice (PM6):

- *worse*: the latest check-in is worse by an important amount than the one before it (check-ins
  come every 2 weeks) or than the first, on any measure;
- *no improvement*: 6 weeks or more after the first check-in, no measure has improved by an
  important amount since it. Not said when the first check-in left little to improve (pain 0-1
  and a function score under 10%).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from facetcoach.checkin.scoring import (
    SKIPPED,
    Change,
    nprs_change,
    odi_change,
    odi_percent,
    psfs_mean,
    psfs_shared_change,
)
from facetcoach.days import day_words
from facetcoach.errors import InputError
from facetcoach.models import CheckinScore, LogEntry, Prompt

CHECKIN_EVERY_DAYS = 14  # at the start, then every 2 weeks
REVIEW_AFTER_DAYS = 42  # PM6: no improvement after 6 weeks
LITTLE_PAIN = 1
LITTLE_DISABILITY = 10.0


def checkins_until(entries: Sequence[LogEntry], day: dt.date) -> list[LogEntry]:
    """The check-in entries dated `day` or before, oldest first."""
    found = [
        (e.date, e.created_at.timestamp(), index, e)
        for index, e in enumerate(entries)
        if e.kind == "checkin" and e.checkin is not None and e.date <= day
    ]
    return [row[3] for row in sorted(found, key=lambda row: row[:3])]


def triage_answered_on(
    entries: Sequence[LogEntry], day: dt.date, intake: dt.date | None
) -> dt.date | None:
    """The last day the ST1 triage was answered on or before `day`: a check-in's, else the
    intake's (`intake`: the day of the plan whose triage was answered, or None)."""
    answered = [
        e.date
        for e in checkins_until(entries, day)
        if e.checkin is not None and e.checkin.start_back is not None
    ]
    if intake is not None and intake <= day:
        answered.append(intake)
    return max(answered, default=None)


def safe_odi(sections: Sequence[int]) -> float | None:
    """ODI% of stored sections, or None when they cannot be scored (all skipped, not 10)."""
    try:
        return odi_percent(sections)
    except InputError:
        return None


def score_checkins(entries: Sequence[LogEntry], day: dt.date) -> list[CheckinScore]:
    """Every check-in up to `day`, scored, with its change from the first."""
    rows: list[CheckinScore] = []
    first = None
    for entry in checkins_until(entries, day):
        checkin = entry.checkin
        assert checkin is not None
        odi = safe_odi(checkin.odi)
        mean = psfs_mean(checkin.psfs)
        if first is None:
            first = (checkin.nprs, odi, checkin.psfs)
        nprs = nprs_change(first[0], checkin.nprs)
        odi_move = odi_change(first[1], odi) if first[1] is not None and odi is not None else None
        psfs_move = psfs_shared_change(first[2], checkin.psfs)
        rows.append(
            CheckinScore(
                id=entry.id,
                date=entry.date,
                nprs=checkin.nprs,
                odi_percent=odi,
                odi_sections_answered=sum(1 for s in checkin.odi if s != SKIPPED),
                psfs=dict(checkin.psfs),
                psfs_mean=mean,
                nprs_change=checkin.nprs - first[0],
                nprs_important=nprs.important,
                odi_change=odi_move.change if odi_move else None,
                odi_important=bool(odi_move and odi_move.important),
                psfs_change=psfs_move.change if psfs_move else None,
                psfs_important=bool(psfs_move and psfs_move.important),
            )
        )
    return rows


def checkin_due(
    entries: Sequence[LogEntry], day: dt.date, program_start: dt.date
) -> tuple[bool, dt.date | None, dt.date]:
    """(due on `day`, the latest check-in's date, the date the next one is due)."""
    done = checkins_until(entries, day)
    if not done:
        return True, None, program_start
    last = done[-1].date
    following = last + dt.timedelta(days=CHECKIN_EVERY_DAYS)
    return day >= following, last, following


def _moves(a: CheckinScore, b: CheckinScore) -> list[tuple[str, Change]]:
    """Each measure's change from check-in a to check-in b, in words and numbers."""
    found = [(f"pain {a.nprs} → {b.nprs}", nprs_change(a.nprs, b.nprs))]
    if a.odi_percent is not None and b.odi_percent is not None:
        found.append(
            (
                f"function score {a.odi_percent:g}% → {b.odi_percent:g}%",
                odi_change(a.odi_percent, b.odi_percent),
            )
        )
    activities = psfs_shared_change(a.psfs, b.psfs)
    if activities is not None:
        found.append(
            (
                f"activities {activities.first:g} → {activities.latest:g} out of 10",
                activities,
            )
        )
    return found


def _worse(a: CheckinScore, b: CheckinScore) -> list[str]:
    return [words for words, move in _moves(a, b) if move.important and not move.better]


def review_prompts(scores: Sequence[CheckinScore]) -> list[Prompt]:
    """PM6: advise a clinician review when the check-ins say so (see the module's rules)."""
    if len(scores) < 2:
        return []
    first, previous, latest = scores[0], scores[-2], scores[-1]
    for reference in (previous, first) if previous is not first else (first,):
        worse = _worse(reference, latest)
        if worse:
            return [
                Prompt(
                    rule="PM6",
                    level="warning",
                    text=(
                        f"Your check-in on {day_words(latest.date)} shows your back clearly "
                        f"worse than on {day_words(reference.date)} ({'; '.join(worse)}). "
                        "Please see a doctor or physical therapist to review your program."
                    ),
                )
            ]
    days = (latest.date - first.date).days
    if days < REVIEW_AFTER_DAYS:
        return []
    if first.nprs <= LITTLE_PAIN and (first.odi_percent or 0) < LITTLE_DISABILITY:
        return []
    moves = _moves(first, latest)
    if any(move.important and move.better for _, move in moves):
        return []
    return [
        Prompt(
            rule="PM6",
            level="warning",
            text=(
                f"{days // 7} weeks after your first check-in ({day_words(first.date)}), your "
                "scores have not improved by a clinically important amount "
                f"({'; '.join(words for words, _ in moves)}). That is worth a review with a "
                "doctor or physical therapist: your program may need to change."
            ),
        )
    ]
