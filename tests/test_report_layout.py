"""The HTML report on paper and on a phone (issue 16, item 9): an eight-week program prints on
two A4 pages, the coaching's adjustments summed up in a few lines with the detail at the end;
at 400 px wide the columns stack and the page does not scroll sideways. Measured in headless
Chromium (skipped where it is not installed: `apt-get install chromium`)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facetcoach.cli.main import app
from helpers import report_demo

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")


@pytest.fixture(scope="module")
def eight_weeks(tmp_path_factory) -> Path:
    """The report of report_demo's whole eight-week program, on its last day."""
    folder = tmp_path_factory.mktemp("eight-weeks")
    home, target = folder / "home", folder / "report.html"
    env = {"FACETCOACH_HOME": str(home), "FACETCOACH_TODAY": "2027-01-29", "COLUMNS": "100"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACETCOACH_HOME", str(home))
        report_demo.build(eight_weeks=True)
    result = CliRunner().invoke(app, ["report", "-o", str(target)], env=env)
    assert result.exit_code == 0, result.output
    return target


def chromium(folder: Path, *args: str) -> subprocess.CompletedProcess:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--user-data-dir={folder / 'profile'}", *args]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_the_adjustments_are_a_few_lines_with_the_detail_at_the_end(eight_weeks):
    html = eight_weeks.read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert (
        "11–14 Dec: 5 exercises a step up (Single knee to chest, Abdominal brace, lying, Chin "
        "tuck and 2 more), after two easy sessions (Mon 7 Dec and Wed 9 Dec)."
    ) in text
    summary, detail = html.index("Adjustments made by the coaching"), html.index('id="adjustments"')
    assert summary < html.index("Warning symptoms reported</h2>") < detail  # the detail last
    # The reason once in the summary and once over its detail, not on every row.
    assert html.lower().count("after two easy sessions (mon 7 dec and wed 9 dec)") == 2
    assert "11 Dec</span> Chin tuck: 5 reps, 3 s pause → 7 reps, 3 s pause" in html


@needs_chromium
def test_an_eight_week_program_prints_on_two_a4_pages(eight_weeks, tmp_path):
    pdf = tmp_path / "report.pdf"
    done = chromium(
        tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", eight_weeks.as_uri()
    )
    assert pdf.exists(), done.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf.read_bytes()))
    assert pages == 2, f"{pages} A4 pages"


@needs_chromium
def test_at_400_px_the_columns_stack_and_nothing_scrolls_sideways(eight_weeks, tmp_path):
    # The report in a 400 px frame (headless windows are at least 500 px wide), a probe in it
    # (the report's own policy forbids scripts, so the copy drops it) reporting its widths.
    html = eight_weeks.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = (
        "<script>addEventListener('load', () => { const wide = [...document.querySelectorAll("
        "'body *')].filter(el => el.getBoundingClientRect().right > innerWidth + 0.5).length;"
        " const two = getComputedStyle(document.querySelector('.cols')).gridTemplateColumns;"
        " parent.postMessage([innerWidth, document.documentElement.scrollWidth, wide, two]"
        ".join(';'), '*'); });</script>"
    )
    (tmp_path / "report.html").write_text(html.replace("</body>", probe + "</body>"), "utf-8")
    (tmp_path / "frame.html").write_text(
        '<iframe src="report.html" style="width:400px;height:900px;border:0"></iframe>'
        "<script>addEventListener('message', m => document.body.dataset.probe = m.data)"
        "</script>",
        "utf-8",
    )
    done = chromium(tmp_path, "--allow-file-access-from-files", "--virtual-time-budget=5000",
                    "--dump-dom", (tmp_path / "frame.html").as_uri())  # fmt: skip
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert found, done.stderr[-2000:]
    width, scroll, wide, columns = found[1].split(";")
    assert (width, wide) == ("400", "0")
    assert int(scroll) <= 400
    assert len(columns.split()) == 1  # the two columns of intake and program, stacked
    # And a picture of it, to look at (tests/README: the file tool shows a PNG).
    shot = tmp_path / "report-400.png"
    chromium(tmp_path, "--window-size=400,1400", f"--screenshot={shot}", eight_weeks.as_uri())
    assert shot.exists() and shot.stat().st_size > 10_000
