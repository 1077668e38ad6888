"""The real CLI against the X emulator: connect, post, thread with an image, crash and rerun,
bad input, not connected, payment required."""

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture
def connected(cli):
    result = cli("--sandbox", "--json", "setup", "x")
    assert result.exit_code == 0, result.stderr
    assert result.json()["data"]["handle"] == "sandbox_creator"
    return cli


def emulator_posts():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current
    from psn.sandbox.x import XEmulator

    current().sandbox = True
    return XEmulator(sandbox_world(ctx())).posts_by_creator()


def test_connect_and_post(connected):
    result = connected("--sandbox", "--json", "post", "--platform", "x", "--text", "Hello sandbox", "--yes")
    assert result.exit_code == 0, result.stderr
    published = result.json()["data"]["published"][0]
    assert published["status"] == "published" and published["url"].startswith("https://x.com/sandbox_creator/")
    listed = connected("--sandbox", "--json", "post", "list").json()["data"]
    assert [r["status"] for r in listed] == ["published"]
    accounts = connected("--sandbox", "--json", "accounts", "list").json()["data"]
    assert accounts[0]["spend_usd"] > 0


def test_thread_with_image(connected, tmp_path):
    image = tmp_path / "pic.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"1" * 64)
    result = connected("--sandbox", "--json", "post", "-p", "x", "-t", "One\n\nTwo\n\nThree", "--thread",
                       "--media", str(image), "--yes")
    assert result.exit_code == 0, result.stderr
    row = result.json()["data"]["published"][0]
    assert row["format"] == "thread" and row["parts"] == 3
    assert {"media:0", "part:0", "part:1", "part:2"} <= set(row["steps"])
    assert len(emulator_posts()) == 3


def test_killed_between_thread_parts_then_retry_posts_no_duplicate(cli, monkeypatch):
    monkeypatch.setenv("PSN_SECRETS", "file")  # the child process cannot see the in-memory keyring
    connected = cli
    assert cli("--sandbox", "setup", "x").exit_code == 0
    env = {**os.environ, "PSN_CRASH_AFTER_STEP": "part:1"}
    proc = subprocess.run([sys.executable, "-m", "psn", "--sandbox", "post", "-p", "x", "-t", "A\n\nB\n\nC",
                           "--thread", "--yes"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 137
    rows = connected("--sandbox", "--json", "post", "list").json()["data"]
    assert rows[0]["status"] == "publishing"
    assert len(emulator_posts()) == 2
    result = connected("--sandbox", "--json", "post", "retry", str(rows[0]["id"]))
    assert result.exit_code == 0, result.stderr
    assert result.json()["data"]["status"] == "published"
    assert sorted(p["text"] for p in emulator_posts()) == ["A", "B", "C"]
    again = connected("--sandbox", "--json", "post", "retry", str(rows[0]["id"]))
    assert again.exit_code == 0 and len(emulator_posts()) == 3  # retrying a published post is a no-op


@pytest.mark.parametrize(
    "args, code, fragment",
    [
        (["-p", "x", "-t", "x" * 281], 2, "281"),
        (["-p", "x", "-t", "hi", "--media", "/nonexistent.png"], 2, "not found"),
        (["-p", "myspace", "-t", "hi"], 2, "Unknown platform"),
        (["-p", "x", "-t", "   "], 2, "Nothing to post"),
    ],
)
def test_bad_input_changes_nothing(connected, args, code, fragment):
    result = connected("--sandbox", "--json", "post", *args, "--yes")
    assert result.exit_code == code
    assert fragment in result.json()["error"]["message"]
    assert connected("--sandbox", "--json", "post", "list").json()["data"] == []
    assert emulator_posts() == []


def test_not_connected_is_exit_3(cli):
    result = cli("--sandbox", "--json", "post", "-p", "x", "-t", "hi", "--yes")
    assert result.exit_code == 3
    assert "psn setup x" in result.json()["error"]["hint"]


def test_no_tty_without_yes_exits_2_naming_the_flag(connected):
    result = connected("--sandbox", "--json", "post", "-p", "x", "-t", "hi")
    assert result.exit_code == 2
    assert "--yes" in result.json()["error"]["hint"]
    assert emulator_posts() == []


def test_interactive_approval_declined_publishes_nothing(connected, monkeypatch):
    from psn.cli import prompts

    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    monkeypatch.setattr(prompts, "confirm", lambda message, default=False: False)
    result = connected("--sandbox", "post", "-p", "x", "-t", "maybe later")
    assert result.exit_code == 0 and "Nothing was published" in result.stdout
    assert emulator_posts() == []


def test_payment_required_fails_cleanly(connected):
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current
    from psn.sandbox.x import XEmulator

    current().sandbox = True
    XEmulator(sandbox_world(ctx())).set_credits(0)
    result = connected("--sandbox", "--json", "post", "-p", "x", "-t", "no credits left", "--yes")
    assert result.exit_code == 4
    assert result.json()["error"]["kind"] == "payment_required"
    rows = connected("--sandbox", "--json", "post", "list").json()["data"]
    assert rows[0]["status"] == "failed" and rows[0]["error_kind"] == "payment_required"


def test_accounts_refresh_and_disconnect(connected):
    assert connected("--sandbox", "accounts", "refresh", "x").exit_code == 0
    assert connected("--sandbox", "accounts", "disconnect", "x").exit_code == 0
    assert connected("--sandbox", "--json", "post", "-p", "x", "-t", "hi", "--yes").exit_code == 3


def _secret_strings(value: str) -> list[str]:
    """A stored secret, and each string inside it when it is a JSON token set."""
    strings = [value]
    if value.startswith("{"):
        strings += [v for v in json.loads(value).values() if isinstance(v, str)]
    return [s for s in strings if len(s) > 8]


def test_secrets_never_in_database_or_json(connected):
    from psn.cli.state import ctx, current

    current().sandbox = True
    secrets = ctx().secrets
    tokens = [t for name in secrets.names() for t in _secret_strings(secrets.get(name) or "")]
    assert tokens  # the access and refresh tokens, and the client secret
    db_bytes = open(os.path.join(os.environ["PSN_HOME"], "data", "sandbox-home", "data", "psn.db"), "rb").read()
    out = connected("--sandbox", "--json", "doctor").stdout
    out += connected("--sandbox", "--json", "accounts", "list").stdout
    for token in tokens:
        assert token.encode() not in db_bytes
        assert token not in out
