"""HTTP providers against pytest-httpx: exact URLs, headers and bodies; retries; error mapping."""

import json

import httpx
import pytest

from psn.core.errors import NotAuthorised, RateLimited
from psn.llm.anthropic import AnthropicProvider
from psn.llm.base import Message
from psn.llm.errors import LLMRejected, LLMUnavailable
from psn.llm.http import backoff_seconds
from psn.llm.openai_compat import OpenAICompatibleProvider

KEY = "sk-ant-test-key-123456"
MESSAGES = [Message("user", "Write it.")]
ANTHROPIC_OK = {
    "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
    "content": [{"type": "text", "text": '{"text": "Hello"}'}], "stop_reason": "end_turn",
    "usage": {"input_tokens": 120, "output_tokens": 30},
}
OPENAI_OK = {
    "id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi there"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 50, "completion_tokens": 7, "total_tokens": 57},
}


@pytest.fixture
def sleeps():
    return []


def anthropic(sleeps, **kwargs):
    return AnthropicProvider(KEY, sleep=sleeps.append, **kwargs)


def test_anthropic_request_and_response(httpx_mock, sleeps):
    httpx_mock.add_response(method="POST", url="https://api.anthropic.com/v1/messages", json=ANTHROPIC_OK)
    completion = anthropic(sleeps).complete("Be brief.", MESSAGES, max_tokens=500, temperature=0.3)
    request = httpx_mock.get_request()
    assert request.headers["x-api-key"] == KEY
    assert request.headers["anthropic-version"] == "2023-06-01"
    assert request.headers["content-type"] == "application/json"
    assert "authorization" not in request.headers
    assert json.loads(request.content) == {
        "model": "claude-sonnet-4-5", "max_tokens": 500, "temperature": 0.3, "system": "Be brief.",
        "messages": [{"role": "user", "content": "Write it."}],
    }
    assert completion.text == '{"text": "Hello"}'
    assert (completion.input_tokens, completion.output_tokens, completion.attempts) == (120, 30, 1)
    assert completion.provider == "anthropic" and completion.stop_reason == "end_turn" and not completion.offline


def test_anthropic_custom_base_url_and_model(httpx_mock, sleeps):
    httpx_mock.add_response(method="POST", url="http://proxy.local:8080/v1/messages", json=ANTHROPIC_OK)
    provider = anthropic(sleeps, model="claude-haiku-4-5", base_url="http://proxy.local:8080")
    provider.complete("", MESSAGES, 100, 0.0)
    assert json.loads(httpx_mock.get_request().content)["model"] == "claude-haiku-4-5"


def test_openai_request_and_response(httpx_mock):
    httpx_mock.add_response(method="POST", url="https://api.openai.com/v1/chat/completions", json=OPENAI_OK)
    completion = OpenAICompatibleProvider("sk-openai-key-999").complete("Sys", MESSAGES, 256, 0.7)
    request = httpx_mock.get_request()
    assert request.headers["authorization"] == "Bearer sk-openai-key-999"
    assert json.loads(request.content) == {
        "model": "gpt-4o-mini", "max_tokens": 256, "temperature": 0.7,
        "messages": [{"role": "system", "content": "Sys"}, {"role": "user", "content": "Write it."}],
    }
    assert completion.text == "Hi there"
    assert (completion.input_tokens, completion.output_tokens) == (50, 7)


def test_ollama_needs_no_key_and_sends_no_authorization(httpx_mock):
    httpx_mock.add_response(method="POST", url="http://localhost:11434/v1/chat/completions", json=OPENAI_OK)
    provider = OpenAICompatibleProvider(None, model="llama3.2", base_url="http://localhost:11434/v1")
    assert provider.info.needs_key is False
    provider.complete("Sys", MESSAGES, 64, 0.5)
    request = httpx_mock.get_request()
    assert "authorization" not in request.headers
    assert json.loads(request.content)["model"] == "llama3.2"


