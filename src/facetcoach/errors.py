"""The one error family facetcoach raises.

str() of every error is a finished sentence for the user; the CLI prints it and
exits with the error's code (docs/commands.md, "Exit codes"):
0 done, 1 a problem with the user's data or files, 2 bad input or usage,
3 stopped by the red-flag screen, 4 the change was saved but what came after it failed
(the output could not be written, a file read afterwards is damaged): do not run it again.
"""

from __future__ import annotations

from typing import Any


class FacetcoachError(Exception):
    """Base class: a message for the user and an exit code."""

    exit_code = 1

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # Further lines (one per problem) shown under the message.
        self.details = list(details or [])


class DataError(FacetcoachError):
    """A data file is missing, unreadable, corrupt, locked or from a newer version."""

    exit_code = 1


class InputError(FacetcoachError):
    """The user gave a value or file that is not valid (a bad option, answers file, library)."""

    exit_code = 2


class RedFlagStop(FacetcoachError):
    """The red-flag screen found a reason to see a clinician before exercising.

    `notice` (a program.safety.Notice) is what the person reads: advice, not an error."""

    exit_code = 3
    # The screen's answers, when the stop came from a screen (so that a re-plan can record
    # them in the current plan: rule RS1).
    red_flags: object | None = None

    def __init__(self, message: str, *, details: list[str] | None = None, notice: Any = None):
        super().__init__(message, details=details)
        self.notice = notice


class SavedButFailed(FacetcoachError):
    """The change was saved (committed), then something failed: the output could not be
    written, or a file read afterwards was damaged (data-safety.md promise 9). A script must
    not run the command again: the change is there."""

    exit_code = 4
