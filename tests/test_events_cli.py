"""`psn events`: the newest events, and --follow printing new ones as they land until Ctrl-C."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


def _record(kind: str, subject: str) -> None:
    from psn.cli.state import ctx
    from psn.store.db import record_event

    with ctx().db.write() as conn:
        record_event(conn, kind, NOW, subject, n=1)


def test_lists_the_newest_events_oldest_first(cli):
    for n in range(5):
        _record("content.published", f"post:{n}")
    rows = cli("--json", "events", "--limit", "3").json()["data"]
    assert [r["subject"] for r in rows] == ["post:2", "post:3", "post:4"]
    only = cli("--json", "events", "--kind", "engagement.received").json()["data"]
    assert only == []
    assert "No events yet." in cli("events", "--kind", "nothing.here").stdout


@pytest.mark.parametrize("as_json", [False, True])
def test_follow_prints_new_events_as_json_lines_until_ctrl_c(cli, monkeypatch, as_json):
    _record("content.published", "post:1")
    sleeps: list[float] = []

    def fake_sleep(seconds: float) -> None:  # each poll: one new event, then Ctrl-C on the third
        sleeps.append(seconds)
        if len(sleeps) == 3:
            raise KeyboardInterrupt
        _record("engagement.received", f"reply:{len(sleeps)}")

    monkeypatch.setattr("time.sleep", fake_sleep)
    result = cli(*(["--json"] if as_json else []), "events", "--follow")
    assert result.exit_code == 0  # Ctrl-C is the way to stop following
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if as_json:
        assert [json.loads(line)["subject"] for line in lines] == ["post:1", "reply:1", "reply:2"]
    else:
        assert len(lines) == 3 and "post:1" in lines[0] and "reply:1" in lines[1] and "reply:2" in lines[2]
    assert sleeps == [1.0, 1.0, 1.0]


def test_follow_with_a_kind_catches_an_event_that_lands_after_others(cli, monkeypatch):
    calls: list[float] = []

    def fake_sleep(seconds: float) -> None:
        calls.append(seconds)
        if len(calls) == 1:
            _record("engagement.received", "reply:1")
            _record("content.published", "post:9")  # a newer event of another kind in the same poll
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr("time.sleep", fake_sleep)
    result = cli("--json", "events", "--follow", "--kind", "engagement.received")
    assert [json.loads(line)["subject"] for line in result.stdout.splitlines() if line.strip()] == ["reply:1"]
