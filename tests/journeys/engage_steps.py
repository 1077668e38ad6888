"""Steps of a `psn engage` session that several journeys take the same way."""

from __future__ import annotations

from tests.journeys.terminal import Terminal


def engage_keep_the_first_draft_and_send(term: Terminal) -> str:
    """On the first card: engage, keep the first drafted reply, approve it, send, skip the idea-bank
    question and leave. Returns the exact text shown for approval (what must go out)."""
    term.type("y")
    term.wait_for("Your reply:")
    term.press("enter")
    screen = term.wait_for("Send exactly this?")
    approved = screen.rsplit("Send exactly this?", 1)[0].rstrip().splitlines()[-1].strip()
    term.type("y")
    term.wait_for("Sent: ")
    term.wait_for("Did any of these conversations spark")
    term.press("enter")
    assert term.wait_exit() == 0
    return approved
