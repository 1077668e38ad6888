"""The HTML report as a creator gets it: the real `psn analytics report --html` over a week of
sandbox analytics, then the file read the way a browser shows it (tests/analytics/
test_report_browser.py opens the same kind of file in Chromium)."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

from tests.analytics.report_home import HOSTILE, LONG, TIMEZONE, build
from tests.analytics.report_page import SECTIONS, ReportPage
from tests.journeys.terminal import journey_env, psn_executable


def run_psn(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([psn_executable(), *args], env=journey_env(home), capture_output=True, text=True,
                          timeout=60, check=False)


def test_the_report_is_one_a_creator_keeps_open(cli, home, tmp_path):
    week = build(cli)
    page_file = tmp_path / "report.html"
    page_file.write_text("an older report")
    page_file.chmod(0o644)  # even over a world-readable file, the new report is private

    done = run_psn(home, "--sandbox", "analytics", "report", "--html", str(page_file))

    assert done.returncode == 0, done.stderr
    assert f"Report written to {page_file}." in done.stdout
    assert stat.S_IMODE(page_file.stat().st_mode) == 0o600
    html = page_file.read_text()
    page = ReportPage.parse(html)
    assert SECTIONS <= set(page.sections)
    assert page.scripts == 0 and page.external == []  # self-contained: opens offline, loads nothing

    # The trend chart and every other chart say what their axes are, with dates and units.
    assert {"day (UTC)", "score (points)", "followers", f"weekday ({TIMEZONE})",
            f"hour of day ({TIMEZONE})", "average score per post"} <= set(page.axis_titles)
    assert any(label.startswith(("Nov ", "Dec ")) for label in page.chart_texts)  # dated x ticks

    # Each post is linked to where it was published, with its full text.
    published = {p["url"] for p in week.posts}
    linked = {href for href, _ in page.links}
    assert published <= linked and all(u.startswith("https://x.com/") for u in published)
    assert "Open on x ↗" in {text for _, text in page.links}

    # User text is escaped: it reads as typed and never becomes markup.
    assert "<script>" not in html and page.scripts == 0
    assert HOSTILE in page.text

    # The six-post thread is cut at a word boundary with an ellipsis, not mid-word.
    thread = next(t for t in page.texts if "centred0x0" in t)
    assert thread.endswith("…") and "FINALWORD" not in thread
    assert thread[:-1].split()[-1] in LONG.split()  # the last word shown is a whole word

    # Followers over time per account, the account's name, when it was generated and the period.
    assert "x · Sandbox Creator — 1,271 followers (+37 since" in page.text
    assert "generated" in page.text and f"({TIMEZONE})" in page.text
    assert "(30 days, UTC)" in page.text

    # Best times and the prompt version that wrote the generated post, with its score.
    assert "Best day:" in page.text and "Best hour:" in page.text
    assert "post/x" in page.text  # the template name of the generated post's prompt version
