"""The bounds and patterns the models carry in their annotations, and how pydantic checks them.

`Annotated[int, Range(0, 10)]` in models.py costs no pydantic import: a marker is a plain
object until pydantic builds a validator (validation.py) and asks it for its schema, and only
then is pydantic-core imported (it is loaded by then). So models.py and validation.py both
depend on this module and not on each other.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema


class Range:
    """Bounds for a number (whole numbers: every bound in the models is one)."""

    __slots__ = ("high", "low")

    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        self.low, self.high = low, high

    def describe(self) -> str:
        if self.low is not None and self.high is not None:
            return f"from {self.low} to {self.high}"
        if self.low is not None:
            return f"at least {self.low}"
        return f"at most {self.high}"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return range_schema(self, handler(source))


class Matches:
    """A pattern a string must match, with the words to say when it does not."""

    __slots__ = ("_regex", "description", "pattern")

    def __init__(self, pattern: str, description: str) -> None:
        self.pattern = pattern
        self.description = description
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        # Compiled on first use: only a validator needs it, and the daily `today` builds none
        # (compiling the three patterns below cost more than importing this module).
        if self._regex is None:
            self._regex = re.compile(self.pattern)
        return self._regex

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return pattern_schema(self, handler(source))


KEBAB = Matches(r"^[a-z0-9]+(-[a-z0-9]+)*$", "kebab-case, like 'bird-dog'")
# Not empty, no control character (U+0000-U+001F, U+007F-U+009F, bidi overrides): text shown
# on a terminal or in a report is plain words (data-safety.md promise 12).
_CONTROL = r"\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
NONEMPTY = Matches(
    rf"^[^{_CONTROL}]*[^\s{_CONTROL}][^{_CONTROL}]*$",
    "plain text (no control character), not empty",
)
UUID = Matches(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", "a lowercase uuid"
)


def range_schema(bounds: Range, schema: CoreSchema) -> CoreSchema:
    """Wrap `schema` so that numbers outside `bounds` are rejected with plain words.

    For whole numbers and numbers the bounds are checked inside pydantic-core (chained after
    the type check, so a wrong type keeps its own message): no Python call per value, which
    matters when a write validates years of session log.
    """
    from pydantic_core import PydanticCustomError, core_schema

    low, high = bounds.low, bounds.high
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind in ("int", "float"):
        # A bound of None is left out of the schema (pydantic-core drops None arguments).
        check_schema = (
            core_schema.int_schema(ge=low, le=high)
            if kind == "int"
            else core_schema.float_schema(ge=low, le=high)
        )
        return core_schema.chain_schema(
            [
                schema,
                core_schema.custom_error_schema(
                    check_schema,
                    custom_error_type="out_of_range",
                    custom_error_message=f"must be {bounds.describe()}",
                ),
            ]
        )

    def check(value: Any) -> Any:
        if (low is not None and value < low) or (high is not None and value > high):
            raise PydanticCustomError(
                "out_of_range", "must be {allowed}", {"allowed": bounds.describe()}
            )
        return value

    return core_schema.no_info_after_validator_function(check, schema)


def pattern_schema(pattern: Matches, schema: CoreSchema) -> CoreSchema:
    """Wrap `schema` so that text not matching `pattern` is rejected with plain words.

    Text is matched inside pydantic-core (Rust regex, searched like re.search; `$` is the
    very end, so a trailing newline no longer slips through).
    """
    from pydantic_core import PydanticCustomError, core_schema

    if isinstance(schema, dict) and schema.get("type") == "str":
        return core_schema.chain_schema(
            [
                schema,
                core_schema.custom_error_schema(
                    core_schema.str_schema(pattern=pattern.pattern),
                    custom_error_type="pattern",
                    custom_error_message=f"must be {pattern.description}",
                ),
            ]
        )

    def check(value: str) -> str:
        if not pattern.regex.search(value):
            raise PydanticCustomError("pattern", "must be {what}", {"what": pattern.description})
        return value

    return core_schema.no_info_after_validator_function(check, schema)
