"""Built-in providers, registered by name, and `open_llm` which builds the configured one.

The offline composer is the default and needs nothing. A hosted provider needs its key in the
secrets store (`llm.<provider>.api_key`, set by `psn setup llm`) or in `PSN_LLM_API_KEY`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from psn.core.clock import Clock
from psn.core.errors import NotConfigured
from psn.core.redact import register_secret
from psn.core.secrets import SecretStore
from psn.core.sections.llm import LLMSettings
from psn.llm.base import Provider
from psn.llm.usage import LLM
from psn.store.db import Database

KEY_ENV = "PSN_LLM_API_KEY"


def key_name(provider: str) -> str:
    return f"llm.{provider}.api_key"


@dataclass(frozen=True)
class ProviderSpec:
    name: str
    label: str
    default_model: str
    default_base_url: str
    build: Callable[..., Provider]


def _anthropic(**kwargs: Any) -> Provider:
    from psn.llm.anthropic import AnthropicProvider

    return AnthropicProvider(**kwargs)


def _openai(**kwargs: Any) -> Provider:
    from psn.llm.openai_compat import OpenAICompatibleProvider

    return OpenAICompatibleProvider(**kwargs)


def _offline(**_kwargs: Any) -> Provider:
    from psn.llm.offline import OfflineComposer

    return OfflineComposer()


PROVIDERS: dict[str, ProviderSpec] = {
    "offline": ProviderSpec(
        "offline", "Offline composer (no model, no key, no network)", "offline-composer-1", "", _offline
    ),
    "anthropic": ProviderSpec(
        "anthropic", "Anthropic (Claude, Messages API)", "claude-sonnet-4-5", "https://api.anthropic.com", _anthropic
    ),
    "openai": ProviderSpec(
        "openai", "OpenAI-compatible (OpenAI, Ollama, LM Studio, vLLM)", "gpt-4o-mini", "https://api.openai.com/v1",
        _openai,
    ),
}


def read_key(secrets: SecretStore, provider: str) -> str | None:
    value = os.environ.get(KEY_ENV) or secrets.get(key_name(provider))
    register_secret(value)
    return value or None


def build_provider(settings: LLMSettings, secrets: SecretStore, client: Any = None, sleep: Any = None) -> Provider:
    spec = PROVIDERS[settings.provider]
    if spec.name == "offline":
        return spec.build()
    kwargs: dict[str, Any] = {
        "api_key": read_key(secrets, spec.name),
        "model": settings.model,
        "base_url": settings.base_url,
        "max_retries": settings.max_retries,
        "timeout_seconds": settings.timeout_seconds,
        "client": client,
        "sleep": sleep,
    }
    provider = spec.build(**kwargs)
    if provider.info.needs_key and not kwargs["api_key"]:
        raise NotConfigured(
            f"No API key for {spec.label}.",
            hint=f"Run `psn setup llm --provider {spec.name}`, or `psn config set llm.provider offline`.",
        )
    return provider


def open_llm(settings: LLMSettings, secrets: SecretStore, db: Database, clock: Clock, **kwargs: Any) -> LLM:
    override = None
    if settings.input_price_per_mtok >= 0 and settings.output_price_per_mtok >= 0:
        override = (settings.input_price_per_mtok, settings.output_price_per_mtok)
    return LLM(
        provider=build_provider(settings, secrets, **kwargs),
        db=db,
        clock=clock,
        max_tokens=settings.max_tokens,
        temperature=settings.temperature,
        price_override=override,
    )
