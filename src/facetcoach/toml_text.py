"""Reading TOML text: tomllib on Python 3.11+, tomli on 3.10. Imported only where TOML is read
(the daily `today` never is)."""

from __future__ import annotations

import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

TOMLDecodeError = tomllib.TOMLDecodeError


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document as data; raises TOMLDecodeError with the line and column."""
    return tomllib.loads(text)
