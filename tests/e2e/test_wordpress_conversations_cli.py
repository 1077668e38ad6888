"""WordPress through the real CLI against the emulated site, as a person uses it: a reader comments
under a post, `psn engage monitor` finds it (not the creator's own comments), the reply goes out
threaded with exactly the approved text, history counts it, a pasted comment link is the same
conversation; `psn analytics pull` counts the comments; a post WordPress schedules itself is shown
published, with its permalink and real time, once the site publishes it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.test_wordpress_cli import FIELDS

HOST = "wp.example.com"


def world():  # type: ignore[no-untyped-def]
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


def comments() -> list[dict]:
    return world().read(f"wordpress-{HOST}")["comments"]


@pytest.fixture
def site(cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PSN_SECRETS", "file")
    monkeypatch.setenv("PSN_SANDBOX", "1")
    assert cli("--json", "setup", "wordpress", *FIELDS).exit_code == 0
    return cli


def test_a_reader_comment_is_found_answered_in_its_thread_and_counted(site):
    from psn.sandbox.wordpress_site import seed_comment

    published = site("--json", "article", "-p", "wordpress", "--title", "Build notes", "-t", "How I build.", "--yes")
    [row] = published.json()["data"]["published"]
    post = int(row["platform_post_id"])
    reader = seed_comment(world(), HOST, post, "Great post! How did you <em>set up</em> the build?")
    seed_comment(world(), HOST, post, "A note from me", author="Demo", author_id=1)  # the creator's own
    assert site("engage", "config", "add", "monitor_platforms", "wordpress").exit_code == 0  # no keywords needed

    found = site("--json", "engage", "monitor")
    assert found.exit_code == 0, found.stdout
    assert found.json()["data"]["platforms"]["wordpress"]["new"] == 1  # the creator's own comment is not one
    [opp] = site("--json", "engage", "list").json()["data"]
    assert opp["text"] == "Great post! How did you set up the build?" and opp["on_your_post"]
    assert opp["author"] == "A Reader" and opp["url"].endswith(f"/build-notes/#comment-{reader}")

    pasted = site("--json", "engage", "add", opp["url"], "--text", "Great post!")
    assert pasted.json()["data"]["duplicates"] == 1  # the same conversation, not a second one

    text = "Thanks! A Makefile and one small script."
    sent = site("--json", "engage", "reply", str(opp["id"]), "-t", text, "--approve")
    assert sent.exit_code == 0, sent.stdout
    assert sent.json()["data"]["delivery"] == "api"
    [reply] = [c for c in comments() if c["parent"]]
    assert (reply["parent"], reply["post"], reply["content"]["rendered"]) == (reader, post, f"<p>{text}</p>")
    history = site("--json", "engage", "history", "-p", "wordpress").json()["data"]
    assert [(r["delivery"], r["text"]) for r in history["replies"]] == [("api", text)]
    assert history["replies"][0]["url"].endswith(f"#comment-{reply['id']}")
    again = site("--json", "engage", "monitor").json()["data"]["platforms"]["wordpress"]
    assert again["new"] == 0  # the reply is the creator's own: nothing new to answer

    pulled = site("--json", "analytics", "pull", "-p", "wordpress")
    assert pulled.json()["data"]["platforms"][0]["measured"] == 1
    shown = site("--json", "analytics", "show", str(row["id"])).json()["data"]
    assert shown["snapshots"][-1]["comments"] == 3  # X-WP-Total: the reader, the creator's note, the reply


def test_links_on_the_own_site_are_conversations_on_own_posts(site):
    published = site("--json", "article", "-p", "wordpress", "--title", "Plain", "-t", "Body", "--yes")
    url = published.json()["data"]["published"][0]["url"]
    added = site("--json", "engage", "add", url, "--text", "My own post")
    assert added.exit_code == 0, added.stdout
    [opp] = site("--json", "engage", "list").json()["data"]
    assert opp["on_your_post"] and opp["platform"] == "wordpress"
    sent = site("--json", "engage", "reply", str(opp["id"]), "-t", "An update: part two is out.", "--approve")
    assert sent.json()["data"]["delivery"] == "api", sent.stdout
    [comment] = comments()
    assert comment["parent"] == 0 and comment["content"]["rendered"] == "<p>An update: part two is out.</p>"
    front = site("--json", "engage", "add", f"https://{HOST}/", "--text", "x")
    assert front.exit_code == 2 and "front page" in front.json()["error"]["message"]
    other = site("--json", "engage", "add", "https://blog.example.org/post/#comment-2", "--text", "x")
    assert other.exit_code == 2 and "Not a post URL" in other.json()["error"]["message"]


def test_a_post_wordpress_schedules_is_shown_published_once_the_site_publishes_it(site):
    when = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
    scheduled = site("--json", "article", "-p", "wordpress", "--title", "Later", "-t", "Soon", "--at",
                     when.isoformat(), "--yes")
    [row] = scheduled.json()["data"]["published"]
    assert (row["status"], row["published_at"]) == ("scheduled", None)
    assert row["scheduled_at"].startswith(when.strftime("%Y-%m-%d %H:%M")) and "?p=" in row["url"]
    assert site("--json", "post", "status", str(row["id"])).json()["data"]["status"] == "scheduled"  # not yet

    assert site("sandbox", "advance", "3h").exit_code == 0
    [listed] = site("--json", "post", "list").json()["data"]
    shown = site("--json", "post", "status", str(row["id"])).json()["data"]
    assert listed == {key: value for key, value in shown.items() if key != "notes"}  # status adds its notes
    assert shown["status"] == "published" and re.fullmatch(rf"https://{HOST}/\d{{4}}/\d\d/\d\d/later/", shown["url"])
    assert shown["published_at"].startswith(when.strftime("%Y-%m-%d %H:%M"))  # when it went live, not when sent
    assert site("--json", "post", "status", "99").exit_code == 2


def test_the_daemon_records_a_post_wordpress_has_published(site):
    when = datetime.now(UTC) + timedelta(hours=1)
    scheduled = site("--json", "article", "-p", "wordpress", "--title", "Daemon", "-t", "x", "--at",
                     when.isoformat(), "--yes")
    content_id = scheduled.json()["data"]["published"][0]["id"]
    assert site("sandbox", "advance", "2h").exit_code == 0
    ran = site("--json", "daemon", "run", "--once", "--job", "followup")
    assert ran.exit_code == 0, ran.stdout + ran.stderr
    from psn.cli.state import ctx
    from psn.publishing.records import get_content

    row = get_content(ctx(), content_id)
    assert row.status == "published" and row.url.endswith("/daemon/")  # read straight from the database
    assert len(world().read(f"wordpress-{HOST}")["posts"]) == 1  # looked up, never sent again
