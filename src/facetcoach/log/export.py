"""The log as a spreadsheet: one CSV row per entry. Pure: entries in, text out."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from facetcoach.models import LogEntry
from facetcoach.safe_text import csv_cell

CSV_COLUMNS = [
    "id",
    "date",
    "kind",
    "created_at",
    "updated_at",
    "planned",
    "done",
    "skipped",
    "extra",
    "pain_before",
    "pain_after",
    "pain_morning",
    "effort",
    "reason",
    "flare",
    "symptom",
    "checkin_nprs",
    "checkin_odi",
    "checkin_psfs",
    "note",
    "walked_minutes",  # added for rule A1: at the end, so older readers' columns stay put
    "wobble",  # added for rule B4b, at the end for the same reason
]


def csv_text(entries: Sequence[LogEntry]) -> str:
    """One row per entry; exercise ids separated by spaces; empty cells for no value; a cell
    a spreadsheet would run as a formula starts with a single quote (OWASP)."""

    def cell(value: object) -> object:
        return "" if value is None else csv_cell(value)  # never a formula (promise 12)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        checkin = e.checkin
        writer.writerow(
            [
                e.id,
                e.date.isoformat(),
                e.kind,
                e.created_at.isoformat(),
                e.updated_at.isoformat() if e.updated_at else "",
                " ".join(e.planned),
                " ".join(item.exercise_id for item in e.done),
                " ".join(e.skipped),
                " ".join(e.extra),
                cell(e.pain_before),
                cell(e.pain_after),
                cell(e.pain_morning),
                cell(e.effort),
                cell(e.reason),
                "yes" if e.flare else "",
                cell(e.symptom),
                cell(checkin.nprs if checkin else None),
                cell(" ".join(str(score) for score in checkin.odi) if checkin else ""),
                json.dumps(checkin.psfs, ensure_ascii=False) if checkin and checkin.psfs else "",
                cell(e.note),
                cell(e.walked_minutes),
                "yes" if e.wobble else "",
            ]
        )
    return buffer.getvalue()
