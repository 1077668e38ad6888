"""`psn setup llm` on a real terminal, against a small language-model server on 127.0.0.1:
only what the chosen provider needs is asked, a bad answer is asked again, and nothing is saved
until one live test request has worked."""

from __future__ import annotations

import json
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.journeys.terminal import journey_env, psn_executable
from tests.llm_server import LLMServer, llm_server

KEY = "sk-ant-test-journey-0123456789"
PASTED = "https://api.anthropic.comsk-ant-test-123"


@pytest.fixture
def server() -> Iterator[LLMServer]:
    with llm_server() as running:
        yield running


def llm_section(home: Path) -> dict:
    """What `psn doctor` says about the model (slow: use once per test at most)."""
    done = subprocess.run([psn_executable(), "--json", "doctor"], env=journey_env(home), capture_output=True,
                          text=True, timeout=60, check=False)
    return json.loads(done.stdout)["data"]["llm"]


def saved_llm(home: Path) -> dict:
    """The [llm] table of config.toml as saved ({} when nothing was)."""
    path = home / "config" / "config.toml"
    return tomllib.loads(path.read_text()).get("llm", {}) if path.exists() else {}


def stored_anywhere(home: Path, text: str) -> bool:
    return any(text.encode() in p.read_bytes() for p in home.rglob("*") if p.is_file())


def choose(term, label: str, downs: int) -> None:  # type: ignore[no-untyped-def]
    term.wait_for("Who should write your drafts?")
    term.press(*["down"] * downs)
    term.wait_for(f"» {label}")
    term.press("enter")


def test_anthropic_asks_only_for_the_key_and_the_model(terminal, home, server):
    term = terminal("setup", "llm", "--base-url", server.url)
    choose(term, "Anthropic", 1)
    term.wait_for("Anthropic API key:")
    term.answer("https://console.anthropic.com/settings/keys")
    term.wait_for("That is a web address, not an API key")  # asked again, not saved
    term.press("ctrl-u")
    term.answer(KEY)
    screen = term.wait_for("Model:")
    assert "claude-sonnet-4-5" in screen
    term.answer("claude-haiku-4-5")  # typed after the default: replace it
    assert term.wait_exit() == 0, term.history()
    history = term.history()
    assert "URL" not in history.split("Checking")[0]  # never asked for an address
    assert "Saved." in history and KEY not in history
    request = server.requests[-1]
    assert request["path"] == "/v1/messages" and request["headers"]["x-api-key"] == KEY
    assert request["body"]["max_tokens"] <= 16
    section = llm_section(home)
    assert (section["provider"], section["key"], section["base_url"]) == ("anthropic", "stored", server.url)


def test_a_pasted_key_in_the_url_is_asked_again_for_an_openai_compatible_server(terminal, home, server):
    term = terminal("setup", "llm")
    choose(term, "OpenAI-compatible", 2)
    term.wait_for("Server URL")
    term.press("ctrl-u")
    term.answer(PASTED)
    term.wait_for("has an API key in it")
    term.press("ctrl-u")
    term.answer("localhost:11434")
    term.wait_for("is not a web address")
    term.press("ctrl-u")
    term.answer(f"{server.url}/v1")
    term.wait_for("Model:")
    term.press("ctrl-u")
    term.answer("llama3.2")
    assert term.wait_exit() == 0, term.history()
    assert "API key:" not in term.history()  # a server on this machine needs none
    assert server.models() == ["llama3.2"] and server.requests[-1]["path"] == "/v1/chat/completions"
    assert saved_llm(home) == {"provider": "openai", "model": "llama3.2", "base_url": f"{server.url}/v1"}
    assert not stored_anywhere(home, "comsk-ant")


def test_a_failed_live_test_saves_nothing(terminal, home, server):
    server.mode = "refuse_key"
    term = terminal("setup", "llm", "--base-url", server.url)
    choose(term, "Anthropic", 1)
    term.wait_for("Anthropic API key:")
    term.answer(KEY)
    term.wait_for("Model:")
    term.press("enter")
    screen = term.wait_for("What now?")
    assert "invalid x-api-key" in screen and "401" in screen
    term.press("down")
    term.wait_for("» Cancel (nothing is saved)")
    term.press("enter")
    assert term.wait_exit() == 3
    assert "Nothing was saved" in term.history()
    assert saved_llm(home) == {} and not stored_anywhere(home, KEY)


def test_after_a_failed_test_the_person_fixes_the_answer_and_it_saves(terminal, home, server):
    server.mode = "unknown_model"
    term = terminal("setup", "llm", "--base-url", server.url)
    choose(term, "Anthropic", 1)
    term.wait_for("Anthropic API key:")
    term.answer(KEY)
    term.wait_for("Model:")
    term.press("ctrl-u")
    term.answer("claude-nonesuch")
    screen = term.wait_for("What now?")
    assert "claude-nonesuch does not exist" in screen
    assert not stored_anywhere(home, KEY)  # nothing saved while the person decides
    server.mode = "ok"
    term.press("enter")  # change the answers and try again
    choose(term, "Anthropic", 0)  # the earlier answer is the default
    term.wait_for("Enter keeps the key you just typed")
    term.press("enter")
    screen = term.wait_for("Model:")
    assert "claude-nonesuch" in screen  # the earlier answer, to correct
    term.press("ctrl-u")
    term.answer("claude-haiku-4-5")
    assert term.wait_exit() == 0, term.history()
    assert server.models() == ["claude-nonesuch", "claude-haiku-4-5"]
    assert saved_llm(home) == {"provider": "anthropic", "model": "claude-haiku-4-5", "base_url": server.url}
    assert stored_anywhere(home, KEY)


def test_ctrl_c_at_the_key_keeps_nothing(terminal, home, server):
    term = terminal("setup", "llm", "--base-url", server.url)
    choose(term, "Anthropic", 1)
    term.wait_for("Anthropic API key:")
    term.type(KEY[:12])
    term.press("ctrl-c")
    assert term.wait_exit() == 130
    assert server.requests == [] and saved_llm(home) == {}
    assert not stored_anywhere(home, KEY[:12])
