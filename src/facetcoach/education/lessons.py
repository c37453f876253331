"""The short lessons of rule ED1, and which one a day gets. Pure.

The lessons are Python constants, not a data file: `today` shows one on every session day
and must stay fast, and importing this module costs no parsing. Each text is facetcoach's own,
in plain words, under 120 words (tests/test_lessons.py counts them).

Which lesson a day gets: the n-th session day of the program gets lesson n, where a session
day counts once a session is recorded for it. So a missed session does not skip a lesson:
the next session day gets the lesson that was due. After the last lesson, none is shown;
every lesson stays available with `facetcoach learn`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from facetcoach.program.schedule import session_on

if TYPE_CHECKING:
    from facetcoach.models import LogEntry, PlanFile


class Lesson:
    """One lesson. A plain slotted class: a NamedTuple costs `today` a third of a millisecond."""

    __slots__ = ("id", "text", "title")

    def __init__(self, id: str, title: str, text: str) -> None:
        self.id, self.title, self.text = id, title, text

    def __repr__(self) -> str:
        return f"Lesson({self.id!r})"


# In the order of rule ED1, then the ones added after it.
LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "facet-joints",
        "What facet joint pain is",
        "Each bone of your spine is linked to the next by two small joints at the back, the "
        "facet joints. Like a knuckle, each has a smooth lining, a little fluid and a capsule "
        "around it. When one is irritated, the low back aches, often on one side, and it can "
        "spread to the buttock or the top of the thigh. It is usually worse when you stand a "
        "long time, lean back or twist, and eases when you sit or bend a little forward. It "
        "is very common and usually settles; gentle movement does not harm the joint, and "
        "scans often show the same changes in people with no pain at all.",
    ),
    Lesson(
        "getting-better",
        "How back pain usually gets better",
        "Most low back pain settles over a few weeks, and many people are much better within "
        "six weeks. Recovery is rarely a straight line: good days and bad days are normal, and "
        "a bad day does not mean you are back at the start. What helps most is steady, gentle "
        "activity, and doing a little more as the weeks go by. Rest for a day or two can ease a "
        "bad spell, but long rest makes backs stiffer and weaker. Your program builds up slowly "
        "for this reason: it follows how your back answers.",
    ),
    Lesson(
        "hurt-not-harm",
        "Hurt is not harm",
        "Pain is your body's alarm, and in a sore back the alarm is set too sensitive. It can "
        "go off with movements that are perfectly safe. So some discomfort while you exercise "
        "is expected and is not a sign of damage. A useful guide: pain that stays within your "
        "limit during the exercises and settles by the next morning is fine. If it is worse "
        "the next day, do a little less next time rather than stopping. Pain that spreads down "
        "a leg, or new numbness or weakness, is different: stop and get checked.",
    ),
    Lesson(
        "pacing",
        "Pacing: a steady amount every day",
        "On a good day it is tempting to do everything, and then pay for it with two bad days. "
        "Pacing means doing about the same amount each day, good or bad, and growing it slowly. "
        "Find how long you can do something, such as gardening or walking, before it stirs your "
        "back up, then plan to do a bit less than that and take a break. Add a little each week. "
        "Breaking a big job into short spells with rests in between often gets more done, with "
        "less pain afterwards.",
    ),
    Lesson(
        "staying-active",
        "Staying active and staying at work",
        "People who keep up their normal life as much as they can, work included, usually "
        "recover faster than those who stop. You do not need to be pain-free to go back to "
        "work. Changes for a while can help: shorter spells at the desk, standing up every half "
        "hour, lighter tasks, or a few shorter days. Tell your manager what would help. Keep up "
        "things you enjoy, in smaller doses if needed. Moving your back is part of how it "
        "heals, and time away from work tends to make returning harder.",
    ),
    Lesson(
        "lifting-bending",
        "Lifting and bending",
        "Your back is made to bend and lift; there is no single right way, and a slightly round "
        "back is not dangerous. While it is sore, these make lifting easier: get close to the "
        "load, bend at your hips and knees, hold it near your body, and turn with your feet "
        "rather than twisting. Split heavy loads in two, and slide or push rather than carry "
        "when you can. Start with light things and build up, just as your exercises do. "
        "Avoiding bending altogether tends to make it stiffer and more worrying over time.",
    ),
    Lesson(
        "sleep",
        "Positions for sleep",
        "No position is best for everyone; the one that lets you sleep is the right one. If "
        "lying on your back hurts, try a pillow under your knees. On your side, a pillow "
        "between your knees keeps your hips level and your back from twisting. Lying on your "
        "front suits some people, but can be hard on an irritated facet joint: a thin pillow "
        "under your belly helps. Getting up, roll onto your side first, then push up with your "
        "arms as your legs go over the edge. Morning stiffness usually eases as you move.",
    ),
    Lesson(
        "flare-ups",
        "What to do in a flare-up",
        "A flare-up is a spell when the pain is clearly worse for a few days. It is common, "
        "and it usually settles. Keep moving gently: run `facetcoach today --flare` for a "
        "routine of about half your usual work, in positions that ease your pain. Short, easy "
        "walks help many people. Avoid more than a day or two in bed. Heat, a change of "
        "position every half hour and pain relief your pharmacist or doctor suggests can help. "
        "As it settles, build back up step by step. If it has not settled within one or two "
        "weeks, see a physiotherapist.",
    ),
    Lesson(
        "when-to-get-help",
        "When to get help",
        "Go to an emergency department at once if you have numbness between your legs or around "
        "your back passage, new trouble passing or holding urine, a change in bowel control, or "
        "weakness or numbness in both legs. See a doctor the same day for a leg or foot getting "
        "weaker, spreading numbness, or a fever with back pain. Book a visit if the pain is no "
        "better after six weeks, keeps coming back, wakes you every night, or comes with weight "
        "loss you cannot explain. Record new numbness, weakness or leg pain with "
        "`facetcoach log --symptom`.",
    ),
    Lesson(
        "walking",
        "Why walking helps",
        "Walking is one of the best things for a sore back: it moves the joints gently, warms "
        "the muscles and lifts your mood. Your daily target starts at what you can walk now "
        "without a flare-up and grows a little each week. If standing and walking bring your "
        "pain on, walk in short spells and sit down between them; a slight lean forward, as "
        "with a shopping trolley, often helps. If sitting is what hurts, a short walk is a good "
        "way to ease it. Record your walks with `facetcoach log --walked MINUTES`.",
    ),
    Lesson(
        "sitting-breaks",
        "Breaking up long sitting and standing",
        "No posture is bad in itself; staying in one for a long time is what makes backs ache. "
        "Change position often: every half hour, stand up, walk a few steps, or shift how you "
        "sit. At a desk, set a reminder. If you stand a lot, rest one foot on a low step, or "
        "sit for a few minutes. In the car, stop for a short walk every hour or so. Small, "
        "frequent changes matter more than finding a perfect chair or a perfect way to stand.",
    ),
)
BY_ID = {lesson.id: lesson for lesson in LESSONS}


def lesson_for(plan: PlanFile, entries: Iterable[LogEntry], day: dt.date) -> Lesson | None:
    """The lesson of `day` (rule ED1): on a planned session day, lesson n where n - 1 days
    from the program's start up to `day` have a session recorded; None on other days and once
    every lesson has been given."""
    program = plan.program
    if session_on(program, day) is None:
        return None
    done = {e.date for e in entries if e.kind == "session" and program.start <= e.date < day}
    number = len(done) + 1
    return LESSONS[number - 1] if number <= len(LESSONS) else None


def lesson_data(lesson: Lesson | None) -> dict[str, str] | None:
    """The JSON of `today --json`'s `lesson`: null, or {"id", "title", "text"}."""
    return None if lesson is None else {"id": lesson.id, "title": lesson.title, "text": lesson.text}
