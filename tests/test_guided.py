"""`facetcoach today --guided`: the steps, the runner on a fake clock, and the terminal flow.

Nothing here sleeps: the scripted key source moves a fake clock, so a whole session runs
in milliseconds and the tests can assert the exact sequence of phases and the time spent.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import subprocess
import sys
from collections import deque
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from facetcoach.cli import guided as cli_guided
from facetcoach.models import PlanItem
from facetcoach.program import guided_session as guided
from facetcoach.program.guided_session import (
    GuidedOutcome,
    SessionView,
    Step,
    guided_entry,
    parse_pain,
    run_guided,
    session_steps,
    total_seconds,
)
from facetcoach.program.routine import routine_for
from facetcoach.program.store import save_plan
from facetcoach.render.guided import countdown, step_label, step_status
from helpers.plan_factory import SESSION_IDS, item_for, plan
from helpers.profiles import examples

MONDAY = dt.date(2026, 12, 7)
WEDNESDAY = "2026-12-09"  # a session day of the test plan
TUESDAY = "2026-12-08"  # a rest day


def pyramid_item(**changes: object) -> PlanItem:
    """A per-side isometric with a 6-4-2 pyramid of 8 s holds (rules C1-C3)."""
    values: dict[str, object] = {
        "exercise_id": "side-bridge-knees",
        "category": "core",
        "kind": "isometric",
        "level": 2,
        "sets": 3,
        "reps": 6,
        "hold_seconds": 8,
        "per_side": True,
        "rest_seconds": 30,
        "why": "test",
    }
    values.update(changes)
    return PlanItem(**values)  # type: ignore[arg-type]


CODES = {"ready": "R", "hold": "H", "relax": "x", "reps": "P", "switch": "S", "rest": "Z"}


def codes(steps: list[Step]) -> str:
    return "".join(CODES[step.phase] for step in steps)


# --- The steps ------------------------------------------------------------------------------


def test_per_side_isometric_pyramid_6_4_2():
    """Rule C2: 6-4-2 holds per side; one side, switch, the other; rest only between sets."""
    steps = session_steps([pyramid_item()])
    side = {6: "HxHxHxHxHxH", 4: "HxHxHxH", 2: "HxH"}
    assert codes(steps) == (f"R{side[6]}S{side[6]}Z{side[4]}S{side[4]}Z{side[2]}S{side[2]}")
    holds = [(s.set_number, s.side_name, s.number, s.count) for s in steps if s.phase == "hold"]
    expected = [
        (set_number, side_name, number, count)
        for set_number, count in ((1, 6), (2, 4), (3, 2))
        for side_name in ("left", "right")
        for number in range(1, count + 1)
    ]
    assert holds == expected
    assert {s.seconds for s in steps if s.phase == "hold"} == {8}
    assert {s.seconds for s in steps if s.phase == "relax"} == {guided.RELAX_SECONDS}
    rests = [(s.set_number, s.seconds) for s in steps if s.phase == "rest"]
    assert rests == [(1, 30), (2, 30)]
    switches = [(s.set_number, s.side_name, s.seconds) for s in steps if s.phase == "switch"]
    assert switches == [(n, "right", guided.SWITCH_SECONDS) for n in (1, 2, 3)]
    assert steps[0] == Step(
        phase="ready",
        seconds=guided.GET_READY_SECONDS,
        exercise=0,
        exercise_id="side-bridge-knees",
        sets=3,
        side=1,
    )
    # 12 holds (6+4+2) per side, 9 relaxes per side, 3 switches, 2 rests, the get-ready.
    assert total_seconds(steps) == 24 * 8 + 18 * 2 + 3 * 5 + 2 * 30 + 10


def test_plain_reps_item_counts_at_a_steady_pace():
    """Pelvic tilts, 2 × 10 without holds: one counted step per set at SECONDS_PER_REP."""
    item = item_for("pelvic-tilt-lying")
    assert (item.sets, item.reps, item.hold_seconds, item.rest_seconds) == (2, 10, None, 20)
    common = {"exercise": 0, "exercise_id": "pelvic-tilt-lying", "sets": 2}
    assert session_steps([item]) == [
        Step(phase="ready", seconds=10, **common),
        Step(phase="reps", seconds=40, set_number=1, count=10, **common),
        Step(phase="rest", seconds=20, set_number=1, **common),
        Step(phase="reps", seconds=40, set_number=2, count=10, **common),
    ]


def test_single_long_hold_prone_lying():
    """Rule E4 stage 1: prone lying, one 60 s hold: get ready, then one hold, nothing else."""
    common = {"exercise": 0, "exercise_id": "prone-lying", "sets": 1}
    assert session_steps([item_for("prone-lying")]) == [
        Step(phase="ready", seconds=10, **common),
        Step(phase="hold", seconds=60, count=1, **common),
    ]


def test_rest_only_between_sets_never_between_exercises():
    items = [
        pyramid_item(sets=2, reps=4, per_side=False),
        item_for("prone-lying"),  # one set: no rest at all
        pyramid_item(exercise_id="bird-dog", sets=2, reps=4, rest_seconds=0),
        item_for("pelvic-tilt-lying"),
    ]
    steps = session_steps(items)
    by_exercise = ["".join(CODES[s.phase] for s in steps if s.exercise == i) for i in range(4)]
    assert by_exercise == ["RHxHxHxHZHxH", "RH", "RHxHxHxHSHxHxHxHHxHSHxH", "RPZP"]
    # A rest never ends an exercise, and each exercise starts with its get-ready.
    for index in range(4):
        own = [s for s in steps if s.exercise == index]
        assert own[0].phase == "ready" and own[-1].phase != "rest"


def test_reps_with_short_holds_are_holds():
    """Glute bridge style: 10 reps with a 3 s hold each are ten holds, not a counted step."""
    item = pyramid_item(kind="strength", sets=1, reps=10, hold_seconds=3, per_side=False)
    assert codes(session_steps([item])) == "R" + "Hx" * 9 + "H"


# --- The runner on a fake clock ---------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t


class ScriptedKeys:
    """Keys pressed at given fake times; waiting for a key moves the fake clock."""

    def __init__(self, clock: FakeClock, script: list[tuple[float, str]] = ()) -> None:
        self.clock = clock
        self.script = deque(sorted(script))
        self.fallback: str | None = None  # the key "pressed" when a wait finds the script empty

    def poll(self, timeout: float | None) -> str | None:
        if self.script and (timeout is None or self.script[0][0] <= self.clock.t + timeout):
            at, key = self.script.popleft()
            self.clock.t = max(self.clock.t, at)
            return key
        if timeout is None:
            if self.fallback:
                return self.fallback
            raise AssertionError("the runner waits for a key but the script has none left")
        self.clock.t += timeout
        return None


class Recorder(SessionView):
    """Remembers what the runner showed, with the fake time it happened at."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.events: list[tuple] = []
        self.bells = 0
        self.ticks: list[tuple[Step, float]] = []

    def step_started(self, step: Step) -> None:
        self.events.append(("step", step.phase, step.exercise_id, self.clock.t))

    def tick(self, step: Step, elapsed: float) -> None:
        self.ticks.append((step, elapsed))

    def paused(self, step: Step, elapsed: float) -> None:
        self.events.append(("paused", elapsed, self.clock.t))

    def confirm_quit(self, step: Step, elapsed: float) -> None:
        self.events.append(("quit?", elapsed, self.clock.t))

    def resumed(self, step: Step, elapsed: float) -> None:
        self.events.append(("resumed", elapsed, self.clock.t))

    def bell(self) -> None:
        self.bells += 1

    def exercise_finished(self, step: Step, skipped: bool) -> None:
        self.events.append(("skipped" if skipped else "done", step.exercise_id, self.clock.t))

    def phases(self) -> list[str]:
        return [event[1] for event in self.events if event[0] == "step"]


