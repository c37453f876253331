"""Checking a user's word against the allowed ones, with a sentence that says what to type."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from facetcoach.errors import InputError


def one_of(option: str, value: str, allowed: Sequence[str]) -> str:
    """`value` lower-cased if it is allowed; otherwise an InputError naming the choices."""
    word = (
        value.strip().lower().replace("-", "_")
        if "_" in "".join(allowed)
        else value.strip().lower()
    )
    if word in allowed:
        return word
    raise InputError(f"{option} {value!r} is not one of: {', '.join(allowed)}.")


def words(option: str, values: Iterable[str], allowed: Sequence[str]) -> list[str]:
    """Repeatable or comma-separated words ('--equipment mat,chair'), each checked."""
    found: list[str] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                word = one_of(option, part, allowed)
                if word not in found:
                    found.append(word)
    return found
