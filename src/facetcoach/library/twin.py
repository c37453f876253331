"""The built-in library's JSON twin: data/exercises.json, the parse of data/exercises.toml.

Parsing the 3,000-line TOML library with tomllib is 18 ms of every `plan` (issue 15); the
same data read as JSON is under 1 ms. The twin names the size and CRC-32 of the TOML it was
made from, and the CRC-32 of its own data, and is used only for that TOML and that data:
after any edit of exercises.toml (or of the twin) it is ignored
(the TOML is parsed, as before) until it is made again:

    python -m facetcoach.library.twin

tests/test_library.py checks that the twin in the repository is that of the TOML beside it.
The data read from it goes through the same checks as the TOML's (library/loading.py); the
TOML stays the one source, and a user's own library is always parsed as TOML.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

FORMAT = 1


def twin_path(toml: Path) -> Path:
    return toml.with_suffix(".json")


def _made_from(raw: bytes) -> dict[str, Any]:
    return {"format": FORMAT, "toml_size": len(raw), "toml_crc32": zlib.crc32(raw)}


def twin_data(toml: Path, raw: bytes) -> dict[str, Any] | None:
    """The parsed library from the twin of `toml` (its bytes `raw`), or None when there is
    none, or it was made from other bytes, or its data is not the data it was made with (a
    damaged or edited twin), or it cannot be read."""
    try:
        head, _, body = twin_path(toml).read_bytes().partition(b"\n")
        made = json.loads(head)
        if made != {**_made_from(raw), "data_crc32": zlib.crc32(body)}:
            return None
        data = json.loads(body)
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def twin_text(raw: bytes) -> str:
    """The twin of a TOML library whose bytes are `raw`: a line that says what it was made
    from (and the CRC-32 of the next), then the data on one line."""
    from facetcoach.model_json import toml_json_text
    from facetcoach.toml_text import parse_toml

    data = json.loads(toml_json_text(parse_toml(raw.decode("utf-8"))))
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    made = {**_made_from(raw), "data_crc32": zlib.crc32(body.encode("utf-8"))}
    return json.dumps(made, separators=(",", ":")) + "\n" + body


def main() -> None:
    """Write the twin of the built-in library (a step of editing data/exercises.toml)."""
    from facetcoach.library.loading import builtin_library_path

    toml = builtin_library_path()
    twin_path(toml).write_text(twin_text(toml.read_bytes()), encoding="utf-8")
    print(f"Wrote {twin_path(toml)}.")


if __name__ == "__main__":
    main()
