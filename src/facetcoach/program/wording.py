"""The words of a program: why each exercise is in it, and the advice that goes with it."""

from __future__ import annotations

from facetcoach.coaching.verdict import pain_rule
from facetcoach.intake.profile import Profile
from facetcoach.models import Answers, Exercise

CATEGORY_WORDS = {
    "core": "core",
    "rom": "range of motion",
    "posture": "posture",
    "balance": "balance",
    "extension": "back extension and hip flexors",
}

_KIND_WHY = {
    ("rom", "mobility"): "gentle movement in a pain-free range, to ease stiffness",
    ("rom", "stretch"): "a gentle stretch for the hips and back, to ease tightness",
    ("core", "isometric"): "builds the endurance of the muscles that steady your spine",
    ("core", "mobility"): "gentle core control while lying supported",
    ("core", "strength"): "strengthens hips and trunk with your back in a neutral position",
    ("posture", "mobility"): "a change of position that breaks up long sitting or standing",
    ("posture", "stretch"): "opens the chest and shoulders to make upright positions easier",
    ("posture", "strength"): "strengthens the upper back and hips for everyday positions",
    ("extension", "stretch"): "stretches the front of the hips, which pull on the low back",
    ("extension", "mobility"): "gentle backward bending, built up in stages",
    ("extension", "strength"): "strengthens the back muscles with the spine supported",
}


def why(e: Exercise, phase: int, profile: Profile) -> str:
    """One line saying why this exercise is in the plan."""
    if e.category == "balance":
        if phase == 1 and profile.balance_focus:
            return "balance practice with full support first, as you are 65+ or unsteady"  # B4
        if e.position == "seated":
            return "steadiness practice while sitting safely, to lower the risk of falls"
        return "steadiness practice holding a firm support, to lower the risk of falls"
    if e.extension_stage is not None:
        return (
            f"stage {e.extension_stage} of gentle backward bending; stop if pain spreads "
            "down your leg"  # E3, E4
        )
    if set(e.loads) & profile.better:
        direction = next(d for d in ("flexion", "extension", "rotation") if d in e.loads)
        return f"moves your back into {_direction_words(direction)}, which you said eases it"
    if e.category == "extension" and profile.no_extension:
        return "stretches the front of the hips without arching your back, which you said hurts"
    if e.category == "posture" and "lifting" in profile.triggers and "hinge" in e.id:
        return "practises bending at the hips, to make lifting easier on your back"
    text = _KIND_WHY.get((e.category, e.kind), f"{CATEGORY_WORDS[e.category]} work")
    if "extension" in e.loads and e.category == "extension":
        text += "; stop if pain spreads down your leg"  # E3
    return text


def _direction_words(direction: str) -> str:
    return {"flexion": "bending forward", "extension": "bending backward"}.get(
        direction, "twisting"
    )


def advice(answers: Answers, profile: Profile, per_week: int) -> list[str]:
    """Plain advice that goes with the program (Program.advice)."""
    lines = []
    if "sitting" in profile.triggers:
        lines.append(
            "Sitting makes your pain worse: get up, move or change position every 20-30 minutes."
        )  # P3
    elif "standing" in profile.triggers:
        lines.append(
            "Standing makes your pain worse: sit down, shift your weight or walk a little "
            "every 20-30 minutes."
        )  # P3
    else:
        lines.append(
            "Break up long sitting or standing: change position or move for a minute or two "
            "every 30-45 minutes."
        )  # P3
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
