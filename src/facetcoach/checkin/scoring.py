"""Outcome-measure scoring: NPRS, an Oswestry-style index, the PSFS. Pure functions.

Scoring and the clinically important changes follow docs/clinical-rules.md
("Outcome measures"): NPRS 2 points or 30% from baseline (Ostelo 2008); ODI% =
100 × sum ÷ (5 × sections answered), important at 10 points (Fairbank & Pynsent 2000);
PSFS the mean of the ratings, important at 2 points (Stratford 1995).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from facetcoach.errors import InputError

ODI_SECTIONS = 10
SKIPPED = -1
NPRS_IMPORTANT_POINTS = 2
NPRS_IMPORTANT_FRACTION = 0.30
ODI_IMPORTANT_POINTS = 10
PSFS_IMPORTANT_POINTS = 2


def odi_percent(sections: Sequence[int]) -> float:
    """ODI% over the answered sections, to one decimal: 16 over 9 sections -> 35.6."""
    if len(sections) != ODI_SECTIONS:
        raise InputError(
            f"The function questionnaire has {ODI_SECTIONS} sections; got {len(sections)}."
        )
    answered = [score for score in sections if score != SKIPPED]
    if not answered:
        raise InputError(
            "Every section of the function questionnaire was skipped; answer at least one."
        )
    return round(100 * sum(answered) / (5 * len(answered)), 1)


def psfs_mean(ratings: Mapping[str, int]) -> float | None:
    """The mean PSFS rating (0 = unable, 10 = as before), or None with no activities named."""
    if not ratings:
        return None
    return round(sum(ratings.values()) / len(ratings), 1)


class Change:
    """A score's change from the first check-in, and whether it is clinically important.
    A plain slotted class, equal by value: a NamedTuple costs every `today` with a check-in
    0.25 ms to create at import (issue 15)."""

    __slots__ = ("better", "change", "first", "important", "latest")

    def __init__(
        self, first: float, latest: float, change: float, important: bool, better: bool
    ) -> None:
        self.first, self.latest, self.change = first, latest, change
        self.important, self.better = important, better

    def _values(self) -> tuple[float, float, float, bool, bool]:
        return (self.first, self.latest, self.change, self.important, self.better)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Change):
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # (equal by value; nothing hashes one)

    def __repr__(self) -> str:
        return f"Change{self._values()!r}"


def nprs_change(first: int, latest: int) -> Change:
    # Lower pain is better; important at 2 points or 30% of the baseline.
    drop = first - latest
    important = abs(drop) >= NPRS_IMPORTANT_POINTS or (
        first > 0 and abs(drop) / first >= NPRS_IMPORTANT_FRACTION
    )
    return Change(first, latest, latest - first, important and drop != 0, drop > 0)


def odi_change(first: float, latest: float) -> Change:
    # Lower disability is better; important at 10 points.
    drop = round(first - latest, 1)
    return Change(
        first, latest, round(latest - first, 1), abs(drop) >= ODI_IMPORTANT_POINTS, drop > 0
    )


def psfs_change(first: float, latest: float) -> Change:
    # Higher function is better; important at 2 points on the average.
    gain = round(latest - first, 1)
    return Change(first, latest, gain, abs(gain) >= PSFS_IMPORTANT_POINTS, gain > 0)


def psfs_shared_change(first: Mapping[str, int], latest: Mapping[str, int]) -> Change | None:
    """The PSFS change over the activities rated both times (the scale is specific to each
    activity: one named only later is no change), each side averaged over those; None when
    none was rated both times. Found by a new user's trial: an activity added at 6 beside one
    gone from 3 to 4 showed as a clinically important gain (+2)."""
    shared = [name for name in first if name in latest]
    if not shared:
        return None
    before = psfs_mean({name: first[name] for name in shared})
    after = psfs_mean({name: latest[name] for name in shared})
    assert before is not None and after is not None  # (shared is not empty)
    return psfs_change(before, after)
