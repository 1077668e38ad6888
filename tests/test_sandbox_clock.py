"""In the sandbox, psn's now is the emulated world's: `psn sandbox advance` moves the token
countdown `psn accounts list` shows, and the next call refreshes a token the emulator expired."""

from __future__ import annotations

from datetime import datetime

import pytest


@pytest.fixture
def connected(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-12-01T09:00:00Z")  # the world's clock runs from here, only when told
    assert cli("--sandbox", "setup", "x").exit_code == 0
    return cli


def token(cli) -> dict:  # type: ignore[no-untyped-def]
    result = cli("--sandbox", "--json", "accounts", "list")
    assert result.exit_code == 0, result.stderr
    return result.json()["data"][0]


def test_advance_moves_the_token_countdown_and_the_next_call_refreshes(connected):
    cli = connected
    issued = token(cli)
    assert issued["expires_in_seconds"] == 7200  # X's sandbox tokens last two hours

    assert cli("--sandbox", "sandbox", "advance", "90m").exit_code == 0
    later = token(cli)
    assert later["token_expires_at"] == issued["token_expires_at"]
    assert later["expires_in_seconds"] == 1800 and later["expires_in_days"] == 0.02
    assert "in 30 min" in cli("--sandbox", "accounts", "list").stdout

    assert cli("--sandbox", "sandbox", "advance", "2h").exit_code == 0
    assert token(cli)["expires_in_seconds"] == -5400
    assert "expired" in cli("--sandbox", "accounts", "list").stdout

    posted = cli("--sandbox", "post", "-p", "x", "-t", "Kiln opened after the weekend", "--yes")
    assert posted.exit_code == 0, posted.stderr  # the emulator refused the old token; psn refreshed it
    renewed = token(cli)
    assert renewed["expires_in_seconds"] == 7200
    moved = datetime.fromisoformat(renewed["token_expires_at"]) - datetime.fromisoformat(issued["token_expires_at"])
    assert moved.total_seconds() == 3.5 * 3600


def test_times_psn_stores_in_the_sandbox_are_the_worlds(connected):
    cli = connected
    assert cli("--sandbox", "sandbox", "advance", "1d").exit_code == 0
    assert cli("--sandbox", "post", "-p", "x", "-t", "A day later", "--yes").exit_code == 0
    post = cli("--sandbox", "--json", "post", "list").json()["data"][0]
    assert post["published_at"].startswith("2026-12-02 09:00")
