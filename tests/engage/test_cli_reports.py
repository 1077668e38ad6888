"""`psn engage history | stats | learn` through the CLI (--json payloads and exit codes)."""

import pytest


@pytest.fixture
def cli_now(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-21T12:00:00Z")
    return cli


def test_history_and_stats_empty(cli_now):
    data = cli_now("--json", "engage", "history").json()["data"]
    assert data == {"days": 7, "daily": [], "replies": [], "awaiting_confirmation": [], "waiting_to_send": []}
    stats = cli_now("--json", "engage", "stats", "--days", "3").json()["data"]
    assert stats["days"] == 3 and stats["remaining_caps"]["x"]["left"] == 20
    assert cli_now("engage", "history").exit_code == 0 and cli_now("engage", "stats").exit_code == 0


@pytest.mark.parametrize("args", [("history", "--days", "0"), ("stats", "--days", "400")])
def test_bad_period_exits_2(cli_now, args):
    assert cli_now("--json", "engage", *args).exit_code == 2


def test_learn_with_nothing_due(cli_now):
    result = cli_now("--json", "engage", "learn")
    assert result.exit_code == 0 and result.json()["data"] == {"outcomes": {}, "applied": [], "suggestions": []}


def test_auto_tune_bounds_must_be_ordered(cli_now):
    result = cli_now("--json", "engage", "config", "set", "auto_tune_min_weight", "70")
    assert result.exit_code == 2
    shown = cli_now("--json", "engage", "config", "show").json()["data"]["settings"]
    assert shown["auto_tune_min_weight"] == 5 and shown["auto_tune"] is False
