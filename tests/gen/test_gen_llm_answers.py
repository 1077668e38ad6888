"""The checks on what `psn setup llm` is given: URLs, model names, API keys (shape only)."""

import pytest

from psn.core.errors import BadInput
from psn.llm.answers import check_api_key, check_base_url, check_model_name


@pytest.mark.parametrize(("url", "kept"), [
    ("https://api.openai.com/v1/", "https://api.openai.com/v1"),
    ("http://localhost:11434/v1", "http://localhost:11434/v1"),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("http://[::1]:1234/v1", "http://[::1]:1234/v1"),
    ("http://ollama:11434/v1", "http://ollama:11434/v1"),  # a container on this network
    ("https://xn--bcher-kva.example/v1", "https://xn--bcher-kva.example/v1"),
])
def test_good_urls_are_kept(url, kept):
    assert check_base_url(url) == kept


@pytest.mark.parametrize(("url", "says"), [
    ("https://api.anthropic.comsk-ant-test-123", "has an API key in it"),
    ("https://api.openai.com/v1sk-proj-abcdef", "has an API key in it"),
    ("https://api.openai.com1/v1", "does not name a host"),
    ("localhost:11434", "is not a web address"),
    ("ftp://example.com", "is not a web address"),
    ("https://exa mple.com", "is not a web address"),
    ("https://user:pass@example.com/v1", "user name or password"),
    ("https://example.com/v1?key=abc", "query or #fragment"),
    ("https://example.com:port/v1", "port that is not a number"),
    ("https://", "does not name a host"),
    ("https://-bad-.com", "does not name a host"),
])
def test_bad_urls_are_refused_with_the_reason(url, says):
    with pytest.raises(BadInput, match=says) as caught:
        check_base_url(url)
    assert "https://" in (caught.value.hint or "")
    assert "pass@" not in caught.value.message and "key=abc" not in caught.value.message  # never echoed


def test_model_names():
    assert check_model_name(" llama3.2:3b ") == "llama3.2:3b"
    for bad in ("", "   ", "claude sonnet", "x" * 201):
        with pytest.raises(BadInput):
            check_model_name(bad)


def test_key_shapes():
    assert check_api_key("anthropic", " sk-ant-api03-abc ") == "sk-ant-api03-abc"
    assert check_api_key("anthropic", "proxy-key-123", own_server=True) == "proxy-key-123"
    assert check_api_key("openai", "sk-proj-123456") == "sk-proj-123456"
    for provider, bad, says in [("anthropic", "sk-proj-123456", "start with sk-ant-"),
                                ("openai", "https://platform.openai.com", "web address"),
                                ("openai", "two words here", "one word"), ("openai", "short", "8 to")]:
        with pytest.raises(BadInput, match=says):
            check_api_key(provider, bad)