def test_retries_429_honouring_retry_after_then_succeeds(httpx_mock, sleeps):
    url = "https://api.anthropic.com/v1/messages"
    httpx_mock.add_response(method="POST", url=url, status_code=429, headers={"retry-after": "7"},
                            json={"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}})
    httpx_mock.add_response(method="POST", url=url, status_code=529, json={"error": {"message": "overloaded"}})
    httpx_mock.add_response(method="POST", url=url, json=ANTHROPIC_OK)
    completion = anthropic(sleeps).complete("", MESSAGES, 100, 0.0)
    assert completion.attempts == 3
    assert sleeps == [7.0, 2.0]
    assert len(httpx_mock.get_requests()) == 3


def test_timeouts_are_retried_then_reported(httpx_mock, sleeps):
    for _ in range(3):
        httpx_mock.add_exception(httpx.ReadTimeout("slow"))
    with pytest.raises(LLMUnavailable, match="3 attempts"):
        anthropic(sleeps, max_retries=2).complete("", MESSAGES, 100, 0.0)
    assert sleeps == [1.0, 2.0]


def test_rate_limit_after_all_retries(httpx_mock, sleeps):
    for _ in range(2):
        httpx_mock.add_response(method="POST", status_code=429, json={"error": {"message": "quota"}})
    with pytest.raises(RateLimited, match="quota"):
        anthropic(sleeps, max_retries=1).complete("", MESSAGES, 100, 0.0)


def test_server_errors_after_retries(httpx_mock, sleeps):
    for _ in range(2):
        httpx_mock.add_response(method="POST", status_code=503, text="upstream down")
    with pytest.raises(LLMUnavailable, match="503"):
        anthropic(sleeps, max_retries=1).complete("", MESSAGES, 100, 0.0)


def test_bad_key_is_not_authorised_and_never_echoes_the_key(httpx_mock, sleeps):
    from psn.core.redact import register_secret

    register_secret(KEY)
    httpx_mock.add_response(method="POST", status_code=401,
                            json={"type": "error", "error": {"message": f"invalid x-api-key {KEY}"}})
    with pytest.raises(NotAuthorised) as caught:
        anthropic(sleeps).complete("", MESSAGES, 100, 0.0)
    assert KEY not in caught.value.message
    assert "psn setup llm" in (caught.value.hint or "")
    assert sleeps == []  # a refused key is not retried


def test_bad_request_is_rejected_without_retry(httpx_mock, sleeps):
    httpx_mock.add_response(method="POST", status_code=400, json={"error": {"message": "model not found"}})
    with pytest.raises(LLMRejected, match="model not found"):
        OpenAICompatibleProvider("k" * 10, sleep=sleeps.append).complete("", MESSAGES, 10, 0.0)
    assert sleeps == []


def test_unreachable_local_server_is_retried_then_says_what_to_check(httpx_mock, sleeps):
    """A server that stopped between calls is unavailable (exit 1, "is it running?"), not "not configured"."""
    for _ in range(4):
        httpx_mock.add_exception(httpx.ConnectError("refused"))
    with pytest.raises(LLMUnavailable, match=r"Cannot reach .* \(4 attempts\)") as caught:
        OpenAICompatibleProvider(None, base_url="http://localhost:11434/v1", sleep=sleeps.append).complete(
            "", MESSAGES, 10, 0.0)
    assert "server running" in (caught.value.hint or "") and caught.value.details["attempts"] == 4
    assert sleeps == [1.0, 2.0, 4.0]


def test_a_dropped_connection_is_retried_like_a_timeout(httpx_mock, sleeps):
    httpx_mock.add_exception(httpx.RemoteProtocolError("peer closed connection without sending complete message body"))
    httpx_mock.add_response(method="POST", json=OPENAI_OK)
    completion = OpenAICompatibleProvider("k" * 10, sleep=sleeps.append).complete("", MESSAGES, 10, 0.0)
    assert completion.text == "Hi there" and completion.attempts == 2 and sleeps == [1.0]


def test_a_connection_dropped_every_time_is_named(httpx_mock, sleeps):
    for _ in range(2):
        httpx_mock.add_exception(httpx.ReadError("connection reset"))
    with pytest.raises(LLMUnavailable, match=r"dropped the connection before answering \(2 attempts\)"):
        OpenAICompatibleProvider("k" * 10, max_retries=1, sleep=sleeps.append).complete("", MESSAGES, 10, 0.0)


@pytest.mark.parametrize("error", [{"message": "llama_decode failed", "code": 500}, "context overflow"])
def test_an_error_inside_a_200_answer_is_a_failure_with_the_server_message(httpx_mock, sleeps, error):
    httpx_mock.add_response(method="POST", json={"error": error})
    with pytest.raises(LLMUnavailable, match=r"answered with an error: (llama_decode failed|context overflow)"):
        OpenAICompatibleProvider("k" * 10, sleep=sleeps.append).complete("", MESSAGES, 10, 0.0)
    assert sleeps == []


def test_backoff_is_bounded():
    assert backoff_seconds(1, None) == 1.0
    assert backoff_seconds(3, None) == 4.0
    assert backoff_seconds(10, None) == 30.0
    assert backoff_seconds(1, "9999") == 30.0
    assert backoff_seconds(2, "not a date") == 2.0
