"""The CLI against the X emulator: config (logged), monitor (search + mentions), add by URL, explain."""

import pytest

from psn.store.db import list_events


@pytest.fixture
def connected(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-21T12:00:00Z")
    assert cli("--sandbox", "setup", "x").exit_code == 0
    return cli


def events():
    from psn.cli.state import ctx

    return list_events(ctx().db.engine, kind="engage.config_changed")


def test_config_set_add_remove_logged(connected):
    cli = connected
    assert cli("--sandbox", "--json", "engage", "config", "set", "cap_x", "7").json()["data"]["value"] == 7
    out = cli("--sandbox", "--json", "engage", "config", "add", "keywords", "Indie SaaS").json()["data"]
    assert out["values"] == ["indie saas"]
    shown = cli("--sandbox", "--json", "engage", "config", "show").json()["data"]
    assert shown["settings"]["cap_x"] == 7 and shown["keywords"] == ["indie saas"]
    assert cli("--sandbox", "--json", "engage", "config", "remove", "keywords", "indie saas").json()["data"][
        "values"] == []
    assert [e["subject"] for e in events()][:2] == ["engage.cap_x", "engage.keywords_add"]


@pytest.mark.parametrize("args", [("set", "cap_x", "-1"), ("set", "nope", "1"), ("set", "quiet_hours", "late"),
                                  ("add", "nope", "x")])
def test_bad_config_exits_2_and_stores_nothing(connected, args):
    result = connected("--sandbox", "--json", "engage", "config", *args)
    assert result.exit_code == 2, result.stdout
    assert events() == []


def test_monitor_without_keywords_names_the_fix(connected):
    result = connected("--sandbox", "--json", "engage", "monitor")
    assert result.exit_code == 2 and "engage config add keywords" in result.json()["error"]["hint"]


def test_monitor_finds_scores_and_drafts(connected):
    cli = connected
    cli("--sandbox", "engage", "config", "add", "keywords", "build in public")
    cli("--sandbox", "engage", "config", "add", "keywords", "content calendars")
    data = cli("--sandbox", "--json", "engage", "monitor").json()["data"]
    assert data["platforms"]["x"]["new"] >= 2 and data["drafted"] == data["platforms"]["x"]["new"]
    assert "skipped" in data["platforms"]["linkedin"]
    rows = cli("--sandbox", "--json", "engage", "list").json()["data"]
    summoned = [r for r in rows if r["on_your_post"]]
    assert len(summoned) == 1 and summoned[0]["author"] == "dana_dev"
    again = cli("--sandbox", "--json", "engage", "monitor").json()["data"]
    assert again["platforms"]["x"]["new"] == 0  # deduplicated
    explained = cli("--sandbox", "--json", "engage", "explain", str(rows[0]["id"])).json()["data"]
    assert explained["score"] == rows[0]["score"]


def test_add_by_url(connected):
    cli = connected
    url = "https://www.linkedin.com/feed/update/urn:li:activity:7001/"
    out = cli("--sandbox", "--json", "engage", "add", url, "--text", "How do you plan content?", "--author", "kim")
    assert out.exit_code == 0 and out.json()["data"]["new"] == 1
    assert cli("--sandbox", "--json", "engage", "add", "https://example.com/x", "--text", "t").exit_code == 2
    assert cli("--sandbox", "--json", "engage", "add", url).exit_code == 2
    rows = cli("--sandbox", "--json", "engage", "list").json()["data"]
    assert rows[0]["platform"] == "linkedin" and rows[0]["source"] == "manual"


def test_a_failed_source_is_a_partial_monitor_and_the_rest_is_kept(connected):
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx

    cli = connected
    cli("--sandbox", "engage", "config", "add", "keywords", "build in public")
    sandbox_world(ctx()).inject("x", path="/2/tweets/search/recent", status=503, times=10)
    result = cli("--sandbox", "--json", "engage", "monitor")
    assert result.exit_code == 6, result.stdout
    error = result.json()["error"]
    assert "x search" in error["message"] and error["details"]["platforms"]["x"]["new"] == 1  # mentions still came
    text = cli("--sandbox", "engage", "monitor")
    assert text.exit_code == 6 and "search failed:" in text.stdout
