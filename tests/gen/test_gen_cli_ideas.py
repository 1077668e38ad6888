"""`psn ideas …` through the real CLI."""

import pytest

from psn.cli import prompts


def add(cli, *args):
    result = cli("--json", "ideas", "add", *args)
    assert result.exit_code == 0, result.stdout
    return result.json()["data"]


def test_add_list_show(cli):
    first = add(cli, "Why flaky tests are a design smell", "--pillar", "testing", "-p", "x", "-p", "LinkedIn",
                "--format", "thread", "--urgency", "high")
    assert first["platforms"] == ["x", "linkedin"] and first["stage"] == "spark" and first["usable"]
    add(cli, "Second idea", "--stage", "seed")
    listed = cli("--json", "ideas", "list").json()["data"]
    assert [i["id"] for i in listed] == [1, 2]
    assert cli("--json", "ideas", "list", "--stage", "seed").json()["data"][0]["id"] == 2
    assert [i["id"] for i in cli("--json", "ideas", "list", "-p", "linkedin").json()["data"]] == [1, 2]
    human = cli("ideas", "show", "1")
    assert "Why flaky tests are a design smell" in human.stdout and "high urgency" in human.stdout


@pytest.mark.parametrize("args", [
    ["  "], ["x", "--urgency", "asap"], ["x", "-p", "myspace"], ["x", "--format", "hologram"],
    ["x", "--stage", "used"], ["x", "--expires", "next tuesday"], ["x", "--expires", "2020-01-01"],
])
def test_bad_input_exits_2_and_stores_nothing(cli, args):
    assert cli("ideas", "add", *args).exit_code == 2
    assert cli("--json", "ideas", "list", "--all").json()["data"] == []


def test_expiry_is_read_in_the_creators_timezone(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-21T09:00:00Z")
    cli("config", "set", "general.timezone", "Asia/Tokyo")
    idea = add(cli, "Black Friday take", "--expires", "2026-11-28 09:00")
    assert idea["expires_at"].startswith("2026-11-28T00:00:00")  # 09:00 in Tokyo is midnight UTC
    day = add(cli, "Cyber Monday", "--expires", "2026-12-01")
    assert day["expires_at"].startswith("2026-12-01T14:59:00")  # the end of that day in Tokyo
    monkeypatch.setenv("PSN_NOW", "2026-11-29T00:00:00Z")
    assert [i["id"] for i in cli("--json", "ideas", "list").json()["data"]] == [2]
    assert cli("--json", "ideas", "show", "1").json()["data"]["expired"] is True
    assert cli("ideas", "promote", "1").exit_code == 2
    assert cli("ideas", "edit", "1", "--no-expiry").exit_code == 0
    assert cli("--json", "ideas", "promote", "1").json()["data"]["stage"] == "seed"


def test_edit_promote_kill(cli):
    add(cli, "Draft idea")
    edited = cli("--json", "ideas", "edit", "1", "--text", "Better idea", "-p", "tiktok", "--urgency", "low")
    assert edited.json()["data"]["text"] == "Better idea" and edited.json()["data"]["platforms"] == ["tiktok"]
    assert cli("ideas", "edit", "1").exit_code == 2
    assert cli("ideas", "edit", "1", "--expires", "2030-01-01", "--no-expiry").exit_code == 2
    assert cli("--json", "ideas", "promote", "1", "--to", "ready").json()["data"]["stage"] == "ready"
    assert cli("ideas", "promote", "1").exit_code == 2
    no_reason = cli("--json", "ideas", "kill", "1")
    assert no_reason.exit_code == 2 and "--reason" in no_reason.json()["error"]["hint"]
    killed = cli("--json", "ideas", "kill", "1", "--reason", "said it before").json()["data"]
    assert killed["stage"] == "killed" and killed["kill_reason"] == "said it before"
    assert cli("--json", "ideas", "list").json()["data"] == []
    assert cli("--json", "ideas", "list", "--stage", "killed").json()["data"][0]["id"] == 1


def test_kill_asks_for_a_reason_on_a_terminal(cli, monkeypatch):
    add(cli, "Meh")
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    monkeypatch.setattr(prompts, "text", lambda message, default="", validate=None: "not my niche")
    assert cli("--json", "ideas", "kill", "1").json()["data"]["kill_reason"] == "not my niche"


def test_unknown_idea(cli):
    result = cli("--json", "ideas", "show", "7")
    assert result.exit_code == 2 and "psn ideas list --all" in result.json()["error"]["hint"]


def test_human_list(cli):
    assert "No ideas here" in cli("ideas", "list").stdout
    add(cli, "[bold]not markup[/bold] idea")
    assert "[bold]not markup[/bold]" in cli("ideas", "list").stdout
