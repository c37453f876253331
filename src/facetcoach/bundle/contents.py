"""The bundle: one file with the plan, its archive and the log (`facetcoach export`,
`facetcoach import`; bundle/format.py reads and writes it, docs/data-safety.md).

Models like those of models.py, kept apart so that the daily commands, which never read a
bundle, do not build their classes at start-up (issue 15).
"""

import datetime as dt
from dataclasses import field
from typing import Annotated, Literal

from facetcoach.constraints import Matches
from facetcoach.models import STRICT, LogEntry, Model, PlanFile, Tombstone, model

BUNDLE_FORMAT = "facetcoach-bundle"
BUNDLE_VERSION = 1
# An archived plan's file name in plans/ (as save_plan names them): no folder, no "..".
ARCHIVE_NAME = Matches(r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*\.json$", "a file name")


@model
class ArchivedPlan(Model):
    """A plan kept in plans/ (replaced by a later one, or kept there by an import)."""

    name: Annotated[str, ARCHIVE_NAME]
    plan: PlanFile

    __pydantic_config__ = STRICT


@model
class BundleLog(Model):
    """The log in a bundle: its entries and tombstones, in the order they were written."""

    entries: list[LogEntry]
    tombstones: list[Tombstone] = field(default_factory=list)

    __pydantic_config__ = STRICT


@model
class Bundle(Model):
    """One file with everything (bundle/format.py): the plan with its revisions, pauses and
    screens, the archived plans, and the log with its tombstones."""

    format: Literal["facetcoach-bundle"]
    bundle_version: Literal[1]
    schema_version: Literal[1]  # of the plan and the log inside
    exported_at: dt.datetime
    facetcoach: str  # the version that wrote it
    plan: PlanFile | None
    archive: list[ArchivedPlan]
    log: BundleLog
    digest: str | None = None  # "sha256:<hex>" (bundle/format.py); None: written by hand

    __pydantic_config__ = STRICT


@model
class PlanImport(Model):
    """What `facetcoach import` did with the plans (bundle/plans.py).

    `decision`: "none" (no plan in the bundle), "taken" (none here), "unchanged" (the same
    plan), "merged" (the same plan, with their pauses, screens or revisions added),
    "replaced" (theirs replaced ours, which their archive shows they had replaced; ours is
    archived), "kept" (a different plan here stays; theirs is archived)."""

    decision: Literal["none", "taken", "unchanged", "merged", "replaced", "kept"]
    pauses_added: int = 0
    screens_added: int = 0
    revisions_added: int = 0
    archived_added: int = 0  # plans written to plans/ (theirs, their archived ones, ours)
    archived_present: int = 0  # their archived plans that were there already
    archived: list[str] = field(default_factory=list)  # the names written in plans/
    notes: list[str] = field(default_factory=list)  # what was not merged, and why
