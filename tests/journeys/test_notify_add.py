"""`psn notify add` on a real terminal: the Apprise URL is typed hidden, a URL Apprise cannot
use is asked again, Ctrl-C stores nothing, and the URL typed is the one psn delivers to."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from tests.journeys.terminal import journey_env, psn_executable
from tests.notify.notify_receivers import HttpReceiver

TOKEN = "tok-journey-5e6f7a8b9c"


def channels_in_db(home: Path) -> list[tuple[str, str]]:
    [db] = [p for p in home.rglob("*.db")]
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT name, redacted_url FROM notify_channels").fetchall()


def test_the_url_is_typed_hidden_checked_and_used(terminal, home):
    receiver = HttpReceiver()
    try:
        url = f"json://127.0.0.1:{receiver.port}/hook/{TOKEN}"
        quit_early = terminal("notify", "add", "--name", "phone")
        quit_early.wait_for("Apprise URL (hidden):")
        quit_early.type("json://127.0.0.1:9/half-typed")
        quit_early.press("ctrl-c")
        assert quit_early.wait_exit() == 130
        assert not (home / "data" / "secrets.json").exists() or "half-typed" not in (
            home / "data" / "secrets.json").read_text()

        term = terminal("notify", "add", "--name", "phone")
        term.wait_for("Apprise URL (hidden):")
        term.type("tgrm://123456:abcdef/42")
        term.press("enter")
        term.wait_for("Apprise has no service with the scheme tgrm://")  # asked again, not refused
        term.press("ctrl-u")
        term.answer(url)
        screen = term.wait_for("Added phone (JSON)")
        assert term.wait_exit() == 0
        assert TOKEN not in term.history() and "abcdef" not in term.history()  # nothing typed was echoed
        assert f"json://127.0.0.1:{receiver.port}/h…/t…" in screen
        assert channels_in_db(home) == [("phone", f"json://127.0.0.1:{receiver.port}/h…/t…")]

        done = subprocess.run([psn_executable(), "--json", "notify", "test", "phone"], env=journey_env(home),
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["data"]["deliveries"] == [{"channel": "phone", "outcome": "sent", "error": None}]
        assert [r.path for r in receiver.requests] == [f"/hook/{TOKEN}"]
    finally:
        receiver.close()
