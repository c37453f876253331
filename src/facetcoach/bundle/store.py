"""The data folder into a bundle and back (`facetcoach export`, `facetcoach import`): the
edges of bundle/format.py and bundle/plans.py. Every write goes through the data-safety
path of docs/data-safety.md, by the stores of the files it changes.

Export reads under the locks, the plan's and then the log's (always in that order: no other
command holds both), so the bundle is one moment of the folder; every part is checked
strictly, as a write would check it.

Import checks the whole bundle first (bundle/format.py), then reads plan.json and the log
strictly: a damaged or newer file here stops it before anything is written. Then, each
under its own lock and each atomic: the log is merged (log/merge.py, through the log
store: lock, strict checks, temp file, fsync, rename, fsync of the folder, backup), then
the plans (bundle/plans.py, through the plan store: the archive first, then plan.json).
An import is idempotent: run again, it adds nothing twice; so an import interrupted
between the two files (a crash, a full disk) is finished by running it again, and the
error says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from facetcoach import __version__, paths
from facetcoach.bundle.contents import ArchivedPlan, Bundle, PlanImport
from facetcoach.bundle.format import decode_bundle, encode_bundle
from facetcoach.errors import DataError, InputError
from facetcoach.files import locked, read_import
from facetcoach.models import MergeReport, PlanFile


@dataclass
class Exported:
    """What an export holds, and the bundle's bytes."""

    data: bytes
    plan: bool
    archived: int
    entries: int
    tombstones: int
    skipped: list[str] = field(default_factory=list)  # damaged archived plans left out
    digest: str = ""


def export_bundle(now: dt.datetime) -> Exported:
    """The data folder as one bundle (module docstring); nothing is written."""
    from facetcoach.log.store import load_whole_log
    from facetcoach.program.store import read_plans

    nothing = DataError(
        f"There is nothing to export yet in {paths.data_dir()}: no plan and no log. "
        "Build a plan with `facetcoach plan` first."
    )
    if not paths.data_dir().is_dir():
        raise nothing  # (reading creates no folder)
    with locked(paths.plan_file()), locked(paths.log_file()):  # always in this order
        plan, archived, damaged = read_plans()
        log = load_whole_log()
    if plan is None and not archived and not log.entries and not log.tombstones:
        raise nothing
    archive = [ArchivedPlan(name=name, plan=old) for name, old in archived]
    data = encode_bundle(
        plan, archive, log.entries, log.tombstones, exported_at=now, version=__version__
    )
    import json

    digest = json.loads(data)["digest"]
    return Exported(
        data=data,
        plan=plan is not None,
        archived=len(archive),
        entries=len(log.entries),
        tombstones=len(log.tombstones),
        skipped=damaged,
        digest=digest,
    )


def read_bundle(file: Path) -> Bundle:
    """The bundle in `file`, checked whole (bundle/format.py), its log's text as any input's
    (promise 12); an InputError otherwise."""
    from facetcoach.log.store import imported_text_problem

    raw = read_import(file, kind="a file to import", give="the bundle file")
    bundle = decode_bundle(raw, file)
    problem = imported_text_problem(bundle.log.entries)
    if problem is not None:
        raise InputError(f"{file} cannot be imported ({problem}); nothing was imported.")
    return bundle


@dataclass
class Imported:
    log: MergeReport
    plan: PlanImport
    archived: list[Path]


def import_bundle(bundle: Bundle, now: dt.datetime) -> Imported:
    """Restore or merge `bundle` into the data folder (module docstring)."""
    from facetcoach.bundle.plans import merge_plans
    from facetcoach.log.store import import_entries, load_whole_log
    from facetcoach.program.store import import_plans, load_plan

    # A damaged or newer plan or log here stops the import before anything is written
    # (import_plans checks plan.json strictly again, under its lock, before it writes).
    load_plan()
    load_whole_log()
    report = import_entries(bundle.log.entries, bundle.log.tombstones, now=now)
    theirs = [item.plan for item in bundle.archive]
    decided: list[PlanImport] = []

    def choose(
        ours: PlanFile | None, archived: list[PlanFile]
    ) -> tuple[PlanFile | None, Sequence[PlanFile]]:
        new, to_archive, plan_report = merge_plans(ours, archived, bundle.plan, theirs)
        decided[:] = [plan_report]
        return new, to_archive

    try:
        written = import_plans(choose)
    except DataError as error:
        raise DataError(
            f"The log was imported ({_log_counts(report)}), but the plans were not: "
            f"{error.message} Run the same import again once that is fixed: it adds nothing "
            "twice."
        ) from None
    plan_report = decided[0]
    plan_report.archived = [path.name for path in written]
    return Imported(log=report, plan=plan_report, archived=written)


def _log_counts(report: MergeReport) -> str:
    from facetcoach.render.sync import counts_text

    return counts_text(report)
