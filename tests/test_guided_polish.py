"""The guided session as a person meets it (issue 16, item 6): "get ready" scaled to the change
of position, an undo and a "done part of it" after `s`, the pain before asked before, Enter
leaving a pain empty, one time estimate everywhere, the timer shown with stdout in a pipe,
and no stale status line after a resize (a real terminal: a pty, and tmux)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time

import pytest

from facetcoach.program.guided_session import (
    guided_entry,
    ready_seconds,
    run_guided,
    session_steps,
)
from facetcoach.program.routine import routine_for
from helpers.plan_factory import SESSION_IDS, plan
from test_guided import (
    MONDAY,
    FakeClock,
    Recorder,
    ScriptedKeys,
    exercise_bounds,
    session_env,  # noqa: F401  (the fixture: a plan, fake keys and clock)
)

WEDNESDAY = dt.date(2026, 12, 9)


def wednesday() -> tuple[list, dict[str, str]]:
    built = plan(MONDAY)
    return routine_for(built, WEDNESDAY).items, {e.id: e.position for e in built.exercises}


# --- Get ready ----------------------------------------------------------------------------


def test_get_ready_is_scaled_to_the_change_of_position():
    assert ready_seconds("lying", "lying") == 8
    assert ready_seconds("standing", "seated") == 13
    assert ready_seconds("standing", "lying") == 23  # down onto the floor
    assert ready_seconds("lying", "standing") == 23
    items, positions = wednesday()
    steps = session_steps(items, positions=positions)
    readies = [(s.exercise_id, s.seconds, s.position) for s in steps if s.phase == "ready"]
    where = "standing"
    for exercise_id, seconds, moving_to in readies:
        assert seconds == ready_seconds(where, positions[exercise_id])
        assert moving_to == (positions[exercise_id] if positions[exercise_id] != where else None)
        where = positions[exercise_id]
    assert len({seconds for _, seconds, _ in readies}) > 1  # not a fixed 10 s


def test_the_label_says_the_move():
    from facetcoach.render.guided import step_label

    items, positions = wednesday()
    first = session_steps(items, positions=positions)[0]
    assert positions[first.exercise_id] == "lying"
    assert step_label(first, 0) == "Get ready: get down onto the floor or your mat and lie down"


# --- Skip: undo, and done part of it ---------------------------------------------------------


def run(steps, script):
    clock = FakeClock()
    keys = ScriptedKeys(clock, script)
    keys.fallback = "x"  # the final question after a last skip: any other key finishes
    return run_guided(steps, clock, keys, Recorder(clock)), clock


def test_u_after_a_skip_goes_back_to_that_exercise():
    items, positions = wednesday()
    steps = session_steps(items, positions=positions)
    (start, end), (next_start, _) = exercise_bounds(steps)[:2]
    outcome, _ = run(steps, [(start + 3, "s"), (next_start - (end - start) + 5, "u")])
    assert outcome.skipped == () and outcome.partial == ()
    assert list(outcome.done) == SESSION_IDS  # the first one done after all
    assert outcome.done[0] == SESSION_IDS[0]


def test_d_after_a_skip_records_what_was_done_of_it():
    items, positions = wednesday()
    steps = session_steps(items, positions=positions)
    first = items[0]  # 2 sets of 10 reps: skipped in the second set
    second_set = next(s for s in steps if s.set_number == 2 and s.phase == "reps")
    at = sum(s.seconds for s in steps[: steps.index(second_set)]) + 6
    outcome, _ = run(steps, [(at, "s"), (at + 2, "d")])
    assert outcome.skipped == ()
    [part] = outcome.partial
    assert (part.exercise_id, part.sets, part.reps) == (first.exercise_id, 1, None)
    entry = guided_entry(routine_for(plan(MONDAY), WEDNESDAY), outcome, 3, 3, now())
    done = {d.exercise_id: d for d in entry.done}
    assert done[first.exercise_id].sets == 1 and done[first.exercise_id].reps == first.reps
    assert entry.skipped == [] and entry.note == f"Done in part: {first.exercise_id} (1 of 2 sets)."


def test_d_in_the_first_set_counts_the_reps_done():
    items, positions = wednesday()
    steps = session_steps(items, positions=positions)
    ready = steps[0].seconds
    outcome, _ = run(steps, [(ready + 4 * 4 + 1, "s"), (ready + 20, "d")])  # 4 reps done
    [part] = outcome.partial
    assert (part.sets, part.reps) == (1, 4)


def test_a_skip_stands_once_the_next_exercise_is_over():
    items, positions = wednesday()
    steps = session_steps(items, positions=positions)
    bounds = exercise_bounds(steps)
    outcome, _ = run(steps, [(1, "s"), (bounds[1][1] + 30, "u")])  # too late: no undo
    assert outcome.skipped == (SESSION_IDS[0],)


def test_the_last_exercise_skipped_can_be_undone_or_marked_part_done():
    items, positions = wednesday()
    steps = session_steps(items, positions=positions)
    last_start = exercise_bounds(steps)[-1][0]
    outcome, _ = run(steps, [(last_start + 2, "s"), (last_start + 3, "u")])
    assert outcome.skipped == () and outcome.done[-1] == SESSION_IDS[-1]
    # d records what was done: the hold held more than half its time counts.
    hold = next(s for s in steps if s.exercise_id == SESSION_IDS[-1] and s.phase == "hold")
    held = sum(s.seconds for s in steps[: steps.index(hold)]) + hold.seconds * 0.6
    outcome, _ = run(steps, [(held, "s"), (held + 1, "d")])
    assert outcome.skipped == () and [p.exercise_id for p in outcome.partial] == [SESSION_IDS[-1]]
    assert outcome.partial[0].reps == 1
    # Found by a new user's trial: d before a hold or repetition was finished recorded "1 hold
    # of set 1". Nothing was done of it: it stays skipped.
    outcome, _ = run(steps, [(last_start + 2, "s"), (last_start + 3, "d")])
    assert outcome.skipped == (SESSION_IDS[-1],) and outcome.partial == ()
    outcome, _ = run(steps, [(last_start + 2, "s")])  # any other key: the skip stands
    assert outcome.skipped == (SESSION_IDS[-1],)


def now() -> dt.datetime:
    return dt.datetime(2026, 12, 9, 18, 0, tzinfo=dt.timezone.utc)


# --- Through the CLI (fake keys and clock: tests/test_guided.py's session_env) -------------


def test_the_pain_before_is_asked_before_the_first_exercise(cli, session_env):  # noqa: F811
    result = cli("today", "--guided", input="4\n3\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    asked = out.index("Your back pain now, before you start (0-10, Enter to leave empty)?")
    after = out.index("Your back pain now, after the session (0-10, Enter to leave empty)?")
    assert asked < out.index("Exercise 1 of 5") < after
    [entry] = session_env["entries"]
    assert (entry.pain_before, entry.pain_after) == (4, 3)


def test_enter_leaves_a_pain_empty_as_log_does(cli, session_env):  # noqa: F811
    result = cli("today", "--guided", input="\n\n")
    assert result.exit_code == 0, result.output
    assert "(0-10, Enter to leave empty)?" in result.stdout
    assert "Recorded in your log for Wed 9 Dec 2026: 5 of 5 exercises done." in result.stdout
    [entry] = session_env["entries"]
    assert (entry.pain_before, entry.pain_after) == (None, None)


def test_skip_then_d_is_said_and_recorded(cli, session_env):  # noqa: F811
    session_env["script"] += [(30.0, "s"), (31.0, "d")]
    result = cli("today", "--guided", input="2\n2\n")
    assert result.exit_code == 0, result.output
    assert "u: back to it   d: done part of it (while the next one runs)" in result.stdout
    assert "◐ Pelvic tilt, lying: done in part" in result.stdout
    assert "5 of 5 exercises done (1 in part), pain 2 → 2." in result.stdout
    [entry] = session_env["entries"]
    assert entry.skipped == [] and entry.note.startswith("Done in part: pelvic-tilt-lying (")


def test_one_time_estimate_in_guided_today_plan_and_calendar(cli, session_env, tmp_path):  # noqa: F811
    today = re.search(r"exercises, about (\d+) minutes", cli("today").stdout)[1]
    guided = cli("today", "--guided", input="\n\n").stdout
    assert re.search(r"Guided session: 5 exercises, about (\d+) minutes", guided)[1] == today
    shown = cli("plan", "show", env={"COLUMNS": "100"}).stdout
    row = next(line for line in shown.splitlines() if line.startswith("│    1 │"))
    assert row.split("│")[4].strip() == today  # Wednesday's minutes in week 1's row
    ics = cli("plan", "export", "--ics", "-").stdout
    start = re.search(r"DTSTART:20261209T(\d\d)(\d\d)", ics)
    end = re.search(r"DTEND:20261209T(\d\d)(\d\d)", ics)
    length = (int(end[1]) * 60 + int(end[2])) - (int(start[1]) * 60 + int(start[2]))
    assert str(length) == today  # the event of Wed 9 Dec lasts the same minutes


# --- In a real terminal -------------------------------------------------------------------


@pytest.fixture
def real_home(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "FACETCOACH_HOME": str(home), "FACETCOACH_TODAY": "2026-12-09"}
    env.pop("FACETCOACH_ASSUME_TTY", None)
    env.pop("NO_COLOR", None)
    made = subprocess.run(
        [sys.executable, "-m", "facetcoach", "plan", "--yes"], env=env, capture_output=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return env


def read_until(fd: int, needle: bytes, seconds: float = 20) -> bytes:
    seen = b""
    end = time.monotonic() + seconds
    while needle not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def test_with_stdout_in_a_pipe_the_timer_shows_on_the_terminal(real_home):
    """`facetcoach today --guided | tee`: stdin and stderr a terminal (a pty), stdout a pipe."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, True)
    process = subprocess.Popen(
        [sys.executable, "-m", "facetcoach", "today", "--guided", "--quiet"],
        stdin=follower, stderr=follower, stdout=subprocess.PIPE, env={**real_home, "COLUMNS": "80"},
    )  # fmt: skip
    os.close(follower)
    try:
        screen = read_until(leader, b"Enter to leave empty)?")
        os.write(leader, b"\n")  # the pain before: empty
        screen += read_until(leader, b"Get ready")
        screen += read_until(leader, b" s ")  # the countdown moves: "23 s", "22 s", ...
        os.write(leader, b"q")
        screen += read_until(leader, b"Quit the session?")
        os.write(leader, b"y")
        out, _ = process.communicate(timeout=30)
    finally:
        process.kill()
        os.close(leader)
    text = screen.decode("utf-8", "replace")
    assert "Get ready: get down onto the floor or your mat and lie down" in text
    assert re.search(r"\b\d+ s\b", text), "the countdown"
    assert "p pause" in text
    assert out.decode() == (  # for tee
        "No exercise was finished, so nothing was recorded. To record what you did, use "
        "`facetcoach log --only ID` (the ids are in `facetcoach today`).\n"
    )


