"""Steps from a planned dose: one variable one notch up or down (ladder.py), or the next or
easier level of the exercise; and what is never made harder (E1, phase 1). Pure."""

from __future__ import annotations

from facetcoach.intake.profile import Profile, profile_of, supported_start
from facetcoach.models import Exercise, PlanFile, PlanItem
from facetcoach.program.dose import dose_text
from facetcoach.program.dose_ladder import Dose, start_dose, step_down, step_up
from facetcoach.program.suitability import suits

DIRECTION_WORDS = {
    "extension": "bending backward",
    "flexion": "bending forward",
    "rotation": "twisting",
}


class Reached:
    """Where `steps` notches from a planned dose lead: the exercise, its dose, and the steps
    actually taken (fewer at the end of the range), with why a step up was not taken."""

    __slots__ = ("blocked", "dose", "exercise", "steps")

    def __init__(
        self, steps: int, exercise: Exercise, dose: Dose, blocked: str | None = None
    ) -> None:
        self.steps, self.exercise, self.dose, self.blocked = steps, exercise, dose, blocked


class Stepper:
    """Steps from planned doses for one plan, remembered: the log replays the same few."""

    def __init__(self, plan: PlanFile) -> None:
        self.profile: Profile = profile_of(plan.answers)
        self.exercises = {e.id: e for e in plan.exercises}
        # (exercise id, planned dose, steps, phase) -> where they lead
        self._seen: dict[tuple[str, Dose, int, int], Reached] = {}

    def no_step_up(self, exercise: Exercise, phase: int) -> str | None:
        """Why this exercise is never made harder for this user now (E1, phase 1)."""
        profile = self.profile
        if profile.no_extension and ("extension" in exercise.loads or exercise.end_range_extension):
            return (
                "it moves your back into bending backward, which you said makes your pain "
                "worse, so it is never made harder (E1)"
            )
        provoking = sorted(set(exercise.loads) & profile.worse)
        if phase == 1 and provoking:
            words = " or ".join(DIRECTION_WORDS.get(d, d) for d in provoking)
            return (
                f"it moves your back into {words}, which you said makes your pain worse, so it "
                "is not made harder in phase 1"
            )
        return None

    def reach(self, exercise: Exercise, dose: Dose, steps: int, phase: int) -> Reached:
        key = (exercise.id, dose, steps, phase)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._walk(exercise, dose, steps, phase)
        return found

    def _walk(self, exercise: Exercise, dose: Dose, steps: int, phase: int) -> Reached:
        profile = self.profile
        e, d, taken = exercise, dose, 0
        if steps > 0:
            blocked = self.no_step_up(exercise, phase)
            if blocked is not None:
                return Reached(0, e, d, blocked)
            for turn in range(steps):
                nxt = step_up(e, d, profile, turn)
                if nxt is None:
                    target = self._linked(e.progression, phase, e)
                    if target is None:
                        # Named only when it is not the planned exercise (a new user's trial
                        # read "Double knee to chest goes no further: Double knee to chest …").
                        who = "it" if e is exercise else e.name
                        return Reached(taken, e, d, f"{who} is at the top of its range")
                    e, nxt = target, start_dose(target, profile)
                d, taken = nxt, taken + 1
        for _ in range(-steps):
            nxt = step_down(e, d, profile)
            if nxt is None:
                target = self._linked(e.regression, phase)
                if target is None:
                    break
                e, nxt = target, start_dose(target, profile)
            d, taken = nxt, taken - 1
        return Reached(taken, e, d)

    def _linked(
        self, exercise_id: str | None, phase: int, source: Exercise | None = None
    ) -> Exercise | None:
        """The next or previous level, when the plan holds a copy and it suits the user now.
        With `source` (a step up): never less support for standing balance at 65+ or with a
        balance concern, which only good sessions earn (B4b, coaching/balance_steps.py)."""
        target = self.exercises.get(exercise_id) if exercise_id else None
        if target is None or not suits(target, self.profile, phase):
            return None
        if source is not None and not supported_start(target, self.profile):
            return None  # B4b: less support comes from balance_steps, not from the volume
        return target


def dose_of(item: PlanItem) -> Dose:
    return Dose(item.sets, item.reps, item.hold_seconds)


def item_words(item: PlanItem) -> str:
    return dose_text(item.kind, item.sets, item.reps, item.hold_seconds, item.per_side)
