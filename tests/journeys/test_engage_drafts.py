"""Reply drafts in a real `psn engage` session: the offline composer's never quote the whole post
or a @handle, and Regenerate shows replies not seen yet; `--model` drafts with that model."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.journeys.terminal import journey_env, psn_executable
from tests.llm_server import llm_server

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


def test_model_flag_drafts_this_sessions_replies_with_that_model(terminal, home):
    model_replies = ["Which fixture resets the globals first?", "Temp dirs per test fixed ours too."]
    with llm_server() as server:
        server.reply = json.dumps({"options": model_replies})
        assert psn(home, "setup", "voice", "--archetype", "expert", "--pillar", "python testing") == 0
        assert psn(home, "setup", "llm", "--provider", "openai", "--base-url", f"{server.url}/v1",
                   "--model", "llama3") == 0
        assert psn(home, "engage", "add", "https://x.com/dev_ann/status/1234567890", "--text", POST,
                   "--author", "dev_ann") == 0
        assert server.models() == ["llama3", "llama3"]  # the setup check, then drafts made at discovery
        term = terminal("--sandbox", "engage", "--model", "qwen2.5:7b")
        term.wait_for("Engage? [y/n/s/q]")
        term.type("y")
        assert next_menu(term) == model_replies
        assert server.models()[-1] == "qwen2.5:7b" and len(server.models()) == 3
        term.press("ctrl-c")
        assert term.wait_exit() == 130
