"""Issue 15, bullets 2, 7, 8 on a real terminal: a typo is refused instead of published, and help reads as
words at the size a person's terminal has."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.journeys.terminal import journey_env, psn_executable

SANDBOX = {"PSN_SANDBOX": "1"}


def psn_json(home: Path, *args: str) -> object:
    """`psn --json …` in the same home, afterwards: what is stored, not what was printed."""
    done = subprocess.run([psn_executable(), "--json", *args], env=journey_env(home, SANDBOX),
                          capture_output=True, text=True, timeout=60, check=False)
    return json.loads(done.stdout)


def test_a_typo_after_psn_post_is_refused_not_published(terminal, home):
    term = terminal("post", "lsit", env=SANDBOX)
    term.wait_for("Did you mean 'list'?")
    assert term.wait_exit() == 2
    screen = term.text()  # after the exit: the hint line is written just after the message
    assert "Unknown command 'lsit'." in screen
    assert "psn post -- lsit" in screen  # how to post the word itself, if that was meant
    assert "idea" not in screen.lower().split("did you mean")[0]  # no drafting, no review prompt started
    listing = psn_json(home, "post", "list")
    assert listing == {"ok": True, "data": []}
    assert psn_json(home, "ideas", "list", "--all")["data"] == []


def test_a_typo_in_an_ordinary_group_suggests_the_command(terminal):
    term = terminal("analytics", "leaderbord", env=SANDBOX)
    term.wait_for("Did you mean 'leaderboard'?")
    assert term.wait_exit() == 2
    screen = term.text()
    assert "Unknown command 'leaderbord'." in screen
    assert "Traceback" not in term.history()


def test_post_help_on_a_terminal_shows_the_default_options_and_commands(terminal):
    term = terminal("post", "--help")
    assert term.wait_exit() == 0
    history = term.history()
    for option in ("-p, --platform PLATFORM", "--at WHEN", "-y, --yes", "-m, --media FILE", "Commands:"):
        assert option in history, option
    assert "<list[" not in history and "..." not in history.split("Commands:")[1]
