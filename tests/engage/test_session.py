"""The session end to end against the X emulator, driven by prompt_toolkit pipe input:
monitor → triage → API reply to the summoned post, hand-off for the unsummoned one → idea bank.
Plus: Ctrl-C keeps every answer, and no terminal means exit 2."""

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from psn.cli import prompts

ENTER, CTRL_C = "\r", "\x03"


@pytest.fixture
def monitored(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-21T12:00:00Z")
    assert cli("--sandbox", "setup", "x").exit_code == 0
    cli("--sandbox", "engage", "config", "add", "keywords", "content calendars")
    cli("--sandbox", "engage", "config", "set", "cooldown_minutes", "0")
    assert cli("--sandbox", "engage", "monitor").exit_code == 0
    rows = cli("--sandbox", "--json", "engage", "list").json()["data"]
    assert len(rows) == 2
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    monkeypatch.setattr("psn.cli.commands.engage.session._copy", lambda text: False)
    return cli, rows, opened


def drive(cli, keys, *args):
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text(keys)
        return cli("--sandbox", "engage", *args)


def test_no_terminal_exits_2(cli):
    result = cli("--json", "engage")
    assert result.exit_code == 2 and "engage list --json" in result.json()["error"]["hint"]


def test_session_api_reply_and_handoff(monitored, monkeypatch):
    cli, rows, opened = monitored
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    # triage: yes, yes; best first: the summoned one, someone talking to you (API, approved with y), then
    # the unsummoned one (hand-off: approved with y, confirmed with y); an idea at the end
    result = drive(cli, "yy" + ENTER + "y" + ENTER + "yy" + "Posting cadence thread" + ENTER)
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "engaged 2 (hand-off 1)" in result.stdout
    history = {r["platform_reply_id"] is not None for r in _log()}
    assert history == {True, False}
    summoned_url = next(r["url"] for r in rows if not r["on_your_post"])
    assert opened == [summoned_url]
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx
    from psn.sandbox.x import XEmulator

    assert len(XEmulator(sandbox_world(ctx())).posts_by_creator()) == 1  # only the summoned one via API
    assert cli("--sandbox", "--json", "engage", "list").json()["data"] == []
    assert _idea_source() == "engage"


def test_ctrl_c_keeps_answers_and_next_session_resumes(monitored, monkeypatch):
    cli, rows, _ = monitored
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    assert drive(cli, "n" + CTRL_C).exit_code == 130
    left = cli("--sandbox", "--json", "engage", "list").json()["data"]
    assert [r["id"] for r in left] == [rows[1]["id"]]  # the "no" was kept
    assert drive(cli, "y" + CTRL_C).exit_code == 130  # accepted, interrupted before drafting
    # nothing to triage; the accepted one (unsummoned: a hand-off, approved then confirmed) comes back to draft
    result = drive(cli, ENTER + "yy" + ENTER)
    assert result.exit_code == 0, result.stderr
    assert "engaged 1" in result.stdout


def _log():
    from sqlalchemy import text

    from psn.cli.state import ctx

    with ctx().db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text("SELECT * FROM engage_log"))]


def _idea_source():
    from sqlalchemy import text

    from psn.cli.state import ctx

    with ctx().db.engine.connect() as conn:
        return conn.execute(text("SELECT source FROM ideas")).scalar()


def test_first_card_is_shown_once_and_quiet_hours_are_named(monitored, monkeypatch):
    cli, rows, _ = monitored
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    cli("--sandbox", "engage", "config", "set", "quiet_hours", "11:00-13:00")
    result = drive(cli, "nq" + ENTER)
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "2 to triage" in result.stdout and "quiet hours (11:00-13:00)" in result.stdout
    for row in rows:  # each card exactly once: the quick first card is not repeated by the engine
        assert result.stdout.count(f"@{row['author']} (") == 1


def test_session_expires_stale_opportunities_first(monitored, monkeypatch):
    cli, _, _ = monitored
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    monkeypatch.setenv("PSN_NOW", "2026-11-23T13:00:00Z")  # 49 h later: both expired
    result = drive(cli, ENTER)
    assert "0 to triage" in result.stdout
    assert cli("--sandbox", "--json", "engage", "list").json()["data"] == []
