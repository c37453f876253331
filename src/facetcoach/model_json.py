"""Models to JSON and back, without pydantic.

`to_data` turns a model into plain JSON data. `from_data` rebuilds a model from data
that facetcoach wrote itself: it checks shapes, types and the bounds of numbers (`Range`) as
it goes and raises on any mismatch, so that a read refuses what a write refuses (data-safety.md
promise 14: pain 99 under a valid digest is a damaged file). Readers use it for speed and fall
back to the strict validators (validation.py) when it raises, to tell the user exactly what is
wrong; every command that writes validates strictly first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
import sys
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from facetcoach.constraints import Matches, Range
from facetcoach.models import MADE_BY_MODEL

T = TypeVar("T")
Converter = Callable[[Any], Any]


_PLAIN = (str, int, float, bool, type(None))


def to_data(value: Any) -> Any:
    """A model (or list, dict, date) as plain JSON data; field order is kept."""
    if isinstance(value, _PLAIN):  # most values of a plan: answered first
        return value
    if isinstance(value, (list, tuple)):
        return [to_data(item) for item in value]
    names = _field_names(type(value))
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


_names: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    # dataclasses.fields() per value was half the cost of writing a plan (about 5 ms of 10).
    if cls not in _names:
        fields = dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else None
        _names[cls] = None if fields is None else tuple(f.name for f in fields)
    return _names[cls]


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """JSON text for a model: UTF-8 friendly, and never NaN (which is not JSON)."""
    return json.dumps(to_data(value), indent=indent, ensure_ascii=False, allow_nan=False)


class ShapeError(ValueError):
    """Data does not have the shape of the model it should be."""


# What a converter raises on data that is not its model: a ShapeError, or a date that is no
# date, a missing field (TypeError), a 400-digit number for a float (OverflowError)...
NOT_THE_MODEL = (ValueError, TypeError, KeyError, RecursionError, OverflowError)


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild a model from trusted JSON data; raises ShapeError (or ValueError) on mismatch."""
    model: T = _converter(cls, False)(data)  # the converter built for `cls` returns a `cls`
    return model


def passes_strict_check(cls: type, data: Any) -> bool:
    """Whether `data` passes every check of the strict validator of `cls` (validation.py), by
    the standard library alone: the shapes, types and bounds of `from_data`, and also each
    text's pattern (`Matches`), dates and times in the one form pydantic always takes, finite
    numbers and no lone surrogate.

    True only when the strict validator would accept the data too (tests/test_strict_check.py
    checks this against pydantic on random data); False is a doubt, not a verdict: then ask
    the strict validator, which also says what is wrong. A write of one new entry, or of a
    plan, needs no pydantic this way (issue 15)."""
    return strict_data(cls, data) is not None


def strict_data(cls: type[T], data: Any) -> T | None:
    """`data` as a `cls` when it passes `passes_strict_check`; None on any doubt."""
    try:
        model: T = _converter(cls, True)(data)
    except NOT_THE_MODEL:
        return None
    return model


def check_strictly(cls: type, text: str | bytes) -> None:
    """Raise as validation.validate_json does when `text` is not a valid `cls`: the quick
    check first, pydantic's strict validator on a doubt (every write is checked so)."""
    try:
        data = parse_json(text)
    except ValueError:
        data = None
    if data is not None and passes_strict_check(cls, data):
        return
    from facetcoach.validation import validate_json

    validate_json(cls, text)


def toml_json_text(data: Any) -> str:
    """TOML data as the JSON text it would be stored as: dates and times as ISO text. Raises
    ValueError for a nan or an infinity (not JSON), TypeError for what is not TOML data."""
    return json.dumps(data, default=_isoformat, allow_nan=False)


def toml_as_json(data: Any) -> Any:
    """`toml_json_text` as data (what validation.validate_toml_data checks too); None when it
    cannot be JSON (a nan)."""
    try:
        return json.loads(toml_json_text(data))
    except (TypeError, ValueError, RecursionError):
        return None


def _isoformat(value: Any) -> Any:
    # TOML gives dates and times as objects; JSON stores them as ISO text.
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def _expect(kind: type | tuple[type, ...], value: Any) -> Any:
    # bool is an int in Python; JSON keeps them apart and so do we.
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise ShapeError(f"expected {kind}, got {type(value).__name__}")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


_cache: dict[tuple[Any, bool], Converter] = {}

# The forms of a date and of a time with its offset that pydantic's strict validator always
# takes (those isoformat() writes); any other form is a doubt for `passes_strict_check`.
# These patterns and _SURROGATE are compiled when a strict converter is first built, not at
# import: the readers (`today` among them) never check strictly, and compiling the three was
# about 0.7 ms of every start (issue 15).
_DATE_FORM = r"\d{4}-\d{2}-\d{2}"
_TIME_FORM = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?[+-]\d{2}:\d{2}"


