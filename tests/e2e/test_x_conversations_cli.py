"""Replies under the creator's own X posts (issue 16): `psn engage monitor` finds them through one
bounded recent search (`conversation_id:`), and
`psn engage reply ID --text … --approve` answers the right post with exactly the approved text —
through the API when the reply kept X's @mention of the creator (X's "summoned" rule), as a
hand-off when its author removed it. The reads are charged to the X spend."""

from __future__ import annotations

S = "--sandbox"
NOW = "2026-11-21T12:00:00Z"


def emulator():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current
    from psn.sandbox.x import XEmulator

    current().sandbox = True
    return XEmulator(sandbox_world(ctx()))


def row_for(rows: list[dict], post_id: str) -> dict:
    return next(r for r in rows if r["url"].endswith(f"/status/{post_id}"))


def test_replies_under_your_post_are_found_and_answered_in_place(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", NOW)
    assert cli(S, "setup", "x").exit_code == 0
    cli(S, "engage", "config", "add", "keywords", "build in public")
    posted = cli(S, "--json", "post", "-p", "x", "-t", "I ship one tiny feature a day. Ask me anything.", "--yes")
    assert posted.exit_code == 0, posted.stdout
    own_post = posted.json()["data"]["published"][0]["platform_post_id"]
    asks = emulator().seed_reply(own_post, "2222", "How do you pick what to ship first?")
    quiet = emulator().seed_reply(own_post, "3333", "Love this cadence", mention_parent=False)
    spent_before = cli(S, "--json", "accounts", "list").json()["data"][0]["spend_usd"]

    monitor = cli(S, "--json", "engage", "monitor")
    assert monitor.exit_code == 0, monitor.stdout
    rows = cli(S, "--json", "engage", "list").json()["data"]
    asked, plain = row_for(rows, asks["id"]), row_for(rows, quiet["id"])
    assert asked["on_your_post"] and plain["on_your_post"] and asked["source"] == "mentions"
    assert asked["text"] == "@sandbox_creator How do you pick what to ship first?"
    assert not any(r["url"].endswith(f"/status/{own_post}") for r in rows)  # never your own post
    spent = cli(S, "--json", "accounts", "list").json()["data"][0]["spend_usd"]
    assert spent > spent_before  # the timeline and the replies were read at X's prices

    answer = "Whatever a user asked for twice that week."
    sent = cli(S, "--json", "engage", "reply", str(asked["id"]), "--text", answer, "--approve")
    assert sent.exit_code == 0, sent.stdout
    assert sent.json()["data"]["delivery"] == "api"
    replies = [t for t in emulator().posts_by_creator() if t["reply_to"]]
    assert [(t["reply_to"], t["text"]) for t in replies] == [(asks["id"], answer)]

    handed = cli(S, "--json", "engage", "reply", str(plain["id"]), "--text", "Thank you!", "--approve")
    assert handed.exit_code == 0 and handed.json()["data"]["delivery"] == "handoff"
    assert len([t for t in emulator().posts_by_creator() if t["reply_to"]]) == 1  # nothing sent by psn

    again = cli(S, "--json", "engage", "monitor")
    assert again.exit_code == 0 and again.json()["data"]["platforms"]["x"]["new"] == 0  # found once
