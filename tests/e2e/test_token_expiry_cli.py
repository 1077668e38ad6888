"""`psn accounts health` and the daemon read a connection's end the same way (psn/accounts/expiry.py):
a LinkedIn partner app renews its 60-day access token itself, so what ends it is the 365-day refresh
token — both warn a week ahead, with the days left and the fix. Also `psn webhooks secret
--verify-token`, which says what it stored."""

from __future__ import annotations

import pytest

CONNECTED_AT = "2026-11-20T10:00:00+00:00"


def emulator():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current
    from psn.sandbox.linkedin import LinkedInEmulator

    current().sandbox = True
    return LinkedInEmulator(sandbox_world(ctx()))


@pytest.fixture
def partner(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", CONNECTED_AT)
    emulator().make_partner("sandbox-client_id")
    result = cli("--sandbox", "--json", "setup", "linkedin")
    assert result.exit_code == 0, result.stderr
    return cli


def test_health_and_daemon_warn_before_the_linkedin_refresh_token_ends(partner, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2027-05-20T10:00:00+00:00")  # six months on: the access token renews itself
    quiet = partner("--sandbox", "--json", "accounts", "health")
    assert quiet.exit_code == 0, quiet.stdout
    [row] = quiet.json()["data"]
    assert row["refreshable"] and row["warnings"] == []

    monkeypatch.setenv("PSN_NOW", "2027-11-16T10:00:00+00:00")  # the refresh token ends 2027-11-20 10:00
    health = partner("--sandbox", "--json", "accounts", "health")
    assert health.exit_code == 3
    [row] = health.json()["data"]
    assert row["warnings"] == ["refresh token expires in 4 days (on 2027-11-20) and psn cannot renew it: "
                               "run `psn setup linkedin` before then"]
    assert row["renew_by"].startswith("2027-11-20")
    human = partner("--sandbox", "accounts", "health")
    assert "refresh token expires in 4 days" in " ".join(human.stdout.split())

    ran = partner("--sandbox", "daemon", "run", "--once", "--job", "refresh_tokens")
    assert ran.exit_code == 0, ran.stderr
    notes = partner("--sandbox", "--json", "notify", "history").json()["data"]  # `notify list` lists channels
    titles = [n["title"] for n in (notes["notifications"] if isinstance(notes, dict) else notes)]
    assert "Your linkedin refresh token expires in 4 days" in titles

    monkeypatch.setenv("PSN_NOW", "2027-11-21T10:00:00+00:00")
    [row] = partner("--sandbox", "--json", "accounts", "health").json()["data"]
    assert row["warnings"] == ["refresh token expired on 2027-11-20: run `psn setup linkedin`"]


def test_webhooks_secret_says_which_secret_it_stored(cli, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("my-verify-token\n"))
    token = cli("webhooks", "secret", "facebook", "--verify-token")
    assert token.exit_code == 0 and "Stored the facebook verify token." in token.stdout
    monkeypatch.setattr("sys.stdin", io.StringIO("app-secret\n"))
    secret = cli("--json", "webhooks", "secret", "facebook")
    assert secret.json()["data"] == {"platform": "facebook", "stored": "secret"}
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    empty = cli("webhooks", "secret", "facebook", "--verify-token")
    assert empty.exit_code == 2 and "No verify token on stdin" in empty.stderr

    from psn.cli.state import ctx
    from psn.webhooks import keys

    assert keys.read(ctx().secrets, "facebook", "verify_token") == "my-verify-token"
    assert keys.read(ctx().secrets, "facebook") == "app-secret"
