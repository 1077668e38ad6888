"""Two psn processes (the daemon and the CLI) that both find the X token expired must not both
spend the same single-use refresh token: X would revoke the whole token family and the account
would need reconnecting. Each AppContext here stands for one process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from psn.core.clock import FixedClock

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _process(hours: float):  # type: ignore[no-untyped-def]
    from psn.accounts.wiring import adapter_for
    from psn.context import AppContext

    ctx = AppContext.create(sandbox=True, clock=FixedClock(START + timedelta(hours=hours)))
    adapter, _ = adapter_for(ctx, "x")
    return adapter


def test_two_processes_refreshing_at_once_keep_the_account(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", START.isoformat())
    assert cli("--sandbox", "setup", "x").exit_code == 0
    daemon, cli_process = _process(3), _process(3)  # the 2-hour token has expired for both
    daemon.http.credentials.tokens()
    cli_process.http.credentials.tokens()  # both hold the same (expired) tokens in memory
    assert daemon.account().handle == "sandbox_creator"  # refreshes: the old refresh token is spent
    assert cli_process.account().handle == "sandbox_creator"  # must use the daemon's new tokens
    later = _process(6)  # and the account still refreshes afterwards
    assert later.account().handle == "sandbox_creator"
