"""A 0-10 rating as people type it: one reading for every option and prompt that takes one
(`log --pain-before`, the check-in's pain and activities)."""

from __future__ import annotations


def out_of_ten(text: str) -> str:
    """'7/10' or '7 out of 10' as '7': how people often write a 0-10 rating (found by a new
    user's trial: "7/10" was refused everywhere); anything else as it was."""
    word = " ".join(text.lower().split())
    for tail in ("/10", " / 10", " out of 10", " of 10"):
        if word.endswith(tail) and word[: -len(tail)].strip():
            return word[: -len(tail)].strip()
    return text
