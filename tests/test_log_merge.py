"""log/merge.py: merging two copies of a log without resurrection (data-safety.md DS13).

Each rule of the module docstring, then a property: two computers that start from one log,
edit and delete on their own (with right clocks), and import each other's copy end up with
the same log, in which nothing deleted and not edited since has come back."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from facetcoach.log.merge import CLOCK_SLACK, merge_logs
from facetcoach.models import LogEntry, Tombstone
from helpers.logtools import CET, a_session

DAY = dt.date(2026, 12, 9)
T0 = dt.datetime(2026, 12, 9, 18, 30, tzinfo=CET)  # when the entries were recorded
NOW = dt.datetime(2026, 12, 12, 9, 0, tzinfo=CET)  # this computer's clock at the import


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def edited(entry: LogEntry, hours: float, note: str = "edited") -> LogEntry:
    return dataclasses.replace(entry, note=note, updated_at=at(hours))


def tomb(entry: LogEntry, hours: float) -> Tombstone:
    return Tombstone(id=entry.id, deleted_at=at(hours))


def test_a_later_edit_wins_and_a_tie_keeps_ours():
    entry = a_session(DAY)
    ours, theirs = edited(entry, 1, "ours"), edited(entry, 2, "theirs")
    merged, _, report = merge_logs([ours], [], [theirs], [], NOW)
    assert merged == [theirs] and report.updated == 1
    assert [c.decision for c in report.conflicts] == ["taken"]
    merged, _, report = merge_logs([theirs], [], [ours], [], NOW)
    assert merged[0] is theirs and report.kept == 1
    assert [c.decision for c in report.conflicts] == ["kept"]
    tie = edited(entry, 2, "a tie")
    merged, _, report = merge_logs([theirs], [], [tie], [], NOW)
    assert merged[0] is theirs and report.kept == 1


def test_the_same_entry_in_both_is_no_conflict():
    entry = a_session(DAY)
    merged, tombs, report = merge_logs([entry], [], [entry], [], NOW)
    assert merged == [entry] and tombs == [] and report.unchanged == 1
    assert report.conflicts == []


def test_an_older_copy_of_an_entry_deleted_here_is_refused():
    entry = a_session(DAY)
    gone = tomb(entry, 5)
    merged, tombs, report = merge_logs([], [gone], [entry], [], NOW)
    assert merged == [] and tombs == [gone] and report.refused == 1 and report.added == 0
    [conflict] = report.conflicts
    assert (conflict.decision, conflict.here, conflict.there) == ("refused", "deleted", "entry")
    assert conflict.here_time == at(5) and conflict.there_time == T0
    assert (conflict.date, conflict.kind, conflict.clock_ahead) == (DAY, "session", False)
    # Also an edit older than the deletion, and one at the same moment (the deletion wins).
    for hours in (4, 5):
        merged, _, report = merge_logs([], [gone], [edited(entry, hours)], [], NOW)
        assert merged == [] and report.refused == 1


def test_an_entry_edited_there_after_it_was_deleted_here_comes_back_and_says_so():
    entry = a_session(DAY)
    later = edited(entry, 6)
    merged, tombs, report = merge_logs([], [tomb(entry, 5)], [later], [], NOW)
    assert merged == [later] and tombs == [] and report.restored == 1
    assert [c.decision for c in report.conflicts] == ["restored"]


def test_a_deletion_there_after_our_last_edit_deletes_ours():
    entry = a_session(DAY)
    ours = edited(entry, 2)
    merged, tombs, report = merge_logs([ours], [], [], [tomb(entry, 3)], NOW)
    assert merged == [] and [t.id for t in tombs] == [entry.id] and report.deleted == 1
    [conflict] = report.conflicts
    assert (conflict.decision, conflict.here, conflict.there) == ("deleted", "entry", "deleted")


def test_an_edit_here_after_the_deletion_there_keeps_ours():
    entry = a_session(DAY)
    ours = edited(entry, 4)
    merged, tombs, report = merge_logs([ours], [], [], [tomb(entry, 3)], NOW)
    assert merged == [ours] and tombs == [] and report.kept == 1
    assert [(c.decision, c.there) for c in report.conflicts] == [("kept", "deleted")]


def test_deletions_of_entries_never_here_are_remembered_and_both_deleted_is_quiet():
    a, b = a_session(DAY), a_session(DAY)
    ours = tomb(a, 1)
    merged, tombs, report = merge_logs([], [ours], [], [tomb(a, 2), tomb(b, 3)], NOW)
    assert merged == [] and tombs[0] is ours and [t.id for t in tombs] == [a.id, b.id]
    assert report.tombstones_added == 1 and report.conflicts == []


# --- A clock that runs ahead -----------------------------------------------------------------

AHEAD = NOW + CLOCK_SLACK + dt.timedelta(seconds=1)


def test_an_edit_dated_ahead_of_our_clock_never_beats_an_edit_made_here():
    """Issue 13: "an import from a machine whose clock runs ahead replaces a newer local
    edit, with no word". Their edit is stamped later than ours, but later than our clock
    too: it cannot be compared, so ours stays, and the conflict says why."""
    entry = a_session(DAY)
    ours = dataclasses.replace(entry, note="ours", updated_at=NOW - dt.timedelta(minutes=1))
    theirs = dataclasses.replace(entry, note="theirs", updated_at=AHEAD)
    merged, _, report = merge_logs([ours], [], [theirs], [], NOW)
    assert merged[0] is ours and report.kept == 1 and report.ahead == 1
    [conflict] = report.conflicts
    assert conflict.decision == "kept" and conflict.clock_ahead
    # Without a clock to compare with (None), the later time wins, as before.
    merged, _, _ = merge_logs([ours], [], [theirs], [], None)
    assert merged[0] is theirs


def test_within_the_slack_a_time_is_trusted():
    entry = a_session(DAY)
    ours = dataclasses.replace(entry, note="ours", updated_at=NOW - dt.timedelta(minutes=1))
    theirs = dataclasses.replace(entry, note="theirs", updated_at=NOW + CLOCK_SLACK)
    merged, _, report = merge_logs([ours], [], [theirs], [], NOW)
    assert merged[0] is theirs and report.ahead == 0


def test_an_edit_dated_ahead_of_an_entry_never_edited_here_is_taken_and_said():
    """The content says otherwise: ours is the original, recorded when theirs was, and
    never edited, so theirs is an edit of it and taking it loses nothing typed here."""
    entry = a_session(DAY)
    theirs = dataclasses.replace(entry, pain_morning=2, updated_at=AHEAD)
    merged, _, report = merge_logs([entry], [], [theirs], [], NOW)
    assert merged[0] is theirs and report.updated == 1 and report.ahead == 1
    [conflict] = report.conflicts
    assert conflict.decision == "taken" and conflict.clock_ahead


def test_a_deletion_dated_ahead_deletes_only_an_entry_never_edited_here():
    entry = a_session(DAY)
    theirs = [Tombstone(id=entry.id, deleted_at=AHEAD)]
    merged, tombs, report = merge_logs([entry], [], [], theirs, NOW)
    assert merged == [] and len(tombs) == 1 and report.deleted == 1 and report.ahead == 1
    ours = edited(entry, 1)
    merged, tombs, report = merge_logs([ours], [], [], theirs, NOW)
    assert merged == [ours] and tombs == [] and report.kept == 1
    assert report.conflicts[0].clock_ahead


def test_an_edit_dated_ahead_never_brings_back_an_entry_deleted_here():
    entry = a_session(DAY)
    theirs = dataclasses.replace(entry, note="theirs", updated_at=AHEAD)
    merged, _, report = merge_logs([], [tomb(entry, 1)], [theirs], [], NOW)
    assert merged == [] and report.refused == 1 and report.conflicts[0].clock_ahead


def test_new_entries_dated_ahead_are_added_and_counted():
    entry = dataclasses.replace(a_session(DAY), created_at=AHEAD)
    merged, _, report = merge_logs([], [], [entry], [], NOW)
    assert merged == [entry] and report.added == 1 and report.ahead == 1
    assert report.conflicts == []


def test_the_order_is_ours_in_place_then_theirs_in_their_order():
    a, b, c, d = (a_session(DAY) for _ in range(4))
    newer_b = edited(b, 3)
    merged, _, _ = merge_logs([a, b], [], [d, newer_b, c], [], NOW)
    assert merged == [a, newer_b, d, c]
    assert merged[0] is a


# --- The property: two computers converge, nothing deleted comes back -----------------------

OPS = st.lists(
    st.tuples(st.sampled_from(["edit", "delete"]), st.integers(0, 5), st.integers(1, 40)),
    max_size=12,
)


def _apply(
    entries: list[LogEntry], tombs: list[Tombstone], ops: list, side: str
) -> tuple[list[LogEntry], list[Tombstone]]:
    """Edits and deletes on one computer, with a right clock (hour `n` of the ops)."""
    entries, tombs = list(entries), list(tombs)
    for kind, number, hour in ops:
        alive = [e for e in entries if e.id == BASE[number].id]
        if not alive:
            continue
        entry = alive[0]
        when = at(hour + (0.5 if side == "b" else 0))  # never the same moment on both sides
        if kind == "edit":
            if entry.updated_at is not None and entry.updated_at >= when:
                continue  # a clock does not run backwards
            entries = [edited(e, hour + (0.5 if side == "b" else 0), f"{side}{hour}")
                       if e is entry else e for e in entries]  # fmt: skip
        else:
            entries = [e for e in entries if e is not entry]
            tombs.append(Tombstone(id=entry.id, deleted_at=when))
    return entries, tombs


BASE = [a_session(DAY) for _ in range(6)]


@given(OPS, OPS)
def test_two_computers_importing_each_other_converge_without_resurrection(ops_a, ops_b):
    a_entries, a_tombs = _apply(BASE, [], sorted(ops_a, key=lambda op: op[2]), "a")
    b_entries, b_tombs = _apply(BASE, [], sorted(ops_b, key=lambda op: op[2]), "b")
    # A imports B's copy, then B imports A's merged copy, then A imports B's again.
    a1, a1_tombs, report = merge_logs(a_entries, a_tombs, b_entries, b_tombs, NOW)
    b1, b1_tombs, _ = merge_logs(b_entries, b_tombs, a1, a1_tombs, NOW)
    a2, a2_tombs, again = merge_logs(a1, a1_tombs, b1, b1_tombs, NOW)
    assert sorted(e.id for e in a2) == sorted(e.id for e in b1)
    assert {e.id: e for e in a2} == {e.id: e for e in b1}
    assert {t.id for t in a2_tombs} == {t.id for t in b1_tombs}
    assert again.conflicts == [] and again.added == again.updated == 0
    # An id is an entry or deleted, never both; every id of the base is one or the other.
    alive, buried = {e.id for e in a2}, {t.id for t in a2_tombs}
    assert not alive & buried and alive | buried == {e.id for e in BASE}
    # No resurrection: an entry deleted on one side is alive only if the other side edited
    # it after that deletion.
    for side_tombs, other in ((a_tombs, b_entries), (b_tombs, a_entries)):
        for gone in side_tombs:
            if gone.id in alive:
                [copy] = [e for e in other if e.id == gone.id]
                assert copy.updated_at is not None and copy.updated_at > gone.deleted_at
    # Every decision between different copies was reported.
    decided = {c.id for c in report.conflicts}
    for entry in a_entries:
        there = [e for e in b_entries if e.id == entry.id]
        if there and there[0] != entry:
            assert entry.id in decided


def test_a_session_added_on_a_day_that_had_one_is_said_not_guessed():
    """Found by a new user's trial: the same Tuesday session recorded on both computers (two
    ids) was merged as two, with "1 added" and no word. It is still added (two sessions a day
    can be real: a session in two parts), and the report names it."""
    ours = a_session(dt.date(2026, 12, 8))
    theirs = dataclasses.replace(
        a_session(dt.date(2026, 12, 8)), id="11111111-0000-4000-8000-000000000000"
    )
    other_day = dataclasses.replace(
        a_session(dt.date(2026, 12, 9)), id="22222222-0000-4000-8000-000000000000"
    )
    merged, _, report = merge_logs([ours], [], [theirs, other_day], [], NOW)
    assert len(merged) == 3 and report.added == 2
    assert [(s.id, s.date) for s in report.same_day] == [(theirs.id, dt.date(2026, 12, 8))]
    from facetcoach.render.sync import merge_lines

    [line] = [x for x in merge_lines(report) if "now has two sessions" in x]
    assert "`facetcoach log delete 11111111`" in line


def test_same_day_is_not_said_when_the_import_deletes_our_session_of_that_day():
    """Found by review: the other computer deleted the shared session and recorded a new
    one; the import said the day "now has two sessions" and to delete the only one."""
    day = dt.date(2026, 12, 8)
    old = a_session(day)
    new = dataclasses.replace(a_session(day), id="11111111-0000-4000-8000-000000000000")
    gone = Tombstone(id=old.id, deleted_at=dt.datetime(2026, 12, 9, 20, tzinfo=CET))
    merged, _, report = merge_logs([old], [], [new], [gone], NOW)
    assert [e.id for e in merged] == [new.id]
    assert report.same_day == []