@pytest.mark.slow_e2e  # a real terminal, resized three times with a second's wait: CI runs it
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_resize_leaves_no_second_status_line(real_home, tmp_path):
    """In tmux (80 columns, then 50 and 100): the session's screen is redrawn whole, so the
    keys line is there once, whatever the terminal did with the old lines."""
    server = f"fc-{os.getpid()}"
    tmux = ["tmux", "-L", server, "-f", "/dev/null"]
    # The tests pin COLUMNS; a real terminal's width comes from the terminal itself.
    clean = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    command = " ".join([sys.executable, "-m", "facetcoach", "today", "--guided", "--quiet"])
    env_line = " ".join(f"{k}={v}" for k, v in real_home.items() if k.startswith("FACETCOACH"))
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "80", "-y", "30", f"env TERM=xterm-256color "
         f"{env_line} {command}; sleep 30"], check=True, timeout=30, env=clean,
    )  # fmt: skip

    def screen() -> str:
        return subprocess.run(
            [*tmux, "capture-pane", "-p"], capture_output=True, text=True, check=True,
            timeout=30, env=clean,
        ).stdout  # fmt: skip

    try:
        deadline = time.monotonic() + 20
        while "Enter to leave empty" not in screen() and time.monotonic() < deadline:
            time.sleep(0.2)
        subprocess.run([*tmux, "send-keys", "Enter"], check=True, timeout=30, env=clean)
        while "p pause" not in screen() and time.monotonic() < deadline:
            time.sleep(0.2)
        counts = []
        for width in ("50", "100", "60"):
            subprocess.run([*tmux, "resize-window", "-x", width], check=True, timeout=30, env=clean)
            time.sleep(1.0)  # a few ticks at the new width
            shown = screen()
            for _ in range(15):  # a capture may fall between a clear and a redraw
                if "p pause" in shown:
                    break
                time.sleep(0.2)
                shown = screen()
            counts.append((shown.count("p pause"), shown.count("Get ready")))
        assert counts == [(1, 1)] * 3, (counts, screen())
        subprocess.run([*tmux, "send-keys", "q"], check=True, timeout=30, env=clean)
        subprocess.run([*tmux, "send-keys", "y"], check=True, timeout=30, env=clean)
        time.sleep(1.0)
        assert "No exercise was finished, so nothing was recorded." in screen()
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, timeout=30)


def test_a_half_hold_on_the_second_side_does_not_count_beyond_the_dose():
    """Found by review: skipped part-way into side 2's first hold, 6 holds a side recorded 7."""
    from facetcoach.program.guided_session import _work_done

    items, _ = wednesday()
    item = dataclasses.replace(items[0], kind="isometric", sets=1, reps=6, hold_seconds=9,
                               per_side=True, rest_seconds=0)  # fmt: skip
    steps = session_steps([item])
    at = next(i for i, s in enumerate(steps) if s.phase == "hold" and s.side == 2)
    part = _work_done(steps, 0, at, elapsed=steps[at].seconds * 0.6)
    assert part is not None and part.reps == 6
