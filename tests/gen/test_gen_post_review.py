"""The interactive review loop of `psn post`: approve, edit, regenerate, change format, fix, drop,
cancel. One test drives real questionary prompts through prompt_toolkit pipe input; the others
script the answers (and check that each answer was among the choices offered)."""

import io
import json

import pytest
from post_helpers import IDEA, sandbox_ctx, x_posts
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from psn.cli import prompts

ENTER = "\r"


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)


@pytest.fixture
def answers(terminal, monkeypatch):
    """Scripted answers to `prompts.select` / `confirm`; records the choices offered."""
    script = {"select": [], "confirm": [], "offered": [], "when": []}

    def select(message, choices, default=None):
        if message == "When?":  # after approval: now, unless a test scripts otherwise
            answer = script["when"].pop(0) if script["when"] else "Publish now"
            assert answer in choices, (answer, choices)
            return answer
        script["offered"].append(list(choices))
        answer = script["select"].pop(0)
        assert answer in choices, (answer, choices)
        return answer

    monkeypatch.setattr(prompts, "select", select)
    monkeypatch.setattr(prompts, "confirm", lambda message, default=False: script["confirm"].pop(0))
    return script


def drafts():
    from psn.generate.drafts import list_drafts

    return list_drafts(sandbox_ctx().db)


def edits():
    from psn.voice.calibration import recent_edits

    return recent_edits(sandbox_ctx().db)


def test_approve_with_real_prompts(posting, terminal):
    with create_pipe_input() as keys, create_app_session(input=keys, output=DummyOutput()):
        keys.send_text(ENTER)  # "Approve" is the first choice
        keys.send_text(ENTER)  # "When?": "Publish now" is the first choice
        result = posting("--sandbox", "post", IDEA, "-p", "x")
    assert result.exit_code == 0, result.stderr
    assert "✓ x:" in result.stdout and x_posts()
    assert edits() == []


def test_cancel_saves_and_sends_nothing_and_keeps_the_idea(posting, answers):
    posting("--sandbox", "ideas", "add", IDEA, "-p", "x")
    answers["select"] = ["Cancel (nothing is saved or sent)"]
    result = posting("--sandbox", "post", "--idea", "1")
    assert result.exit_code == 0 and "Cancelled: nothing was saved or sent." in result.stdout
    assert drafts() == [] and x_posts() == []
    assert posting("--sandbox", "--json", "ideas", "show", "1").json()["data"]["stage"] == "spark"


def test_edit_is_published_and_kept_for_calibration(posting, answers, monkeypatch):
    answers["select"] = ["Edit x", "Approve"]
    monkeypatch.setattr(prompts, "edit_text", lambda text, suffix=".txt": "My own words about flaky tests.")
    result = posting("--sandbox", "post", IDEA, "-p", "x", "--format", "single")
    assert result.exit_code == 0, result.stdout
    assert x_posts()[0]["text"] == "My own words about flaky tests."
    [edit] = edits()
    assert edit.after == "My own words about flaky tests." and edit.before.startswith("Most flaky tests")
    assert edit.draft_output_id == drafts()[0].outputs[0].id and edit.prompt_version_id


def test_edit_a_thread_post_by_post(posting, answers, monkeypatch):
    answers["select"] = ["Edit x", "Approve"]
    monkeypatch.setattr(prompts, "edit_text", lambda text, suffix=".txt": "First post\n\n---\n\nSecond post")
    assert posting("--sandbox", "post", IDEA, "-p", "x", "--format", "thread").exit_code == 0
    assert [p["text"] for p in x_posts()] == ["First post", "Second post"]


def test_regenerate_and_change_format(posting, answers):
    answers["select"] = ["Regenerate x", "Change format of x", "single", "Approve"]
    result = posting("--sandbox", "post", IDEA, "-p", "x")
    assert result.exit_code == 0, result.stdout
    assert drafts()[0].outputs[0].format == "single" and len(x_posts()) == 1
    assert {"Regenerate x", "Change format of x", "Edit x"} <= set(answers["offered"][0])
    assert edits() == []  # regenerating is not an edit


def test_drop_a_platform(stand_ins, answers):
    answers["select"] = ["Drop linkedin", "Approve"]
    result = stand_ins["cli"]("--sandbox", "post", IDEA, "-p", "x", "-p", "linkedin")
    assert result.exit_code == 0
    assert [o.platform for o in drafts()[0].outputs] == ["x"]
    assert stand_ins["linkedin"].sent == [] and x_posts()
    assert "Drop x" not in answers["offered"][-1]  # the last platform cannot be dropped


