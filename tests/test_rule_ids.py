"""The rules live in the repository (issue 11): every rule ID that the code, the tests and the
exercise library cite is defined in docs/clinical-rules.md, and every data-safety promise they
cite is defined in docs/data-safety.md.

A rule is *defined* by a line of the form `- **PM3**: ...`; a mention anywhere else in the file
does not count. A rule is *cited* where its ID stands in one of the places the code puts it:

- after "rule" or "rules": `# rule E4`, `rules C1 C2 C3 PM1`, `(rules C5, C6)`, `rules F1-F3`;
- right after an opening parenthesis: `(PM5)`, `(C1-C3)`, `(E1, phase 1)`;
- at the start of a comment or of a bullet: `# B4: ...`, `# E3, E4`, `- FL3: ...`;
- at the start of a string or docstring: `rule="PM6"`, `"PM5" in reason`;
- after a comma or semicolon: `(directional preference, E1)`, `strengthen), W10.`;
- in a list of two or more IDs: `PM6, FL3`, `W5/W6`, `E1/E4`;
- before a colon: `FL2: a flare with red-flag signs`.

A range (`F1-F3`, `PM1–PM3`) cites every ID in it. Anything else that looks like an ID is not a
citation: `A4` (the paper size), `#E1E1E1` (a colour), `NG59`, a word such as `E1x`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest


def _repository_root() -> Path:
    """The nearest folder above this file that holds pyproject.toml (wherever the test lives)."""
    for folder in Path(__file__).resolve().parents:
        if (folder / "pyproject.toml").is_file():
            return folder
    raise RuntimeError(f"no pyproject.toml above {__file__}")


ROOT = _repository_root()
RULES_DOC = ROOT / "docs" / "clinical-rules.md"
SAFETY_DOC = ROOT / "docs" / "data-safety.md"

# Where rules are cited. This file is left out: its citations are the samples below.
CITING_GLOBS = ("src/facetcoach/**/*.py", "data/*.toml", "tests/**/*.py", "benchmarks/**/*.py")

# Every rule ID of the clinical rules, as they were brought into the repository (issue 11).
SOURCE_IDS = frozenset(
    {
        "F1", "F2", "F3", "F5", "C1", "C2", "C3", "C5", "C6", "B2",
        "W3", "W4", "W5", "W6", "W7", "W10", "PH1", "PH2", "LV1",
        "E1", "E1b", "E2", "E3", "E4", "C7", "C8", "P1", "P3", "B4", "B4b", "B5",
        "PM1", "PM1b", "PM2", "PM3", "PM5", "PM6", "FL1", "FL2", "FL3", "FL4",
        "A1", "ED1", "ST1", "EQ1", "RS1", "RS2",
    }
)  # fmt: skip

# One rule ID: a known prefix (two letters first, so PM1 is not read as P), a number, and an
# optional "b" (PM1b). Case matters: "e1" is not a rule.
ID = r"(?:PM|PH|LV|FL|ED|ST|EQ|RS|[FCBWEPA])[0-9]{1,2}b?"
# Between two IDs of a list: a comma, slash, semicolon, dash (a range), "and" / "or".
SEP = r"(?:[ \t]*(?:[,/;\-–]|\band\b|\bor\b)[ \t]*)"
# A run of IDs, apart from one another by a separator or by spaces (`rules C1 C2 C3`).
RUN = rf"{ID}(?:(?:{SEP}|[ \t]+){ID})*"

CITATION = re.compile(
    rf"""(?:
        \b[Rr]ules?\s+(?P<after_rule>{RUN})
      | \(\s*(?P<in_parens>{RUN})
      | \#[ \t]+(?:-+[ \t]+)?(?P<in_comment>{RUN})
      | ["'](?P<in_string>{RUN})
      | [,;][ \t]+(?P<after_comma>{RUN})
      | ^[ \t]*[-*][ \t]+(?P<in_bullet>{RUN})
      | (?<![\w\-])(?P<in_list>{ID}{SEP}{RUN})
      | (?<![\w\-])(?P<before_colon>{ID})(?=:\s)
    )(?!\w)""",
    re.VERBOSE | re.MULTILINE,
)
RANGE = re.compile(
    r"(?P<prefix>[A-Z]+)(?P<low>[0-9]+)[ \t]*[-–][ \t]*(?P=prefix)(?P<high>[0-9]+)\b"
)
DEFINITION = re.compile(rf"^- \*\*(?P<id>{ID})\*\*:", re.MULTILINE)


def citations_in(text: str) -> list[tuple[str, int]]:
    """(rule ID, offset) for every citation in `text`, ranges spelled out."""
    found: list[tuple[str, int]] = []
    for match in CITATION.finditer(text):
        run = next(group for group in match.groups() if group)
        found.extend((rule, match.start()) for rule in re.findall(ID, run))
        for span in RANGE.finditer(run):
            low, high = int(span["low"]), int(span["high"])
            found.extend((f"{span['prefix']}{n}", match.start()) for n in range(low + 1, high))
    return found


def cited_ids(text: str) -> set[str]:
    """Every rule ID that `text` cites (`F1-F3` cites F1, F2 and F3)."""
    return {rule for rule, _ in citations_in(text)}


def citing_files() -> list[Path]:
    here = Path(__file__).resolve()
    files = {path for pattern in CITING_GLOBS for path in ROOT.glob(pattern)}
    return sorted(path for path in files if path.resolve() != here)


def citations() -> dict[str, list[str]]:
    """Rule ID -> where it is cited ("path:line")."""
    where: dict[str, list[str]] = defaultdict(list)
    for path in citing_files():
        text = path.read_text(encoding="utf-8")
        for rule, offset in citations_in(text):
            where[rule].append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, offset) + 1}")
    return where


def defined_ids(doc: Path = RULES_DOC) -> list[str]:
    return DEFINITION.findall(doc.read_text(encoding="utf-8"))


# --- the citation pattern, on real citations and on look-alikes ---------------------------


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("# Rule E3: the stop rule every extension exercise carries", {"E3"}),
        ("# rules C1 C2 C3 PM1: entry to the curl-up family", {"C1", "C2", "C3", "PM1"}),
        ('"strength work is 8-12 or 15-20 reps (rules C5, C6)",', {"C5", "C6"}),
        ("# Rules F1-F3: 10-30 s holds (the planner lengthens them)", {"F1", "F2", "F3"}),
        ("(issue 6; rules PM1-PM3, PM5, E1, FL1)", {"PM1", "PM2", "PM3", "PM5", "E1", "FL1"}),
        (
            "# Doses inside the kind ranges (F1–F3, F5, C1–C3, C5–C6, B2, E4); 65+ F1.",
            {"F1", "F2", "F3", "F5", "C1", "C2", "C3", "C5", "C6", "B2", "E4"},
        ),
        ("score += 1  # phase 2: core endurance (C1-C3)", {"C1", "C2", "C3"}),
        (
            '"""A step up earned but not taken, and why (E1, phase 1, PM5, the minutes)."""',
            {"E1", "PM5"},
        ),
        (")  # PH1, FL1", {"PH1", "FL1"}),
        ("return Dose(1, 1, 60)  # E4 stage 1: one minute", {"E4"}),
        ('rule="PM6",', {"PM6"}),
        ('assert any("PM5" in h["reason"] for h in later["held"])', {"PM5"}),
        (
            '    """W5/W6: balance 2 days a week, 3 for age 65+; W3: never fewer than 2."""',
            {"W5", "W6", "W3"},
        ),
        ("# --- today: check-ins, the flare suggestion, PM6, FL3 ----------", {"PM6", "FL3"}),
        ("- FL3: a flare-up not settled within 2 weeks", {"FL3"}),
        ("# Rule FL1: modify, don't stop. FL2: a flare with red-flag signs.", {"FL1", "FL2"}),
        ("a person whose usual pain is 5 or more (rule PM1b)", {"PM1b"}),
        # Look-alikes that are not citations.
        ('help="md (the default), html (one file that prints on A4) or json."', set()),
        ('assert "@page { size: A4" in page and "@media print" in page', set()),
        ("color: #E1E1E1; border: 1px solid #C1C2C3;", set()),
        ("NICE NG59 (low back pain)", set()),
        ("@page { size: A4; margin: 12mm 12mm 13mm; }", set()),
        ("split into three phases (settle and move, stabilise, strengthen), W10.", {"W10"}),
        ("(the library's own check, F1 for 65+); PM2 the next morning", {"F1", "PM2"}),
        ("# rule of thumb: E1x and XE1 are words", set()),
        ("rule e1 is not written in lower case", set()),
    ],
)
def test_the_citation_pattern(text: str, ids: set[str]) -> None:
    assert cited_ids(text) == ids


# --- the rules --------------------------------------------------------------------------------


def test_the_repository_root_is_found() -> None:
    assert (ROOT / "pyproject.toml").is_file() and RULES_DOC.is_file() and SAFETY_DOC.is_file()


def test_citations_are_found() -> None:
    """The scan sees the code's real citations (so an empty scan cannot pass by accident)."""
    where = citations()
    assert {"PM1", "PM5", "E4", "C2", "F1", "FL1"} <= where.keys()
    assert any(place.startswith("data/") for place in where["C2"])


def test_every_cited_rule_is_defined() -> None:
    defined = set(defined_ids())
    undefined = {rule: places for rule, places in citations().items() if rule not in defined}
    assert not undefined, "cited but not defined in docs/clinical-rules.md:\n" + "\n".join(
        f"  {rule}: {', '.join(places[:3])}" for rule, places in sorted(undefined.items())
    )


def test_every_rule_of_the_source_is_defined() -> None:
    missing = sorted(SOURCE_IDS - set(defined_ids()))
    assert not missing, f"not defined in docs/clinical-rules.md: {missing}"


def test_each_rule_is_defined_once() -> None:
    ids = defined_ids()
    assert sorted(rule for rule in set(ids) if ids.count(rule) > 1) == []


# --- the data-safety promises -----------------------------------------------------------------

PROMISES = re.compile(
    r"\b[Pp]romises?\s+(?P<numbers>[0-9]+(?:\s*\([^()]*\))?"
    r"(?:\s*(?:,|\band\b)\s*[0-9]+(?:\s*\([^()]*\))?)*)"
)
PROMISE_ID = re.compile(r"(?<![\w\-])DS(?P<number>[0-9]+)\b")
PROMISE_DEFINITION = re.compile(
    r"^- \*\*DS(?P<number>[0-9]+)\*\* \(promise (?P=number)\)", re.MULTILINE
)


def cited_promises(text: str) -> set[int]:
    """The data-safety promises `text` cites: "promise 4", "promises 1, 2 and 6", "DS5"."""
    found = {int(m["number"]) for m in PROMISE_ID.finditer(text)}
    for match in PROMISES.finditer(text):
        numbers = re.sub(r"\([^()]*\)", "", match["numbers"])
        found.update(int(n) for n in re.findall(r"[0-9]+", numbers))
    return found


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("(docs/data-safety.md, promise 4).", {4}),
        (
            "promises 1 (acknowledged is durable), 2 (atomic), 3 (isolated) and 6\n(clean).",
            {1, 2, 3, 6},
        ),
        ("(data-safety.md promise 2\nand 4), SQLite-style", {2, 4}),
        (
            '"""Promises 1, 2 and 6 under 120 SIGKILLs (30 rounds of 4 writers), in about 8 s.',
            {1, 2, 6},
        ),
        ("# A digest promises the bytes facetcoach wrote", set()),
        ("see DS12 for escaping", {12}),
    ],
)
def test_the_promise_pattern(text: str, numbers: set[int]) -> None:
    assert cited_promises(text) == numbers


def test_every_cited_promise_is_defined() -> None:
    defined = {int(n) for n in PROMISE_DEFINITION.findall(SAFETY_DOC.read_text(encoding="utf-8"))}
    assert defined == set(range(1, 15))
    cited: dict[int, list[str]] = defaultdict(list)
    for path in citing_files():
        text = path.read_text(encoding="utf-8")
        for number in cited_promises(text):
            cited[number].append(str(path.relative_to(ROOT)))
    assert cited, "no promise citations found: the pattern no longer matches the code"
    undefined = {n: places for n, places in cited.items() if n not in defined}
    assert not undefined, f"promises cited but not in docs/data-safety.md: {undefined}"
