"""Bad answers typed at psn's questions (driven through prompt_toolkit pipe input, as a terminal
would send them) and bad values piped in on stdin.

A question with a check asks again until the answer is valid, and only the corrected answer is
kept; an answer psn can only judge once all are in is refused (exit 2) with nothing stored.
Setting answers (engage cooldown, quiet hours, timezone) are checked at the question with the
setting's own validator, so they are asked again rather than refused at the end."""

from __future__ import annotations

import pytest
from badinput_matrix import one_line
from badinput_snapshot import changes, snapshot
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from psn.cli import prompts

DOWN, ENTER, SPACE, BACKSPACE, CLEAR_LINE = "\x1b[B", "\r", " ", "\x7f", "\x15"


@pytest.fixture
def keyboard(monkeypatch):
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def refused(home, keys: str | None, args: list[str], code: int, fix: str, keyboard=None, stdin: bytes = b""):  # type: ignore[no-untyped-def]
    before = snapshot(home.root)
    if keys is not None:
        keyboard.send_text(keys)
    outcome = home._run(args, stdin)
    text = outcome.stdout + outcome.stderr
    assert outcome.code == code and "Traceback" not in text, outcome
    assert fix in one_line(outcome.stderr), outcome
    assert not changes(before, snapshot(home.root)), changes(before, snapshot(home.root))
    home.clean = True


def test_engage_setup_asks_again_for_a_number_and_for_quiet_hours(fresh_home, keyboard):
    keys = (ENTER                              # no more keywords
            + ENTER                            # platforms: keep the boxes as they are
            + BACKSPACE + "abc" + ENTER        # cooldown: not a number, asked again …
            + BACKSPACE * 3 + "7" + ENTER      # … 7
            + "25:99-07:00" + ENTER            # quiet hours psn cannot read: asked again (the setting's check) …
            + CLEAR_LINE + "22:00-07:00" + ENTER)  # … a valid window
    keyboard.send_text(keys)
    outcome = fresh_home.run("--sandbox", "setup", "engage")
    assert outcome.code == 0, outcome
    config = (fresh_home.root / "data/sandbox-home/config/config.toml").read_text()
    assert "cooldown_minutes = 7" in config and 'quiet_hours = "22:00-07:00"' in config
    assert "25:99" not in config


def test_idea_kill_with_a_blank_reason_is_refused(home, keyboard):
    refused(home, "   " + ENTER, ["--sandbox", "ideas", "kill", "1"], 2, "Say why the idea is being killed", keyboard)


def test_notify_secret_left_blank_is_refused(home, keyboard):
    refused(home, ENTER, ["--sandbox", "notify", "secret", "webhook-url"], 2, "nothing was stored", keyboard)


def test_pasted_redirect_that_is_not_a_url_is_refused(home, keyboard):
    args = ["setup", "x", "--paste", "--field", "client_id=abc", "--field", "client_secret=s3cret-value"]
    refused(home, "not a url at all" + ENTER, args, 2, "Paste the whole address, starting with http://127.0.0.1:",
            keyboard)


def test_llm_setup_asks_again_for_a_base_url_that_is_not_one(fresh_home, keyboard):
    keys = (DOWN * 2 + ENTER                                  # an OpenAI-compatible server
            + CLEAR_LINE + "localhost:11434" + ENTER          # no scheme: asked again …
            + CLEAR_LINE + "http://localhost:11434/v1" + ENTER  # … a local server needs no key
            + CLEAR_LINE + "llama3" + ENTER)                  # model
    keyboard.send_text(keys)
    outcome = fresh_home.run("--sandbox", "setup", "llm", "--no-check")
    assert outcome.code == 0, outcome
    config = (fresh_home.root / "data/sandbox-home/config/config.toml").read_text()
    assert 'base_url = "http://localhost:11434/v1"' in config and "localhost:11434\"" not in config


def test_voice_interview_asks_again_for_a_slider_out_of_range(fresh_home, keyboard):
    keys = [
        DOWN + ENTER, ENTER,                 # from an archetype (not "change my current profile"): educator
        "Ada" + ENTER,                       # name
        "testing" + ENTER,                   # pillars
        BACKSPACE + "11" + ENTER,            # formality 11: refused by the question itself …
        BACKSPACE * 2 + "9" + ENTER,         # … 9
        ENTER * 4,                           # the other sliders as they are
        ENTER, ENTER, ENTER,                 # avoid words, topics, reference voices
        ENTER,                               # reply style
        (DOWN + SPACE) * 4 + ENTER,          # platforms: keep only x
        ENTER, ENTER,                        # x tone, formats
        "-3" + ENTER, BACKSPACE * 2 + ENTER,  # hashtags: -3 refused, then the default
        ENTER,                               # emoji
        "lots" + ENTER, BACKSPACE * 4 + ENTER,  # own max length: not a number, then blank
        ENTER,                               # save
    ]
    keyboard.send_text("".join(keys))
    outcome = fresh_home.run("--sandbox", "setup", "voice")
    assert outcome.code == 0, outcome
    shown = fresh_home.run("--sandbox", "--json", "voice", "show")
    profile = __import__("json").loads(shown.stdout)["data"]["profile"]
    assert profile["tone"]["formality"] == 9 and profile["name"] == "Ada"


@pytest.mark.parametrize(("args", "stdin", "fix"), [
    (["notify", "secret", "webhook-url"], b"not a url\n", "https://"),
    (["webhooks", "secret", "whatsapp"], b"\n", "echo"),
    (["setup", "llm", "--provider", "anthropic", "--api-key-stdin"], b"   \n", "read nothing"),
], ids=["webhook-url-not-a-url", "webhook-secret-blank", "llm-key-blank"])
def test_bad_values_on_stdin_are_refused(home, args, stdin, fix):
    refused(home, None, ["--sandbox", *args], 2, fix, stdin=stdin)


COMMANDS = ("setup engage", "ideas kill", "notify secret", "setup x", "setup llm", "setup voice", "webhooks secret")
"""The commands whose questions are answered badly above (for the coverage check)."""
