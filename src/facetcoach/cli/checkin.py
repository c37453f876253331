"""`facetcoach checkin`: pain, an Oswestry-style function score and the PSFS, every 2 weeks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from facetcoach import clock
from facetcoach.checkin.form import parse_checkin_toml
from facetcoach.checkin.history import (
    CHECKIN_EVERY_DAYS,
    checkin_due,
    review_prompts,
    score_checkins,
    triage_answered_on,
)
from facetcoach.cli.answers_file import AnswersFileOption, read_answers_text
from facetcoach.cli.log.options import IdOption, already_recorded, parse_entry_id, past_day
from facetcoach.cli.output import console, print_json, questions, stdin_is_interactive
from facetcoach.coaching.advice import entries_from
from facetcoach.errors import InputError
from facetcoach.intake.triage import advice as triage_advice
from facetcoach.intake.triage import line as triage_line
from facetcoach.intake.triage import score as score_triage
from facetcoach.log.entries import checkin_entry
from facetcoach.log.store import append_entries, load_entries
from facetcoach.model_json import to_data
from facetcoach.program.store import load_plan

if TYPE_CHECKING:
    from facetcoach.models import Checkin, LogEntry, PlanFile


def checkin_command(
    answers_file: AnswersFileOption = None,
    date: Annotated[
        str,
        typer.Option(
            metavar="DAY", help="The day: 2026-12-07, today, yesterday, mon (the last one)."
        ),
    ] = "today",
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="A note, in your own words.")
    ] = None,
    entry_id: IdOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Check in: rate your pain, how much your back limits daily life, and activities you name.

    About 3 minutes: at the start of your program and then every 2 weeks (`facetcoach today`
    says when one is due). The scores are saved in your log; `facetcoach progress` shows them
    over time.

    \b
    Examples:
      facetcoach checkin
      facetcoach checkin --answers checkin.toml
      facetcoach checkin --date yesterday --json
    """
    given_id = parse_entry_id(entry_id)
    today = clock.today()
    day = past_day("--date", date, today)
    if answers_file is None and not stdin_is_interactive():
        raise InputError(
            "facetcoach checkin asks you questions, but its input is not a terminal. Run it in "
            "a terminal, or give --answers FILE.toml (docs/commands.md lists every key)."
        )

    plan = load_plan()
    entries = load_entries(since=entries_from(plan) if plan else None)
    if answers_file is not None:
        checkin = _read_answers(answers_file)
    else:
        checkin = _interview(entries, plan, day, as_json)
    entry = checkin_entry(day, clock.now(), checkin, note=note, entry_id=given_id)
    if append_entries([entry], once=True, new_ids=given_id is None).get(entry.id) is not None:
        if not as_json:
            already_recorded(entry.id, as_json)
            return
        entry = next(e for e in load_entries() if e.id == entry.id)  # the one saved before
        entries = [e for e in entries if e.id != entry.id]
    _report(plan, [*entries, entry], entry, as_json)


def _read_answers(path: Path) -> Checkin:

    return parse_checkin_toml(read_answers_text(path), str(path))


def _interview(
    entries: list[LogEntry], plan: PlanFile | None, day: dt.date, as_json: bool
) -> Checkin:
    """The questions in a terminal; Ctrl-C or the end of input stops with nothing saved."""
    from facetcoach.cli.checkin_prompts import ask_checkin

    out = console(stderr=as_json)  # with --json, stdout is for the JSON only
    previous = [e.checkin for e in entries if e.kind == "checkin" and e.checkin is not None]
    intake = plan.created_at.date() if plan and plan.triage else None
    triage_on = triage_answered_on(entries, day, intake)
    if triage_on is not None and (day - triage_on).days >= CHECKIN_EVERY_DAYS:
        triage_on = None  # not lately: asked as at the intake (ST1)
    with questions(out, "checkin"):
        return ask_checkin(out, previous[-1].psfs if previous else {}, triage_on)


def _report(plan: PlanFile | None, entries: list[LogEntry], entry: LogEntry, as_json: bool) -> None:

    scores = score_checkins(entries, entry.date)
    row = next(score for score in scores if score.id == entry.id)
    start = plan.program.start if plan else entry.date
    _, _, next_due = checkin_due(entries, entry.date, start)
    prompts = review_prompts([s for s in scores if s.date <= row.date])
    if as_json:
        assert entry.checkin is not None
        data = to_data(row)
        data["odi"] = list(entry.checkin.odi)
        data["next_checkin"] = next_due.isoformat()
        data["prompts"] = [to_data(prompt) for prompt in prompts]
        # Rule ST1: this check-in's triage, or null when its questions were not answered.
        start_back = entry.checkin.start_back
        data["triage"] = to_data(score_triage(start_back)) if start_back else None
        print_json(data)
        return
    from facetcoach.render.checkin import checkin_view

    out = console()
    out.print(checkin_view(row, scores, next_due, prompts, out.width))
    assert entry.checkin is not None
    if entry.checkin.start_back is not None:  # ST1
        from rich.text import Text

        triage = score_triage(entry.checkin.start_back)
        out.print(Text(triage_line(triage)))
        words = triage_advice(triage)
        if words:
            out.print(Text(words, style="yellow" if triage.risk == "high" else ""))
