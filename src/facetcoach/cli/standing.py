"""The plan, the log and the program as it stands, loaded for a command (program/path.py).

Every command that shows or records a day reads the same path: `today`, `log`, `plan show`,
`progress`, `report`, `checkin` and the calendar export.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

from facetcoach import paths
from facetcoach.coaching.advice import entries_from
from facetcoach.coaching.verdict import in_order
from facetcoach.errors import DataError
from facetcoach.models import LogEntry, PlanFile
from facetcoach.program.path import Standing, stand


class Loaded:
    """A command's view: the saved plan, the log entries it needs (in order), the program as
    it stands on `today`, and why the log could not be read (when tolerated)."""

    __slots__ = ("entries", "log_problem", "plan", "standing")

    def __init__(
        self, plan: PlanFile, entries: Sequence[LogEntry], today: dt.date, problem: str | None
    ) -> None:
        self.plan = plan
        self.entries = in_order(entries)
        self.standing: Standing = stand(plan, self.entries, today)
        self.log_problem = problem


def load(plan: PlanFile, today: dt.date, *, tolerate_damage: bool = False) -> Loaded:
    """The entries since the plan (or its first revision) began, and the path they give.

    `tolerate_damage`: a damaged log does not stop the command (the day's routine is shown as
    planned, with the problem said); otherwise it is the DataError it is."""
    entries: list[LogEntry] = []
    problem = None
    # No log (nor backup, journal or link) yet: nothing to read, and the log store is not
    # imported. (With a backup or a journal but no log, the read says what is wrong.)
    log = paths.log_file()
    there = (log, paths.log_backup_file(), paths.journal_beside(log))
    if any(os.path.lexists(path) for path in there):
        from facetcoach.log.store import load_entries

        try:
            entries = load_entries(since=entries_from(plan))
        except DataError as error:
            if not tolerate_damage:
                raise
            problem = error.message
    return Loaded(plan, entries, today, problem)


def recorded_on(entries: Sequence[LogEntry], day: dt.date) -> LogEntry | None:
    """The latest session or skip recorded for `day` (done on it, or done late for it).
    Here, beside the loaded log it is asked of, not in log/entries.py (the entries' builders):
    `today` and the bare status would import that module for this alone (0.3 ms, issue 15)."""
    found = None
    for entry in entries:
        if entry.kind in ("session", "skipped") and day in (entry.date, entry.moved_from):
            found = entry
    return found
