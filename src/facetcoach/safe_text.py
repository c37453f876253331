"""Text is data (data-safety.md promise 12): what a person typed, or a file held, never
becomes a terminal command, a formula or markup.

Control characters (U+0000-U+001F, U+007F-U+009F, and the bidirectional overrides that
reorder what is shown) are refused in stored text at input, with a sentence naming the first
one; anything displayed has them stripped, whatever the file held. The limits on the size of
stored text are here too, so that each input checks the same ones. Pure: no printing, no files.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from facetcoach.errors import InputError

if TYPE_CHECKING:
    from facetcoach.models import Exercise

# At most this many characters in a note; a log to import is at most this many bytes.
NOTE_CHARACTERS = 10_000
IMPORT_BYTES = 64 * 1024 * 1024
# An answers file (plan --answers, checkin --answers) is at most this many bytes.
ANSWERS_BYTES = 1024 * 1024

# Line breaks and tabs are text in a note; every other control character is refused. (Compiled
# on first use: every command imports this module, few need the patterns.)
_IN_A_NOTE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_ANY = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


@cache
def _pattern(chars: str) -> re.Pattern[str]:
    return re.compile(chars)


_NAMES = {
    "\x1b": "an escape",
    "\r": "a carriage return",
    "\n": "a line break",
    "\t": "a tab",
    "\x00": "a NUL",
    "\x07": "a bell",
    "\x08": "a backspace",
    "\x7f": "a delete",
}
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def control_character(text: str, *, lines: bool = False) -> str | None:
    """The first control character in `text` (line breaks and tabs allowed when `lines`)."""
    if text.isprintable():  # (fast, in C: no control character, nor any other non-printable)
        return None
    found = _pattern(_IN_A_NOTE if lines else _ANY).search(text)
    return found[0] if found else None


def check_text(what: str, text: str, *, lines: bool = False, limit: int | None = None) -> str:
    """`text`, or an InputError naming what is wrong with it: a control character, or more
    than `limit` characters. `what` names the text in the sentence ("The note")."""
    problem = text_problem(text, lines=lines, limit=limit)
    if problem is not None:
        raise InputError(f"{what} {problem}, and try again.")
    return text


def text_problem(text: str, *, lines: bool = False, limit: int | None = None) -> str | None:
    """What check_text would refuse in `text` ('holds an escape (U+001B), …'), or None."""
    char = control_character(text, lines=lines)
    if char is not None:
        return control_problem(char)
    if limit is not None and len(text) > limit:
        return f"has {len(text):,} characters; at most {limit:,} are kept: shorten it"
    return None


def control_problem(char: str) -> str:
    """What is wrong with text holding `char`: 'holds an escape (U+001B), … remove it'."""
    name = _NAMES.get(char, "a control character")
    return (
        f"holds {name} (U+{ord(char):04X}), which facetcoach does not store: text is kept as "
        "plain words; remove it"
    )


def shown(text: str) -> str:
    """`text` for a terminal, a report or a calendar: control characters removed (line breaks
    and tabs kept), so that nothing in it reaches the terminal as a command."""
    if text.isprintable():
        return text
    return _pattern(_IN_A_NOTE).sub("", text)


def one_line(text: str) -> str:
    """`text` on one line for display: every control character removed, blanks collapsed."""
    return " ".join(shown(text).split())


def shown_exercise(exercise: Exercise) -> Exercise:
    """`exercise` with its words as shown(): for the views that print a library's or a plan's
    text (a user library read before it was checked, a plan.json edited by hand)."""
    texts = [exercise.name, exercise.summary, *exercise.steps, *exercise.cues, *exercise.cautions]
    if all(text.isprintable() for text in texts):
        return exercise
    import dataclasses

    return dataclasses.replace(
        exercise,
        name=one_line(exercise.name),
        summary=shown(exercise.summary),
        steps=[shown(text) for text in exercise.steps],
        cues=[shown(text) for text in exercise.cues],
        cautions=[shown(text) for text in exercise.cautions],
    )


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will show, never run: text starting with = + - @, a tab
    or a carriage return gets a leading single quote (OWASP's advice for CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
