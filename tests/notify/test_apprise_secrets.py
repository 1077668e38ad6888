"""No secret part of an Apprise URL (password, token in the path) reaches psn's log file, its
output (--json or not), the SQLite files, or a child process's argv or environment (the desktop
notifier psn runs beside Apprise)."""

from __future__ import annotations

import io
import os
from pathlib import Path

from notify_receivers import free_port

PASSWORD, TOKEN = "Pw-9f8e7d6c5b", "tok-a1b2c3d4e5f6"
DOWN_PASSWORD, DOWN_TOKEN = "Pw-down-0099x", "tok-down-778899"
SECRETS = (PASSWORD, TOKEN, DOWN_PASSWORD, DOWN_TOKEN)

FAKE_NOTIFY_SEND = """#!/bin/sh
# records what psn hands the desktop notifier: its arguments and its whole environment
printf '%s\\n' "$@" >> "{dump}"
env >> "{dump}"
"""


def fake_desktop(tmp_path: Path, monkeypatch) -> Path:
    bin_dir, dump = tmp_path / "bin", tmp_path / "notify-send.dump"
    bin_dir.mkdir()
    tool = bin_dir / "notify-send"
    tool.write_text(FAKE_NOTIFY_SEND.format(dump=dump))
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    return dump


def test_apprise_url_secrets_never_leave_the_keyring(cli, receiver, memory_keyring, tmp_path, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-12-01T18:00:00Z")
    dump = fake_desktop(tmp_path, monkeypatch)
    cli("config", "set", "notify.channels", '["log", "desktop"]')
    said: list[str] = []

    def run(*argv: str, code: int = 0) -> None:
        result = cli(*argv)
        said.extend((result.stdout, result.stderr))
        assert result.exit_code == code, result.stderr

    up = f"json://psnuser:{PASSWORD}@127.0.0.1:{receiver.port}/hook/{TOKEN}"
    monkeypatch.setattr("sys.stdin", io.StringIO(up + "\n"))  # the way the docs recommend: not in argv
    run("--json", "notify", "add", "--name", "phone")
    run("-v", "notify", "add", f"json://psnuser:{DOWN_PASSWORD}@127.0.0.1:{free_port()}/hook/{DOWN_TOKEN}")
    run("--json", "notify", "list")
    run("notify", "list")
    run("--json", "notify", "test", code=6)  # the second receiver is down: its error is reported
    run("notify", "test", code=6)
    run("notify", "queue", "A post failed", "--body", "X refused it")
    run("-v", "--json", "daemon", "run", "--once", "--job", "notify")  # sent: the log and phone took it
    run("--json", "notify", "history")
    run("notify", "history")
    run("--json", "doctor", code=cli("--json", "doctor").exit_code)

    assert receiver.requests and receiver.requests[0].path == f"/hook/{TOKEN}"  # it was really used
    assert "Authorization" in receiver.requests[0].headers
    assert any("A Connection error occurred" in text for text in said)  # the failure was reported …
    home = Path(os.environ["PSN_HOME"])
    files = {path: path.read_bytes() for path in home.rglob("*") if path.is_file()}
    assert any(p.suffix == ".db" for p in files) and any(p.name == "psn.log" for p in files)
    assert b"A Connection error occurred" in b"".join(b for p, b in files.items() if p.name == "psn.log")
    child = dump.read_text()
    assert "A post failed" in child  # the desktop notifier did run
    for secret in SECRETS:  # … and no secret part of either URL went anywhere but the keyring
        assert not [text for text in said if secret in text], secret
        assert not [path for path, data in files.items() if secret.encode() in data], secret
        assert secret not in child, secret
    assert {user for (_, user) in memory_keyring.store} == {"notify.channel.phone", "notify.channel.json"}
