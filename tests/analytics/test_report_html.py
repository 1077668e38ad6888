"""`psn analytics report --html` edge cases through the CLI: a home with nothing measured yet, a
campaign, a stored address that is not a web page. The full journey is tests/journeys/test_report.py."""

from __future__ import annotations

import stat

from tests.analytics.report_page import SECTIONS, ReportPage


def test_a_new_home_gets_a_report_that_says_what_to_do(cli, tmp_path):
    path = tmp_path / "r.html"
    result = cli("--sandbox", "--json", "analytics", "report", "--html", str(path), "--days", "7")
    assert result.exit_code == 0, result.stderr
    assert result.json()["data"] == {"path": str(path)}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    page = ReportPage.parse(path.read_text())
    assert SECTIONS <= set(page.sections)
    assert "(7 days, UTC)" in page.text
    assert "No engagement in this period yet. Run psn analytics pull." in page.text
    assert "No follower counts recorded in this period yet." in page.text
    assert {"day (UTC)", "score (points)"} <= set(page.axis_titles)


def test_the_campaign_is_named_and_filters_the_posts(cli, tmp_path):
    assert cli("--sandbox", "setup", "x").exit_code == 0
    for text, campaign in (("Spring sale <now>", "spring & co"), ("Unrelated", None)):
        extra = ["--campaign", campaign] if campaign else []
        assert cli("--sandbox", "post", "-p", "x", "-t", text, "--yes", *extra).exit_code == 0
    for content_id in ("1", "2"):
        assert cli("--sandbox", "analytics", "record", content_id, "--likes", "3").exit_code == 0
    path = tmp_path / "r.html"
    assert cli("--sandbox", "analytics", "report", "--html", str(path), "--campaign", "spring & co").exit_code == 0
    html = path.read_text()
    page = ReportPage.parse(html)
    assert "campaign spring & co" in page.text and "spring &amp; co" in html
    assert "Spring sale <now>" in page.text and "Unrelated" not in page.text


def test_only_web_addresses_become_links(cli, tmp_path):
    from sqlalchemy import text

    from psn.cli.state import ctx, current

    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "post", "-p", "x", "-t", "Hello", "--yes").exit_code == 0
    assert cli("--sandbox", "analytics", "record", "1", "--likes", "3").exit_code == 0
    current().sandbox = True
    with ctx().db.engine.begin() as conn:  # a platform answered with a strange permalink
        conn.execute(text("UPDATE published_content SET url = 'javascript:alert(1)' WHERE id = 1"))
    path = tmp_path / "r.html"
    assert cli("--sandbox", "analytics", "report", "--html", str(path)).exit_code == 0
    page = ReportPage.parse(path.read_text())
    assert "Hello" in page.text and not [href for href, _ in page.links if "javascript" in href]