def run(steps: list[Step], script: list[tuple[float, str]] = (), bell: bool = True):
    clock = FakeClock()
    view = Recorder(clock)
    outcome = run_guided(steps, clock, ScriptedKeys(clock, script), view, bell=bell)
    return outcome, view, clock


def session_items() -> list[PlanItem]:
    return [item_for(i) for i in SESSION_IDS]


def exercise_bounds(steps: list[Step]) -> list[tuple[float, float]]:
    """When each exercise starts and ends on the clock of an undisturbed run."""
    bounds, t = [], 0.0
    for index in range(max(s.exercise for s in steps) + 1):
        length = sum(s.seconds for s in steps if s.exercise == index)
        bounds.append((t, t + length))
        t += length
    return bounds


def test_full_run_follows_the_plan_in_time_with_a_bell_per_hold():
    steps = session_steps(session_items())
    outcome, view, clock = run(steps)
    assert view.phases() == [s.phase for s in steps]
    assert clock.t == total_seconds(steps)
    starts = [event[3] for event in view.events if event[0] == "step"]
    assert starts == [sum(s.seconds for s in steps[:i]) for i in range(len(steps))]
    assert view.bells == sum(1 for s in steps if s.phase == "hold") > 0
    assert outcome == GuidedOutcome(tuple(SESSION_IDS), (), (), False)
    finished = [e[:2] for e in view.events if e[0] in ("done", "skipped")]
    assert finished == [("done", i) for i in SESSION_IDS]


