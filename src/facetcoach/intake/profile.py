"""What the planner needs to know about the user, read once from the answers. Pure."""

from __future__ import annotations

from typing import NamedTuple

from facetcoach.models import Answers

DIRECTION_TRIGGERS = ("extension", "flexion", "rotation")
HIGH_PAIN = 7  # pain_now or pain_worst at or above this starts at a lower volume
OLDER_AGE = 65  # F1 (longer stretch holds), W6 and B4 (balance)


class Profile(NamedTuple):  # a NamedTuple for start-up speed (see ladder.Dose)
    """What the planner needs to know about the user, read once from the answers."""

    worse: frozenset[str]  # loads directions the user said make it worse
    better: frozenset[str]  # loads directions that ease it (directional preference, E1)
    triggers: frozenset[str]  # every worse_with word (sitting, lifting, ...)
    easers: frozenset[str]
    no_extension: bool  # E1: extension hurts, so nothing that loads extension at all
    older: bool  # 65+
    balance_focus: bool  # 65+ or a fall / unsteadiness (W6, B4)
    high_pain: bool
    novice: bool  # sedentary: 1 set of strength work to begin with (C6)
    equipment: frozenset[str]


def profile_of(answers: Answers) -> Profile:
    worse = frozenset(w for w in answers.worse_with if w in DIRECTION_TRIGGERS)
    return Profile(
        worse=worse,
        better=frozenset(w for w in answers.better_with if w in DIRECTION_TRIGGERS) - worse,
        triggers=frozenset(answers.worse_with),
        easers=frozenset(answers.better_with),
        no_extension="extension" in worse,
        older=answers.age >= OLDER_AGE,
        balance_focus=answers.age >= OLDER_AGE or answers.balance_concern,
        high_pain=max(answers.pain_now, answers.pain_worst) >= HIGH_PAIN,
        novice=answers.activity == "sedentary",
        equipment=frozenset(answers.equipment),
    )
