"""The fast reader (codec) agrees with the strict validators on everything facetcoach writes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facetcoach.library.loading import load_library
from facetcoach.model_json import ShapeError, dumps, from_data, to_data
from facetcoach.models import Exercise
from facetcoach.validation import validate_json
from helpers.profiles import examples

LIBRARY = load_library()


@settings(max_examples=examples(60))
@given(st.sampled_from(LIBRARY.exercises))
def test_exercise_round_trip_matches_strict_validation(exercise: Exercise):
    text = dumps(exercise)
    assert from_data(Exercise, json.loads(text)) == exercise
    assert validate_json(Exercise, text) == exercise


def test_shape_errors_are_raised_not_swallowed():
    data = to_data(LIBRARY.exercises[0])
    with pytest.raises(ShapeError):
        from_data(Exercise, {**data, "sets": "2"})
    with pytest.raises(ShapeError):
        from_data(Exercise, {**data, "surprise": 1})
    with pytest.raises(ShapeError):
        from_data(Exercise, {**data, "per_side": 1})
    with pytest.raises(ShapeError):
        from_data(Exercise, {**data, "category": "cardio"})
    with pytest.raises(TypeError):
        from_data(Exercise, {k: v for k, v in data.items() if k != "name"})
