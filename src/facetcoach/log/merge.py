"""Merging two copies of a log, without resurrection (data-safety.md DS13). Pure: the two
copies and this computer's `now` come in, the merged log and the report go out.

Each id is, in each copy, an entry (with its edit time: `updated_at`, else `created_at`),
a tombstone (with its `deleted_at`), or absent. For an id held differently by both copies,
the later event wins:

- entry here, entry there, different content: the later edit wins; on a tie ours is kept.
- tombstone here, entry there: the entry is refused ("deleted here, not brought back"),
  unless it was edited there after the deletion here: then it is restored, and said so.
- entry here, tombstone there: our entry is deleted when the deletion is as late as our
  last edit or later; otherwise it is kept (edited here after it was deleted there).
- tombstone in both: deleted in both; ours is kept.

A clock that runs ahead. An incoming time later than `now` + CLOCK_SLACK cannot be compared
with ours: the other computer's clock is ahead, so "later" may be false. Such a time never
wins over something typed here: our copy is kept (the entry, or its deletion), and the
report says that the other copy is dated ahead. Unless the content says otherwise: when our
copy was never edited (no `updated_at`) and was recorded at the same moment as theirs, theirs
is an edit of the very entry we hold, and taking it loses nothing typed here; likewise their
deletion of an entry never edited here. Entries and deletions new to this log are taken
whatever their time (nothing here to lose), and counted as `ahead` too.

Every decision between two different copies is a Conflict in the report. An id is never
both an entry and a tombstone in the result. Entries and tombstones keep their order: ours
first, in place, then the new ones in the order of the incoming copy (the order is the
order of writing, which `log undo` follows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from facetcoach.log.entries import instant
from facetcoach.models import (
    Conflict,
    ConflictDecision,
    LogEntry,
    MergeReport,
    SameDay,
    Tombstone,
)

# How far ahead of this computer's clock an incoming time may be before it is not trusted:
# clocks a few minutes apart are common, and harmless.
CLOCK_SLACK = dt.timedelta(minutes=5)


def edit_time(entry: LogEntry) -> dt.datetime:
    """When an entry was last changed: its last edit, else when it was recorded."""
    return entry.updated_at or entry.created_at


class _Merge:
    def __init__(self, now: dt.datetime | None) -> None:
        self.limit = None if now is None else instant(now + CLOCK_SLACK)
        self.report = MergeReport()

    def ahead(self, moment: dt.datetime) -> bool:
        return self.limit is not None and instant(moment) > self.limit

    def conflict(
        self,
        decision: ConflictDecision,
        ours: LogEntry | Tombstone,
        theirs: LogEntry | Tombstone,
        clock_ahead: bool,
    ) -> None:
        entry = ours if isinstance(ours, LogEntry) else theirs
        assert isinstance(entry, LogEntry)
        self.report.conflicts.append(
            Conflict(
                id=entry.id,
                decision=decision,
                here="entry" if isinstance(ours, LogEntry) else "deleted",
                here_time=_time(ours),
                there="entry" if isinstance(theirs, LogEntry) else "deleted",
                there_time=_time(theirs),
                date=entry.date,
                kind=entry.kind,
                clock_ahead=clock_ahead,
            )
        )


def _time(item: LogEntry | Tombstone) -> dt.datetime:
    return edit_time(item) if isinstance(item, LogEntry) else item.deleted_at


def _unedited_original(ours: LogEntry, theirs: LogEntry) -> bool:
    """Ours was never edited and was recorded when theirs was: theirs is an edit of it."""
    return ours.updated_at is None and instant(ours.created_at) == instant(theirs.created_at)


def merge_logs(
    ours: Sequence[LogEntry],
    our_tombstones: Sequence[Tombstone],
    theirs: Sequence[LogEntry],
    their_tombstones: Sequence[Tombstone],
    now: dt.datetime | None,
) -> tuple[list[LogEntry], list[Tombstone], MergeReport]:
    """Merge the incoming copy (`theirs`, `their_tombstones`) into ours (module docstring).

    `now` is this computer's time, for the clock-ahead rule; None trusts every time.
    Returns the merged entries, the merged tombstones and the report. Entries and
    tombstones we keep are returned as the same objects (the store keeps their bytes)."""
    merge = _Merge(now)
    report = merge.report
    entries: list[LogEntry | None] = list(ours)
    at = {entry.id: index for index, entry in enumerate(ours)}
    tombs: list[Tombstone | None] = list(our_tombstones)
    tomb_at = {tomb.id: index for index, tomb in enumerate(our_tombstones)}
    new_tombs: list[Tombstone] = []
    seen: set[str] = set()
    session_days = {entry.date for entry in ours if entry.kind == "session"}

    for entry in theirs:
        seen.add(entry.id)
        ahead = merge.ahead(edit_time(entry))
        index = at.get(entry.id)
        if index is not None:
            mine = entries[index]
            assert mine is not None
            if mine == entry:
                report.unchanged += 1
                continue
            report.ahead += ahead
            if ahead and not _unedited_original(mine, entry):
                report.kept += 1
                merge.conflict("kept", mine, entry, True)
            elif ahead or instant(edit_time(entry)) > instant(edit_time(mine)):
                entries[index] = entry
                report.updated += 1
                merge.conflict("taken", mine, entry, ahead)
            else:
                report.kept += 1
                merge.conflict("kept", mine, entry, False)
            continue
        number = tomb_at.get(entry.id)
        if number is not None:
            tomb = tombs[number]
            assert tomb is not None
            report.ahead += ahead
            if not ahead and instant(edit_time(entry)) > instant(tomb.deleted_at):
                tombs[number] = None
                del tomb_at[entry.id]
                at[entry.id] = len(entries)
                entries.append(entry)
                report.restored += 1
                merge.conflict("restored", tomb, entry, False)
            else:
                report.refused += 1
                merge.conflict("refused", tomb, entry, ahead)
            continue
        report.ahead += ahead
        at[entry.id] = len(entries)
        entries.append(entry)
        report.added += 1
        if entry.kind == "session" and entry.date in session_days:
            # Perhaps one session recorded on both computers: said, never guessed (DS13).
            report.same_day.append(SameDay(id=entry.id, date=entry.date))

    new_ids: set[str] = set()
    for tomb in their_tombstones:
        if tomb.id in seen:
            continue  # (an id both an entry and deleted there: the entry was judged above)
        seen.add(tomb.id)
        if tomb.id in tomb_at or tomb.id in new_ids:
            continue  # deleted in both copies
        ahead = merge.ahead(tomb.deleted_at)
        report.ahead += ahead
        index = at.get(tomb.id)
        if index is None:
            new_tombs.append(tomb)
            new_ids.add(tomb.id)
            report.tombstones_added += 1
            continue
        mine = entries[index]
        assert mine is not None
        if ahead:
            delete = mine.updated_at is None
        else:
            delete = instant(tomb.deleted_at) >= instant(edit_time(mine))
        if delete:
            entries[index] = None
            new_tombs.append(tomb)
            new_ids.add(tomb.id)
            report.deleted += 1
            merge.conflict("deleted", mine, tomb, ahead)
        else:
            report.kept += 1
            merge.conflict("kept", mine, tomb, ahead)

    merged = [entry for entry in entries if entry is not None]
    kept_tombs = [tomb for tomb in tombs if tomb is not None] + new_tombs
    # Only where the day still has another session once the deletions are applied (found by
    # review: our session deleted there, and theirs said to be a second one to delete).
    others: dict[dt.date, set[str]] = {}
    for entry in merged:
        if entry.kind == "session":
            others.setdefault(entry.date, set()).add(entry.id)
    report.same_day = [s for s in report.same_day if others.get(s.date, set()) - {s.id}]
    return merged, kept_tombs, report
