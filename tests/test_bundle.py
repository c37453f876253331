"""The bundle (bundle/format.py, bundle/plans.py), without the CLI: its bytes and digest, the
strict checks on import, and how the plans of two folders are merged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from facetcoach.bundle.contents import ArchivedPlan
from facetcoach.bundle.format import decode_bundle, digest_of, encode_bundle
from facetcoach.bundle.plans import merge_plans
from facetcoach.errors import InputError
from facetcoach.model_json import to_data
from facetcoach.models import Pause, Revision, Screen, Tombstone
from helpers import plan_factory
from helpers.logtools import CET, a_session

WHEN = dt.datetime(2026, 12, 21, 12, 0, tzinfo=CET)
FILE = Path("bundle.json")


def a_bundle(**overrides) -> bytes:
    plan = plan_factory.plan()
    entries = [a_session(dt.date(2026, 12, 7)), a_session(dt.date(2026, 12, 9))]
    gone = a_session(dt.date(2026, 12, 11))
    parts = {
        "plan": plan,
        "archive": [ArchivedPlan(name="plan-20261101090000.json", plan=plan_factory.plan())],
        "entries": entries,
        "tombstones": [Tombstone(id=gone.id, deleted_at=WHEN)],
    }
    parts.update(overrides)
    return encode_bundle(**parts, exported_at=WHEN, version="0.1.0")


def test_a_bundle_reads_back_as_written():
    raw = a_bundle()
    assert raw.endswith(b"}\n") and raw.count(b"\n") == 1
    data = json.loads(raw)
    assert list(data)[:4] == ["format", "bundle_version", "schema_version", "digest"]
    assert data["digest"].startswith("sha256:") and data["digest"] == digest_of(data)
    bundle = decode_bundle(raw, FILE)
    assert bundle.plan == plan_factory.plan()
    assert [e.id for e in bundle.log.entries] == [e["id"] for e in data["log"]["entries"]]
    assert len(bundle.log.tombstones) == 1 and bundle.archive[0].name.startswith("plan-")


def test_the_digest_does_not_depend_on_the_layout_but_on_every_value():
    data = json.loads(a_bundle())
    pretty = json.dumps(data, indent=3, ensure_ascii=True).encode()  # reformatted: same content
    assert decode_bundle(pretty, FILE).digest == data["digest"]
    data["log"]["entries"][0]["pain_before"] = 1
    with pytest.raises(InputError, match="its digest does not match its content"):
        decode_bundle(json.dumps(data).encode(), FILE)
    del data["digest"]  # edited by hand on purpose: the strict checks alone
    assert decode_bundle(json.dumps(data).encode(), FILE).log.entries[0].pain_before == 1


def _damaged(raw: bytes, words: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_bundle(raw, FILE)
    message = str(caught.value)
    assert words in message, message
    assert message.endswith("nothing was imported.") or "Nothing was imported." in message


def _edited(change) -> bytes:
    data = json.loads(a_bundle())
    change(data)
    data.pop("digest")
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: b"", "it is empty"),
        (lambda: a_bundle()[:-40], "it is not valid JSON"),
        (lambda: b"\xef\xbb\xbf" + a_bundle(), "byte-order mark"),
        (lambda: a_bundle().replace(b'"format"', b'"format":1,"format"', 1), "appears twice"),
        (lambda: b'{"schema_version": 1, "entries": []}', "facetcoach log import"),
        (lambda: b"[]", "does not say it is one"),
        (lambda: _edited(lambda d: d.update(bundle_version=2)), "newer version of facetcoach"),
        (lambda: _edited(lambda d: d.update(schema_version=2)), "newer version of facetcoach"),
        (lambda: _edited(lambda d: d.update(bundle_version="1")), "not a whole number"),
        (
            lambda: _edited(lambda d: d["log"]["entries"][0].update(pain_after=11)),
            "must be from 0 to 10",
        ),
        (lambda: _edited(lambda d: d.update(extra=1)), "is not a known key"),
        (
            lambda: _edited(lambda d: d["log"]["entries"].append(d["log"]["entries"][0])),
            "appears twice",
        ),
        (
            lambda: _edited(
                lambda d: d["log"]["tombstones"][0].update(id=d["log"]["entries"][0]["id"])
            ),
            "both in the log and deleted",
        ),
        (
            lambda: _edited(lambda d: d["archive"][0].update(name="../../plan.json")),
            "a file name",
        ),
        (lambda: _edited(lambda d: d["plan"]["answers"].update(pain_now=-1)), "from 0 to 10"),
    ],
)
def test_a_bad_bundle_is_one_sentence_and_nothing_is_imported(make, words):
    _damaged(make(), words)


def test_a_bundle_without_a_plan_or_a_log():
    bundle = decode_bundle(a_bundle(plan=None, archive=[], entries=[], tombstones=[]), FILE)
    assert bundle.plan is None and bundle.log.entries == []


# --- The plans (bundle/plans.py) ---------------------------------------------------------------

PLAN = plan_factory.plan()
OTHER = dataclasses.replace(
    plan_factory.plan(start=dt.date(2027, 1, 4)),
    created_at=dt.datetime(2027, 1, 1, 9, 0, tzinfo=dt.timezone.utc),
)


def test_no_plan_here_takes_theirs_and_none_in_the_bundle_keeps_ours():
    new, archive, report = merge_plans(None, [], PLAN, [OTHER])
    assert new is PLAN and archive == [OTHER] and report.decision == "taken"
    assert report.archived_added == 1
    new, archive, report = merge_plans(PLAN, [], None, [])
    assert new is None and archive == [] and report.decision == "none"
    new, archive, report = merge_plans(PLAN, [OTHER], PLAN, [OTHER])
    assert new is None and archive == [] and report.decision == "unchanged"
    assert report.archived_present == 1 and report.archived_added == 0


def test_the_same_plan_takes_their_pauses_and_screens():
    pause = Pause(start=dt.date(2026, 12, 21), end=dt.date(2027, 1, 4), reason="travel")
    screen = Screen(date=dt.date(2026, 12, 14), occasion="screen")
    mine = Screen(date=dt.date(2026, 12, 10), occasion="screen", flagged=["fever_or_unwell"])
    ours = dataclasses.replace(PLAN, screens=[mine])
    theirs = dataclasses.replace(PLAN, pauses=[pause], screens=[screen])
    new, archive, report = merge_plans(ours, [], theirs, [])
    assert new is not None and report.decision == "merged" and archive == []
    assert new.pauses == [pause] and new.screens == [mine, screen]  # by date: the clear one last
    assert (report.pauses_added, report.screens_added) == (1, 1)
    again, _, report = merge_plans(new, [], theirs, [])
    assert again is None and report.decision == "unchanged"


def test_a_pause_resumed_in_one_copy_is_ended_in_the_merge():
    open_pause = Pause(start=dt.date(2026, 12, 21), end=None, reason="sick")
    ended = dataclasses.replace(open_pause, end=dt.date(2026, 12, 28))
    for ours, theirs in ((open_pause, ended), (ended, open_pause)):
        new, archive, report = merge_plans(
            dataclasses.replace(PLAN, pauses=[ours]),
            [],
            dataclasses.replace(PLAN, pauses=[theirs]),
            [],
        )
        merged = new or dataclasses.replace(PLAN, pauses=[ours])
        assert merged.pauses == [ended] and archive == [] and report.notes == []


def test_an_overlapping_pause_is_not_taken_and_their_copy_is_archived():
    ours = dataclasses.replace(
        PLAN, pauses=[Pause(start=dt.date(2026, 12, 21), end=dt.date(2027, 1, 4), reason="travel")]
    )
    theirs = dataclasses.replace(
        PLAN, pauses=[Pause(start=dt.date(2026, 12, 28), end=None, reason="sick")]
    )
    new, archive, report = merge_plans(ours, [], theirs, [])
    assert new is None and archive == [theirs] and report.decision == "unchanged"
    assert "overlaps a pause here" in report.notes[0]


def _revised(plan, day: dt.date, minutes: int):
    revision = Revision(
        date=day, kind="change", changed={"minutes": minutes}, answers=plan.answers,
        program=plan.program,
    )  # fmt: skip
    return dataclasses.replace(
        plan,
        answers=dataclasses.replace(plan.answers, minutes=minutes),
        revisions=[*plan.revisions, revision],
    )


def test_revisions_the_copy_ahead_is_taken_and_copies_gone_apart_keep_ours():
    there = _revised(PLAN, dt.date(2026, 12, 14), 30)
    new, archive, report = merge_plans(PLAN, [], there, [])
    assert new == there and report.revisions_added == 1 and archive == []
    new, archive, report = merge_plans(there, [], PLAN, [])
    assert new is None and archive == [] and report.decision == "unchanged"
    here = _revised(PLAN, dt.date(2026, 12, 16), 40)
    new, archive, report = merge_plans(here, [], there, [])
    assert new is None and archive == [there] and "changed differently" in report.notes[0]


def test_a_different_plan_here_stays_and_theirs_is_archived_unless_they_replaced_ours():
    new, archive, report = merge_plans(PLAN, [], OTHER, [])
    assert new is None and archive == [OTHER] and report.decision == "kept"
    assert "stays" in report.notes[0]
    # Their archive holds our plan: they replaced it with theirs, so theirs is taken.
    new, archive, report = merge_plans(PLAN, [], OTHER, [PLAN])
    assert new is OTHER and archive == [PLAN] and report.decision == "replaced"
    # Theirs archived already (an import run twice): not archived again.
    new, archive, report = merge_plans(PLAN, [OTHER], OTHER, [])
    assert new is None and archive == [] and report.decision == "kept"


def test_the_plan_data_round_trips_through_the_bundle():
    pause = Pause(start=dt.date(2026, 12, 21), end=None, reason="sick")
    plan = dataclasses.replace(_revised(PLAN, dt.date(2026, 12, 14), 30), pauses=[pause])
    bundle = decode_bundle(a_bundle(plan=plan), FILE)
    assert bundle.plan == plan and to_data(bundle.plan) == to_data(plan)


def test_the_export_says_deletions_are_a_record_not_something_it_deleted():
    """Found by a new user: "3 log entries (2 deletions)" read as if the export deleted two."""
    from pathlib import Path

    from facetcoach.bundle.store import Exported
    from facetcoach.render.sync import export_lines

    said = export_lines(Exported(b"", True, 0, 3, 2), Path("/tmp/all.json"))[0]
    assert said == (
        "Exported the plan, 0 archived plans and 3 log entries (and a record of 2 deleted ones, "
        "so that an import does not bring them back) to /tmp/all.json."
    )
