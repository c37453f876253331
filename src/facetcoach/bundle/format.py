"""The bundle file (`facetcoach export`, `facetcoach import`): its bytes, its digest, and the
strict checks that decide it can be imported. Pure: data in, bytes out, and back.

One line of JSON, UTF-8:

    {"format":"facetcoach-bundle","bundle_version":1,"schema_version":1,
     "digest":"sha256:<64 hex>","exported_at":"…","facetcoach":"0.1.0",
     "plan":{…plan.json…}|null,"archive":[{"name":"plan-….json","plan":{…}}],
     "log":{"entries":[…],"tombstones":[…]}}

- `plan` is plan.json as it is (with its revisions, pauses and screens), or null;
  `archive` every archived plan of plans/ (damaged ones are left out, and the export says
  so); `log` the entries and tombstones in the order they were written (so that `log undo`
  after a restore removes the same entry as before).
- `digest` is SHA-256 over the bundle's canonical JSON without the digest (keys sorted, no
  spaces, UTF-8): any change to the content (a flipped bit, a file cut short, an edit) is
  found, whatever the layout. A bundle whose "digest" key was deleted (edited by hand on
  purpose) is imported after the same strict checks, which every bundle gets anyway:
  strictly JSON (no duplicate key, no NaN), the known format, a version this facetcoach
  reads, every field validated strictly (pain 0-10, ids, dates), no id twice in the log,
  none both an entry and deleted.
- `bundle_version` is this layout's version (1); `schema_version` that of the plan and log
  inside. A newer one of either is refused: upgrade facetcoach to import it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from facetcoach.bundle.contents import (
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    ArchivedPlan,
    Bundle,
    BundleLog,
)
from facetcoach.errors import FacetcoachError, InputError
from facetcoach.log.file_format import Source, check_ids, strict_json
from facetcoach.model_json import to_data
from facetcoach.models import SCHEMA_VERSION, LogEntry, LogFile, PlanFile, Tombstone

HAND_EDIT = (
    'If you edited the bundle yourself on purpose, delete its "digest" key and import it '
    "again: facetcoach then checks every part strictly and imports it if it is valid."
)


class BundleSource(Source):
    def damaged(self, reason: str, details: Sequence[str] = ()) -> FacetcoachError:
        return InputError(
            f"{self.path} is not a facetcoach bundle that can be imported ({reason}); "
            "nothing was imported.",
            details=list(details),
        )

    def newer(self, version: int) -> FacetcoachError:
        return InputError(
            f"{self.path} was written by a newer version of facetcoach ({version}); upgrade "
            "facetcoach to import it. Nothing was imported."
        )


def encode_bundle(
    plan: PlanFile | None,
    archive: Sequence[ArchivedPlan],
    entries: Sequence[LogEntry],
    tombstones: Sequence[Tombstone],
    *,
    exported_at: dt.datetime,
    version: str,
) -> bytes:
    """The bundle's bytes, with its digest (module docstring)."""
    data: dict[str, Any] = {
        "format": BUNDLE_FORMAT,
        "bundle_version": BUNDLE_VERSION,
        "schema_version": SCHEMA_VERSION,
        "digest": None,
        "exported_at": exported_at.isoformat(),
        "facetcoach": version,
        "plan": None if plan is None else to_data(plan),
        "archive": [to_data(item) for item in archive],
        "log": to_data(BundleLog(entries=list(entries), tombstones=list(tombstones))),
    }
    data["digest"] = digest_of(data)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def digest_of(data: dict[str, Any]) -> str:
    """ "sha256:<hex>" over the canonical JSON of `data` without its digest."""
    import hashlib

    rest = {key: value for key, value in data.items() if key != "digest"}
    canonical = json.dumps(
        rest, ensure_ascii=False, allow_nan=False, sort_keys=True, separators=(",", ":")
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def decode_bundle(raw: bytes, path: Path) -> Bundle:
    """The bundle in `raw` (read from `path`), after every check; an InputError says what is
    wrong, and that nothing was imported."""
    source = BundleSource(path)
    _text, data = strict_json(raw, source, "a bundle")
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
        hint = ""
        if isinstance(data, dict) and "entries" in data and "format" not in data:
            hint = "; it looks like a log export: import it with `facetcoach log import`"
        raise source.damaged('it does not say it is one: no "format": "facetcoach-bundle"' + hint)
    for key, known in (("bundle_version", BUNDLE_VERSION), ("schema_version", SCHEMA_VERSION)):
        version = data.get(key)
        if type(version) is not int:
            raise source.damaged(f'"{key}" is missing or not a whole number')
        if version > known:
            raise source.newer(version)
    stored = data.get("digest")
    if stored is not None and stored != digest_of(data):
        raise source.damaged(
            "its digest does not match its content: it was changed after it was written, "
            "or damaged on the way",
            [HAND_EDIT],
        )
    bundle = _validate(raw, source)
    _check_ids(bundle, source)
    return bundle


def _validate(raw: bytes, source: BundleSource) -> Bundle:
    from pydantic import ValidationError

    from facetcoach.validation import problems_of, validate_json

    try:
        return validate_json(Bundle, raw)
    except ValidationError as error:
        problems = problems_of(error)
        more = f", and {len(problems) - 1} more" if len(problems) > 1 else ""
        details = problems[:20] if len(problems) > 1 else []
        raise source.damaged(problems[0] + more, details) from None


def _check_ids(bundle: Bundle, source: BundleSource) -> None:
    log = LogFile(
        schema_version=SCHEMA_VERSION,
        entries=bundle.log.entries,
        tombstones=bundle.log.tombstones,
    )
    check_ids(log, source)
