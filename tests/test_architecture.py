"""docs/ARCHITECTURE.md stays true: every module is in its table, and nothing it lists is gone.

Also the house's layout rules: every `__init__.py` is empty, and no module is called what
says nothing (helpers, utils, misc, common).
"""

from __future__ import annotations

import re
from pathlib import Path


def _root() -> Path:
    here = Path(__file__).resolve().parent
    while not (here / "pyproject.toml").exists():
        here = here.parent
    return here


ROOT = _root()
PACKAGE = ROOT / "src" / "facetcoach"


def _modules() -> set[str]:
    return {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py"
    }


def _documented() -> set[str]:
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z_/]+\.py)` \|", text, re.MULTILINE))


def test_every_module_is_in_the_architecture_table() -> None:
    missing = _modules() - _documented()
    assert not missing, f"add these to docs/ARCHITECTURE.md: {sorted(missing)}"


def test_the_architecture_table_lists_no_module_that_is_gone() -> None:
    gone = _documented() - _modules()
    assert not gone, f"docs/ARCHITECTURE.md lists modules that do not exist: {sorted(gone)}"


def test_every_init_is_empty() -> None:
    full = [
        p for p in PACKAGE.rglob("__init__.py") if p.read_text().strip() and p.parent != PACKAGE
    ]
    assert not full, full


def test_no_module_has_a_name_that_says_nothing() -> None:
    vague = {"helpers", "utils", "util", "misc", "common", "codec", "stuff"}
    named = [m for m in _modules() if Path(m).stem in vague or set(Path(m).parts[:-1]) & vague]
    assert not named, named
