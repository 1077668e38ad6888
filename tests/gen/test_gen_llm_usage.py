"""Metering every call, cost estimates, and building the configured provider."""

import pytest

from psn.core.errors import NotConfigured, PsnError
from psn.core.sections.llm import LLMSettings
from psn.llm.base import Completion, Message, ProviderInfo
from psn.llm.pricing import estimate_cost_micros, price_for
from psn.llm.registry import build_provider, key_name, open_llm
from psn.llm.usage import LLM, usage_summary


class FakeProvider:
    def __init__(self, completion=None, error=None, base_url="https://api.example.com"):
        self.info = ProviderInfo(name="anthropic", model="claude-sonnet-4-5", base_url=base_url, offline=False,
                                 needs_key=True)
        self.completion, self.error, self.calls = completion, error, []

    def complete(self, system, messages, max_tokens, temperature):
        self.calls.append((system, messages, max_tokens, temperature))
        if self.error:
            raise self.error
        return self.completion


def test_calls_are_recorded_with_tokens_and_cost(db, clock):
    provider = FakeProvider(Completion("hi", "anthropic", "claude-sonnet-4-5", 1000, 200, attempts=2))
    llm = LLM(provider, db, clock, max_tokens=321, temperature=0.2)
    llm.complete("sys", [Message("user", "u")], purpose="post:x:single", prompt_version_id=None)
    assert provider.calls[0][2:] == (321, 0.2)
    summary = usage_summary(db, clock.now())
    assert (summary.calls, summary.input_tokens, summary.output_tokens, summary.failed) == (1, 1000, 200, 0)
    assert summary.cost_usd == pytest.approx(0.006)  # 1000 × $3/M + 200 × $15/M


def test_failed_calls_are_recorded_and_reraised(db, clock):
    llm = LLM(FakeProvider(error=PsnError("boom")), db, clock)
    with pytest.raises(PsnError):
        llm.complete("s", [], purpose="reply:x")
    summary = usage_summary(db, clock.now())
    assert summary.calls == 1 and summary.failed == 1


def test_local_models_cost_nothing_and_unknown_models_have_unknown_cost(db, clock):
    local = FakeProvider(Completion("x", "openai", "llama3.2", 500, 500), base_url="http://localhost:11434/v1")
    LLM(local, db, clock).complete("s", [], purpose="p")
    unknown = FakeProvider(Completion("x", "openai", "mystery-model", 500, 500))
    LLM(unknown, db, clock).complete("s", [], purpose="p")
    summary = usage_summary(db, clock.now())
    assert summary.cost_usd == 0 and summary.cost_unknown_calls == 1


def test_pricing_table_and_override():
    assert price_for("claude-sonnet-4-5-20250929") == (3.0, 15.0)
    assert price_for("gpt-4o-mini-2024") == (0.15, 0.60)  # longest prefix wins over gpt-4o
    assert estimate_cost_micros("gpt-4o", 1_000_000, 0) == 2_500_000
    assert estimate_cost_micros("whatever", 10, 10, override=(1.0, 2.0)) == 30
    assert estimate_cost_micros("whatever", 10, 10) is None


def test_offline_is_the_default_and_needs_nothing(db, clock):
    llm = open_llm(LLMSettings(), secrets=None, db=db, clock=clock)  # type: ignore[arg-type]
    assert llm.offline and llm.provider.info.name == "offline"


class Secrets:
    def __init__(self, values=None):
        self.values = values or {}

    def get(self, name):
        return self.values.get(name)


def test_hosted_provider_without_key_names_the_fix():
    with pytest.raises(NotConfigured) as caught:
        build_provider(LLMSettings(provider="anthropic"), Secrets())
    assert "psn setup llm --provider anthropic" in (caught.value.hint or "")


def test_key_from_store_or_environment(monkeypatch):
    provider = build_provider(LLMSettings(provider="anthropic"), Secrets({key_name("anthropic"): "sk-ant-stored-1"}))
    assert provider.info.model == "claude-sonnet-4-5"
    monkeypatch.setenv("PSN_LLM_API_KEY", "sk-from-env-123")
    assert build_provider(LLMSettings(provider="openai"), Secrets()).info.base_url == "https://api.openai.com/v1"


def test_local_openai_compatible_server_needs_no_key():
    settings = LLMSettings(provider="openai", base_url="http://localhost:11434/v1/", model="llama3.2")
    provider = build_provider(settings, Secrets())
    assert provider.info.base_url == "http://localhost:11434/v1" and provider.info.model == "llama3.2"


def test_price_override_from_settings(db, clock):
    settings = LLMSettings(input_price_per_mtok=1.0, output_price_per_mtok=2.0)
    assert open_llm(settings, None, db, clock).price_override == (1.0, 2.0)  # type: ignore[arg-type]


def test_each_call_is_sized_for_its_purpose_under_the_ceiling(db, clock):
    provider = FakeProvider(Completion("hi", "anthropic", "claude-sonnet-4-5", 10, 2))
    llm = LLM(provider, db, clock, max_tokens=500)
    llm.complete("s", [], purpose="pick_format:x", max_tokens=60)
    llm.complete("s", [], purpose="post:linkedin:post", max_tokens=1250)
    assert [call[2] for call in provider.calls] == [60, 500]


@pytest.mark.parametrize(("completion", "words"), [
    (Completion("", "anthropic", "claude-sonnet-4-5", 10, 0, attempts=3), "was empty"),
    (Completion('{"options": ["half', "anthropic", "claude-sonnet-4-5", 10, 64, stop_reason="length"), "cut off"),
])
def test_an_answer_that_cannot_be_used_is_a_failed_call_with_its_tokens_and_attempts(db, clock, completion, words):
    from psn.llm.errors import LLMUnusable
    from psn.llm.usage import last_call

    llm = LLM(FakeProvider(completion), db, clock)
    with pytest.raises(LLMUnusable, match=words):
        llm.complete("s", [], purpose="reply:x", max_tokens=64)
    row = last_call(db, "anthropic", "claude-sonnet-4-5")
    assert (row.ok, row.error, row.output_tokens, row.attempts) == (False, "llm_unusable", completion.output_tokens,
                                                                   completion.attempts)


def test_a_failure_after_retries_keeps_its_attempt_count(db, clock):
    from psn.llm.errors import LLMUnavailable
    from psn.llm.usage import last_call

    llm = LLM(FakeProvider(error=LLMUnavailable("down (4 attempts)", attempts=4)), db, clock)
    with pytest.raises(LLMUnavailable):
        llm.complete("s", [], purpose="post:x:single")
    assert last_call(db, "anthropic", "claude-sonnet-4-5").attempts == 4
