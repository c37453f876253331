"""Checking a user's word against the allowed ones, with a sentence that says what to type."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from facetcoach.errors import InputError
from facetcoach.models import W, is_one_of


def one_of(option: str, value: str, allowed: Sequence[W]) -> W:
    """`value` lower-cased if it is allowed; otherwise an InputError naming the choices."""
    word = (
        value.strip().lower().replace("-", "_")
        if "_" in "".join(allowed)
        else value.strip().lower()
    )
    if is_one_of(word, allowed):
        return word
    raise InputError(f"{option} {value!r} is not one of: {', '.join(allowed)}.")


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
