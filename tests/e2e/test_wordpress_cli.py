"""The real CLI against the emulated WordPress: connect (https only, users/me), articles with terms
and a featured image, pages, refusals that send nothing, and a crash between the featured image
and the post, retried into exactly one post."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

PASSWORD = "abcd EFGH 1234 ijkl MNOP 6789"
FIELDS = ("--field", "site_url=https://wp.example.com", "--field", "username=demo",
          "--field", f"application_password={PASSWORD}")


def site() -> dict:
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx()).read("wordpress-wp.example.com")


@pytest.fixture
def connected(cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PSN_SECRETS", "file")
    result = cli("--sandbox", "--json", "setup", "wordpress", *FIELDS)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.json()["data"]["handle"] == "demo"
    return cli


@pytest.mark.parametrize(("fields", "code", "fragment"), [
    (("--field", "site_url=http://wp.example.com"), 2, "plain http"),
    (("--field", "application_password=abcd EFGH 1234 ijkl MNOP 0000"), 3, "invalid application password"),
    (("--field", "username=writer", "--field", "application_password=wxyz WXYZ 9876 mnop QRST 5432"), 3,
     "cannot publish"),
])
def test_connect_refusals(cli, fields, code, fragment):
    result = cli("--sandbox", "--json", "setup", "wordpress", *FIELDS, *fields)
    assert result.exit_code == code, result.stdout
    assert fragment in result.json()["error"]["message"]
    assert cli("--sandbox", "--json", "accounts", "list").json()["data"] == []


def test_article_with_terms_and_featured_image_returns_the_real_link(connected, tmp_path):
    image = tmp_path / "hero.jpg"
    image.write_bytes(b"\xff\xd8jpeg")
    result = connected("--sandbox", "--json", "article", "-p", "wordpress", "--title", "Launch notes",
                       "-t", "First paragraph.\n\nSecond one.", "--tag", "python", "--tag", "launch",
                       "--category", "News", "--excerpt", "Short", "--featured", str(image), "--yes")
    assert result.exit_code == 0, result.stdout
    [row] = result.json()["data"]["published"]
    assert re.fullmatch(r"https://wp\.example\.com/\d{4}/\d{2}/\d{2}/launch-notes/", row["url"])  # the permalink
    assert set(row["steps"]) == {"media", "post:before", "post", "media:attached"}
    [post] = site()["posts"].values()
    assert len(post["tags"]) == 2 and post["featured_media"] and post["excerpt"] == "Short"


def test_psn_post_takes_the_first_line_as_title_and_pages_work(connected):
    post = connected("--sandbox", "--json", "post", "-p", "wordpress", "-t", "# Quick note\n\nBody", "--yes")
    assert post.exit_code == 0, post.stdout
    page = connected("--sandbox", "--json", "article", "-p", "wordpress", "--page", "--title", "About", "-t", "Me",
                     "--yes")
    assert page.json()["data"]["published"][0]["platform_post_id"].startswith("page:")
    assert sorted(p["title"] for p in site()["posts"].values()) == ["About", "Quick note"]


def test_scheduled_then_refusals_send_nothing(connected):
    scheduled = connected("--sandbox", "--json", "article", "-p", "wordpress", "--title", "Later", "-t", "Soon",
                          "--at", (datetime.now(UTC) + timedelta(days=30)).isoformat(), "--yes")
    assert scheduled.json()["data"]["published"][0]["status"] == "scheduled"
    past = connected("--sandbox", "--json", "article", "-p", "wordpress", "--title", "Past", "-t", "x",
                     "--at", "2020-01-01T00:00:00Z", "--yes")
    assert past.exit_code == 2 and "in the past" in past.json()["error"]["message"]
    assert connected("--sandbox", "config", "set", "wordpress.create_missing_terms", "false").exit_code == 0
    unknown = connected("--sandbox", "--json", "article", "-p", "wordpress", "--title", "Tagged", "-t", "x",
                        "--tag", "never-seen", "--yes")
    assert unknown.exit_code == 2 and "never-seen" in unknown.json()["error"]["message"]
    assert [p["title"] for p in site()["posts"].values()] == ["Later"]
    assert site()["terms"]["tags"] == {}


def test_killed_after_the_featured_image_then_retry_posts_once(connected, tmp_path):
    image = tmp_path / "hero.png"
    image.write_bytes(b"\x89PNG")
    env = {**os.environ, "PSN_CRASH_AFTER_STEP": "media"}
    proc = subprocess.run([sys.executable, "-m", "psn", "--sandbox", "article", "-p", "wordpress", "--title",
                           "Crashy", "-t", "Body", "--featured", str(image), "--yes"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 137, proc.stderr
    [row] = connected("--sandbox", "--json", "post", "list").json()["data"]
    assert connected("--sandbox", "post", "retry", str(row["id"])).exit_code == 0
    assert len(site()["posts"]) == 1 and len(site()["media"]) == 1


def test_a_secret_field_can_come_from_stdin(cli, monkeypatch):
    """`--field application_password=-` reads it from stdin: it never sits in argv or shell history."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    result = cli("--sandbox", "--json", "setup", "wordpress", "--field", "site_url=https://wp.example.com",
                 "--field", "username=demo", "--field", "application_password=-")
    assert result.exit_code == 0, result.stdout + result.stderr
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    empty = cli("--sandbox", "--json", "setup", "wordpress", "--field", "site_url=https://wp.example.com",
                "--field", "username=demo", "--field", "application_password=-")
    assert empty.exit_code == 2 and "read nothing from stdin" in empty.json()["error"]["message"]
    two = cli("--sandbox", "--json", "setup", "wordpress", "--field", "username=-", "--field", "application_password=-")
    assert two.exit_code == 2 and "Only one --field" in two.json()["error"]["message"]
