"""`psn engage reply --approve` and `psn engage confirm` against the X emulator: the flag is the
approval of exactly that text; API when X allows it (the author mentioned you), else a hand-off."""

import pytest
from sqlmodel import select

from psn.store.engage_tables import Approval, EngageLog

S = "--sandbox"


@pytest.fixture
def found(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-21T12:00:00Z")
    assert cli(S, "setup", "x").exit_code == 0
    for keyword in ("build in public", "content calendars"):
        cli(S, "engage", "config", "add", "keywords", keyword)
    assert cli(S, "--json", "engage", "monitor").exit_code == 0
    rows = cli(S, "--json", "engage", "list").json()["data"]
    mention = next(r for r in rows if r["on_your_post"])
    other = next(r for r in rows if not r["on_your_post"])
    return cli, mention["id"], other["id"]


def table(model):
    from psn.cli.state import ctx

    with ctx().db.session() as session:
        return list(session.exec(select(model)).all())


def test_api_reply_records_the_approval_of_exactly_that_text(found):
    cli, mention, _ = found
    out = cli(S, "--json", "engage", "reply", str(mention), "--text", "Thanks Dana!", "--approve")
    assert out.exit_code == 0, out.stdout
    data = out.json()["data"]
    assert data["delivery"] == "api" and data["status"] == "sent"
    [approval] = table(Approval)
    assert approval.text == "Thanks Dana!" and approval.claimed_at is not None
    assert [log.delivery for log in table(EngageLog)] == ["api"]
    again = cli(S, "--json", "engage", "reply", str(mention), "--text", "Thanks Dana!", "--approve")
    assert again.exit_code == 2 and len(table(EngageLog)) == 1  # already engaged: never twice


def test_handoff_waits_for_confirmation(found):
    cli, _, other = found
    data = cli(S, "--json", "engage", "reply", str(other), "--text", "Great thread", "--approve").json()["data"]
    assert data["delivery"] == "handoff" and data["status"] == "awaiting_confirmation"
    assert table(EngageLog) == []
    waiting = cli(S, "--json", "engage", "history").json()["data"]["awaiting_confirmation"]
    assert [w["approval_id"] for w in waiting] == [data["approval_id"]]
    assert cli(S, "--json", "engage", "confirm", str(data["approval_id"])).exit_code == 2
    done = cli(S, "--json", "engage", "confirm", str(data["approval_id"]), "--sent")
    assert done.exit_code == 0 and done.json()["data"]["status"] == "sent"
    assert [log.delivery for log in table(EngageLog)] == ["handoff"]
    assert cli(S, "--json", "engage", "confirm", str(data["approval_id"]), "--sent").exit_code == 2
    assert cli(S, "--json", "engage", "confirm", "999", "--sent").exit_code == 2


def test_not_sent_releases_the_approval(found):
    cli, _, other = found
    data = cli(S, "--json", "engage", "reply", str(other), "--text", "Great thread", "--approve").json()["data"]
    assert cli(S, "--json", "engage", "confirm", str(data["approval_id"]), "--not-sent").exit_code == 0
    assert table(EngageLog) == [] and table(Approval)[0].claimed_at is None


@pytest.mark.parametrize("args", [("--text", "", "--approve"), ("--text", "x" * 281, "--approve"),
                                  ("--text", "Nice")])
def test_bad_input_or_no_approval_exits_2_and_stores_nothing(found, args):
    cli, mention, _ = found
    result = cli(S, "--json", "engage", "reply", str(mention), *args)
    assert result.exit_code == 2 and result.json()["error"]["hint"]
    assert table(Approval) == [] and table(EngageLog) == []


def test_unknown_or_blocked_exits_2_and_stores_nothing(found):
    cli, mention, _ = found
    assert cli(S, "--json", "engage", "reply", "9999", "--text", "hi", "--approve").exit_code == 2
    author = next(r for r in cli(S, "--json", "engage", "list").json()["data"] if r["id"] == mention)["author"]
    cli(S, "engage", "config", "add", "blocked_authors", author)
    assert cli(S, "--json", "engage", "reply", str(mention), "--text", "hi", "--approve").exit_code == 2
    assert table(Approval) == []


def test_a_refusal_keeps_one_approval_for_the_retry(found):
    cli, mention, other = found
    assert cli(S, "--json", "engage", "reply", str(mention), "--text", "one", "--approve").exit_code == 0
    cli(S, "engage", "config", "set", "cap_x", "1")
    for _ in range(2):
        assert cli(S, "--json", "engage", "reply", str(other), "--text", "two", "--approve").exit_code == 5
    assert [a.text for a in table(Approval)] == ["one", "two"]  # the refused one is reused, not duplicated
    cli(S, "engage", "config", "set", "cap_x", "20")
    assert cli(S, "--json", "engage", "reply", str(other), "--text", "two", "--approve").exit_code == 0
    assert len(table(Approval)) == 2


def test_a_handoff_is_not_held_back_by_the_cooldown_of_an_api_reply(found):
    """The cooldown paces psn's own API sends; a reply the creator posts by hand is theirs."""
    cli, mention, other = found
    assert cli(S, "--json", "engage", "reply", str(mention), "--text", "one", "--approve").exit_code == 0
    handed = cli(S, "--json", "engage", "reply", str(other), "--text", "two", "--approve")
    assert handed.exit_code == 0 and handed.json()["data"]["delivery"] == "handoff"


def test_explain_shows_the_drafts(found):
    cli, mention, _ = found
    data = cli(S, "--json", "engage", "explain", str(mention)).json()["data"]
    assert len(data["drafts"]) >= 2
