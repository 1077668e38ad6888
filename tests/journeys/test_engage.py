"""`psn engage` as a person lives it, on a pseudo-terminal against the LinkedIn emulator.

The home is seeded once through the CLI (connect LinkedIn, publish two posts, paste them with
`psn engage add`) and copied for each test. Time moves through PSN_CLOCK_FILE, so a cooldown
can pass while a session is open. The default cooldown (5 min) is kept.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.journeys.terminal import journey_env, psn_executable

START = "2026-12-07T19:30:39Z"  # mid-minute: a countdown rounded to the minute would show 19:35
POSTS = ("Glazing stoneware at cone 6 today", "Which clay body for mugs?")


def _psn(home: Path, *args: str, clock: Path | None = None) -> subprocess.CompletedProcess:
    env = journey_env(home, {"PSN_SANDBOX": "1", **({"PSN_CLOCK_FILE": str(clock)} if clock else
                                                    {"PSN_NOW": START})})
    return subprocess.run([psn_executable(), *args], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("engage-seed") / "psn-home"
    assert _psn(home, "setup", "linkedin").returncode == 0
    for text in POSTS:
        made = _psn(home, "--json", "post", "create", "--text", text, "--platform", "linkedin", "--yes")
        url = json.loads(made.stdout)["data"]["published"][0]["url"]
        assert _psn(home, "engage", "add", url, "--text", text).returncode == 0  # pasted: no author, no time
    return home


@pytest.fixture
def home(seeded: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "psn-home"
    shutil.copytree(seeded, copy)
    return copy


@pytest.fixture
def clock(tmp_path: Path) -> Path:
    path = tmp_path / "clock"
    path.write_text(START)
    return path


@pytest.fixture
def engage(terminal, clock):
    return lambda: terminal("engage", env={"PSN_SANDBOX": "1", "PSN_CLOCK_FILE": str(clock)})


def comments(home: Path) -> list[str]:
    """Every comment text the LinkedIn emulator received."""
    world = home / "data" / "sandbox-home" / "data" / "sandbox-world" / "linkedin.json"
    state = json.loads(world.read_text()) if world.exists() else {}
    return [c["message"]["text"] for c in state.get("comments", {}).values()]


def stored(home: Path, clock: Path, *args: str) -> dict:
    result = _psn(home, "--json", "engage", *args, clock=clock)
    return json.loads(result.stdout or result.stderr)


def wait_count(term, needle: str, times: int) -> str:
    """Wait until `needle` is on the screen `times` times (earlier prompts stay on screen; the raw
    output cannot be counted, as prompt_toolkit redraws a prompt several times)."""
    deadline = time.monotonic() + 20
    while term.text().count(needle) < times:
        assert time.monotonic() < deadline, f"no new {needle!r}:\n{term.text()}"
        term.settle(0.1, timeout=1)
    return term.text()


def approve_first_option(term, nth: int) -> str:
    """Pick the first draft of the nth conversation, read the exact text shown for approval, approve it."""
    wait_count(term, "Your reply:", nth)
    term.press("enter")
    screen = wait_count(term, "Send exactly this?", nth)
    text = screen.rsplit("Send exactly this?", 1)[0].rstrip().splitlines()[-1].strip()
    term.type("y")
    return text


def triage_both(term) -> None:
    for _ in POSTS:
        term.wait_for("Engage? [y/n/s/q]")
        term.type("y")
        term.settle(0.2)


def test_second_reply_waits_out_the_cooldown_in_session_and_goes_out_once(home, clock, engage):
    term = engage()
    screen = term.wait_for("Engage?")
    assert "linkedin · score" in screen and "@ (0 followers)" not in screen and "?h" not in screen
    triage_both(term)
    first = approve_first_option(term, 1)
    term.wait_for("Sent: ")
    assert "Reply on linkedin:" in term.text() and "Reply to @:" not in term.history()
    second = approve_first_option(term, 2)
    screen = term.wait_for("Wait here")
    assert "Cooling down — next send at 19:35:39 (in 5m 00s)" in screen  # exact to the second
    term.type("w")
    term.wait_for("Cooling down — next send at 19:35:39 (in 5m 00s)  [l/q]")
    clock.write_text("2026-12-07T19:35:00Z")
    term.wait_for("(in 39s)  [l/q]")  # the countdown follows the clock
    clock.write_text("2026-12-07T19:35:39Z")
    term.wait_for("Did any of these conversations spark")
    assert term.history().count("Sent: ") == 2
    assert "Seen 2 · engaged 2 (hand-off 0) · queued 0" in term.text()
    term.answer("A mug glaze series")
    term.wait_for("Saved to your idea bank as #")
    assert term.wait_exit() == 0
    assert sorted(comments(home)) == sorted([first, second])  # exactly the approved texts, once each
    assert stored(home, clock, "queue")["data"]["waiting"] == []
    ideas = _psn(home, "--json", "ideas", "list", clock=clock).stdout
    assert "A mug glaze series" in ideas


def test_a_queued_reply_is_shown_kept_out_of_drafting_and_sent_once_by_command(home, clock, engage, terminal):
    term = engage()
    triage_both(term)
    approve_first_option(term, 1)
    term.wait_for("Sent: ")
    second = approve_first_option(term, 2)
    term.wait_for("Wait here")
    term.type("l")  # later
    screen = term.wait_for("Did any of these conversations spark")
    assert "Kept in your queue" in screen and "queued 1" in screen
    assert "1 approved reply waiting to send (next send at 19:35:39 (in 5m 00s))" in screen
    term.answer("")
    assert term.wait_exit() == 0
    assert len(comments(home)) == 1

    queue = stored(home, clock, "queue")["data"]
    assert [w["text"] for w in queue["waiting"]] == [second]
    assert [w["text"] for w in stored(home, clock, "history")["data"]["waiting_to_send"]] == [second]
    shown = terminal("engage", "queue", env={"PSN_SANDBOX": "1", "PSN_CLOCK_FILE": str(clock)})
    screen = shown.wait_for("psn engage send")
    assert second in screen and "next send at 19:35:39 (in 5m 00s)" in screen
    assert shown.wait_exit() == 0

    # A new session: the approved reply is offered to send, its conversation is not drafted again.
    clock.write_text("2026-12-07T19:32:00Z")
    again = engage()
    screen = again.wait_for("Wait here")
    assert "From your last session: 1 approved reply waiting to send" in screen
    assert "replies left today: linkedin 9" in screen
    assert f"Approved earlier — Reply on linkedin:\n  {second}" in screen
    assert "next send at 19:35:39 (in 3m 39s)" in screen
    again.type("q")
    screen = again.wait_for("Did any of these conversations spark")
    assert "Your reply:" not in again.history()
    assert "Seen 0 · engaged 0 (hand-off 0) · queued 1" in screen
    again.answer("")
    assert again.wait_exit() == 0

    early = _psn(home, "engage", "send", clock=clock)
    assert early.returncode == 5 and "next send at 19:35:39 (in 3m 39s)" in early.stderr + early.stdout
    clock.write_text("2026-12-07T19:36:00Z")
    sent = _psn(home, "engage", "send", clock=clock)
    assert sent.returncode == 0 and "sent through the linkedin API" in sent.stdout
    twice = _psn(home, "engage", "send", clock=clock)
    assert twice.returncode == 2 and "No approved reply is waiting" in twice.stderr + twice.stdout
    # the first reply went out in the session; the queued one exactly once, by command (the offline
    # composer may offer both conversations the same words, so count sends, not texts)
    assert len(comments(home)) == 2 and comments(home)[-1] == second


@pytest.mark.parametrize("step", ["triage", "picker", "edit", "approve"])
def test_q_quits_at_every_step_with_the_summary(home, clock, engage, step):
    term = engage()
    term.wait_for("Engage?")
    if step == "triage":
        term.type("q")
    else:
        term.type("y")
        term.wait_for("Engage?")
        term.type("n")
        term.wait_for("Your reply:")
        if step == "picker":
            term.type("q")
        elif step == "edit":
            term.press("down", "down", "down")
            term.wait_for("» ✎ Edit one")
            term.press("enter")
            term.wait_for("Edit (Enter when done, q alone quits):")
            term.press("ctrl-u")
            term.answer("q")
        else:
            term.press("enter")
            term.wait_for("Send exactly this?")
            term.type("q")
    screen = term.wait_for("Did any of these conversations spark")
    assert "Quit. Everything you decided and approved is kept." in screen
    assert "Seen" in screen and "min used" in screen
    term.answer("")
    assert term.wait_exit() == 0
    assert comments(home) == []
    left = {o["text"]: o["status"] for o in stored(home, clock, "list")["data"]}
    if step == "triage":
        assert set(left) == set(POSTS)  # nothing decided
        listed = _psn(home, "engage", "list", clock=clock).stdout  # pasted posts: no "@" and no "?" age
        assert "│ @ " not in listed and "│ ?" not in listed and "linkedin" in listed
    else:
        assert left == {}  # the "yes" and the "no" were both kept
        assert "Seen 2 · engaged 0 (hand-off 0) · queued 0 · declined 1" in screen


def test_ctrl_c_keeps_the_reply_being_typed_and_the_next_session_offers_it(home, clock, engage):
    term = engage()
    term.wait_for("Engage?")
    term.type("y")
    term.wait_for("Engage?")
    term.type("n")
    term.wait_for("Your reply:")
    term.press("down", "down", "down")
    term.wait_for("» ✎ Edit one")
    term.press("enter")
    term.wait_for("Edit (Enter when done, q alone quits):")
    term.press("ctrl-u")
    term.type("Cone 6 on stoneware: I fire slow and cool slower")
    term.wait_for("cool slower")
    term.press("ctrl-c")
    screen = term.wait_for("Stopped — your answers are kept: `psn engage` resumes")
    assert "Your reply is kept as a draft of opportunity" in screen
    assert "the next `psn engage` offers it first" in screen
    assert term.wait_exit() == 130
    assert comments(home) == []

    again = engage()
    screen = again.wait_for("Your reply:")
    assert "0 to triage · replies left today: linkedin 10" in screen  # a resumed session knows its platform
    assert "From your last session: 1 accepted conversation to reply to" in screen
    assert "Your unfinished reply from last time is the first option." in screen
    assert "» Cone 6 on stoneware: I fire slow and cool slower" in screen
    again.press("enter")
    again.wait_for("Send exactly this?")
    again.type("y")
    screen = again.wait_for("Did any of these conversations spark")
    assert "Seen 1 · engaged 1 (hand-off 0)" in screen
    again.answer("")
    assert again.wait_exit() == 0
    assert comments(home) == ["Cone 6 on stoneware: I fire slow and cool slower"]
