"""Building and finding log entries: the pure functions the commands share."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from facetcoach.errors import InputError
from facetcoach.log.entries import (
    UNSET,
    checkin_entry,
    done_item,
    edited_entry,
    find_entry,
    in_display_order,
    last_written,
    latest_session,
    merge_entries,
    session_entry,
    skipped_entry,
    stored_time,
    symptom_entry,
    with_morning_pain,
)
from facetcoach.models import Checkin, DoneItem
from helpers import plan_factory
from helpers.logtools import CET, NOW, a_session, a_skip

PLAN = plan_factory.plan()
SESSION = PLAN.program.weeks[0].sessions[1]  # Wednesday 9 Dec 2026
DAY = SESSION.date
IDS = plan_factory.SESSION_IDS


def test_a_whole_session_records_every_planned_item_with_its_dose():
    entry = session_entry(SESSION, DAY, NOW, pain_before=4, pain_after=3, effort=5, note=" ok ")
    assert entry.kind == "session" and entry.date == DAY
    assert entry.planned == IDS
    assert [item.exercise_id for item in entry.done] == IDS
    first = SESSION.items[0]
    assert entry.done[0] == DoneItem(
        exercise_id=first.exercise_id,
        sets=first.sets,
        reps=first.reps,
        hold_seconds=first.hold_seconds,
    )
    assert entry.skipped == [] and entry.extra == []
    assert (entry.pain_before, entry.pain_after, entry.effort, entry.note) == (4, 3, 5, "ok")
    assert entry.created_at == NOW and entry.created_at.utcoffset() == dt.timedelta(hours=1)
    assert len(entry.id) == 36 and entry.id == entry.id.lower()


def test_skipped_items_and_extras_are_kept_apart():
    extra = done_item(plan_factory.load_library().get("cat-camel"))
    entry = session_entry(SESSION, DAY, NOW, skipped=["prone-lying", "prone-lying"], extras=[extra])
    assert entry.skipped == ["prone-lying"]
    assert entry.extra == ["cat-camel"]
    assert [i.exercise_id for i in entry.done] == [*IDS[:4], "cat-camel"]


def test_an_extra_on_a_day_with_nothing_planned():
    extra = done_item(plan_factory.load_library().get("cat-camel"))
    entry = session_entry(None, dt.date(2026, 12, 8), NOW, extras=[extra, extra])
    assert entry.planned == [] and entry.extra == ["cat-camel"] and len(entry.done) == 1


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"skipped": ["bird-dog"]}, "bird-dog is not in the session planned"),
        ({"skipped": IDS}, "no exercise done"),
        ({"pain_before": 11}, "--pain-before must be a whole number from 0 to 10"),
        ({"pain_after": -1}, "--pain-after must be"),
        ({"effort": True}, "--effort must be"),
        ({"note": "bad \udcff text"}, "not valid text"),
    ],
)
def test_what_cannot_be_recorded_is_an_input_error(kwargs, words):
    with pytest.raises(InputError, match=words):
        session_entry(SESSION, DAY, NOW, **kwargs)


def test_an_extra_that_is_already_planned_is_refused():
    planned = done_item(SESSION.items[0])
    with pytest.raises(InputError, match="already in the session planned"):
        session_entry(SESSION, DAY, NOW, extras=[planned])
    # ...unless it was skipped as planned and done as an extra (another dose, say).
    entry = session_entry(SESSION, DAY, NOW, skipped=[planned.exercise_id], extras=[planned])
    assert entry.extra == [planned.exercise_id]


def test_nothing_planned_and_nothing_extra_is_refused():
    with pytest.raises(InputError, match="no exercise done"):
        session_entry(None, DAY, NOW)


def test_an_excused_skip_keeps_the_plan_and_the_reason():
    entry = skipped_entry(SESSION, DAY, NOW, "flare", note="bad night")
    assert entry.kind == "skipped" and entry.reason == "flare" and entry.flare is True
    assert entry.planned == IDS == entry.skipped and entry.done == []
    assert skipped_entry(SESSION, DAY, NOW, "travel").flare is False
    with pytest.raises(InputError, match="--reason 'bored' is not one of"):
        skipped_entry(SESSION, DAY, NOW, "bored")


def test_checkin_and_symptom_entries_for_the_coaching_helpers():
    checkin = checkin_entry(DAY, NOW, Checkin(nprs=4, odi=[1, 2, -1, 0, 1, 1, 2, 0, 1, 1]))
    assert checkin.kind == "checkin" and checkin.checkin.nprs == 4
    symptom = symptom_entry(DAY, NOW, "numbness", note="left foot")  # rule PM5
    assert symptom.kind == "symptom" and symptom.symptom == "numbness"


def test_a_time_needs_its_offset_and_seconds_offsets_become_utc():
    with pytest.raises(ValueError, match="UTC offset"):
        stored_time(dt.datetime(2026, 12, 9, 18, 0))
    odd = dt.timezone(dt.timedelta(hours=5, minutes=30, seconds=7))
    moment = dt.datetime(2026, 12, 9, 18, 0, tzinfo=odd)
    kept = stored_time(moment)
    assert kept == moment and kept.utcoffset() == dt.timedelta(0)
    assert stored_time(NOW) is NOW


def test_a_zone_is_stored_as_its_offset_at_that_moment():
    import zoneinfo

    paris = zoneinfo.ZoneInfo("Europe/Paris")
    winter = stored_time(dt.datetime(2026, 12, 9, 18, 0, tzinfo=paris))
    summer = stored_time(dt.datetime(2026, 7, 9, 18, 0, tzinfo=paris))
    assert type(winter.tzinfo) is dt.timezone
    assert winter.isoformat() == "2026-12-09T18:00:00+01:00"
    assert summer.isoformat() == "2026-07-09T18:00:00+02:00"
    # The second 01:30 of a daylight-saving fold stays the second one.
    fold = dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=paris)
    assert stored_time(fold).isoformat() == "2026-10-25T02:30:00+01:00"
    assert stored_time(fold).timestamp() == fold.timestamp()  # (== is never true in a fold)


def test_morning_pain_and_edits_set_updated_at():
    entry = a_session(DAY)
    later = NOW + dt.timedelta(hours=14)
    morning = with_morning_pain(entry, 2, later)
    assert morning.pain_morning == 2 and morning.updated_at == later and morning.id == entry.id
    with pytest.raises(InputError):
        with_morning_pain(entry, 11, later)
    with pytest.raises(InputError, match="belongs to a session"):
        with_morning_pain(a_skip(DAY), 2, later)

    changed = edited_entry(entry, later, pain_after=None, note="new", effort=UNSET)
    assert changed.pain_after is None and changed.note == "new" and changed.effort == entry.effort
    with pytest.raises(InputError, match="Say what to change"):
        edited_entry(entry, later)
    with pytest.raises(InputError, match="--reason does not apply to a session entry"):
        edited_entry(entry, later, reason="flare")
    with pytest.raises(InputError, match="--pain-after does not apply to a skipped entry"):
        edited_entry(a_skip(DAY), later, pain_after=3)
    reasoned = edited_entry(a_skip(DAY), later, reason="flare")
    assert reasoned.reason == "flare" and reasoned.flare is True


def _with_id(entry, ident):
    return dataclasses.replace(entry, id=ident)


def test_find_entry_by_full_id_or_unique_prefix():
    a = _with_id(a_session(), "3f2a9c1e-0000-4000-8000-000000000001")
    b = _with_id(a_session(), "3f2a77aa-0000-4000-8000-000000000002")
    c = _with_id(a_session(), "9abcdef0-0000-4000-8000-000000000003")
    entries = [a, b, c]
    assert find_entry(entries, a.id) is a
    assert find_entry(entries, " 3F2A9 ") is a
    assert find_entry(entries, "9abc") is c
    with pytest.raises(InputError, match="matches 2 entries"):
        find_entry(entries, "3f2a")
    with pytest.raises(InputError, match="at least 4 characters"):
        find_entry(entries, "3f2")
    with pytest.raises(InputError, match="no entry with the id '0000'"):
        find_entry(entries, "0000")


def test_last_written_and_latest_session():
    monday = a_session(dt.date(2026, 12, 7))
    late_record = dataclasses.replace(
        a_session(dt.date(2026, 12, 4)), created_at=NOW + dt.timedelta(days=3)
    )
    skip = a_skip(dt.date(2026, 12, 9))
    entries = [monday, late_record, skip]
    # `log undo` (issue 13): the last in the file, not the newest created_at (late_record).
    assert last_written(entries) is skip
    assert last_written([]) is None
    assert latest_session(entries, until=dt.date(2026, 12, 9)) is monday
    assert latest_session(entries, until=dt.date(2026, 12, 6)) is late_record
    assert latest_session(entries, until=dt.date(2026, 12, 9), on=dt.date(2026, 12, 8)) is None
    assert in_display_order(entries) == [late_record, monday, skip]


def test_a_naive_time_at_the_ends_of_the_calendar_is_read_as_utc():
    """Found by fuzzing log.json: `log list` on a hand-edited time 0001-01-01T00:00:00 (no
    offset) raised ValueError (year 0 is out of range) working out its local time."""
    first = dataclasses.replace(a_session(), created_at=dt.datetime(1, 1, 1))
    last = dataclasses.replace(a_session(), created_at=dt.datetime(9999, 12, 31, 23, 59))
    aware = a_session()
    assert in_display_order([last, aware, first]) == [first, aware, last]  # one day: by time
    edited = dataclasses.replace(first, note="edited", updated_at=dt.datetime(1, 1, 2))
    merged, report = merge_entries([first], [edited])
    assert merged == [edited] and report.updated == 1


def test_merge_by_id_without_duplicates_newer_copy_wins():
    mine = [a_session(dt.date(2026, 12, 7)), a_session(dt.date(2026, 12, 9))]
    edited_there = dataclasses.replace(mine[1], pain_after=1, updated_at=NOW + dt.timedelta(days=1))
    stale_there = dataclasses.replace(mine[0], pain_after=9)  # no updated_at: not newer
    new_there = a_session(dt.date(2026, 12, 11))
    merged, report = merge_entries(mine, [stale_there, edited_there, new_there, mine[0]])
    assert [e.id for e in merged] == [mine[0].id, mine[1].id, new_there.id]
    assert merged[0] is mine[0] and merged[1] is edited_there
    assert (report.added, report.updated, report.unchanged, report.kept) == (1, 1, 1, 1)
    again, report = merge_entries(merged, merged)
    assert again == merged and report.unchanged == 3 and report.added == 0


def test_times_in_other_offsets_compare_as_instants():
    tokyo = dt.timezone(dt.timedelta(hours=9))
    early = a_session()
    same_instant = dataclasses.replace(early, created_at=early.created_at.astimezone(tokyo))
    assert in_display_order([same_instant, early]) == [same_instant, early]  # a tie: file order
    assert same_instant.created_at.tzinfo is not CET