def test_quiet_run_rings_no_bell():
    steps = session_steps(session_items())
    outcome, view, clock = run(steps, bell=False)
    assert view.bells == 0
    assert clock.t == total_seconds(steps) and not outcome.quit


def test_pause_freezes_time():
    steps = session_steps([item_for("prone-lying")])  # ready 10 s, hold 60 s
    outcome, view, clock = run(steps, [(30.0, "p"), (130.0, "p")])
    assert ("paused", 20.0, 30.0) in view.events  # 20 s into the hold
    assert ("resumed", 20.0, 130.0) in view.events
    # No tick while paused, and the first tick after it shows the same 20 s.
    after = [elapsed for step, elapsed in view.ticks if step.phase == "hold"]
    assert 20.0 in after and after == sorted(after)
    assert clock.t == total_seconds(steps) + 100  # the pause, nothing more
    assert outcome.done == ("prone-lying",) and view.bells == 1


def test_pause_accepts_capital_p_and_ignores_other_keys():
    steps = session_steps([item_for("prone-lying")])
    outcome, _view, clock = run(steps, [(5.0, "x"), (6.0, "P"), (7.0, "z"), (9.0, "p")])
    assert clock.t == total_seconds(steps) + 3
    assert outcome.done == ("prone-lying",)


def test_skip_moves_to_the_next_exercise():
    steps = session_steps(session_items())
    bounds = exercise_bounds(steps)
    skip_at = bounds[1][0] + 15  # inside the second exercise
    outcome, view, clock = run(steps, [(skip_at, "s")])
    assert outcome.skipped == (SESSION_IDS[1],)
    assert outcome.done == tuple(i for i in SESSION_IDS if i != SESSION_IDS[1])
    assert not outcome.quit
    third = next(e for e in view.events if e[0] == "step" and e[2] == SESSION_IDS[2])
    assert third[1] == "ready" and third[3] == skip_at  # the next one starts at once
    second_length = bounds[1][1] - bounds[1][0]
    assert clock.t == total_seconds(steps) - second_length + 15


def test_skip_while_paused_skips():
    steps = session_steps(session_items())
    outcome, _, _ = run(steps, [(3.0, "p"), (50.0, "s")])
    assert outcome.skipped == (SESSION_IDS[0],) and len(outcome.done) == 4


def test_quit_confirmed_stops_part_way():
    steps = session_steps(session_items())
    bounds = exercise_bounds(steps)
    quit_at = bounds[2][0] + 4
    outcome, view, clock = run(steps, [(quit_at, "q"), (quit_at + 2, "y")])
    assert outcome == GuidedOutcome(tuple(SESSION_IDS[:2]), (), tuple(SESSION_IDS[2:]), quit=True)
    assert ("quit?", 4.0, quit_at) in view.events
    assert clock.t == quit_at + 2
    assert not any(e[0] == "step" and e[3] > quit_at for e in view.events)


def test_quit_declined_carries_on_with_time_frozen():
    steps = session_steps(session_items())
    outcome, view, clock = run(steps, [(4.0, "q"), (9.0, "n")])
    assert not outcome.quit and outcome.done == tuple(SESSION_IDS)
    assert ("resumed", 4.0, 9.0) in view.events
    assert clock.t == total_seconds(steps) + 5


def test_quit_from_pause_confirmed_with_y():
    steps = session_steps(session_items())
    outcome, view, _ = run(steps, [(3.0, "p"), (4.0, "q"), (5.0, "y")])
    assert outcome.quit and outcome.done == () and outcome.not_reached == tuple(SESSION_IDS)
    assert [e[0] for e in view.events if e[0] in ("paused", "quit?")] == ["paused", "quit?"]


