"""The interactive `psn setup voice` / `psn setup llm`, driven through prompt_toolkit pipe input."""

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from psn.cli import prompts

DOWN, ENTER, SPACE, CTRL_C = "\x1b[B", "\r", " ", "\x03"


@pytest.fixture
def keyboard(monkeypatch):
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def test_interview_from_an_archetype(cli, keyboard):
    keys = [
        ENTER,                      # start from an archetype
        ENTER,                      # educator
        "Ada" + ENTER,              # name
        "testing, python" + ENTER,  # pillars
        ENTER * 4,                  # formality … boldness keep the archetype's values
        "\x7f" + "8" + ENTER,       # detail: replace the prefilled 7 with 8
        "synergy" + ENTER,          # avoid words
        ENTER, ENTER,               # avoid topics, reference voices
        DOWN + ENTER,               # reply style: supportive → curious
        (DOWN + SPACE) * 4 + ENTER,  # platforms: keep only x
        "punchy" + ENTER,           # x tone
        ENTER,                      # x formats: keep thread
        ENTER,                      # hashtags per post: keep 1
        DOWN + ENTER,               # emoji: the pointer starts on light; one down is heavy
        "200" + ENTER,              # own max length
        ENTER,                      # save? yes
    ]
    keyboard.send_text("".join(keys))
    result = cli("setup", "voice")
    assert result.exit_code == 0, result.stderr
    profile = cli("--json", "voice", "show").json()["data"]["profile"]
    assert profile["name"] == "Ada" and profile["pillars"] == ["testing", "python"]
    assert profile["tone"]["detail"] == 8 and profile["tone"]["warmth"] == 7
    assert profile["avoid_words"] == ["synergy"] and profile["reply_style"] == "curious"
    assert list(profile["personas"]) == ["x"]
    assert profile["personas"]["x"] == {
        "tone": "punchy", "preferred_formats": ["thread"], "hashtags_per_post": 1, "signature_hashtags": [],
        "emoji": "heavy", "max_length": 200,
    }


@pytest.mark.parametrize("save", ["y", "n"])
def test_interview_from_scratch_refuses_a_bad_slider_until_fixed(cli, keyboard, save):
    keys = [
        DOWN + DOWN + ENTER,        # answer every question myself
        ENTER,                      # no name
        "baking" + ENTER,           # pillars
        "\x7f" + "42" + ENTER,      # formality 42: refused by the validator …
        "\x7f\x7f" + "3" + ENTER,   # … then 3
        ENTER * 4,                  # other sliders
        ENTER * 3,                  # avoid words, topics, references
        ENTER,                      # reply style
        ENTER,                      # platforms: x and linkedin are pre-ticked
        ENTER, ENTER, ENTER, ENTER, ENTER,  # x persona
        ENTER, ENTER, ENTER, ENTER,          # linkedin persona (one format: no question)
        save,
    ]
    keyboard.send_text("".join(keys))
    result = cli("--json", "setup", "voice")
    assert result.exit_code == 0
    if save == "n":
        assert result.json()["data"] == {"saved": False}
        assert cli("--json", "voice", "history").json()["data"] == []
        return
    profile = result.json()["data"]["profile"]
    assert profile["pillars"] == ["baking"] and profile["tone"]["formality"] == 3
    assert list(profile["personas"]) == ["x", "linkedin"] and profile["archetype"] is None


def test_ctrl_c_interrupts_without_saving(cli, keyboard):
    keyboard.send_text(CTRL_C)
    assert cli("setup", "voice").exit_code == 130
    assert cli("--json", "voice", "history").json()["data"] == []


def test_setup_llm_interactive_offline(cli, keyboard):
    keyboard.send_text(ENTER)  # the current choice (offline composer) is the default
    result = cli("setup", "llm")
    assert result.exit_code == 0
    assert "offline composer" in result.stdout


def test_setup_llm_interactive_anthropic_key_goes_to_the_keyring(cli, keyboard, memory_keyring, httpx_mock):
    httpx_mock.add_response(method="POST", url="https://api.anthropic.com/v1/messages", json={
        "model": "claude-sonnet-4-5", "content": [{"type": "text", "text": "OK"}],
        "usage": {"input_tokens": 12, "output_tokens": 1}})
    keyboard.send_text(DOWN + ENTER + "sk-ant-typed-key-1" + ENTER + ENTER)  # Anthropic, the key, the default model
    result = cli("--json", "setup", "llm")
    assert result.exit_code == 0, result.stdout
    assert result.json()["data"]["check"]["reply"] == "OK"
    assert result.json()["data"]["provider"] == "anthropic"
    assert "sk-ant-typed-key-1" in memory_keyring.store.values()
    assert "sk-ant-typed-key-1" not in result.stdout
