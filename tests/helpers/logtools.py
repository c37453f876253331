"""Helpers for the session-log tests: a saved plan, entries, and the log file's bytes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from facetcoach import paths
from facetcoach.log.entries import session_entry, skipped_entry
from facetcoach.log.store import encode_log, entry_bytes
from facetcoach.models import LogEntry, PlanFile
from facetcoach.program.store import save_plan
from helpers import plan_factory

# The plan of plan_factory: six weeks from Monday 7 Dec 2026, sessions Mon/Wed/Fri, five items.
START = dt.date(2026, 12, 7)
CET = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 12, 9, 18, 30, tzinfo=CET)


def saved_plan(**overrides: object) -> PlanFile:
    plan = plan_factory.plan(**overrides)
    save_plan(plan)
    return plan


def a_session(day: dt.date = dt.date(2026, 12, 9), **options: object) -> LogEntry:
    """A session entry for `day` of the test plan (any day: the same five items)."""
    plan = plan_factory.plan()
    session = plan.program.weeks[0].sessions[0]
    moment = dt.datetime.combine(day, dt.time(18, 30), CET)
    return session_entry(session, day, moment, **options)  # type: ignore[arg-type]


def a_skip(day: dt.date, reason: str = "sick") -> LogEntry:
    plan = plan_factory.plan()
    session = plan.program.weeks[0].sessions[0]
    return skipped_entry(session, day, dt.datetime.combine(day, dt.time(9), CET), reason)


def write_log(entries: list[LogEntry], *, recorded: bool = True) -> Path:
    """Write log.json as facetcoach would (with its digest), without the store's checks;
    `recorded`: with the record a write leaves (.log.json.checked), so that reads take its
    layout as facetcoach's, as they do for a log facetcoach wrote (log/store.py)."""
    from facetcoach.log import store

    path = paths.log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = encode_log([entry_bytes(entry) for entry in entries])
    path.write_bytes(raw)
    if recorded:
        store._remember_checked(path, [raw])
    return path


def write_raw(data: bytes | str, name: str = "log.json") -> Path:
    path = paths.data_dir() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def log_data() -> dict:
    return json.loads(paths.log_file().read_bytes())


def log_ids() -> list[str]:
    return [entry["id"] for entry in log_data()["entries"]]


def plain_log(entries: list[LogEntry], **extra: object) -> str:
    """A log written by hand: pretty-printed, no digest (as a person or another tool might)."""
    from facetcoach.model_json import to_data

    data = {"schema_version": 1, "entries": [to_data(entry) for entry in entries], **extra}
    return json.dumps(data, indent=2, ensure_ascii=False)