def test_q_twice_does_not_quit():
    """Only y confirms: a double tap of q carries on."""
    steps = session_steps([item_for("prone-lying")])
    outcome, _, clock = run(steps, [(3.0, "q"), (3.5, "q")])
    assert not outcome.quit and clock.t == total_seconds(steps) + 0.5


def test_quit_declined_from_pause_returns_to_pause():
    steps = session_steps([item_for("prone-lying")])
    outcome, view, clock = run(steps, [(3.0, "p"), (4.0, "q"), (5.0, "n"), (8.0, "p")])
    assert [e[0] for e in view.events if e[0] != "step"][:4] == [
        "paused",
        "quit?",
        "paused",
        "resumed",
    ]
    assert clock.t == total_seconds(steps) + 5 and outcome.done == ("prone-lying",)


def test_empty_session_does_nothing():
    outcome, view, clock = run([])
    assert outcome == GuidedOutcome((), (), (), False) and clock.t == 0 and not view.events


# --- Recording and the pain score ----------------------------------------------------------------


def test_guided_entry_records_doses_done_and_the_rest_skipped():
    built = plan(MONDAY)
    routine = routine_for(built, MONDAY)
    outcome = GuidedOutcome(
        done=(SESSION_IDS[0], SESSION_IDS[2]),
        skipped=(SESSION_IDS[1],),
        not_reached=tuple(SESSION_IDS[3:]),
        quit=True,
    )
    now = dt.datetime(2026, 12, 7, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    entry = guided_entry(routine, outcome, 4, 3, now)
    assert entry.kind == "session" and entry.date == MONDAY and entry.created_at == now
    assert entry.planned == SESSION_IDS
    assert [d.exercise_id for d in entry.done] == [SESSION_IDS[0], SESSION_IDS[2]]
    tilt = entry.done[0]
    assert (tilt.sets, tilt.reps, tilt.hold_seconds) == (2, 10, None)
    assert entry.skipped == [SESSION_IDS[1], *SESSION_IDS[3:]]
    assert (entry.pain_before, entry.pain_after, entry.flare) == (4, 3, False)
    assert len(entry.id) == 36 and entry.id != guided_entry(routine, outcome, 4, 3, now).id
    # The entry passes the strict validators the log store uses.
    from facetcoach.model_json import dumps
    from facetcoach.models import LogEntry
    from facetcoach.validation import validate_json

    assert validate_json(LogEntry, dumps(entry)) == entry


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("five", "'five' is not a whole number"),
        ("3.5", "'3.5' is not a whole number"),
        ("11", "11 is above 10"),
        ("-1", "-1 is below 0"),
    ],
)
def test_parse_pain_says_what_was_wrong(text, problem):
    with pytest.raises(ValueError) as caught:
        parse_pain(text)
    assert problem in str(caught.value)


@pytest.mark.parametrize(
    ("text", "score"), [("0", 0), (" 7 ", 7), ("10", 10), ("", None), ("  ", None)]
)
def test_parse_pain_accepts_0_to_10_and_enter_leaves_it_empty(text, score):
    assert parse_pain(text) == score


# --- What the display says ----------------------------------------------------------------


def test_step_labels_read_as_instructions():
    steps = session_steps([pyramid_item()])
    labels = {}
    for step in steps:
        labels.setdefault(step.phase, step_label(step, 0.0))
    assert labels["ready"] == "Get ready: get into position; start with your left side"
    assert labels["hold"] == "Hold 1 of 6 · left side · set 1 of 3"
    assert labels["relax"] == "Relax · left side · set 1 of 3 · next: hold 2 of 6"
    assert labels["switch"] == "Switch sides: now your right side"
    assert labels["rest"] == "Rest before set 2 of 3, left side first"
    reps = session_steps([item_for("pelvic-tilt-lying")])[1]
    assert step_label(reps, 0.0).startswith("Rep 1 of 10 · set 1 of 2")
    assert step_label(reps, 13.0).startswith("Rep 4 of 10")
    assert step_label(reps, 40.0).startswith("Rep 10 of 10")
    assert step_label(session_steps([item_for("prone-lying")])[1], 0.0) == "Hold"