def test_errors_block_approval_until_fixed(posting, answers, httpx_mock, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("sk-ant-test-key-000\n"))
    posting("--sandbox", "setup", "llm", "--provider", "anthropic", "--api-key-stdin", "--no-check")
    long_text = "Shared state causes flaky tests. " * 12
    httpx_mock.add_response(method="POST", url="https://api.anthropic.com/v1/messages", json={
        "model": "claude-sonnet-4-5", "content": [{"type": "text", "text": json.dumps({"text": long_text})}],
        "usage": {"input_tokens": 10, "output_tokens": 10},
    })
    answers["select"] = ["Approve", "Fix x: split_into_thread", "Approve"]
    result = posting("--sandbox", "post", IDEA, "-p", "x", "--format", "single")
    assert result.exit_code == 0, result.stdout
    assert "Fix x: shorten" in answers["offered"][0]
    assert "Fix the errors on x first" in result.stderr
    output = drafts()[0].outputs[0]
    assert output.format == "thread" and len(x_posts()) == 1 + len(output.body.parts) > 1


def test_near_duplicate_needs_a_second_yes(posting, answers):
    answers["select"] = ["Approve"]
    assert posting("--sandbox", "post", "Fixtures beat setup methods.", "-p", "x").exit_code == 0
    answers["select"] = ["Approve", "Cancel (nothing is saved or sent)"]
    answers["confirm"] = [False]
    result = posting("--sandbox", "post", "Fixtures beat setup methods!", "-p", "x")
    assert result.exit_code == 0 and answers["confirm"] == []  # the second yes was asked for, and refused
    assert len(x_posts()) == 1 and len(drafts()) == 1  # only the first post


def test_no_idea_on_a_terminal_offers_topics(posting, answers, monkeypatch):
    posting("--sandbox", "ideas", "add", "Why I stopped mocking the database", "-p", "x", "--stage", "ready")
    answers["select"] = [None, "Approve"]
    answers["select"][0] = "Idea 1 (ready): Why I stopped mocking the database"
    result = posting("--sandbox", "post", "-p", "x")
    assert result.exit_code == 0, result.stdout
    assert answers["offered"][0][-1] == "Something else…"
    assert posting("--sandbox", "--json", "ideas", "show", "1").json()["data"]["stage"] == "used"
    monkeypatch.setattr(prompts, "text", lambda message, default="", validate=None: "Typed on the spot.")
    answers["select"] = ["Something else…", "Approve"]
    assert posting("--sandbox", "post", "-p", "x").exit_code == 0
    assert drafts()[0].idea_text == "Typed on the spot."


def test_platforms_are_asked_for_on_a_terminal(posting, answers, monkeypatch):
    monkeypatch.setattr(prompts, "checkbox", lambda message, choices, checked=(): ["x"])
    answers["select"] = ["Approve"]
    assert posting("--sandbox", "post", "Pick my platforms for me.").exit_code == 0
    assert x_posts()


def test_approve_one_platform_while_another_goes_back_to_editing(stand_ins, answers, monkeypatch):
    monkeypatch.setattr(prompts, "edit_text", lambda text, suffix=".txt": "LinkedIn, in my own words.")
    answers["select"] = ["Approve x", "Edit linkedin", "Approve linkedin"]
    result = stand_ins["cli"]("--sandbox", "post", IDEA, "-p", "x", "-p", "linkedin")
    assert result.exit_code == 0, result.stdout
    first, after_x = answers["offered"][0], answers["offered"][1]
    assert first[:3] == ["Approve all", "Approve x", "Approve linkedin"]
    assert "Approve x" not in after_x and "Edit x" not in after_x and "Reopen x" in after_x
    assert "Approve all" not in after_x  # one platform left: approving it is approving all
    assert x_posts() and stand_ins["linkedin"].sent[0].text == "LinkedIn, in my own words."


def test_declining_a_duplicate_reopens_every_platform(stand_ins, answers):
    answers["select"] = ["Approve"]  # one platform: one approval
    assert stand_ins["cli"]("--sandbox", "post", "Fixtures beat setup methods.", "-p", "x").exit_code == 0
    answers["select"] = ["Approve all", "Cancel (nothing is saved or sent)"]
    answers["confirm"] = [False]
    result = stand_ins["cli"]("--sandbox", "post", "Fixtures beat setup methods!", "-p", "x", "-p", "linkedin")
    assert result.exit_code == 0 and answers["confirm"] == []
    assert "Approve x" in answers["offered"][-1] and "Approve linkedin" in answers["offered"][-1]
    assert stand_ins["linkedin"].sent == [] and len(x_posts()) == 1
