"""Safety texts shown with every plan and routine, in plain words. Pure data.

From ../shared/clinical-rules.md: the stop-now symptoms go with every plan and routine,
and facetcoach says plainly that it is not a medical device.
"""

from __future__ import annotations

STOP_NOW_TITLE = "Stop exercising and get medical help now if you have"

# Clinical rules, "Stop-now symptoms printed with every plan and routine".
STOP_NOW_SYMPTOMS = (
    "chest pain",
    "dizziness or fainting",
    "severe breathlessness",
    "new numbness or weakness",
    "pain travelling down your leg",
)

NOT_A_MEDICAL_DEVICE = (
    "facetcoach is not a medical device. It does not diagnose or treat anything and does not "
    "replace a clinician: if you are unsure whether these exercises suit you, ask a doctor or "
    "physical therapist first."
)

SCREEN_NOT_A_DIAGNOSIS = (
    "The screen is not a diagnosis: these signs often have other causes, but they need a "
    "clinician's check before you start an exercise program."
)