def test_countdown_and_status_render():
    assert [countdown(s) for s in (0, 0.2, 9.75, 10, 60, 75.5)] == [
        "0 s",
        "1 s",
        "10 s",
        "10 s",
        "1:00",
        "1:16",
    ]
    step = session_steps([item_for("prone-lying")])[1]
    for mode, words in [
        ("running", "p pause"),
        ("paused", "p carry on"),
        ("confirm", "y quit the session"),
    ]:
        buffer = io.StringIO()
        Console(file=buffer, width=60, no_color=True).print(step_status(step, 15.0, mode))
        text = buffer.getvalue()
        assert words in text and "45 s" in text, text
        # A quarter of the time gone: the bar shows it without colour too (NO_COLOR).
        assert "━" * 15 + "─" * 45 in text, text


# --- Through the CLI --------------------------------------------------------------------------


@pytest.fixture
def session_env(monkeypatch):
    """A saved plan, a terminal-like stdin, and fake keys, clock and log on the CLI's side."""
    save_plan(plan(MONDAY))
    clock = FakeClock()
    state = {"script": [], "entries": [], "keys_opened": 0}

    def open_keys():
        state["keys_opened"] += 1
        return contextlib.nullcontext(ScriptedKeys(clock, state["script"]))

    monkeypatch.setattr(cli_guided, "make_clock", lambda: clock)
    monkeypatch.setattr(cli_guided, "open_keys", open_keys)
    monkeypatch.setattr(cli_guided, "save_entry", state["entries"].append)
    monkeypatch.setenv("FACETCOACH_ASSUME_TTY", "1")
    monkeypatch.setenv("FACETCOACH_TODAY", WEDNESDAY)
    state["clock"] = clock
    return state


def wednesday_steps(flare: bool = False) -> list[Step]:
    built = plan(MONDAY)
    positions = {e.id: e.position for e in built.exercises}
    items = routine_for(built, dt.date(2026, 12, 9), flare=flare).items
    return session_steps(items, positions=positions)