def _converter(tp: Any, strict: bool) -> Converter:
    found = _cache.get((tp, strict))
    if found is None:
        found = _cache[tp, strict] = _build(tp, strict)
    return found


def _build(tp: Any, strict: bool) -> Converter:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        inner, *marks = typing.get_args(tp)
        bounds = [mark for mark in marks if isinstance(mark, Range)]
        if bounds and inner is int:
            return _bounded_int(bounds[0].low, bounds[0].high)
        convert = _converter(inner, strict)
        for mark in bounds:
            convert = _bounded(convert, mark.low, mark.high)
        if strict:
            for pattern in (mark for mark in marks if isinstance(mark, Matches)):
                convert = _matching(convert, pattern)
        return convert
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(tp)
        rest = [option for option in options if option is not type(None)]
        inner = _converter(rest[0], strict) if len(rest) == 1 else None
        if inner is None:
            raise TypeError(f"unsupported union {tp}")
        return lambda value: None if value is None else inner(value)
    if origin is typing.Literal:
        allowed = typing.get_args(tp)

        def literal(value: Any) -> Any:
            if value not in allowed or type(value) is not type(allowed[0]):
                raise ShapeError(f"{value!r} is not one of {allowed}")
            return value

        return literal
    if origin is tuple and strict and typing.get_args(tp)[1:] != (Ellipsis,):
        raise TypeError(f"unsupported tuple {tp}")  # a fixed-length tuple: not in the models
    if origin in (list, tuple):
        item = _converter(typing.get_args(tp)[0], strict)
        return lambda value: [
            item(x) for x in (value if type(value) is list else _expect(list, value))
        ]
    if origin is dict:
        item = _converter(typing.get_args(tp)[1], strict)
        return lambda value: {_expect(str, k): item(v) for k, v in _expect(dict, value).items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):  # a class, never an instance
        return _dataclass_converter(tp, strict)
    if tp is dt.date:
        form = re.compile(_DATE_FORM) if strict else None
        return lambda value: dt.date.fromisoformat(_in_form(form, _expect(str, value)))
    if tp is dt.datetime:
        form = re.compile(_TIME_FORM) if strict else None
        return lambda value: dt.datetime.fromisoformat(_in_form(form, _expect(str, value)))
    if tp is float and strict:
        return _finite
    if tp is float:
        return lambda value: float(_expect((int, float), value))
    if tp is str and strict:
        return _text(re.compile(_SURROGATE))
    if tp in (int, str, bool):
        return _plain(tp)
    if tp is Any:
        return lambda value: value
    raise TypeError(f"unsupported type {tp}")


def _plain(kind: type) -> Converter:
    # The exact type first, as json.loads gives it: one call a value, not two (most of a
    # plan's values are texts); anything else is for _expect to take or refuse.
    def plain(value: Any) -> Any:
        return value if type(value) is kind else _expect(kind, value)

    return plain


def _bounded_int(low: float | None, high: float | None) -> Converter:
    # One call per value: the log holds tens of thousands of bounded whole numbers.
    lowest = float("-inf") if low is None else low
    highest = float("inf") if high is None else high

    def bounded(value: Any) -> Any:
        if type(value) is not int:  # (not bool: JSON keeps them apart and so do we)
            raise ShapeError(f"expected a whole number, got {type(value).__name__}")
        if not lowest <= value <= highest:
            raise ShapeError(f"{value!r} is out of range")
        return value

    return bounded


def _bounded(convert: Converter, low: float | None, high: float | None) -> Converter:
    def bounded(value: Any) -> Any:
        value = convert(value)
        if (low is not None and value < low) or (high is not None and value > high):
            raise ShapeError(f"{value!r} is out of range")
        return value

    return bounded


def _finite(value: Any) -> float:
    number = float(_expect((int, float), value))  # (OverflowError for a 400-digit int)
    if not math.isfinite(number):  # allow_inf_nan=False
        raise ShapeError(f"{value!r} is not a finite number")
    return number


_SURROGATE = "[\ud800-\udfff]"


def _text(surrogate: re.Pattern[str]) -> Converter:
    # A lone surrogate is not Unicode text: pydantic refuses it, and UTF-8 cannot hold it.
    def text(value: Any) -> str:
        found: str = _expect(str, value)
        if surrogate.search(found) is not None:
            raise ShapeError("text with a lone surrogate")
        return found

    return text


def _in_form(form: re.Pattern[str] | None, text: str) -> str:
    if form is not None and form.fullmatch(text) is None:
        raise ShapeError(f"{text!r} is not in the stored form")
    return text


