"""The Rich-free writer behind `today`: colour only on a terminal without NO_COLOR; wrapping."""

from __future__ import annotations

import io

import pytest

from facetcoach.render.plain import PlainWriter


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_on_a_terminal(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    out = PlainWriter(FakeTerminal(), width=60)
    out.line("Careful", "yellow")
    out.flush()
    assert out.stream.getvalue() == "\x1b[33mCareful\x1b[0m\n"


@pytest.mark.parametrize(("stream", "no_color"), [(FakeTerminal(), "1"), (io.StringIO(), "")])
def test_no_colour_with_no_color_or_a_pipe(monkeypatch: pytest.MonkeyPatch, stream, no_color):
    monkeypatch.setenv("NO_COLOR", no_color)
    out = PlainWriter(stream, width=60)
    out.line("Careful", "yellow")
    out.flush()
    assert stream.getvalue() == "Careful\n"


def test_wraps_with_a_hanging_indent():
    out = PlainWriter(io.StringIO(), width=30)
    out.line("Feel: " + "word " * 12, indent=3, hang=6)
    lines = out.lines
    assert len(lines) > 1
    assert all(len(line) <= 29 for line in lines)
    assert lines[0].startswith("   Feel: ") and lines[1].startswith("         word")
