"""Comments on the creator's own LinkedIn posts (issue 16). LinkedIn lets only apps approved for
r_member_social read comments (contracts §2.6), and psn's Share on LinkedIn app is not one: `psn
engage monitor` says so, with the way round it — paste the comment's link into `psn engage add`,
and `psn engage reply` answers under that comment through the API with exactly the approved text."""

from __future__ import annotations

from urllib.parse import quote

S = "--sandbox"


def emulator():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current
    from psn.sandbox.linkedin import LinkedInEmulator

    current().sandbox = True
    return LinkedInEmulator(sandbox_world(ctx()))


def test_monitor_says_why_and_a_pasted_comment_is_answered_under_it(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-20T10:00:00+00:00")
    assert cli(S, "setup", "linkedin").exit_code == 0
    cli(S, "engage", "config", "add", "keywords", "pottery")
    cli(S, "engage", "config", "set", "monitor_platforms", "linkedin")
    posted = cli(S, "--json", "post", "-p", "linkedin", "-t", "My first kiln firing went wrong. Ask me why.", "--yes")
    own = posted.json()["data"]["published"][0]["platform_post_id"]
    comment = emulator().seed_comment(own, "What temperature did you fire at?")

    report = cli(S, "--json", "engage", "monitor")
    assert report.exit_code == 0, report.stdout
    linkedin = report.json()["data"]["platforms"]["linkedin"]
    assert "r_member_social" in linkedin["conversations_unavailable"]
    human = " ".join(cli(S, "engage", "monitor").stdout.split())
    assert "comments on your posts are not read: LinkedIn lets only apps approved for r_member_social" in human
    assert "psn engage add URL" in human

    link = f"https://www.linkedin.com/feed/update/{own}/?commentUrn={quote(comment, safe='')}"
    added = cli(S, "--json", "engage", "add", link, "--text", "What temperature did you fire at?")
    assert added.exit_code == 0, added.stdout
    [row] = cli(S, "--json", "engage", "list").json()["data"]
    answer = "Cone 6, and too fast: 150 °C an hour past 500 is what cracked it."
    sent = cli(S, "--json", "engage", "reply", str(row["id"]), "--text", answer, "--approve")
    assert sent.exit_code == 0, sent.stdout
    assert sent.json()["data"]["delivery"] == "api"
    [reply] = [c for c in emulator().comments() if c.get("parentComment")]
    assert (reply["parentComment"], reply["message"]["text"], reply["post"]) == (comment, answer, own)
    assert reply["actor"] == "urn:li:person:Sbx0Creator"