def _matching(convert: Converter, pattern: Matches) -> Converter:
    # pydantic-core's `$` is the very end of the text; re's `$` also matches before a final
    # newline, so the text must not end with one.
    def matching(value: Any) -> Any:
        value = convert(value)
        if pattern.regex.search(value) is None or value.endswith("\n"):
            raise ShapeError(f"{value!r} is not {pattern.description}")
        return value

    return matching


# Each distinct annotation text of a module, evaluated (field_types).
_evaluated: dict[tuple[str, str], Any] = {}


def field_types(cls: type) -> dict[str, Any]:
    """Each field's type, as typing.get_type_hints(cls, include_extras=True) gives it
    (tests/test_model_json.py compares them), with each distinct annotation text of a module
    evaluated once: the models repeat a few dozen of them, and get_type_hints, which
    evaluates every one of every class and its bases, was 7 ms of loading a plan."""
    namespace = vars(sys.modules[cls.__module__])
    found = {}
    for f in dataclasses.fields(cls):
        tp = f.type
        if isinstance(tp, str):
            key = (cls.__module__, tp)
            if key not in _evaluated:
                _evaluated[key] = eval(tp, namespace)  # the models' own source
            tp = _evaluated[key]
        found[f.name] = tp
    return found


def _dataclass_converter(cls: type, strict: bool) -> Converter:
    hints = field_types(cls)
    fields = [(f.name, f) for f in dataclasses.fields(cls)]
    known = {name for name, _ in fields}
    # Converters are built on first use, so that recursive models do not loop here.
    converters: dict[str, Converter] = {}
    if cls in MADE_BY_MODEL:
        return _model_converter(cls, hints, fields, known, converters, strict)

    def convert(value: Any) -> Any:
        _expect(dict, value)
        unknown = value.keys() - known
        if unknown:
            raise ShapeError(f"unknown keys {sorted(unknown)} for {cls.__name__}")
        kwargs = {}
        for name, _field in fields:
            if name in value:
                conv = converters.get(name)
                if conv is None:
                    conv = converters[name] = _converter(hints[name], strict)
                kwargs[name] = conv(value[name])
        return cls(**kwargs)

    return convert


def _model_converter(
    cls: type,
    hints: dict[str, Any],
    fields: list[tuple[str, dataclasses.Field[Any]]],
    known: set[str],
    converters: dict[str, Converter],
    strict: bool,
) -> Converter:
    """A converter that sets each field of a new model itself, as its __init__ would: that
    __init__ is compiled only for a kind made many times (models.py), 0.05-0.25 ms a kind, and
    a plan holds eight kinds, a log entry three (issue 15). The fields are set in the order of
    the data, each key looked up once (the plan's 400 items made this loop most of reading
    it); the fields the data leaves out then get their defaults."""
    missing = dataclasses.MISSING
    new = object.__new__  # (models have slots and no __new__ of their own)
    count = len(fields)

    def convert(value: Any) -> Any:
        if type(value) is not dict:  # (the exact type first, as in _plain)
            _expect(dict, value)
        if not converters:  # built at the first call, so that recursive models do not loop
            converters.update((name, _converter(hints[name], strict)) for name, _ in fields)
        made: Any = new(cls)
        for name, data in value.items():
            conv = converters.get(name)
            if conv is None:
                unknown = sorted(value.keys() - known)
                raise ShapeError(f"unknown keys {unknown} for {cls.__name__}")
            setattr(made, name, conv(data))
        if len(value) < count:
            for name, field in fields:
                if name in value:
                    continue
                if field.default is not missing:
                    setattr(made, name, field.default)
                elif field.default_factory is not missing:
                    setattr(made, name, field.default_factory())
                else:
                    raise TypeError(f"{cls.__name__}: {name} is missing")
        return made

    return convert


def _reject_constant(name: str) -> Any:
    raise ShapeError(f"{name} is not a JSON number")


def parse_json(raw: bytes | str) -> Any:
    """json.loads that refuses NaN and Infinity (which are not JSON)."""
    return json.loads(raw, parse_constant=_reject_constant)


def load_trusted(cls: type[T], raw: bytes | str, parsed: Any = None) -> T:
    """Read a file facetcoach wrote: the fast path, then the strict validators on any doubt.
    `parsed`: parse_json(raw), when the caller has it already (None: parse it here).

    Raises ValueError (including pydantic's ValidationError, a ValueError) with the reason.
    """
    try:
        return from_data(cls, parse_json(raw) if parsed is None else parsed)
    except NOT_THE_MODEL:
        pass
    from facetcoach.validation import validate_json

    return validate_json(cls, raw)
