"""Safety words shown to users: the stop-now symptoms, the flare advice, the disclaimer.

Kept in one place so that the plan, the daily routine and the report say the same thing.
"""

from __future__ import annotations

# Clinical rules, "Stop-now symptoms printed with every plan and routine".
STOP_NOW = (
    "chest pain",
    "dizziness or fainting",
    "severe breathlessness",
    "new numbness or weakness",
    "pain travelling down the leg",
)
STOP_NOW_LINE = (
    "Stop at once and get medical help if you have "
    + ", ".join(STOP_NOW[:-1])
    + f", or {STOP_NOW[-1]}."
)

NOT_A_MEDICAL_DEVICE = (
    "facetcoach is not a medical device. It does not diagnose or treat anything and does not "
    "replace a clinician: if you are unsure whether these exercises suit you, ask a doctor or "
    "physical therapist first."
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
