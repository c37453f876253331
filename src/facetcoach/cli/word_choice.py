"""Checking a user's word against the allowed ones, with a sentence that says what to type."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from facetcoach.errors import InputError
from facetcoach.models import SKIP_REASONS, SkipReason, W, is_one_of

# The words people use for the reasons of a skip or a pause (found by a new user: `plan
# pause` says "for a holiday or an illness", and --reason holiday was refused).
REASON_SAYINGS = {
    "holiday": "travel",
    "holidays": "travel",
    "vacation": "travel",
    "trip": "travel",
    "away": "travel",
    "ill": "sick",
    "illness": "sick",
    "flu": "sick",
    "cold": "sick",
    "flare-up": "flare",
    "flareup": "flare",
}


def one_of(option: str, value: str, allowed: Sequence[W]) -> W:
    """`value` lower-cased if it is allowed; otherwise an InputError naming the choices."""
    word = (
        "_".join(value.strip().lower().replace("-", "_").split())  # "foam roller" too
        if "_" in "".join(allowed)
        else value.strip().lower()
    )
    if is_one_of(word, allowed):
        return word
    raise InputError(f"{option} {value!r} is not one of: {', '.join(allowed)}.")


def skip_reason(option: str, value: str) -> SkipReason:
    """A reason of a skip or a pause, in its own words or one people use (`holiday`)."""
    return one_of(option, REASON_SAYINGS.get(value.strip().lower(), value), SKIP_REASONS)


def words(option: str, values: Iterable[str], allowed: Sequence[W]) -> list[W]:
    """Repeatable or comma-separated words ('--equipment mat,chair'), each checked."""
    found: list[W] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                word = one_of(option, part, allowed)
                if word not in found:
                    found.append(word)
    return found
