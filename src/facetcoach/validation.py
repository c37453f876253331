"""Strict validation of what comes in from outside: files, answers, libraries.

Built lazily on pydantic's TypeAdapter over the dataclasses of models.py, so only
the commands that read outside input pay for importing pydantic. Every problem
found is reported, each as one plain line naming where it is and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from facetcoach.model_json import toml_json_text

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

T = TypeVar("T")

# How each pydantic error type reads to a person who is not a programmer.
_TYPE_WORDS = {
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "string_type": "must be text in quotes",
    "list_type": 'must be a list, like ["a", "b"]',
    "dict_type": "must be a table of keys and values",
    "date_type": "must be a date like 2026-12-07",
    "date_parsing": "must be a date like 2026-12-07",
    "date_from_datetime_inexact": "must be a date like 2026-12-07, without a time",
    "date_from_datetime_parsing": "must be a date like 2026-12-07",
    "datetime_type": "must be a date and time with its UTC offset",
    "datetime_parsing": "must be a date and time with its UTC offset",
    "timezone_aware": "must carry its UTC offset",
    "missing": "is missing",
    "missing_argument": "is missing",
    "extra_forbidden": "is not a known key",
    "unexpected_keyword_argument": "is not a known key",
    "dataclass_type": "must be a table of keys and values",
    "model_type": "must be a table of keys and values",
    "json_invalid": "is not valid JSON",
}


# Kept in a dict, not functools.cache: mypy takes a type[T] for unhashable (mypy#11470).
_adapters: dict[type[Any], TypeAdapter[Any]] = {}


def adapter(cls: type[T]) -> TypeAdapter[T]:
    """The strict validator of `cls`, built on first use and kept."""
    found = _adapters.get(cls)
    if found is None:
        found = _adapters[cls] = TypeAdapter(cls)
    return found


def describe_error(error: ErrorDetails) -> str:
    """One pydantic error as a short phrase: 'must be from 0 to 10'."""
    kind = error["type"]
    if kind in ("out_of_range", "pattern"):
        return error["msg"]
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}"
    if kind == "union_tag_invalid":
        return error["msg"]
    words = _TYPE_WORDS.get(kind)
    if words is None:
        return error["msg"][:1].lower() + error["msg"][1:]
    if kind in ("int_type", "bool_type", "string_type", "list_type", "float_type"):
        given = error.get("input")
        if isinstance(given, str):
            return f"{words} (got the text {given!r})"
    return words


def dotted(location: Sequence[Any]) -> str:
    """('red_flags', 'both_legs') -> 'red_flags.both_legs'; list indices as [3]."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "(the whole file)"


def problems_of(
    error: ValidationError, where: Callable[[Sequence[Any]], str] = dotted
) -> list[str]:
    """Every problem in a ValidationError as 'where: what', in file order."""
    lines = []
    for item in error.errors(include_url=False):
        lines.append(f"{where(item['loc'])}: {describe_error(item)}")
    return lines


def validate_json(cls: type[T], raw: str | bytes) -> T:
    """Strictly validate JSON text as `cls`. Raises pydantic's ValidationError."""
    return adapter(cls).validate_json(raw)


def validate_toml_data(cls: type[T], data: dict[str, Any]) -> T:
    """Strictly validate data read from TOML as `cls`. Raises ValidationError or ValueError.

    Routed through JSON so that TOML dates are checked the same way as stored ones and
    no value is coerced ("7" stays an error where a number is wanted).
    """
    return validate_json(cls, toml_json_text(data))
