"""`psn post --link` on a real terminal: the person sees, before approving, exactly where the link goes
(at the end of the X text, in Facebook's link field), and what was approved is what is stored."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.journeys.terminal import journey_env, psn_executable

LINK = "https://blog.example.com/launch"


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([psn_executable(), *args], env=journey_env(home, {"PSN_SANDBOX": "1"}),
                          capture_output=True, text=True, input="", timeout=60)


def test_the_link_is_shown_where_it_goes_before_approval(terminal, home):
    for platform in ("x", "facebook"):
        assert run(home, "setup", platform).returncode == 0
    term = terminal("post", "-p", "x", "-p", "facebook", "-t", "Read this", "--link", LINK,
                    env={"PSN_SANDBOX": "1"})
    screen = term.wait_for("Publish exactly this?")
    assert "x · text" in screen and "facebook · link" in screen
    assert screen.count(LINK) == 2  # once in X's text, once as Facebook's link
    assert f"link: {LINK}" in screen
    term.answer("y")
    assert term.wait_exit() == 0
    rows = {r["platform"]: r for r in json.loads(run(home, "--json", "post", "list").stdout)["data"]}
    assert rows["x"]["text"] == f"Read this\n\n{LINK}" and rows["x"]["status"] == "published"
    assert (rows["facebook"]["text"], rows["facebook"]["link"]) == ("Read this", LINK)
