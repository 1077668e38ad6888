"""`psn setup llm`, the doctor's llm section, and drafting through a mocked hosted model."""

import io
import json

import pytest

KEY = "sk-ant-api03-secret-value-xyz"
IDEA = "Most flaky tests come from shared state, not timing. Give every test its own temp directory."
DRAFT = {"text": "Flaky tests? Look at shared state first.\n\n#pythontesting", "hashtags": ["pythontesting"]}


def anthropic_reply(text, tokens=(812, 95), model="claude-sonnet-4-5"):
    return {"id": "msg_1", "type": "message", "role": "assistant", "model": model,
            "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
            "usage": {"input_tokens": tokens[0], "output_tokens": tokens[1]}}


@pytest.fixture
def with_key(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))


def config_text():
    from psn.cli.state import ctx

    path = ctx().paths.config_file
    return path.read_text() if path.exists() else ""


def test_default_is_offline_and_doctor_says_so(cli):
    section = cli("--json", "doctor").json()["data"]["llm"]
    assert section["ok"] and section["provider"] == "offline" and section["key"] == "not needed"


def test_setup_anthropic_stores_the_key_in_the_secrets_store_only(cli, with_key, memory_keyring, httpx_mock):
    httpx_mock.add_response(method="POST", url="https://api.anthropic.com/v1/messages",
                            json=anthropic_reply("OK", (12, 1)))
    result = cli("--json", "setup", "llm", "--provider", "anthropic", "--api-key-stdin")
    assert result.exit_code == 0, result.stdout
    data = result.json()["data"]
    assert {k: data[k] for k in ("provider", "model", "base_url", "key", "checked")} == {
        "provider": "anthropic", "model": "claude-sonnet-4-5", "base_url": "https://api.anthropic.com",
        "key": "stored", "checked": True}
    assert KEY in memory_keyring.store.values()
    assert 'provider = "anthropic"' in config_text() and KEY not in config_text()
    doctor = cli("--json", "doctor")
    section = doctor.json()["data"]["llm"]
    assert section["key"] == "stored" and section["model"] == "claude-sonnet-4-5"
    assert KEY not in doctor.stdout
    assert "llm.anthropic.api_key" in doctor.json()["data"]["secrets"]["names"]


def test_hosted_provider_without_a_key_changes_nothing(cli):
    result = cli("--json", "setup", "llm", "--provider", "openai")
    assert result.exit_code == 2 and "--api-key-stdin" in result.json()["error"]["hint"]
    assert config_text() == ""


@pytest.mark.parametrize("args", [["--provider", "gemini"], ["--provider", "openai", "--base-url", "ftp://x"]])
def test_invalid_settings_change_nothing(cli, args):
    assert cli("setup", "llm", *args).exit_code == 2
    assert config_text() == ""


