"""Any check-in answers file through `facetcoach checkin --answers FILE`: a recorded check-in,
or one clear sentence (exit 2) with the log unchanged; never a traceback.

Files of the right shape (`nprs`, `odi` of ten values from -1 to 5, a `[psfs]` table of
activity = score) with right and wrong values, of the wrong shape, damaged, or noise."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from facetcoach import paths
from facetcoach.log.store import load_entries
from facetcoach.program.store import save_plan
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
from helpers.plan_factory import plan

RIGHT = {
    "nprs": st.integers(0, 10),
    "odi": st.lists(st.integers(-1, 5), min_size=10, max_size=10),
    "psfs": st.dictionaries(st.text(min_size=1, max_size=20), st.integers(0, 10), max_size=3),
}
CARELESS = st.sampled_from(["right"] * 8 + ["wrong", "missing"])


@st.composite
def checkin_data(draw: Any) -> dict[str, Any]:
    careless = draw(st.booleans())
    data = draw_keys(draw, RIGHT, careless, CARELESS)
    if draw(st.integers(0, 9)) == 0:
        data.update(draw(st.dictionaries(st.text(max_size=8), any_toml, max_size=2)))
    return data


checkin_texts = st.one_of(
    *[checkin_data().map(lambda data: toml_of(data, tables=("psfs",)))] * 4,
    st.dictionaries(st.text(max_size=10), any_toml, max_size=4).map(toml_of),
)
checkin_files = raw_file_bytes(checkin_texts)


def check_checkin_file(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder, fresh_home(FACETCOACH_TODAY="2026-12-09"):
        save_plan(plan())
        answers = Path(folder) / "checkin.toml"
        answers.write_bytes(raw)
        args = ["checkin", "--answers", str(answers)]
        code = check_outcome(invoke(args), args, codes=(0, 2))
        if code == 0:
            assert [entry.kind for entry in load_entries()] == ["checkin"]
            event("a check-in was recorded")
        else:
            assert not paths.log_file().exists(), "a refused answers file wrote the log"


@FUZZ
@given(checkin_files)
def test_any_checkin_file_is_recorded_or_one_clear_error(raw):
    check_checkin_file(raw)


def test_a_right_file_is_recorded():
    """The property reaches success: a right-shaped file with right values is recorded."""
    text = toml_of({"nprs": 4, "odi": [1] * 9 + [-1], "psfs": {"walking": 5}}, tables=("psfs",))
    with tempfile.TemporaryDirectory() as folder, fresh_home(FACETCOACH_TODAY="2026-12-09"):
        save_plan(plan())
        answers = Path(folder) / "checkin.toml"
        answers.write_text(text, encoding="utf-8")
        result = invoke(["checkin", "--answers", str(answers)])
        assert result.exit_code == 0, result.output
        assert [entry.kind for entry in load_entries()] == ["checkin"]
