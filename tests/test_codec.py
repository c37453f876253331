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


def test_field_types_are_what_get_type_hints_gives_for_every_model():
    """The reader's one evaluation of each annotation text (issue 15) gives the same types
    as typing.get_type_hints, markers (Range, Matches) included."""
    import dataclasses
    import typing

    from facetcoach.model_json import field_types
    from test_models import MODULES

    classes = [
        c
        for module in MODULES
        for c in vars(module).values()
        if isinstance(c, type) and dataclasses.is_dataclass(c)
    ]
    assert len(classes) > 40

    def shape(tp):
        if typing.get_origin(tp) is typing.Annotated:
            inner, *marks = typing.get_args(tp)
            said = [
                (type(m), getattr(m, "__dict__", None) or {k: getattr(m, k) for k in m.__slots__})
                for m in marks
            ]
            return ("Annotated", shape(inner), said)
        args = typing.get_args(tp)
        return (typing.get_origin(tp), tuple(shape(a) for a in args)) if args else tp

    for cls in classes:
        ours = {name: shape(tp) for name, tp in field_types(cls).items()}
        theirs = typing.get_type_hints(cls, include_extras=True)
        assert ours == {name: shape(tp) for name, tp in theirs.items()}, cls
