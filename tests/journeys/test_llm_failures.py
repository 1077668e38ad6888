"""A local model server failing the ways a real one does (llama.cpp, Ollama), through the real `psn`:
each failure is retried or named with the server's own words, exits with its code, leaves an
`llm_calls` row that says what happened, and never becomes a draft, a reply option or a post.
The fake server is tests/llm_server.py; `make llm-check` drives a real llama.cpp server."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.journeys.conftest import DRAFT
from tests.journeys.test_writer_cli import IDEA, psn
from tests.llm_server import SERVER_ERROR, LLMServer

POST_URL = "https://x.com/dev_ann/status/1234567890"
POST = "Most flaky tests come from shared state, not timing; give every test its own temp directory."
OPTIONS = ["Which fixture resets your globals first?", "Temp dirs per test fixed ours too."]
X_SINGLE = ("post", IDEA, "-p", "x", "--format", "single", "--dry-run")


@pytest.fixture
def model_home(home: Path, server: LLMServer) -> Path:
    """A voice, llama3 on the fake server, and one retry (so a failing call costs one second)."""
    assert psn(home, "setup", "voice", "--archetype", "expert", "--pillar", "python testing").code == 0
    assert psn(home, "setup", "llm", "--provider", "openai", "--base-url", f"{server.url}/v1",
               "--model", "llama3").code == 0
    assert psn(home, "config", "set", "llm.max_retries", "1").code == 0
    return home


def calls(home: Path) -> list[dict]:
    """The llm_calls rows, oldest first."""
    db = next(home.rglob("psn.db"))
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT purpose, ok, error, attempts FROM llm_calls ORDER BY id")]


def rows(home: Path, query: str) -> list[tuple]:
    with sqlite3.connect(next(home.rglob("psn.db"))) as conn:
        return list(conn.execute(query))


def test_post_survives_or_names_every_failure_of_the_server(model_home, server):
    home = model_home
    server.script = ["drop"]  # killed mid-answer once, then fine: retried, drafted, attempts recorded
    first = psn(home, "--json", *X_SINGLE)
    assert first.code == 0, first
    assert first.json()["data"]["drafts"][0]["body"]["text"] == DRAFT["text"]
    assert calls(home)[-1] == {"purpose": "post:x:single", "ok": 1, "error": None, "attempts": 2}
    # sized for a post on X (280 characters), not llm.max_tokens' 1,500
    assert server.requests[-1]["body"]["max_tokens"] < 400

    server.mode = "drop"
    dropped = psn(home, *X_SINGLE)
    assert dropped.code == 1 and "dropped the connection before answering (2 attempts)" in dropped.said
    assert "Unexpected error" not in dropped.said and "report it" not in dropped.said
    assert calls(home)[-1]["attempts"] == 2 and calls(home)[-1]["error"] == "llm_unavailable"

    server.mode = "error_in_200"
    in_200 = psn(home, *X_SINGLE)
    assert in_200.code == 1 and f"answered with an error: {SERVER_ERROR}" in in_200.said
    assert calls(home)[-1]["ok"] == 0

    server.mode = "server_error"
    failed = psn(home, *X_SINGLE)
    assert failed.code == 1 and f"failed with 500 (2 attempts): {SERVER_ERROR}" in failed.said

    server.mode = "echo_post"  # the model repeating its instructions is never a draft
    echoed = psn(home, "--json", *X_SINGLE)
    assert echoed.code == 1
    error = echoed.json()["error"]
    assert "talks about the request" in error["message"] and "JSON format only" in error["details"]["answer"]

    doctor = psn(home, "--json", "doctor").json()["data"]["llm"]
    assert doctor["ok"] is False and doctor["last_call"] == "failed (llm_unusable)" and doctor["failed_30d"] == 4

    stopped = psn(home, "config", "set", "llm.base_url", "http://127.0.0.1:9/v1")  # nothing listens there
    assert stopped.code == 0
    gone = psn(home, *X_SINGLE)
    assert gone.code == 1 and "Cannot reach" in gone.said and "server running" in gone.said
    assert "not configured" not in gone.said.lower()
    assert rows(home, "SELECT count(*) FROM drafts") == [(0,)]


def test_engage_add_and_monitor_keep_the_find_when_drafting_fails(model_home, server):
    home = model_home
    server.mode = "drop"
    added = psn(home, "engage", "add", POST_URL, "--text", POST, "--author", "dev_ann")
    assert added.code == 0, added
    assert "Added x post (new: 1" in added.said and "No replies drafted yet" in added.said
    assert "dropped the connection" in added.said
    assert rows(home, "SELECT count(*) FROM engage_opportunities") == [(1,)]

    server.mode = "echo_options"  # the prompt's own placeholders are never reply options
    again = psn(home, "--json", "engage", "add", "https://x.com/dev_bo/status/1234567891", "--text", POST)
    data = again.json()["data"]
    assert again.code == 0 and data["drafted"] == 0 and "placeholder" in data["draft_problem"]
    assert rows(home, "SELECT count(*) FROM engage_reply_drafts") == [(0,)]


def test_a_failed_learning_cycle_ends_as_failed_with_the_answer_kept(model_home, server):
    home = model_home
    server.mode = "prose"
    run = psn(home, "--json", "learn", "run", "--channel", "x/single")
    assert run.code == 1, run
    error = run.json()["error"]
    assert "did not answer the mutate request with the JSON asked for" in error["message"]
    assert error["details"]["answer"].startswith("Sure! Here are some thoughts")
    history = psn(home, "learn", "history", "x/single")
    assert "→ failed: The model did not answer the mutate request" in history.said
    assert "created" not in history.said
    status = psn(home, "--json", "learn", "status", "--channel", "x/single").json()["data"][0]
    assert (status["cycles"], status["failed_cycles"]) == (0, 1)
    assert rows(home, "SELECT completed_at IS NOT NULL FROM learn_cycles") == [(1,)]
    assert calls(home)[-1] == {"purpose": "learn:mutate:x/single", "ok": 0, "error": "llm_unusable", "attempts": 1}


def test_an_engage_session_goes_on_when_drafting_fails(model_home, server, terminal):
    home = model_home
    server.mode = "prose"
    assert psn(home, "engage", "add", POST_URL, "--text", POST, "--author", "dev_ann").code == 0
    term = terminal("--sandbox", "engage")
    term.wait_for("Engage? [y/n/s/q]")
    term.type("y")
    screen = term.wait_for("✍ Write my own")
    assert "No drafts this time: The model did not answer with the list of replies asked for." in screen
    server.mode = "drop"
    term.press("down")
    term.wait_for("» ↻ Regenerate")
    term.press("enter")
    term.wait_for("dropped the connection before answering (2 attempts)", timeout=20)
    term.wait_for("✍ Write my own")
    term.press("enter")
    term.wait_for("Edit (Enter when done, q alone quits):")
    term.answer("Shared state bit us too: a fixture per test fixed it.")
    term.wait_for("Send exactly this?")
    term.type("q")  # quit before sending: what was typed is kept, and the session ends with its summary
    screen = term.wait_for("Did any of these conversations spark")
    assert "Your reply is kept as a draft of opportunity" in term.history() and "Seen" in screen
    term.answer("")
    assert term.wait_exit() == 0
    kept = rows(home, "SELECT style, text FROM engage_reply_drafts")
    assert kept == [("yours", "Shared state bit us too: a fixture per test fixed it.")]


def test_a_slow_model_shows_what_it_writes_and_ctrl_c_cancels_cleanly(model_home, server, terminal):
    home = model_home
    server.mode, server.delay = "slow", 30.0
    term = terminal("--sandbox", *X_SINGLE)
    screen = term.wait_for("Ctrl-C cancels", timeout=20)
    assert "Writing the X post (single) with llama3…" in screen
    term.wait_for("0:00:02")  # the elapsed time moves while the model writes
    term.press("ctrl-c")
    assert term.wait_exit() == 130
    assert "Interrupted" in term.history() and "Traceback" not in term.history()
    assert calls(home)[-1] == {"purpose": "post:x:single", "ok": 0, "error": "interrupted", "attempts": 1}
    assert rows(home, "SELECT count(*) FROM drafts") == [(0,)]


def test_a_failed_regenerate_keeps_the_draft_under_review(model_home, server, terminal):
    from tests.journeys.test_post import choose, since

    home = model_home
    assert psn(home, "setup", "x").code == 0
    term = terminal("--sandbox", "post", IDEA, "-p", "x", "--format", "single")
    term.wait_for("Regenerate x")
    server.mode = "drop"
    mark = choose(term, "What next?", "Regenerate x")
    said = " ".join(since(term, mark, "Cancel (nothing").split())
    assert ("No new x draft: the OpenAI-compatible server dropped the connection before answering (2 attempts). "
            "The current one is kept.") in said
    server.mode = "ok"
    choose(term, "What next?", "Approve")
    choose(term, "When?", "Publish now")
    assert term.wait_exit() == 0, term.history()[-1500:]
    assert "✓ x:" in term.history()
    assert rows(home, "SELECT count(*) FROM published_content WHERE platform_post_id IS NOT NULL") == [(1,)]
