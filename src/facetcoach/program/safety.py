"""Safety texts shown with every plan and routine, in plain words. Pure data.

From docs/clinical-rules.md: the stop-now symptoms go with every plan and routine,
and facetcoach says plainly that it is not a medical device. Kept in one place so that the
plan, the daily routine and the report say the same thing.
"""

from __future__ import annotations

from collections.abc import Collection


class Notice:
    """Safety advice as people read it: a heading, then short lines. A line starting '- ' is
    a bullet, '  - ' a point under the bullet before, anything else a sentence of its own. A
    plain slotted class: a NamedTuple costs every `today` 0.2 ms (issue 15)."""

    __slots__ = ("heading", "lines")

    def __init__(self, heading: str, lines: tuple[str, ...] = ()) -> None:
        self.heading = heading
        self.lines = lines


STOP_NOW_TITLE = "Stop exercising now if you get"

# Clinical rules, "Stop-now symptoms printed with every plan and routine".
STOP_NOW_SYMPTOMS = (
    "chest pain",
    "dizziness or fainting",
    "severe breathlessness",
    "new numbness or weakness",
    "pain travelling down your leg",
)

# Who to see, as PM5 and the red-flag table say it. Found by a new user's trial: "get medical
# help now" for leg pain contradicted the advice of `log --symptom leg-pain` ("get it
# checked soon"), shown on the line above it. Found by review: the signs of possible cauda
# equina (both legs, the groin) stay "at once", as the red-flag screen says.
STOP_NOW_HELP = (
    "For chest pain, dizziness, fainting or severe breathlessness, or numbness or weakness in "
    "both legs or around the groin, get medical help at once; for other numbness, weakness or "
    "leg pain, get checked by a doctor or physical therapist soon (the same day if it keeps "
    "getting worse)."
)

# The same, as one sentence for plain-text output.
STOP_NOW_LINE = (
    f"{STOP_NOW_TITLE} "
    + ", ".join(STOP_NOW_SYMPTOMS[:-1])
    + f", or {STOP_NOW_SYMPTOMS[-1]}. {STOP_NOW_HELP}"
)

NOT_A_MEDICAL_DEVICE = (
    "facetcoach is not a medical device. It does not diagnose or treat anything and does not "
    "replace a clinician: if you are unsure whether these exercises suit you, ask a doctor or "
    "physical therapist first."
)

SCREEN_NOT_A_DIAGNOSIS_SHORT = "The screen is not a diagnosis: these signs often have other causes."
SCREEN_NOT_A_DIAGNOSIS = (
    "The screen is not a diagnosis: these signs often have other causes, but they need a "
    "clinician's check before you start an exercise program."
)

# Rule FL1: modify, don't stop. FL2: a flare with red-flag signs. FL3: a flare that lasts.
FLARE_ADVICE = (
    "A flare-up hurts, but hurt does not mean harm. Keep moving gently: this routine is about "
    "half your usual work, with no strength work and no end-range bending backward. Avoid bed "
    "rest beyond a day or two, and return to your usual routine gradually over a few days.",
    "Get checked today if the flare comes with new weakness in a leg, a change in bladder or "
    "bowel control, a fever, or weight loss you cannot explain.",
    "If the flare has not settled within one to two weeks, or flares keep coming back, book a "
    "review with a physical therapist.",
)

# Rule P3: breaks from long sitting or standing.
POSTURE_BREAKS = (
    "Break up long spells of sitting or standing: every 30 to 45 minutes, stand up, walk a few "
    "steps or change position."
)


def posture_breaks(triggers: Collection[str]) -> str:
    """P3's advice for the person: more often when sitting or standing brings the pain on.
    The plan's advice and `today` say the same (found by a new user's trial: "every 20-30
    minutes" in the plan, "every 30 to 45 minutes" in `today`)."""
    if "sitting" in triggers:
        return "Sitting makes your pain worse: get up, move or change position every 20-30 minutes."
    if "standing" in triggers:
        return (
            "Standing makes your pain worse: sit down, shift your weight or walk a little "
            "every 20-30 minutes."
        )
    return POSTURE_BREAKS


# How a symptom recorded with `log --symptom` is named in sentences (rule PM5).
SYMPTOM_WORDS = {
    "numbness": "new numbness",
    "weakness": "new weakness",
    "leg-pain": "leg pain spreading below the knee",
}
