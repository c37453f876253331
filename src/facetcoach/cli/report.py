"""`facetcoach report`: one page for a physical therapist, as Markdown, HTML or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from facetcoach import clock
from facetcoach.cli.dates import parse_day
from facetcoach.cli.output_file import check_target, to_screen, write_file
from facetcoach.cli.word_choice import one_of
from facetcoach.coaching.verdict import in_order
from facetcoach.errors import InputError
from facetcoach.log.store import load_entries
from facetcoach.model_json import to_data
from facetcoach.program.path import stand
from facetcoach.program.store import require_plan
from facetcoach.render.report.html import report_html
from facetcoach.render.report.markdown import report_markdown
from facetcoach.share.report import build_report, report_start

if TYPE_CHECKING:
    from facetcoach.share.report_data import Report

FORMATS = ("md", "html", "json")
SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".json": "json"}
FORMAT_NAMES = {"markdown": "md", "htm": "html"}


def report_command(
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DAY",
            help="Cover only from this day on (2026-12-07); default: the whole program.",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="md|html|json",
            help="md (the default), html (one file that prints on A4) or json. With -o and "
            "no --format, taken from the file's ending (.html, .json, else md).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE, not the screen (- for it)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
) -> None:
    """A report for your physical therapist: intake, program, adherence, pain, check-ins.

    Two A4 pages for an eight-week program, read in a few minutes: what you said at intake
    and the red-flag screen, the program and where you are in it, adherence week by week and
    per category, pain before, after and the next morning, check-in scores and their
    clinically important changes, flare days, skipped exercises and why, warning symptoms,
    and your notes.

    \b
    Examples:
      facetcoach report                          Markdown on the screen
      facetcoach report -o back-report.html      one HTML file, to print or send
      facetcoach report --since 2026-12-21 --format md -o since-last-visit.md
      facetcoach report --json
    """
    if to_screen(output):
        output = None
    if as_json:
        if fmt is not None and fmt.strip().lower() != "json":
            raise InputError(f"--json and --format {fmt} do not go together; use one.")
        fmt = "json"
    if fmt is None:
        suffix = output.suffix.lower() if output is not None else ""
        if suffix == ".pdf":
            raise InputError(
                "facetcoach writes the report as md, html or json, not PDF: write "
                "report.html and print it to a PDF from your browser."
            )
        fmt = SUFFIX_FORMATS.get(suffix, "md")
    # The full names of the formats too (found by a new user's trial: `markdown` was refused).
    fmt = FORMAT_NAMES.get(fmt.strip().lower(), fmt)
    fmt = one_of("--format", fmt, FORMATS)
    today = clock.today()
    first = parse_day("--since", since, today, "past") if since is not None else None
    target = None
    if output is not None:
        target = check_target(output, force)

    saved = require_plan()
    # Only what the report can show is decoded: from the plan's beginning (the baseline
    # check-in) or --since, whichever is earlier.
    entries = in_order(load_entries(since=min(report_start(saved, first), report_start(saved))))
    plan = stand(saved, entries, today).plan  # the program as it stands (program/path.py)
    report = build_report(plan, entries, today, first)
    text = _render(report, fmt)
    if target is None:
        import sys

        sys.stdout.write(text)
        if fmt != "json" and sys.stdout.isatty():
            # Markdown is for a file or a pipe; a person at the screen wants the page (a new
            # user saw only the raw tables).
            typer.echo(
                "To read it as a page, print it or send it: `facetcoach report -o "
                "back-report.html`.",
                err=True,
            )
        return

    write_file(target, text.encode("utf-8"))
    typer.echo(f"Wrote the report ({fmt}) to {target}.", err=True)


def _render(report: Report, fmt: str) -> str:
    if fmt == "json":
        import json

        return json.dumps(to_data(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if fmt == "html":
        return report_html(report)

    return report_markdown(report)
