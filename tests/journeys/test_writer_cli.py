"""The writer through the real `psn` (no terminal): --model for one run reaches the server,
an unknown model is a clear refusal, and `psn doctor` describes only the provider in use."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.journeys.conftest import DRAFT
from tests.journeys.terminal import journey_env, psn_executable
from tests.llm_server import LLMServer

IDEA = "Most flaky tests come from shared state, not timing. Give every test its own temp directory."


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout)

    @property
    def said(self) -> str:
        return " ".join((self.stdout + self.stderr).split())


def psn(home: Path, *args: str) -> Ran:
    done = subprocess.run([psn_executable(), "--sandbox", *args], env=journey_env(home), capture_output=True,
                          text=True, timeout=60, check=False, stdin=subprocess.DEVNULL)
    return Ran(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def writer_home(home: Path, server: LLMServer) -> Path:
    """A voice profile, and drafts written by llama3 on the local server."""
    assert psn(home, "setup", "voice", "--archetype", "expert", "--pillar", "python testing").code == 0
    setup = psn(home, "setup", "llm", "--provider", "openai", "--base-url", f"{server.url}/v1", "--model", "llama3")
    assert setup.code == 0, setup
    return home


def config_text(home: Path) -> str:
    return (home / "data" / "sandbox-home" / "config" / "config.toml").read_text()


def test_model_flag_writes_this_run_with_that_model(writer_home, server):
    result = psn(writer_home, "post", IDEA, "-p", "x", "--format", "single", "--dry-run", "--model", "qwen2.5:7b")
    assert result.code == 0, result
    assert DRAFT["text"] in result.stdout and "Dry run: nothing was saved or sent." in result.stdout
    assert server.models() == ["llama3", "qwen2.5:7b"]  # the setup check, then the draft
    assert server.requests[-1]["path"] == "/v1/chat/completions"
    assert 'model = "llama3"' in config_text(writer_home)  # for this run only
    again = psn(writer_home, "post", IDEA, "-p", "x", "--format", "single", "--dry-run")
    assert again.code == 0 and server.models()[-1] == "llama3"


def test_a_model_the_server_does_not_know_is_a_clear_refusal(writer_home, server):
    server.mode = "unknown_model"
    result = psn(writer_home, "post", IDEA, "-p", "x", "--format", "single", "--dry-run", "--model", "nonesuch")
    assert result.code == 4, result
    assert "does not accept the model" in result.said and "nonesuch does not exist" in result.said
    assert "Check the model name" in result.said and "Traceback" not in result.said
    assert server.models()[-1] == "nonesuch"


def test_doctor_after_switching_to_offline_shows_only_the_offline_composer(writer_home, server):
    server.mode = "refuse_key"
    assert psn(writer_home, "voice", "preview", IDEA, "-p", "x", "--format", "single").code == 3
    before = psn(writer_home, "--json", "doctor").json()["data"]["llm"]
    assert (before["provider"], before["model"], before["failed_30d"]) == ("openai", "llama3", 1)
    # the switch the error hints suggest: llm.model and llm.base_url stay in config.toml, unused
    assert psn(writer_home, "config", "set", "llm.provider", "offline").code == 0
    assert "llama3" in config_text(writer_home)
    doctor = psn(writer_home, "doctor")
    line = next(line for line in doctor.stdout.splitlines() if " llm:" in line)
    assert line.startswith("✓") and "provider offline" in line and "failed 30 days 0" in line
    assert "llama3" not in doctor.stdout and server.url not in doctor.stdout


OFFLINE_IDEA = ("Most flaky tests come from shared state, not timing. Give every test its own temp directory. "
                "Reset globals in a fixture. Never depend on test order.")


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w']+", text.lower()) if not w.isdigit()}


def test_the_offline_composer_names_everything_it_added(home):
    assert psn(home, "setup", "voice", "--archetype", "expert", "--pillar", "python testing").code == 0
    result = psn(home, "--json", "post", OFFLINE_IDEA, "-p", "x", "-p", "linkedin", "-p", "tiktok", "-p", "instagram",
                 "--dry-run")
    assert result.code == 0, result
    drafts = result.json()["data"]["drafts"]
    assert [d["platform"] for d in drafts] == ["x", "linkedin", "tiktok", "instagram"]
    for draft in drafts:
        body = draft["body"]
        written = " ".join([body["text"], *body["parts"], *body["slides"], body["title"] or ""])
        assert "Follow for more" not in written and draft["offline"]
        assert words(written) - words(OFFLINE_IDEA) <= words(draft["note"]), draft["platform"]
        assert all(f"#{tag}" in draft["note"] for tag in body["hashtags"])
    shown = psn(home, "post", OFFLINE_IDEA, "-p", "x", "-p", "linkedin", "--dry-run")
    assert shown.code == 0 and shown.said.count("Written by psn's offline composer") == 2  # one note per draft
    assert "adds nothing" not in shown.said


def test_offline_reply_drafts_quote_a_clause_not_the_post_and_never_a_handle(home):
    assert psn(home, "setup", "voice", "--archetype", "expert", "--pillar", "python testing").code == 0
    post = ("@creator_jo Most flaky tests come from shared state, not timing; give every test its own temp "
            "directory and reset globals in a fixture.")
    added = psn(home, "engage", "add", "https://x.com/dev_ann/status/1234567890", "--text", post,
                "--author", "dev_ann")
    assert added.code == 0, added
    drafts = psn(home, "--json", "engage", "explain", "1").json()["data"]["drafts"]
    assert len(drafts) == 3
    for draft in drafts:
        assert "@" not in draft and "creator_jo" not in draft
        assert "give every test its own temp directory and reset globals" not in draft
        assert all(len(quote.split()) <= 8 for quote in re.findall(r"“([^”]*)”", draft))
