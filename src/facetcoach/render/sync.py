"""What `log import`, `facetcoach import` and `facetcoach export` say: the counts, and one
line per conflict decided (data-safety.md DS13). Plain sentences, no Rich."""

from __future__ import annotations

import datetime as dt

from facetcoach.days import day_text
from facetcoach.models import Conflict, MergeReport

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
    if report.kept:
        parts.append(f"{report.kept} kept as here (newer here)")
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