def test_cli_full_session_records_one_entry(cli, session_env):
    result = cli("today", "--guided", input="3\n2\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Guided session: 5 exercises" in out and "p pause, s skip an exercise, q quit" in out
    assert "Exercise 1 of 5: Pelvic tilt, lying" in out and "2 × 10, rest 20 s between sets" in out
    assert out.count(": done") == 5
    assert "Recorded in your log for Wed 9 Dec 2026: 5 of 5 exercises done, pain 3 → 2." in out
    assert "Tomorrow morning, `facetcoach log morning N` records" in out  # as `log` says it
    assert session_env["clock"].t == total_seconds(wednesday_steps())
    [entry] = session_env["entries"]
    assert entry.date == dt.date(2026, 12, 9) and entry.kind == "session"
    assert [d.exercise_id for d in entry.done] == SESSION_IDS and entry.skipped == []
    assert (entry.pain_before, entry.pain_after, entry.flare) == (3, 2, False)


def test_cli_re_asks_pain_with_the_reason(cli, session_env):
    result = cli("today", "--guided", "--quiet", input="bad\n11\n4\n-2\n6\n")
    assert result.exit_code == 0, result.output
    assert "'bad' is not a whole number" in result.stdout
    assert "11 is above 10" in result.stdout and "-2 is below 0" in result.stdout
    [entry] = session_env["entries"]
    assert (entry.pain_before, entry.pain_after) == (4, 6)
    assert "Pain above 5 is more than these exercises should cause" in result.stdout  # PM1


def test_cli_quit_part_way_records_done_and_skipped_after_asking(cli, session_env):
    quit_at = exercise_bounds(wednesday_steps())[2][0] + 1
    session_env["script"] += [(quit_at, "q"), (quit_at + 1, "y")]
    result = cli("today", "--guided", input="5\nmaybe\ny\n5\n")
    assert result.exit_code == 0, result.output
    assert "You stopped after 2 of 5 exercises." in result.stdout
    assert "Record the 2 exercises you did in your log? [y/n]" in result.stdout
    assert "Answer yes or no (y or n)." in result.stdout
    assert (
        "Recorded in your log for Wed 9 Dec 2026: 2 of 5 exercises done, 3 not done"
        in result.stdout
    )
    [entry] = session_env["entries"]
    assert [d.exercise_id for d in entry.done] == SESSION_IDS[:2]
    assert entry.skipped == SESSION_IDS[2:] and entry.planned == SESSION_IDS


def test_cli_quit_part_way_without_recording(cli, session_env):
    quit_at = exercise_bounds(wednesday_steps())[1][0] + 1
    session_env["script"] += [(quit_at, "q"), (quit_at + 1, "y")]
    result = cli("today", "--guided", input="\nn\n")
    assert result.exit_code == 0, result.output
    assert "Not recorded." in result.stdout and session_env["entries"] == []


def test_cli_quit_before_finishing_anything_records_nothing(cli, session_env):
    session_env["script"] += [(2.0, "q"), (3.0, "y")]
    result = cli("today", "--guided", input="\n")
    assert result.exit_code == 0, result.output
    assert "No exercise was finished, so nothing was recorded." in result.stdout
    assert "`facetcoach log --only ID`" in " ".join(result.stdout.split())  # how to keep it
    assert session_env["entries"] == []


def test_cli_skip_is_recorded_as_skipped(cli, session_env):
    session_env["script"] += [(1.0, "s")]
    result = cli("today", "--guided", input="2\n2\n")
    assert result.exit_code == 0, result.output
    assert "Pelvic tilt, lying: skipped" in result.stdout
    [entry] = session_env["entries"]
    assert entry.skipped == [SESSION_IDS[0]] and len(entry.done) == 4


def test_cli_guided_flare_records_a_flare_session(cli, session_env):
    result = cli("today", "--guided", "--flare", input="6\n5\n")
    assert result.exit_code == 0, result.output
    assert "Flare-up routine: gentle movement only." in result.stdout
    # Every flare line `today --flare` gives, the one on when to get checked today among them.
    assert "Get checked today if the flare comes with" in " ".join(result.stdout.split())
    [entry] = session_env["entries"]
    assert entry.flare is True
    assert [d.exercise_id for d in entry.done] == [
        i.exercise_id for i in routine_for(plan(MONDAY), dt.date(2026, 12, 9), flare=True).items
    ]
    assert session_env["clock"].t == total_seconds(wednesday_steps(flare=True))


def test_cli_guided_with_a_past_date_records_that_day(cli, session_env):
    result = cli("today", "--guided", "--date", "2026-12-07", input="1\n1\n")
    assert result.exit_code == 0, result.output
    assert session_env["entries"][0].date == dt.date(2026, 12, 7)
    assert "Recorded in your log for Mon 7 Dec 2026" in result.stdout


def test_cli_guided_on_a_future_day_is_refused(cli, session_env):
    """Issue 13: a guided session on a future day would record what has not been done."""
    result = cli("today", "--guided", "--date", "2026-12-11")
    assert result.exit_code == 2
    assert "not a future one" in result.stderr
    assert session_env["keys_opened"] == 0 and session_env["entries"] == []


def test_cli_rest_day_starts_nothing(cli, session_env):
    monday = {"FACETCOACH_TODAY": "2026-12-07"}
    assert cli("log", "--skipped", "--reason", "sick", env=monday).exit_code == 0
    result = cli("today", "--guided", env={"FACETCOACH_TODAY": TUESDAY})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Nothing is scheduled for Tuesday 8 December 2026" in out
    assert "Your next session is on Wednesday 9 December" in out
    # Found by a new user: `--flare` was offered, and a rest day has no flare session either.
    assert "--flare" not in out
    assert session_env["keys_opened"] == 0 and session_env["entries"] == []


def test_cli_guided_on_hold_for_a_red_flag_says_so_and_offers_no_exercise(
    cli, session_env, tmp_path
):
    """RS1. Found by a new user: a program on hold was "Nothing is scheduled" (on a session
    day), with a gentle routine offered; the offer led back to the same words."""
    from helpers.answers_data import screen_file

    flagged = tmp_path / "yes.toml"
    flagged.write_text(screen_file(fever_or_unwell=True))
    assert cli("plan", "screen", "--answers", str(flagged)).exit_code == 3
    for flare in ((), ("--flare",)):
        out = cli("today", "--guided", *flare).stdout
        assert "Get a medical assessment today" in out
        assert "Nothing is scheduled" not in out and "--flare" not in out
    assert session_env["keys_opened"] == 0 and session_env["entries"] == []


def test_cli_guided_on_a_paused_day_says_the_pause(cli, session_env):
    assert cli("plan", "pause", "--reason", "sick").exit_code == 0
    out = cli("today", "--guided").stdout
    assert "Your program is paused for illness" in out
    assert "Nothing is scheduled" not in out and "--flare" not in out
    assert session_env["keys_opened"] == 0


def test_cli_before_and_after_the_program_start_nothing(cli, session_env):
    before = cli("today", "--guided", env={"FACETCOACH_TODAY": "2026-12-01"})
    assert before.exit_code == 0 and "Your program starts on Monday 7 December" in before.stdout
    after = cli("today", "--guided", env={"FACETCOACH_TODAY": "2027-03-01"})
    assert after.exit_code == 0 and "facetcoach plan" in after.stdout
    assert "Your program ended on Sunday 17 January 2027" in after.stdout
    words = " ".join(after.stdout.split())
    assert "maintenance routine to keep" in words and "below" not in words
    assert "--flare" not in after.stdout
    assert session_env["keys_opened"] == 0


def test_cli_refuses_a_non_terminal_stdin(cli, session_env, monkeypatch):
    monkeypatch.delenv("FACETCOACH_ASSUME_TTY")
    result = cli("today", "--guided", input="3\n2\n")
    assert result.exit_code == 2
    assert "needs a terminal, and stdin is not one" in result.stderr
    assert session_env["keys_opened"] == 0


def test_cli_guided_and_json_do_not_mix(cli, session_env):
    result = cli("today", "--guided", "--json")
    assert result.exit_code == 2 and "--guided and --json" in result.stderr


def test_cli_no_plan_is_exit_1(cli, monkeypatch):
    monkeypatch.setenv("FACETCOACH_ASSUME_TTY", "1")
    result = cli("today", "--guided")
    assert result.exit_code == 1 and "There is no plan yet" in result.stderr


def test_cli_end_of_input_at_the_pain_question_records_nothing(cli, session_env):
    result = cli("today", "--guided", input="3\n")  # pain before, then the input ends
    assert result.exit_code == 2
    assert "the session was not recorded" in result.stderr and session_env["entries"] == []


def test_cli_ctrl_c_stops_without_recording(cli, session_env, monkeypatch):
    class Interrupting:
        def poll(self, timeout):
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_guided, "open_keys", lambda: contextlib.nullcontext(Interrupting()))
    result = cli("today", "--guided", input="\n")
    assert result.exit_code == 130
    assert "Stopped. Nothing was recorded." in result.stdout and session_env["entries"] == []


