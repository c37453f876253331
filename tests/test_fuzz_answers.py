"""Any answers file through `facetcoach plan --answers FILE`: a saved plan, the red-flag stop
(exit 3), or one clear sentence (exit 2) with nothing saved; never a traceback.

The files are TOML of the right shape with right and wrong values, of the wrong shape, cut
short, with bytes inserted, or noise (test_intake.py fuzzes the parser itself, one key at a
time; this goes through the command, the planner and the store)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from facetcoach import paths
from facetcoach.intake.screen import RED_FLAG_KEYS
from facetcoach.models import ACTIVITY_LEVELS, EQUIPMENT, TRIGGERS, WEEKDAYS
from facetcoach.program.store import load_plan
from helpers.fuzztools import (
    FUZZ,
    any_toml,
    check_outcome,
    draw_keys,
    fresh_home,
    invoke,
    raw_file_bytes,
)
from helpers.fuzztools import to_toml as toml_of

RIGHT = {
    "pain_now": st.integers(0, 10),
    "pain_worst": st.integers(0, 10),
    "worse_with": st.lists(st.sampled_from(TRIGGERS), max_size=4, unique=True),
    "better_with": st.lists(st.sampled_from(TRIGGERS), max_size=3, unique=True),
    "age": st.integers(18, 110),
    "activity": st.sampled_from(ACTIVITY_LEVELS),
    "balance_concern": st.booleans(),
    "days": st.lists(st.sampled_from(WEEKDAYS), min_size=2, max_size=7, unique=True),
    "minutes": st.integers(10, 60),
    # Mostly a home's usual kit (a mat, a chair, a wall, a counter) and more; sometimes less.
    "equipment": st.one_of(
        st.lists(st.sampled_from(EQUIPMENT[4:]), max_size=4, unique=True).map(
            lambda more: [*EQUIPMENT[:4], *more]
        ),
        st.lists(st.sampled_from(EQUIPMENT), max_size=8, unique=True),
    ),
    "start": st.one_of(
        *[st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))] * 3,
        st.dates(),
        st.sampled_from([dt.date.min, dt.date(1899, 12, 31), dt.date(9000, 12, 31), dt.date.max]),
    ),
    "weeks": st.integers(6, 16),
}
# (Hypothesis leans to the first choice: the right value.)
CARELESS = st.sampled_from(["right"] * 10 + ["wrong", "missing"])


@st.composite
def answers_data(draw: Any) -> dict[str, Any]:
    # Half the files answer every key rightly; the others get each key wrong or left out
    # one time in six.
    careless = draw(st.booleans())
    data = draw_keys(draw, RIGHT, careless, CARELESS)
    # Right values that agree with each other (the worst pain at least the pain now, no word
    # both easing and worsening), unless the file is careless.
    if not careless:
        data["pain_worst"] = max(data["pain_worst"], data["pain_now"])
        data["better_with"] = [w for w in data["better_with"] if w not in data["worse_with"]]
    screen = draw(st.sampled_from(["all no"] * 12 + ["a yes"] * 2 + ["odd", "wrong", "missing"]))
    if screen != "missing":
        flags: dict[str, Any] = dict.fromkeys(RED_FLAG_KEYS, False)
        if screen == "a yes":
            flags[draw(st.sampled_from(RED_FLAG_KEYS))] = True
        elif screen == "odd":
            for key in draw(st.lists(st.sampled_from(RED_FLAG_KEYS), max_size=3)):
                if draw(st.booleans()):
                    flags.pop(key, None)
                else:
                    flags[key] = draw(any_toml)
            flags.update(draw(st.dictionaries(st.text(max_size=8), any_toml, max_size=2)))
        data["red_flags"] = flags if screen != "wrong" else draw(any_toml)
    if draw(st.integers(0, 9)) == 0:
        data.update(draw(st.dictionaries(st.text(max_size=8), any_toml, max_size=2)))
    return data


answers_texts = st.one_of(
    *[answers_data().map(lambda data: toml_of(data, tables=("red_flags",)))] * 4,
    st.dictionaries(st.text(max_size=10), any_toml, max_size=6).map(toml_of),
)
answers_files = raw_file_bytes(answers_texts)


def check_answers_file(raw: bytes, as_json: bool) -> None:
    with tempfile.TemporaryDirectory() as folder, fresh_home(FACETCOACH_TODAY="2026-12-09"):
        answers = Path(folder) / "answers.toml"
        answers.write_bytes(raw)
        args = ["plan", "--answers", str(answers), *(["--json"] if as_json else [])]
        code = check_outcome(invoke(args), args, codes=(0, 2, 3))
        if code == 0:
            assert load_plan() is not None
            event("a plan was saved")
        else:
            assert not paths.plan_file().exists(), "a refused answers file saved a plan"


@FUZZ
@given(answers_files, st.booleans())
def test_any_answers_file_gives_a_plan_a_stop_or_one_clear_error(raw, as_json):
    check_answers_file(raw, as_json)


def test_plan_json_of_a_valid_file_is_json():
    """The strategy reaches success: a right-shaped file with all-right values saves a plan."""
    data = {
        "pain_now": 3,
        "pain_worst": 5,
        "worse_with": [],
        "better_with": [],
        "age": 40,
        "activity": "active",
        "balance_concern": False,
        "days": ["mon", "wed", "fri"],
        "minutes": 30,
        "equipment": list(EQUIPMENT),
        "start": dt.date(2026, 12, 7),
        "weeks": 8,
        "red_flags": dict.fromkeys(RED_FLAG_KEYS, False),
    }
    with tempfile.TemporaryDirectory() as folder, fresh_home(FACETCOACH_TODAY="2026-12-09"):
        answers = Path(folder) / "answers.toml"
        answers.write_text(toml_of(data, tables=("red_flags",)), encoding="utf-8")
        result = invoke(["plan", "--answers", str(answers), "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["start"] == "2026-12-07"
