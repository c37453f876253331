"""The triage of rule ST1: nine yes/no questions in the style of the Keele STarT Back tool.

The questions are facetcoach's own words, and the real tool asks the last one on a five-point
scale: so the result approximates a STarT Back score, it is not the validated instrument.
Scored as docs/clinical-rules.md says: a total of 3 or less is low risk; otherwise 4 or more
of the psychosocial items (5-9) is high risk, and anything else medium. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import fields

from facetcoach.models import LogEntry, PlanFile, Risk, StartBack, Triage

# (key, question) in the tool's order; items 5-9 are the psychosocial subscale.
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("leg_pain", "In the last 2 weeks, has your back pain spread down one or both legs at times?"),
    (
        "shoulder_or_neck_pain",
        "In the last 2 weeks, have you also had pain in your shoulder or neck?",
    ),
    ("walks_only_short_distances", "Has your back made you walk only short distances lately?"),
    ("dresses_slowly", "Lately, do you get dressed more slowly than usual because of your back?"),
    (
        "unsafe_to_be_active",
        "Do you feel it is not really safe for someone with your back to be physically active?",
    ),
    ("worrying_thoughts", "Have worrying thoughts about your back been on your mind a lot?"),
    (
        "back_is_terrible",
        "Do you feel your back is terrible and will never get any better?",
    ),
    ("not_enjoying_things", "Lately, have you stopped enjoying things you used to enjoy?"),
    (
        "very_bothersome",
        "Over the last 2 weeks, has your back pain been very or extremely bothersome?",
    ),
)
KEYS = tuple(key for key, _ in QUESTIONS)
PSYCHOSOCIAL = KEYS[4:]  # items 5-9
INSTRUMENT = "an approximation of the Keele STarT Back tool, in facetcoach's own words"

RISK_WORDS = {"low": "low", "medium": "medium", "high": "high"}


def score(answers: StartBack) -> Triage:
    """Rule ST1: total <= 3 low; else psychosocial (items 5-9) >= 4 high; else medium."""
    total = sum(1 for key in KEYS if getattr(answers, key))
    psychosocial = sum(1 for key in PSYCHOSOCIAL if getattr(answers, key))
    risk: Risk = "low" if total <= 3 else "high" if psychosocial >= 4 else "medium"
    return Triage(risk=risk, total=total, psychosocial=psychosocial)


class InForce:
    """The triage that counts now: the latest check-in's, else the intake's (ST1). A plain
    slotted class, for `today`'s start-up (a NamedTuple costs a third of a millisecond)."""

    __slots__ = ("date", "source", "triage")

    def __init__(self, triage: Triage, date: dt.date | None, source: str) -> None:
        self.triage = triage
        self.date = date  # the check-in's day; None for the intake's
        self.source = source  # "intake" or "checkin"


def triage_in_force(plan: PlanFile, entries: Iterable[LogEntry]) -> InForce | None:
    """ST1 asks the triage again at every check-in: the latest one answered wins."""
    latest = None
    for entry in entries:
        answered = entry.kind == "checkin" and entry.checkin and entry.checkin.start_back
        if answered and (
            latest is None or (entry.date, entry.created_at) >= (latest.date, latest.created_at)
        ):
            latest = entry
    if latest is not None and latest.checkin and latest.checkin.start_back is not None:
        return InForce(score(latest.checkin.start_back), latest.date, "checkin")
    if plan.triage is not None:
        return InForce(plan.triage, None, "intake")
    return None


def triage_data(found: InForce | None) -> dict[str, object] | None:
    """{"risk", "total", "psychosocial"} (and where it comes from) for the JSON outputs."""
    if found is None:
        return None
    t = found.triage
    return {
        "risk": t.risk,
        "total": t.total,
        "psychosocial": t.psychosocial,
        "source": found.source,
        "date": found.date.isoformat() if found.date else None,
    }


def start_back_of(flags: dict[str, bool]) -> StartBack:
    return StartBack(**{f.name: flags[f.name] for f in fields(StartBack)})


def line(triage: Triage) -> str:
    """'Back questions (STarT Back-style): medium risk, 5 of 9 yes, 2 of 5 on worry...'."""
    return (
        f"Back questions (in the style of STarT Back): {triage.risk} risk; {triage.total} of 9 "
        f"answered yes, {triage.psychosocial} of the 5 on worry, mood and bother."
    )


def advice(triage: Triage | None) -> str | None:
    """What `today` (high) and the plan say (medium, high): never a refusal (ST1)."""
    if triage is None or triage.risk == "low":
        return None
    if triage.risk == "high":
        return (
            f"Your answers to the back questions suggest a high risk that the pain will keep "
            f"troubling you ({triage.psychosocial} of the 5 questions on worry, mood and "
            f"bother, {triage.total} of 9 in all). That is common and it can change: keep to "
            "this program, and see a physiotherapist or doctor who can support you alongside it."
        )
    return (
        f"Your answers to the back questions suggest a medium risk that the pain will keep "
        f"troubling you ({triage.total} of 9). Keep to the program; if it is not easing within "
        "a few weeks, a physiotherapist can help."
    )