def test_empty_stdin_key_is_refused(cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli("setup", "llm", "--provider", "anthropic", "--api-key-stdin").exit_code == 2


def test_local_openai_compatible_server_needs_no_key(cli):
    result = cli("--json", "setup", "llm", "--provider", "openai", "--base-url", "http://localhost:11434/v1",
                 "--model", "llama3.2", "--no-check")
    assert result.exit_code == 0 and result.json()["data"]["checked"] is False
    section = cli("--json", "doctor").json()["data"]["llm"]
    assert (section["key"], section["model"], section["base_url"]) == ("not needed", "llama3.2",
                                                                        "http://localhost:11434/v1")
    assert cli("setup", "llm", "--provider", "offline").exit_code == 0
    assert "model" not in config_text() and "base_url" not in config_text()


def test_doctor_flags_a_missing_key(cli, monkeypatch):
    monkeypatch.setenv("PSN_LLM_PROVIDER", "anthropic")
    section = cli("--json", "doctor").json()["data"]["llm"]
    assert section["ok"] is False and section["key"] == "missing" and "psn setup llm" in section["hint"]


def test_check_sends_one_small_request(cli, with_key, httpx_mock):
    httpx_mock.add_response(method="POST", url="https://api.anthropic.com/v1/messages",
                            json=anthropic_reply("OK", (12, 1)))
    result = cli("--json", "setup", "llm", "--provider", "anthropic", "--api-key-stdin", "--check")
    assert result.exit_code == 0, result.stdout
    assert result.json()["data"]["check"]["reply"] == "OK"
    assert httpx_mock.get_request().headers["x-api-key"] == KEY


def test_failed_check_saves_nothing(cli, with_key, httpx_mock, memory_keyring):
    httpx_mock.add_response(method="POST", status_code=401, json={"error": {"message": f"invalid x-api-key {KEY}"}})
    result = cli("--json", "setup", "llm", "--provider", "anthropic", "--api-key-stdin")
    assert result.exit_code == 3
    error = result.json()["error"]
    assert "invalid x-api-key" in error["message"] and "Nothing was saved" in error["hint"]
    assert KEY not in result.stdout  # the server echoed it: masked
    assert config_text() == "" and KEY not in memory_keyring.store.values()


def test_an_unknown_model_is_a_refusal_and_saves_nothing(cli, with_key, httpx_mock):
    httpx_mock.add_response(method="POST", status_code=404,
                            json={"error": {"type": "not_found_error", "message": "model: claude-nope"}})
    result = cli("--json", "setup", "llm", "--provider", "anthropic", "--model", "claude-nope", "--api-key-stdin")
    assert result.exit_code == 4
    assert "Check the model name" in result.json()["error"]["hint"] and config_text() == ""


def test_preview_through_a_mocked_anthropic_model(cli, with_key, httpx_mock):
    cli("setup", "voice", "--archetype", "expert", "--pillar", "python testing")
    cli("setup", "llm", "--provider", "anthropic", "--api-key-stdin", "--model", "claude-haiku-4-5", "--no-check")
    httpx_mock.add_response(method="POST", url="https://api.anthropic.com/v1/messages",
                            json=anthropic_reply(json.dumps(DRAFT), model="claude-haiku-4-5-20251001"))
    result = cli("--json", "voice", "preview", IDEA, "-p", "x", "--format", "single")
    assert result.exit_code == 0, result.stdout
    draft = result.json()["data"]["drafts"][0]
    assert draft["body"]["text"] == DRAFT["text"] and not draft["offline"] and draft["note"] is None
    assert draft["model"] == "claude-haiku-4-5-20251001" and draft["issues"] == []  # as the server names it
    request = httpx_mock.get_request()
    body = json.loads(request.content)
    # max_tokens is sized for one X post, not llm.max_tokens' 1,500
    assert body["model"] == "claude-haiku-4-5" and body["max_tokens"] < 400 and body["temperature"] == 0.7
    assert "python testing" in body["system"] and IDEA in body["messages"][0]["content"]
    section = cli("--json", "doctor").json()["data"]["llm"]
    assert section["calls_30d"] == 1 and section["tokens_30d"] == 907 and section["cost_usd_30d"] > 0


def test_preview_through_a_mocked_ollama(cli, httpx_mock):
    cli("setup", "voice", "--archetype", "builder", "--pillar", "indie hacking")
    cli("setup", "llm", "--provider", "openai", "--base-url", "http://localhost:11434/v1", "--model", "llama3.2",
        "--no-check")
    httpx_mock.add_response(method="POST", url="http://localhost:11434/v1/chat/completions", json={
        "model": "llama3.2", "choices": [{"message": {"role": "assistant", "content": "A" * 300}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 100},
    })
    draft = cli("--json", "voice", "preview", IDEA, "-p", "x", "--format", "single").json()["data"]["drafts"][0]
    assert draft["body"]["text"] == "A" * 300  # plain text kept as the post …
    assert draft["issues"][0]["code"] == "too_long"  # … and checked, not silently cut
    assert "authorization" not in httpx_mock.get_request().headers
