"""`psn engage` on a pseudo-terminal against the emulated WordPress site: a reader's comment under
the creator's post is offered "on your post", the creator approves the text shown, and exactly that
text goes out as a threaded answer to the comment (not a new top-level comment, not twice).

The home is seeded through the CLI (connect, publish, watch WordPress); the reader's comment is put
on the emulated site directly, as a visitor would leave it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.e2e.test_wordpress_cli import FIELDS
from tests.journeys.engage_steps import engage_keep_the_first_draft_and_send
from tests.journeys.terminal import journey_env, psn_executable

NOW = "2026-12-07T19:30:00Z"
HOST = "wp.example.com"


def _psn(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([psn_executable(), *args], env=journey_env(home, {"PSN_SANDBOX": "1", "PSN_NOW": NOW}),
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def site(home: Path) -> dict:
    path = home / "data" / "sandbox-home" / "data" / "sandbox-world" / f"wordpress-{HOST}.json"
    return json.loads(path.read_text())


def seed(home: Path) -> int:
    """Connect, publish a post, watch WordPress; a reader comments. The comment's id."""
    from psn.core.clock import FixedClock, parse_iso
    from psn.sandbox.wordpress_site import seed_comment
    from psn.sandbox.world import SandboxWorld

    assert _psn(home, "setup", "wordpress", *FIELDS).returncode == 0
    made = _psn(home, "--json", "article", "-p", "wordpress", "--title", "Glazes", "-t", "Cone 6 notes.", "--yes")
    post = int(json.loads(made.stdout)["data"]["published"][0]["platform_post_id"])
    assert _psn(home, "engage", "config", "add", "monitor_platforms", "wordpress").returncode == 0
    world = SandboxWorld(home / "data" / "sandbox-home" / "data" / "sandbox-world", FixedClock(parse_iso(NOW)))
    return seed_comment(world, HOST, post, "Which glaze is that on the mug?", author="Mia")


def test_a_reader_comment_is_answered_in_its_thread_with_the_text_approved(home, terminal):
    comment = seed(home)
    assert _psn(home, "engage", "monitor").returncode == 0
    term = terminal("engage", env={"PSN_SANDBOX": "1", "PSN_NOW": NOW})
    screen = term.wait_for("Engage? [y/n/s/q]")
    assert "Which glaze is that on the mug?" in screen and "wordpress" in screen and "Mia" in screen
    approved = engage_keep_the_first_draft_and_send(term)
    [reply] = [c for c in site(home)["comments"] if c["parent"]]
    assert reply["parent"] == comment and reply["author"] == 1
    assert reply["content"]["rendered"] == f"<p>{approved}</p>"  # exactly the text shown for approval
