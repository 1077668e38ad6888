"""`psn setup engage`: every choice has a flag; bad values exit 2 and change nothing."""

import pytest

from psn.store.db import list_events


def events():
    from psn.cli.state import ctx

    return list_events(ctx().db.engine, kind="engage.config_changed")


def test_flags_set_everything_without_a_terminal(cli):
    out = cli("--json", "setup", "engage", "--keyword", "Indie SaaS", "--keyword", "build in public",
              "--cap", "x=12", "--cap", "linkedin=4", "--cooldown", "3", "--platform", "x", "--platform", "linkedin",
              "--quiet-hours", "22:00-07:00", "--auto-tune")
    assert out.exit_code == 0, out.stdout
    data = out.json()["data"]
    assert data["keywords"] == ["indie saas", "build in public"]
    s = data["settings"]
    assert (s["cap_x"], s["cap_linkedin"], s["cooldown_minutes"], s["quiet_hours"], s["auto_tune"]) == \
        (12, 4, 3, "22:00-07:00", True)
    assert s["monitor_platforms"] == ["x", "linkedin"]
    assert {e["subject"] for e in events()} >= {"engage.cap_x", "engage.keywords_add", "engage.auto_tune"}
    dropped = cli("--json", "setup", "engage", "--drop", "indie saas").json()["data"]
    assert dropped["keywords"] == ["build in public"]
    assert "indie saas" in dropped["settings"]["keywords_remove"]


@pytest.mark.parametrize("args", [("--cap", "x=abc"), ("--cap", "mars=3"), ("--quiet-hours", "late"),
                                  ("--cooldown", "-1"), ("--keyword", "ok", "--cap", "x=9999")])
def test_bad_values_exit_2_and_change_nothing(cli, args):
    result = cli("--json", "setup", "engage", *args)
    assert result.exit_code == 2 and result.json()["error"]["hint"]
    assert events() == []
    assert cli("--json", "engage", "config", "show").json()["data"]["keywords"] == []


def test_no_flags_without_a_terminal_names_the_flag(cli):
    result = cli("--json", "setup", "engage")
    assert result.exit_code == 2 and "--defaults" in result.json()["error"]["hint"]
    kept = cli("--json", "setup", "engage", "--defaults")
    assert kept.exit_code == 0 and kept.json()["data"]["settings"]["cap_x"] == 20 and events() == []
