"""End to end against the X emulator: publish, advance time, pull, report, record, export."""

import json

import pytest


@pytest.fixture
def published(cli):
    assert cli("--sandbox", "setup", "x").exit_code == 0
    for text, campaign in (("First post about testing", "launch"), ("Second post about shipping", None)):
        args = ["--sandbox", "--json", "post", "-p", "x", "-t", text, "--yes"]
        result = cli(*args, *(["--campaign", campaign] if campaign else []))
        assert result.exit_code == 0, result.stderr
    return cli


def bump_likes(likes: int) -> None:
    """The emulator's posts do not grow by themselves: give the first one some likes."""
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    world = sandbox_world(ctx())
    with world.state("x") as state:
        tweet = sorted(state["tweets"].values(), key=lambda t: t["id"])[-2]
        tweet["public_metrics"]["like_count"] = likes
        tweet["public_metrics"]["impression_count"] = 40 * (likes + 1)


def test_pull_deltas_reports(published, tmp_path):
    cli = published
    first = cli("--sandbox", "--json", "analytics", "pull")
    assert first.exit_code == 0, first.stderr
    assert first.json()["data"]["platforms"][0]["measured"] == 2
    bump_likes(10)
    assert cli("--sandbox", "sandbox", "advance", "2d").exit_code == 0
    second = cli("--sandbox", "--json", "analytics", "pull").json()["data"]["platforms"][0]
    assert second["measured"] == 2 and second["events"] >= 2  # likes and views grew on one post

    board = cli("--sandbox", "--json", "analytics", "leaderboard").json()["data"]
    assert board[0]["text"] == "First post about testing"
    assert board[0]["counts"]["like"] == 10 and board[0]["counts"]["view"] == 440
    summary = cli("--sandbox", "--json", "analytics", "--csv", str(tmp_path / "s.csv")).json()["data"]
    assert summary["groups"][0]["group"] == "x" and summary["groups"][0]["counts"]["like"] == 10
    assert (tmp_path / "s.csv").read_text().splitlines()[0].startswith("channel,score,view")

    by_campaign = cli("--sandbox", "--json", "analytics", "summary", "--by", "campaign").json()["data"]
    assert {g["group"] for g in by_campaign["groups"]} == {"launch", "(none)"}
    launch = cli("--sandbox", "--json", "analytics", "leaderboard", "--campaign", "launch").json()["data"]
    assert [r["campaign"] for r in launch] == ["launch"]

    detail = cli("--sandbox", "--json", "analytics", "show", str(board[0]["content_id"])).json()["data"]
    assert [s["likes"] for s in detail["snapshots"]] == [0, 10]
    assert cli("--sandbox", "--json", "analytics", "channels").json()["data"][0]["content"] == 2
    assert cli("--sandbox", "--json", "analytics", "followers").json()["data"][0]["platform"] == "x"
    campaigns = cli("--sandbox", "--json", "campaigns", "list").json()["data"]
    assert campaigns[0]["campaign"] == "launch" and campaigns[0]["content"] == 1
    shown = cli("--sandbox", "--json", "campaigns", "show", "launch").json()["data"]
    assert shown["leaderboard"][0]["campaign"] == "launch"

    page = tmp_path / "r.html"
    assert cli("--sandbox", "analytics", "report", "--html", str(page)).exit_code == 0
    html = page.read_text()
    assert "<svg" in html and "http" not in html.replace("https://x.com", "")  # no external assets
    assert cli("--sandbox", "analytics").exit_code == 0  # human rendering works too
    assert cli("--sandbox", "analytics", "leaderboard").exit_code == 0


def test_record_manual_and_bad_input(published):
    cli = published
    posts = cli("--sandbox", "--json", "post", "list").json()["data"]
    target = posts[0]["id"]
    ok = cli("--sandbox", "--json", "analytics", "record", str(target), "--clicks", "12", "--conversions", "1")
    assert ok.exit_code == 0 and ok.json()["data"]["recorded"] == {"click": 12, "conversion": 1}
    assert cli("--sandbox", "--json", "analytics", "record", str(target)).exit_code == 2
    assert cli("--sandbox", "--json", "analytics", "record", str(target), "--clicks", "-3").exit_code == 2
    assert cli("--sandbox", "--json", "analytics", "record", "999", "--clicks", "1").exit_code == 2
    board = cli("--sandbox", "--json", "analytics", "leaderboard").json()["data"]
    assert board[0]["score"] == 12 * 3 + 10
    assert cli("--sandbox", "--json", "analytics", "show", "999").exit_code == 2
    assert cli("--sandbox", "--json", "analytics", "--days", "0").exit_code == 2
    assert cli("--sandbox", "--json", "analytics", "--platform", "myspace").exit_code == 2
    assert cli("--sandbox", "--json", "analytics", "pull", "--platform", "myspace").exit_code == 2
    events = cli("--sandbox", "--json", "events").json()["data"]
    assert any(e["kind"] == "engagement.received" for e in events)
    assert json.dumps(events)  # serialisable


def test_a_partial_pull_prints_one_json_document(published):
    """Fault storm finding: a pull that failed on one platform printed its result and then the error
    envelope, two JSON documents on stdout, which no JSON reader accepts."""
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    cli = published
    current().sandbox = True
    sandbox_world(ctx()).inject("x", status=503, times=10)
    pulled = cli("--sandbox", "--json", "analytics", "pull")
    assert pulled.exit_code == 6
    payload = json.loads(pulled.stdout)  # raises if there is more than one document
    assert payload["ok"] is False and payload["error"]["kind"] == "partial_success"
    assert payload["error"]["details"]["platforms"][0]["platform"] == "x"
    assert payload["error"]["details"]["platforms"][0]["error"]
