"""Safety messages read as advice, not errors (issue 16, item 1): a heading and short bullets,
wrapped to the terminal, the exit code as documented; the PM5 advice in full on its first
day, then one line (in full again with `today --details`)."""

from __future__ import annotations

import re

import pytest

from facetcoach.intake.screen import RED_FLAG_GROUPS
from helpers.answers_data import example_data, write_answers
from helpers.logtools import saved_plan

NESTED = re.compile(r"\([^()]*\(")  # a bracket opened inside another


def items(text: str) -> list[str]:
    """Each bullet or sentence with its wrapped lines joined."""
    found: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("•", "–")) or not line.startswith(" ") or not found:
            found.append(stripped)
        else:
            found[-1] += " " + stripped
    return found


def fits(text: str, width: int) -> None:
    for line in text.splitlines():
        assert len(line) <= width, f"{len(line)} > {width}: {line!r}"


@pytest.mark.parametrize("width", [40, 80])
def test_the_red_flag_stop_is_a_heading_and_short_bullets_wrapped(cli, home, tmp_path, width):
    data = example_data()
    data["red_flags"]["saddle_numbness"] = True
    data["red_flags"]["worsening_weakness"] = True
    answers = write_answers(tmp_path, data)
    result = cli("plan", "--answers", str(answers), env={"COLUMNS": str(width)})
    assert result.exit_code == 3  # as documented
    assert result.stdout == ""
    text = result.stderr
    assert "Error" not in text
    assert text.splitlines()[0] == "Go to an emergency department now"
    assert text.count("emergency department") == 1  # the lead is said once
    assert not NESTED.search(" ".join(text.split())), text
    fits(text, width)
    joined = items(text)
    assert (
        "• Possible pressure on the nerves at the base of the spine (cauda equina). You "
        "said yes to:" in joined
    )
    assert "– numbness between your legs, or around your genitals or back passage" in joined
    assert (
        "• Possible nerve damage that is getting worse: get a medical assessment today "
        "(same day). You said yes to:" in joined
    )
    assert max(len(item.split()) for item in joined) <= 25, joined
    assert not home.exists()


def test_the_interactive_screen_stops_with_the_same_advice(cli, home):
    group = RED_FLAG_GROUPS[1]  # nerve signs getting worse
    result = cli("plan", input="n\ny\ny\nn\n", env={"FACETCOACH_ASSUME_TTY": "1", "COLUMNS": "40"})
    assert result.exit_code == 3
    assert items(result.stderr)[0] == group.action  # wrapped at 40, still the heading
    assert "Error" not in result.stderr
    fits(result.stderr, 40)


@pytest.fixture
def plan(monkeypatch):
    monkeypatch.setenv("FACETCOACH_TODAY", "2026-12-09")
    return saved_plan()


@pytest.mark.parametrize("width", [40, 80])
def test_log_symptom_says_the_advice_as_a_heading_and_short_bullets(cli, plan, width):
    result = cli("log", "--symptom", "leg-pain", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    out = result.stdout
    fits(out, width)
    joined = items(out)
    assert joined[0] == (
        "You reported leg pain spreading below the knee on Wed 9 Dec: get it checked by a "
        "doctor or physical therapist soon"
    )
    assert "• Go to an emergency department now if you have:" in joined
    assert "– numbness or weakness in both legs" in joined
    assert re.search(
        r"Recorded in your log for Wed 9 Dec 2026 \(entry id \w{8}\)\.$", " ".join(out.split())
    )
    # No paragraph: every bullet is short (the old text was one of ~110 words).
    assert max(len(item.split()) for item in joined) <= 25, joined


def test_the_symptom_advice_is_in_full_on_its_day_then_one_line(cli, plan):
    assert cli("log", "--symptom", "numbness").exit_code == 0
    wide = {"COLUMNS": "80"}
    same_day = cli("today", env=wide).stdout
    assert "• Go to an emergency department now if you have:" in same_day
    later = {"COLUMNS": "80", "FACETCOACH_TODAY": "2026-12-11"}
    shown = cli("today", env=later).stdout.splitlines()
    assert shown[1] == "Get your new numbness checked soon; see `facetcoach today --details`."
    assert not any("emergency" in line for line in shown)
    # In full again on request.
    detailed = cli("today", "--details", env=later).stdout
    assert "• Go to an emergency department now if you have:" in detailed
    assert "– numbness that is spreading" in detailed
    progress = cli("progress", env=later).stdout.splitlines()
    assert progress[3] == shown[1] and not any("emergency" in line for line in progress)
    # The JSON keeps the full text and adds the short forms.
    [prompt] = __import__("json").loads(cli("today", "--json", env=later).stdout)["prompts"]
    assert prompt["text"].startswith("You reported new numbness on Wed 9 Dec. Get it checked")
    assert prompt["summary"] == shown[1] and prompt["since"] == "2026-12-09"
    assert prompt["lines"][0].startswith("- Until then your exercises will not get harder")
    assert "  - numbness that is spreading" in prompt["lines"]


def test_the_stop_now_lines_keep_the_emergency_signs_at_once(cli, plan):
    """Found by review: "get checked soon" for numbness or weakness, on the screen where the
    symptom advice says "Go to an emergency department now" for numbness or weakness in both
    legs or around the groin (possible cauda equina)."""
    assert cli("log", "--symptom", "numbness").exit_code == 0
    shown = " ".join(cli("today", "--details").stdout.split())
    assert "Go to an emergency department now if you have" in shown
    stop = shown[shown.index("Stop exercising now if you get") :]
    assert "numbness or weakness in both legs or around the groin, get medical help at once" in (
        stop
    )


def test_after_leg_pain_is_logged_the_stop_now_lines_agree_with_its_advice(cli, plan):
    """Found by a new user's trial: `today` said "get it checked soon" for the leg pain just
    logged, and on the line after it "Stop exercising and get medical help now if you have ...
    pain travelling down your leg". The stop-now lines now say who to see for which: medical
    help at once for chest pain, dizziness, fainting or breathlessness; a check soon (the same
    day if it keeps getting worse, as the red-flag table says) for the nerve signs."""
    assert cli("log", "--symptom", "leg-pain").exit_code == 0
    later = {"COLUMNS": "100", "FACETCOACH_TODAY": "2026-12-11"}
    for args in (("today",), ("today", "--flare"), ("plan", "show")):
        text = " ".join(cli(*args, env=later).stdout.split()).replace("│", "")
        text = " ".join(text.split())
        assert "get medical help now" not in text, args
        assert "Stop exercising now if you get" in text, args
        assert (
            "for other numbness, weakness or leg pain, get checked by a doctor or physical "
            "therapist soon (the same day if it keeps getting worse)" in text
        ), args