def test_save_entry_writes_to_the_real_log():
    from facetcoach.log.store import load_entries

    routine = routine_for(plan(MONDAY), MONDAY)
    entry = guided_entry(routine, GuidedOutcome(("prone-lying",), (), (), False), 1, 1, now())
    cli_guided.save_entry(entry)
    assert load_entries() == [entry]
    assert [item.exercise_id for item in entry.done] == ["prone-lying"]
    assert "prone-lying" not in entry.skipped and len(entry.skipped) == len(routine.items) - 1


def now() -> dt.datetime:
    return dt.datetime(2026, 12, 7, 18, 0, tzinfo=dt.timezone.utc)


# --- The real terminal pieces, on a pseudo-terminal ---------------------------------------------


def test_terminal_keys_read_single_keys_and_restore_the_terminal(monkeypatch):
    termios = pytest.importorskip("termios")
    master, slave = os.openpty()
    try:
        with open(slave, closefd=False) as stdin:
            monkeypatch.setattr(sys, "stdin", stdin)
            before = termios.tcgetattr(slave)
            with cli_guided.open_keys() as keys:
                assert termios.tcgetattr(slave)[3] & termios.ICANON == 0  # cbreak
                assert keys.poll(0) is None
                os.write(master, b"ps")
                assert keys.poll(1.0) == "p" and keys.poll(0) == "s"
                os.write(master, b"\x1b[A")  # an arrow key is not a letter
                assert keys.poll(1.0) is None
            assert termios.tcgetattr(slave) == before
            with pytest.raises(KeyboardInterrupt), cli_guided.open_keys():
                raise KeyboardInterrupt
            assert termios.tcgetattr(slave) == before
    finally:
        os.close(master)
        os.close(slave)


