"""The words of a program: why each exercise is in it, and the advice that goes with it."""

from __future__ import annotations

from facetcoach.coaching.verdict import pain_rule
from facetcoach.intake.profile import Profile
from facetcoach.models import Answers, Exercise
from facetcoach.program.safety import posture_breaks

CATEGORY_WORDS = {
    "core": "core",
    "rom": "range of motion",
    "posture": "posture",
    "balance": "balance",
    "extension": "back extension and hip flexors",
}
# E1: for someone whom bending backward hurts, the extension category holds hip-flexor
# stretches and positions of ease, never backward bending, and is named so (found by a new
# user: "back extension" in their progress after the plan had left it out).
NO_EXTENSION_WORDS = "hip-flexor stretches and positions of ease"


def category_words(category: str, no_extension: bool = False) -> str:
    """A category in words ("range of motion"); E1's words for extension when it hurts."""
    if category == "extension" and no_extension:
        return NO_EXTENSION_WORDS
    return CATEGORY_WORDS.get(category, category)


# Why a category is in every session: each exercise's own "why" (the library's `why` field)
# names one of these purposes, and its category's sentence stands in when it has none.
CATEGORY_PURPOSE = {
    "core": ("stead", "strength", "strong", "endurance", "control"),
    "rom": ("loosen", "stiff", "ease", "move", "stretch"),
    "posture": ("posture", "upright", "tall", "position", "sit", "stand", "lift", "bend"),
    "balance": ("balance", "steadiness", "fall"),
    "extension": ("backward", "arch", "front of your hip", "front of the kneeling hip"),
}
CATEGORY_WHY = {
    "core": "core work, for a steadier, stronger middle",
    "rom": "gentle movement in a comfortable range, to ease stiffness",
    "posture": "practice for comfortable upright positions, changed often",
    "balance": "steadiness practice, to lower the risk of falls",
    "extension": "gentle work on bending backward, or an easier alternative",
}
# The body parts a "why" may name, each with the words that count as naming it. A why names
# only parts that the exercise's own name, summary, steps or cues mention (a test checks).
BODY_PARTS = {
    "neck": ("neck",),
    "shoulder": ("shoulder", "shoulders", "shoulder blade", "shoulder blades", "shoulder-blade"),
    "chest": ("chest",),
    "upper back": ("upper back", "upper-back"),
    "low back": ("low back", "lower back"),
    "spine": ("spine", "spinal"),
    "trunk": ("trunk", "waist", "belly"),
    "pelvis": ("pelvis", "pelvic"),
    "hip": ("hip", "hips"),
    "buttock": ("buttock", "buttocks", "bottom", "glute", "glutes"),
    "thigh": ("thigh", "thighs", "hamstring", "hamstrings"),
    "knee": ("knee", "knees"),
    "leg": ("leg", "legs"),
    "calf": ("calf", "calves"),
    "ankle": ("ankle", "ankles"),
    "foot": ("foot", "feet", "heel", "heels", "toe", "toes"),
    "arm": ("arm", "arms", "elbow", "elbows"),
    "hand": ("hand", "hands", "palm", "palms", "fingertip", "fingertips"),
}


def body_parts(text: str) -> set[str]:
    """The body parts a text names (BODY_PARTS); 'hip-width' is a distance, not the hip."""
    import re

    lowered = text.lower()
    return {
        part
        for part, words in BODY_PARTS.items()
        if any(re.search(rf"\b{re.escape(w)}\b(?!-width)", lowered) for w in words)
    }


def why(e: Exercise, phase: int, profile: Profile) -> str:
    """One line saying why this exercise is in the plan: what it does, from the library,
    with the person's own reason added where there is one."""
    if e.category == "balance" and phase == 1 and profile.balance_focus:
        return "balance practice with full support first, as you are 65+ or unsteady"  # B4
    text = e.why or CATEGORY_WHY[e.category]
    if e.extension_stage is not None:
        text = f"stage {e.extension_stage} of gentle backward bending"  # E4
    if "extension" in e.loads:
        return f"{text}; stop if pain spreads down your leg"  # E3, whatever the category
    if e.category == "extension" and profile.no_extension:
        return f"{text}; you said bending backward hurts"  # E1: why no backward bending
    easing = [
        d for d in ("flexion", "extension", "rotation") if d in e.loads and d in profile.better
    ]
    if easing:
        return f"{text}; you said {_direction_words(easing[0])} eases it"  # E1
    return text


def _direction_words(direction: str) -> str:
    return {"flexion": "bending forward", "extension": "bending backward"}.get(
        direction, "twisting"
    )


def advice(answers: Answers, profile: Profile, per_week: int) -> list[str]:
    """Plain advice that goes with the program (Program.advice)."""
    lines = [posture_breaks(profile.triggers)]  # P3
    avoided = sorted(profile.worse)
    if avoided:
        words = " or ".join(_direction_words(d) for d in avoided)
        lines.append(
            f"Exercises that load your back into {words} are left out, because you said that "
            "makes your pain worse. Ask a physical therapist before adding them back."
        )  # E1
    if "walking" in profile.easers:
        lines.append("Walking eases your pain: short, easy walks on the other days help too.")
    if "walking" in profile.triggers:
        lines.append(
            "Walking makes your pain worse: keep walks short and easy, and rest before it builds."
        )
    if "lifting" in profile.triggers:
        lines.append(
            "When you lift, bend at your hips and knees and keep the load close to your body."
        )
    if profile.balance_focus and per_week < 3:
        lines.append(
            "Balance work is best 3 days a week for you (age 65+ or a fall or unsteadiness); "
            "add a short balance practice on one more day if you can."
        )  # W6
    lines.append(pain_rule(answers))  # PM1 or PM1b, PM2
    lines.append(
        "Move on to the next phase when the calendar says so and your pain allows it; in a "
        "flare-up, keep moving gently with about half the amount, and build back up."
    )  # PH1, FL1
    lines.append(
        "If you are no better after 6 weeks, or clearly worse over 2 weeks, see a clinician."
    )  # PM6
    return lines
