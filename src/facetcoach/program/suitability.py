"""Which library exercises may be given to a person in a phase (E1, E1b, E4, B4, B4b, EQ1,
LV1's one level per phase). Pure. Its own module, out of the planner: the coaching asks it
whenever a step changes an exercise's level, and `today` and `log` should not import the
whole planner for that.
"""

from __future__ import annotations

from facetcoach.intake.profile import Profile, direction_ok_when_sore, support_allowed
from facetcoach.models import Exercise

# Rule EQ1: every home has a bed or a carpeted floor to lie on and a bare wall to hold or lean
# on. Exercises needing nothing (`equipment = []`) or only a wall are open to everyone.
ALWAYS_THERE = frozenset({"wall"})


def max_stage(profile: Profile, phase: int) -> int:
    """E4: the staged extension path, one stage per phase; the end-range press-up (stage 3)
    only for someone whom extension eases and whose pain is not high."""
    if phase == 3 and "extension" in profile.better and not profile.high_pain:
        return 3
    return min(phase, 2)


def suits(exercise: Exercise, profile: Profile, phase: int) -> bool:
    """Whether the exercise may appear in this phase for this user."""
    e = exercise
    if not set(e.equipment) <= profile.equipment | ALWAYS_THERE:
        return False  # only the user's equipment, and what every home has (EQ1)
    if e.level > phase:
        return False  # phase 1 entry levels only; one level further per phase
    if profile.no_extension and ("extension" in e.loads or e.end_range_extension):
        return False  # E1, read strictly: no extension loading at all, in any phase
    if set(e.loads) & profile.worse:
        # Directional preference: nothing into a direction that makes it worse. The issue asks
        # this of phase 1; we keep it for the whole program (reintroducing a painful direction
        # is a clinician's call) and say so in the advice.
        return False
    if phase == 1 and not direction_ok_when_sore(e, profile):
        return False  # E1b: phase 1 keeps out what the person's pattern says provokes it
    if e.extension_stage is not None and e.extension_stage > max_stage(profile, phase):
        return False  # E4: stages in order, new users start at stage 1 or 2
    if e.end_range_extension and max_stage(profile, phase) < 3:
        return False  # E1/E4: end-range extension only at the last stage
    if not support_allowed(e, profile):
        return False  # B4b: never hands off the support or eyes closed at 75+ or after a fall
    # B4: standing balance next to a counter or wall, never a chair that can move.
    steady = {"counter", "wall"} & set(e.equipment)
    return not (e.category == "balance" and e.position == "standing" and not steady)