def test_installed_command_refuses_a_pipe(home):
    save_plan(plan(MONDAY))
    env = {**os.environ, "FACETCOACH_HOME": str(home), "FACETCOACH_TODAY": WEDNESDAY}
    env.pop("FACETCOACH_ASSUME_TTY", None)
    done = subprocess.run(
        [sys.executable, "-m", "facetcoach", "today", "--guided"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Error: The guided session reads your key presses")


# --- Properties ------------------------------------------------------------------------------

items_strategy = st.builds(
    lambda kind, sets, reps, hold, per_side, rest: pyramid_item(
        kind=kind, sets=sets, reps=reps, hold_seconds=hold, per_side=per_side, rest_seconds=rest
    ),
    st.sampled_from(["stretch", "mobility", "isometric", "strength", "balance"]),
    st.integers(1, 5),
    st.none() | st.integers(1, 20),
    st.none() | st.integers(1, 120),
    st.booleans(),
    st.integers(0, 180),
)


@given(item=items_strategy)
def test_steps_hold_the_whole_dose(item):
    """Every rep of the dose appears once per side; rests only between sets (rules C2, F5)."""
    steps = session_steps([item])
    sides = 2 if item.per_side else 1
    counts = guided.reps_per_set(item.kind, item.sets, item.reps)
    if item.hold_seconds:
        assert sum(1 for s in steps if s.phase == "hold") == sum(counts) * sides
    else:
        reps = sum(s.count for s in steps if s.phase == "reps")
        assert reps == sum(counts) * sides
    rests = [s for s in steps if s.phase == "rest"]
    assert len(rests) == (item.sets - 1 if item.rest_seconds else 0)
    assert steps[0].phase == "ready" and steps[-1].phase in ("hold", "reps")
    assert sum(1 for s in steps if s.phase == "switch") == (item.sets if item.per_side else 0)
    assert all(s.seconds > 0 for s in steps)


@given(
    items=st.lists(items_strategy, min_size=1, max_size=4),
    presses=st.lists(
        st.tuples(st.integers(0, 400), st.sampled_from(["p", "s", "q", "n", "y", "x"])),
        max_size=6,
    ),
)
@settings(max_examples=examples(100), deadline=None)
def test_every_exercise_ends_done_skipped_or_not_reached(items, presses):
    items = [replace(item, exercise_id=f"exercise-{n}") for n, item in enumerate(items)]
    steps = session_steps(items)
    script = [(float(at), key) for at, key in presses]
    clock = FakeClock()
    keys = ScriptedKeys(clock, script)
    keys.fallback = "p"  # a script that ends inside a pause or question gets carried on
    outcome = run_guided(steps, clock, keys, Recorder(clock))
    ids = [item.exercise_id for item in items]
    seen = [*outcome.done, *outcome.skipped, *outcome.not_reached]
    assert sorted(seen) == sorted(ids)  # each exactly once
    assert list(outcome.done) == [i for i in ids if i in outcome.done]  # in session order
    assert outcome.quit == bool(outcome.not_reached)  # only quitting leaves some unreached
    if not outcome.quit:
        assert clock.t >= total_seconds([s for s in steps if s.exercise_id in outcome.done])


@pytest.mark.parametrize(
    ("age", "answer", "asked"), [(70, "y", True), (70, "n", True), (50, "", False)]
)
def test_cli_guided_asks_about_a_wobble_after_standing_balance_at_65(
    cli, session_env, age, answer, asked
):
    """B4b: a wobble keeps the support, so the guided session asks (only when it matters)."""
    items = [
        *plan(MONDAY).program.weeks[0].sessions[0].items[:2],
        item_for("counter-feet-together"),
    ]
    built = plan(MONDAY, age=age)
    weeks = [
        replace(w, sessions=[replace(s, items=items) for s in w.sessions])
        for w in built.program.weeks
    ]
    save_plan(replace(built, program=replace(built.program, weeks=weeks)))
    result = cli("today", "--guided", "--quiet", input=f"3\n2\n{answer}\n")
    assert result.exit_code == 0, result.output
    assert ("wobble or nearly fall" in result.stdout) is asked
    [entry] = session_env["entries"]
    assert entry.wobble is (answer == "y")
    assert ("a wobble in the balance" in result.stdout) is (answer == "y")


def test_cli_guided_on_a_day_recorded_already_says_so_first(cli, session_env):
    """Found by a new user: a second session began without a word of the first."""
    assert cli("log", "--pain-before", "4", "--pain-after", "3").exit_code == 0
    out = " ".join(cli("today", "--guided", input="3\n2\n").stdout.split())
    said = "Recorded: 5 of 5 exercises, pain 4 → 3. This session is recorded as a second part"
    assert said in out
    assert out.index(said) < out.index("Exercise 1 of 5")
