"""The offline composer's reply drafts in a real `psn engage` session: no quote of the whole post,
no @handle, and Regenerate shows replies the person has not seen yet."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.journeys.terminal import journey_env, psn_executable

POST = ("@creator_jo Most flaky tests come from shared state, not timing; give every test its own temp "
        "directory and reset globals in a fixture.")
MENU = ("✎ Edit one", "↻ Regenerate", "Skip this one")


def psn(home: Path, *args: str) -> int:
    return subprocess.run([psn_executable(), "--sandbox", *args], env=journey_env(home), capture_output=True,
                          timeout=60, check=False, stdin=subprocess.DEVNULL).returncode


def reply_options(screen: str) -> list[str]:
    """The draft lines of the last 'Your reply:' menu on the screen ([] until it is drawn whole)."""
    menu = screen.rsplit("? Your reply:", 1)[-1].splitlines()[1:]
    options = [line.strip().lstrip("»").strip() for line in menu]
    return [o for o in options[: options.index(MENU[0])] if o] if MENU[2] in options else []


def next_menu(term) -> list[str]:  # type: ignore[no-untyped-def]
    term.wait_for("Skip this one")
    for _ in range(100):
        if options := reply_options(term.text()):
            return options
        term.settle(0.1)
    raise AssertionError(f"no reply menu drawn:\n{term.text()}")


def test_regenerate_offers_replies_not_seen_before(terminal, home):
    assert psn(home, "setup", "voice", "--archetype", "expert", "--pillar", "python testing") == 0
    assert psn(home, "engage", "add", "https://x.com/dev_ann/status/1234567890", "--text", POST,
               "--author", "dev_ann") == 0
    term = terminal("--sandbox", "engage")
    term.wait_for("Engage? [y/n/s/q]")
    term.type("y")
    first = next_menu(term)
    assert len(first) == 3
    term.press("down", "down", "down", "down")
    term.wait_for("» ↻ Regenerate")
    term.press("enter")
    term.wait_for("? Your reply: ↻ Regenerate")
    second = next_menu(term)
    assert len(second) == 3 and not set(second) & set(first)
    for option in first + second:
        assert "@" not in option and "creator_jo" not in option and "reset globals in a fixture" not in option
    term.press("ctrl-c")
    assert term.wait_exit() == 130  # nothing approved, nothing sent
