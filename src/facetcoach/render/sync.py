"""What `log import`, `facetcoach import` and `facetcoach export` say: the counts, and one
line per conflict decided (data-safety.md DS13). Plain sentences, no Rich."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from facetcoach.bundle.contents import PlanImport
from facetcoach.days import day_text
from facetcoach.models import Conflict, MergeReport

if TYPE_CHECKING:
    from facetcoach.bundle.store import Exported

SHORT_ID = 8
AHEAD = "ahead of this computer's clock"


def moment_text(moment: dt.datetime) -> str:
    """'Wed 9 Dec 2026 19:00', in the time's own offset (as it was recorded)."""
    return f"{day_text(moment.date())} {moment:%H:%M}"


def counts_text(report: MergeReport) -> str:
    """'1 added, 7 already here, 1 kept as here (newer here)', and the rest when not 0."""
    parts = [f"{report.added} added"]
    if report.updated:
        parts.append(f"{report.updated} replaced by a newer copy")
    if report.unchanged:
        parts.append(f"{report.unchanged} already here")
    ahead = sum(1 for c in report.conflicts if c.decision == "kept" and c.clock_ahead)
    if report.kept - ahead:
        parts.append(f"{report.kept - ahead} kept as here (newer here)")
    if ahead:
        parts.append(f"{ahead} kept as here (theirs dated ahead)")
    if report.refused:
        parts.append(f"{report.refused} not brought back (deleted here)")
    if report.deleted:
        parts.append(f"{report.deleted} deleted (deleted there)")
    if report.restored:
        parts.append(f"{report.restored} brought back (edited there after deleted here)")
    if report.tombstones_added:
        noun = "deletion" if report.tombstones_added == 1 else "deletions"
        parts.append(f"{report.tombstones_added} {noun} remembered")
    return ", ".join(parts)


def merge_lines(report: MergeReport) -> list[str]:
    """The conflicts decided, one line each, and a word on a clock that runs ahead."""
    lines = [f"  - {conflict_text(conflict)}" for conflict in report.conflicts]
    if lines:
        lines.insert(0, "Decided:")
    for same in report.same_day:
        lines.append(
            f"{day_text(same.date)} now has two sessions (the one added is {same.id[:SHORT_ID]}): "
            "if they are the same session, recorded on both computers, delete one with "
            f"`facetcoach log delete {same.id[:SHORT_ID]}`."
        )
    if report.ahead:
        noun = "entry or deletion is" if report.ahead == 1 else "entries or deletions are"
        lines.append(
            f"{report.ahead} imported {noun} dated {AHEAD}: is the other computer's clock "
            "right? Its times were not trusted over anything recorded here."
        )
    return lines


def conflict_text(c: Conflict) -> str:
    what = f"{day_text(c.date)} {c.kind}" if c.date and c.kind else "an entry"
    label = f"{what} (id {c.id[:SHORT_ID]})"
    here, there = moment_text(c.here_time), moment_text(c.there_time)
    if c.decision == "taken":
        if c.clock_ahead:
            return (
                f"{label}: replaced by the copy there, dated {there} ({AHEAD}), as it was "
                "never edited here."
            )
        return f"{label}: replaced by the copy there, edited {there}, after {here} here."
    if c.decision == "kept" and c.there == "entry":
        if c.clock_ahead:
            return (
                f"{label}: kept as here (edited {here}): the copy there is dated {there}, "
                f"{AHEAD}, so it cannot be said to be newer."
            )
        return f"{label}: kept as here, edited {here}, not older than the copy there ({there})."
    if c.decision == "kept":
        if c.clock_ahead:
            return (
                f"{label}: kept (edited here {here}): it was deleted there, dated {there}, {AHEAD}."
            )
        return f"{label}: kept, edited here {here}, after it was deleted there ({there})."
    if c.decision == "refused":
        if c.clock_ahead:
            return (
                f"{label}: not brought back: deleted here {here}; the copy there is dated "
                f"{there}, {AHEAD}."
            )
        return f"{label}: not brought back: deleted here {here}, after its last edit ({there})."
    if c.decision == "deleted":
        if c.clock_ahead:
            return (
                f"{label}: deleted, as it was there (dated {there}, {AHEAD}); it was never "
                "edited here."
            )
        return f"{label}: deleted, as it was there {there}, after its last edit here ({here})."
    return (
        f"{label}: brought back: edited there {there}, after it was deleted here ({here}); "
        f"`facetcoach log delete {c.id[:SHORT_ID]}` removes it again."
    )


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def export_lines(exported: Exported, target: Path) -> list[str]:
    """What `facetcoach export -o FILE` says (on standard error)."""
    parts = ["the plan"] if exported.plan else ["no plan"]
    parts.append(_count(exported.archived, "archived plan"))
    log = _count(exported.entries, "log entry", "log entries")
    if exported.tombstones:
        # ("2 deletions" read as if the export had deleted something: found by a new user)
        gone = _count(exported.tombstones, "deleted one", "deleted ones")
        log += f" (and a record of {gone}, so that an import does not bring them back)"
    parts.append(log)
    lines = [f"Exported {', '.join(parts[:-1])} and {parts[-1]} to {target}."]
    for name in exported.skipped:
        lines.append(f"Left out the archived plan {name}: it is damaged.")
    lines.append(f"On the other computer: facetcoach import {target.name}")
    return lines


PLAN_WORDS = {
    "none": "none in the bundle; this folder's is as it was.",
    "taken": "taken (there was none here).",
    "unchanged": "the same as here.",
    "merged": "the same plan as here, merged",
    "replaced": "theirs replaces this one",
    "kept": "this folder's stays",
}


def import_lines(plan: PlanImport, log: MergeReport, file: Path) -> list[str]:
    """What `facetcoach import` says: the plan, the archive, the log, every conflict."""
    lines = [f"Imported {file}."]
    words = PLAN_WORDS[plan.decision]
    if plan.decision == "merged":
        added = [
            _count(n, word)
            for n, word in (
                (plan.revisions_added, "change"),
                (plan.pauses_added, "pause"),
                (plan.screens_added, "screen"),
            )
            if n
        ]
        words += f": {', '.join(added)} added." if added else "."
    elif plan.decision in ("replaced", "kept"):
        words += "."
    lines.append(f"Plan: {words}")
    lines += [f"  - {note}" for note in plan.notes]
    if plan.archived_added or plan.archived_present:
        archive = f"Archived plans: {plan.archived_added} added"
        if plan.archived_present:
            archive += f", {plan.archived_present} already here"
        names = f" ({', '.join(plan.archived)})" if plan.archived else ""
        lines.append(archive + names + ".")
    lines.append(f"Log: {counts_text(log)}.")
    lines += merge_lines(log)
    return lines
