"""The Rich-free writer behind `today`: colour only on a terminal without NO_COLOR; wrapping."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facetcoach.render.plain_text import PlainWriter


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


def test_dose_words_for_each_kind():
    from facetcoach.program.dose import dose_text

    assert dose_text("stretch", 1, 3, 20, True) == "3 × 20 s hold, each side"
    assert dose_text("isometric", 3, 6, 8, True) == "6-4-2 × 8 s holds, each side"
    assert dose_text("mobility", 2, 10, None, False) == "2 × 10"
    assert dose_text("mobility", 2, 10, 3, True) == "2 × 10, 3 s pause, each side"
    assert dose_text("strength", 1, 12, 2, False) == "12 reps, 2 s pause"
    assert dose_text("stretch", 1, 1, 90, False) == "1 min 30 s hold, once"


@pytest.mark.parametrize("width", [20, 21, 22, 24, 25, 26, 30, 40, 60])
def test_a_dose_is_never_broken_between_a_number_and_its_unit(width):
    """Found by a new user's trial: "rest 20" ended a line and "s between sets" began the next."""
    out = PlainWriter(io.StringIO(), width=width)
    text = "1. Pelvic tilt, lying  2 × 10, rest 20 s between sets; walk 15 min, 8 reps"
    out.line(text, hang=3)
    lines = out.lines
    assert " ".join(" ".join(lines).split()) == " ".join(text.split())  # nothing lost
    for dose in ("2 × 10", "20 s", "15 min", "8 reps"):
        assert any(dose in line for line in lines), (dose, lines)
    assert not any("\xa0" in line for line in lines)


def _wrapped_by_textwrap(text: str, width: int, indent: int, hang: int) -> list[str]:
    """PlainWriter.line as it was before its shortcut for a line that fits: textwrap always."""
    import textwrap

    from facetcoach.render.plain_text import _GLUED

    wrapped = textwrap.wrap(
        _GLUED.sub("\xa0", text),
        width=max(width - 1, 20),
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + hang),
        break_on_hyphens=False,
    )
    return [part.replace("\xa0", " ") for part in wrapped]


@given(
    text=st.lists(
        st.sampled_from([*"ab× 1s-.", "min", "\t", "\n", "\r", "\x0b", "\xa0", "\u2003", "é"]),
        min_size=1,
        max_size=30,
    ).map(lambda parts: "".join(parts) if "".join(parts).strip() else "".join(parts) + "x"),
    width=st.integers(20, 45),
    indent=st.integers(0, 6),
    hang=st.integers(0, 4),
)
@settings(max_examples=400, deadline=None)
def test_a_line_that_fits_is_laid_out_as_textwrap_lays_it_out(text, width, indent, hang):
    """The shortcut for a line that fits (issue 15: textwrap was 1.5 ms of `today`) gives what
    textwrap gave, for every width, indent and kind of whitespace."""
    out = PlainWriter(io.StringIO(), width=width)
    out.line(text, indent=indent, hang=hang)
    assert out.lines == _wrapped_by_textwrap(text, width, indent, hang)
