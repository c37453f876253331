"""Reading TOML text: tomllib on Python 3.11+, tomli on 3.10. Imported only where TOML is read
(the daily `today` never is)."""

from __future__ import annotations

import sys
from typing import Any, TypeGuard

from facetcoach.errors import InputError


class TOMLDecodeError(ValueError):
    """Not TOML: tomllib's message, with the line and column."""


class TooManyDigits(ValueError):
    """A whole number longer than Python reads from text (sys.get_int_max_str_digits())."""


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document as data; raises TOMLDecodeError with the line and column, or
    TooManyDigits."""
    # Imported here: tomllib costs 4 ms, and `log` imports the library module on every run
    # for a lookup it rarely needs (benchmarks/README.md).
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TOMLDecodeError(str(error)) from None
    except ValueError:  # int() of a 5,000-digit number
        limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
        raise TooManyDigits(f"a number in it has more than {limit} digits") from None


def parse_answers_file_text(text: str, label: str) -> dict[str, Any]:
    """An answers file's text as data, or one sentence saying it is not TOML (exit 2)."""
    try:
        return parse_toml(text)
    except TOMLDecodeError as error:
        raise InputError(f"The answers file {label} is not valid TOML ({error}).") from None
    except TooManyDigits as error:
        raise InputError(f"The answers file {label} cannot be used: {error}.") from None


def is_whole_number(value: object) -> TypeGuard[int]:
    """A TOML integer: `true` reads as a bool in Python, which is also an int, but is not one."""
    return isinstance(value, int) and not isinstance(value, bool)
