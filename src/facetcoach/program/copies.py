"""Which library exercises a plan keeps a copy of. Pure.

plan.json holds a copy of each exercise it uses, so that a later library cannot change a plan
in force. It also holds the rungs of standing balance that good sessions may earn later (rule
B4b, coaching/balance_steps.py): the plan keeps them at the most support, and the coaching
needs their copies to take support away.
"""

from __future__ import annotations

from facetcoach.intake.profile import profile_of, rung_family, standing_balance
from facetcoach.models import Answers, Exercise, Library, Program


def plan_copies(program: Program, library: Library, answers: Answers) -> list[Exercise]:
    """The exercises of `program`, and the B4b rungs above its standing balance, in library
    order."""
    profile = profile_of(answers)
    by_id = library.by_id()
    used = {item.exercise_id for week in program.weeks for s in week.sessions for item in s.items}
    if profile.balance_focus:
        for exercise_id in list(used):
            e = by_id.get(exercise_id)
            if e is not None and standing_balance(e):
                used.update(rung_family(by_id, e, profile))
    return [e for e in library.exercises if e.id in used]
