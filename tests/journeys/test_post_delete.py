"""`psn post delete ID` on a terminal: it shows the post and asks; "no" (the default) keeps it,
"yes" deletes it from X and records it; Ctrl-C at the question deletes nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.journeys.terminal import journey_env, psn_executable

SANDBOX = {"PSN_SANDBOX": "1", "PSN_NOW": "2026-11-21T12:00:00+00:00"}


def psn_json(home: Path, *args: str) -> dict:
    done = subprocess.run([psn_executable(), "--json", *args], env=journey_env(home, SANDBOX), capture_output=True,
                          text=True, timeout=60, check=False)
    return json.loads(done.stdout)


def test_delete_asks_first_and_only_yes_deletes(terminal, home):
    subprocess.run([psn_executable(), "setup", "x"], env=journey_env(home, SANDBOX), capture_output=True,
                   timeout=60, check=True)
    posted = psn_json(home, "post", "-p", "x", "-t", "A post I will regret", "--yes")
    content_id = str(posted["data"]["published"][0]["id"])

    term = terminal("post", "delete", content_id, env=SANDBOX)
    screen = term.wait_for("Delete it from x? This cannot be undone.")
    assert f"x post {content_id}: A post I will regret" in screen and "https://x.com/" in screen
    term.press("enter")  # the default is no
    term.wait_for("Nothing was deleted.")
    assert term.wait_exit() == 0

    term = terminal("post", "delete", content_id, env=SANDBOX)
    term.wait_for("Delete it from x?")
    term.press("ctrl-c")
    assert term.wait_exit() == 130
    assert psn_json(home, "post", "status", content_id)["data"]["status"] == "published"

    term = terminal("post", "delete", content_id, env=SANDBOX)
    term.wait_for("Delete it from x?")
    term.answer("y")
    term.wait_for(f"Post {content_id} deleted from x.")
    assert term.wait_exit() == 0
    assert psn_json(home, "post", "status", content_id)["data"]["status"] == "deleted"
