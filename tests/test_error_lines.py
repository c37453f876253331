"""Errors on a terminal are wrapped to its width at spaces, never inside a word, an id or a
path (found by a new user: "Did you me / an", "futur / e"); a script gets each problem on
one line, to grep (cli/output.print_error)."""

from __future__ import annotations

import io

from facetcoach.cli import output
from facetcoach.errors import InputError

ID = "8c0f1e2a-5b7d-4c9e-a1f3-0d2b4c6e8f10"
MESSAGE = f"The entry {ID} is already the id of another entry (a symptom on Wed 9 Dec 2026)."


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_an_error_on_a_narrow_terminal_is_wrapped_at_spaces(monkeypatch):
    stream = Terminal()
    monkeypatch.setattr(output.sys, "stderr", stream)
    monkeypatch.setenv("COLUMNS", "40")
    output.print_error(InputError(MESSAGE, details=["a second problem, told in a few words"]))
    lines = stream.getvalue().splitlines()
    assert len(lines) > 3
    assert all(len(line) <= 40 for line in lines if ID not in line)
    assert any(ID in line for line in lines)  # the id is never cut
    assert " ".join(" ".join(lines).split()) == " ".join(
        f"Error: {MESSAGE} - a second problem, told in a few words".split()
    )
    assert lines[-1].startswith("    ")  # a problem's own lines stay under it


def test_an_error_to_a_file_is_one_line_per_problem(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(output.sys, "stderr", stream)
    monkeypatch.setenv("COLUMNS", "40")
    output.print_error(InputError(MESSAGE, details=["a second problem"]))
    assert stream.getvalue().splitlines() == [f"Error: {MESSAGE}", "  - a second problem"]


def test_a_terminal_that_reports_no_width_still_gets_the_error(monkeypatch):
    """Found by a second review: a pty whose size was never set says 0 columns, and the
    wrapping raised inside the error handler (a traceback; after a commit, DS9 lost)."""
    import os
    import pty

    leader, follower = pty.openpty()
    stream = os.fdopen(follower, "w", buffering=1)
    monkeypatch.setattr(output.sys, "stderr", stream)
    monkeypatch.delenv("COLUMNS", raising=False)
    try:
        output.print_error(InputError(MESSAGE))
    finally:
        stream.close()
        said = os.read(leader, 10_000).decode()
        os.close(leader)
    assert ID in said and "Error: The entry" in said


def test_a_quoted_path_and_the_data_folder_stay_whole_even_with_spaces(monkeypatch, tmp_path):
    """Found by a second review: macOS keeps the data in ".../Application Support/...", and a
    damaged log's recovery command (mv '...' '...') was cut inside its paths."""
    from facetcoach.log.file_format import LogSource

    home = tmp_path / "Library" / "Application Support" / "facetcoach"
    home.mkdir(parents=True)
    monkeypatch.setenv("FACETCOACH_HOME", str(home))
    (home / "log.json.bak").write_bytes(b'{"schema_version":1,"entries":[]}')
    error = LogSource(home / "log.json").damaged("it is empty")
    stream = Terminal()
    monkeypatch.setattr(output.sys, "stderr", stream)
    monkeypatch.setenv("COLUMNS", "80")
    output.print_error(error)
    said = stream.getvalue()
    assert said.count(str(home)) == error.message.count(str(home)) > 2, said
    assert len(said.splitlines()) > 3  # wrapped all the same
