"""What the planner needs to know about the user, read once from the answers. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from copy import copy

from facetcoach.models import SUPPORTS, Answers, Exercise

DIRECTION_TRIGGERS = ("extension", "flexion", "rotation")
# E1b: the words that show a directional pattern, besides "extension" and "flexion" themselves.
EXTENSION_WORSE, EXTENSION_BETTER = (
    frozenset({"standing", "walking"}),
    frozenset({"sitting", "flexion"}),
)
FLEXION_WORSE, FLEXION_BETTER = (
    frozenset({"sitting", "flexion"}),
    frozenset({"walking", "extension"}),
)
HIGH_PAIN = 7  # pain_now or pain_worst at or above this starts at a lower volume
OLDER_AGE = 65  # F1 (longer stretch holds), W6 and B4 (balance)
FALL_RISK_AGE = 75  # B4b: never hands off the support, eyes closed, or one leg without a hand


class Profile:
    """What the planner needs to know about the user, read once from the answers. A plain
    slotted class: a NamedTuple of these 13 fields cost every `today` about 0.4 ms to create
    at import (issue 15)."""

    __slots__ = (
        "balance_focus",
        "better",
        "easers",
        "equipment",
        "extension_sensitive",
        "fall_risk",
        "flexion_sensitive",
        "high_pain",
        "no_extension",
        "novice",
        "older",
        "triggers",
        "worse",
    )

    def __init__(
        self,
        *,
        worse: frozenset[str],  # loads directions the user said make it worse
        better: frozenset[str],  # loads directions that ease it (directional preference, E1)
        triggers: frozenset[str],  # every worse_with word (sitting, lifting, ...)
        easers: frozenset[str],
        no_extension: bool,  # E1: extension hurts, so nothing that loads extension at all
        older: bool,  # 65+
        balance_focus: bool,  # 65+ or a fall / unsteadiness (W6, B4, B4b)
        high_pain: bool,
        novice: bool,  # sedentary: 1 set of strength work to begin with (C6)
        equipment: frozenset[str],
        # E1b: the directional pattern read from the person's own words (see sensitivity()):
        # no prone extension stages (E4), or no forward bending, in phase 1 and in a flare.
        extension_sensitive: bool = False,
        flexion_sensitive: bool = False,
        fall_risk: bool = False,  # B4b: 75+ or a fall in the past year
    ) -> None:
        self.worse, self.better, self.triggers, self.easers = worse, better, triggers, easers
        self.no_extension, self.older, self.balance_focus = no_extension, older, balance_focus
        self.high_pain, self.novice, self.equipment = high_pain, novice, equipment
        self.extension_sensitive, self.flexion_sensitive = extension_sensitive, flexion_sensitive
        self.fall_risk = fall_risk

    def with_equipment(self, equipment: frozenset[str]) -> Profile:
        """The same person with this equipment (the planner's "what would one more item give")."""
        other = copy(self)
        other.equipment = equipment
        return other


def word_patterns(worse_with: Iterable[str], better_with: Iterable[str]) -> tuple[bool, bool]:
    """E1b from the words alone: (extension-sensitive, flexion-sensitive).

    Worse standing or walking and better sitting or bending forward: extension-sensitive (the
    typical facet pattern). Worse sitting or bending forward and better walking (or bending
    backward): flexion-sensitive. "extension" or "flexion" among the worse words says it
    outright."""
    worse, better = frozenset(worse_with), frozenset(better_with)
    # A direction the person says eases it is never the one they are sensitive to.
    extension = "extension" in worse or bool(
        worse & EXTENSION_WORSE and better & EXTENSION_BETTER and "extension" not in better
    )
    flexion = "flexion" in worse or bool(
        worse & FLEXION_WORSE and better & FLEXION_BETTER and "flexion" not in better
    )
    return extension, flexion


def direction_settled(worse_with: Iterable[str], better_with: Iterable[str]) -> bool:
    """Whether the words settle the direction (E1b); when not, the intake asks whether arching
    the back brings on the usual pain."""
    worse = frozenset(worse_with)
    if "extension" in worse or "flexion" in worse:
        return True
    extension, flexion = word_patterns(worse, better_with)
    return extension != flexion  # one pattern shows: settled; none or both: ask


def sensitivity(answers: Answers) -> tuple[bool, bool]:
    """E1b: (extension-sensitive, flexion-sensitive), from the words and the arching answer.

    The words "extension" and "flexion" among the worse ones always count. The person's own
    answer about arching wins over what the other words suggest. Not asked (an answers file
    without the key) and not settled by the words: half a pattern counts, to be safe (worse
    standing or walking: extension-sensitive; worse sitting or bending forward:
    flexion-sensitive); the cost is only another phase-1 exercise."""
    worse, better = frozenset(answers.worse_with), frozenset(answers.better_with)
    extension, flexion = word_patterns(worse, better)
    extension_half = "extension" in worse or (
        bool(worse & EXTENSION_WORSE) and "extension" not in better
    )
    flexion_half = bool(worse & FLEXION_WORSE) and "flexion" not in better
    arching = answers.arching_provokes
    if arching is True:
        return True, "flexion" in worse or (flexion and not extension)
    if arching is False:
        return "extension" in worse, flexion_half  # then sitting or bending forward leads
    if direction_settled(worse, better):
        return extension, flexion
    return extension_half, flexion_half


def profile_of(answers: Answers) -> Profile:
    worse = frozenset(w for w in answers.worse_with if w in DIRECTION_TRIGGERS)
    extension_sensitive, flexion_sensitive = sensitivity(answers)
    return Profile(
        worse=worse,
        better=frozenset(w for w in answers.better_with if w in DIRECTION_TRIGGERS) - worse,
        triggers=frozenset(answers.worse_with),
        easers=frozenset(answers.better_with),
        no_extension="extension" in worse,
        older=answers.age >= OLDER_AGE,
        balance_focus=(
            answers.age >= OLDER_AGE or answers.balance_concern or answers.fell_last_year
        ),
        high_pain=max(answers.pain_now, answers.pain_worst) >= HIGH_PAIN,
        novice=answers.activity == "sedentary",
        equipment=frozenset(answers.equipment),
        extension_sensitive=extension_sensitive,
        flexion_sensitive=flexion_sensitive,
        fall_risk=answers.age >= FALL_RISK_AGE or answers.fell_last_year,
    )


def direction_ok_when_sore(e: Exercise, profile: Profile) -> bool:
    """E1b, for phase 1 and a flare: no prone extension stage (E4) for the extension-sensitive,
    nothing that bends forward (knee to chest, forward bending) for the flexion-sensitive."""
    if profile.extension_sensitive and e.extension_stage is not None:
        return False
    return not (profile.flexion_sensitive and "flexion" in e.loads)


# rule B4b: how much support a standing balance exercise gives, and what is never given
HELD_SUPPORTS = ("both-hands", "one-hand", "fingertips")  # a hand stays on the support
MOST_SUPPORT = "both-hands"


def standing_balance(e: Exercise) -> bool:
    return e.category == "balance" and e.position == "standing"


def support_allowed(e: Exercise, profile: Profile) -> bool:
    """B4b, always (the plan and any later step): for someone 75+ or who fell in the past year,
    never the hands hovering off the support, no hand on it (so no single-leg stance without
    a hand), or the eyes closed. A standing balance exercise that does not say its support
    counts as none."""
    if not profile.fall_risk:
        return True
    if e.eyes_closed:
        return False
    return not standing_balance(e) or e.support in HELD_SUPPORTS


def supported_start(e: Exercise, profile: Profile) -> bool:
    """B4b, in the plan: for someone 65+ or worried about their balance, standing balance
    starts, and in the plan stays, at the most support (both hands on a counter or heavy
    table). Less support comes only after good sessions, which the plan cannot know of."""
    return not (profile.balance_focus and standing_balance(e)) or e.support == MOST_SUPPORT


def support_rank(e: Exercise) -> int:
    """How little the hands hold on: 0 for both hands; a support not said counts as none."""
    return SUPPORTS.index(e.support) if e.support is not None else SUPPORTS.index("none")


def less_support(
    exercises: Mapping[str, Exercise], e: Exercise, profile: Profile
) -> Exercise | None:
    """The next rung of `e`'s family, when it is standing balance holding on less and is
    allowed for the person at all (B4b); None otherwise."""
    nxt = exercises.get(e.progression) if e.progression else None
    if nxt is None or not standing_balance(nxt) or support_rank(nxt) <= support_rank(e):
        return None
    return nxt if support_allowed(nxt, profile) else None


def rung_family(exercises: Mapping[str, Exercise], e: Exercise, profile: Profile) -> list[str]:
    """`e` and the rungs above it that B4b may give, most support first."""
    found = [e.id]
    nxt = less_support(exercises, e, profile)
    while nxt is not None and nxt.id not in found:
        found.append(nxt.id)
        nxt = less_support(exercises, nxt, profile)
    return found
