"""Anthropic's Messages API: POST {base}/v1/messages with x-api-key and anthropic-version."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from psn.llm.base import Completion, Message, ProviderInfo
from psn.llm.http import error_in_answer, post_json

DEFAULT_BASE_URL = "https://api.anthropic.com"
DEFAULT_MODEL = "claude-sonnet-4-5"
API_VERSION = "2023-06-01"


class AnthropicProvider:
    def __init__(
        self,
        api_key: str,
        model: str = "",
        base_url: str = "",
        client: httpx.Client | None = None,
        max_retries: int = 3,
        timeout_seconds: float = 60.0,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self._key = api_key
        self._client = client or httpx.Client(timeout=timeout_seconds)
        self._max_retries = max_retries
        self._sleep = sleep
        self.info = ProviderInfo(
            name="anthropic", model=model or DEFAULT_MODEL, base_url=base_url or DEFAULT_BASE_URL,
            offline=False, needs_key=True,
        )

    def complete(self, system: str, messages: list[Message], max_tokens: int, temperature: float) -> Completion:
        body = {
            "model": self.info.model,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "system": system,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
        }
        headers = {"x-api-key": self._key, "anthropic-version": API_VERSION, "content-type": "application/json"}
        extra = {"sleep": self._sleep} if self._sleep else {}
        response = post_json(
            self._client, f"{self.info.base_url}/v1/messages", headers=headers, body=body,
            provider="Anthropic", max_retries=self._max_retries, **extra,
        )
        data = response.body
        error_in_answer(data, "Anthropic", response.attempts)
        text = "".join(block.get("text", "") for block in data.get("content", []) if block.get("type") == "text")
        usage = data.get("usage") or {}
        return Completion(
            text=text,
            provider="anthropic",
            model=str(data.get("model") or self.info.model),
            input_tokens=int(usage.get("input_tokens") or 0),
            output_tokens=int(usage.get("output_tokens") or 0),
            attempts=response.attempts,
            stop_reason=data.get("stop_reason"),
        )
