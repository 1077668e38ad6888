"""OpenAI-compatible chat completions: OpenAI itself, Ollama, LM Studio, vLLM, …

POST {base}/chat/completions. A local server usually needs no key, so the Authorization header
is only sent when there is one.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from psn.llm.base import Completion, Message, ProviderInfo, is_local
from psn.llm.http import error_in_answer, post_json

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"
class OpenAICompatibleProvider:
    def __init__(
        self,
        api_key: str | None,
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
        base = base_url or DEFAULT_BASE_URL
        self.info = ProviderInfo(
            name="openai", model=model or DEFAULT_MODEL, base_url=base, offline=False, needs_key=not is_local(base),
        )

    def complete(self, system: str, messages: list[Message], max_tokens: int, temperature: float) -> Completion:
        body = {
            "model": self.info.model,
            "messages": [{"role": "system", "content": system}]
            + [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        headers = {"content-type": "application/json"}
        if self._key:
            headers["authorization"] = f"Bearer {self._key}"
        extra = {"sleep": self._sleep} if self._sleep else {}
        response = post_json(
            self._client, f"{self.info.base_url}/chat/completions", headers=headers, body=body,
            provider="the OpenAI-compatible server", max_retries=self._max_retries, **extra,
        )
        data = response.body
        error_in_answer(data, "the OpenAI-compatible server", response.attempts)
        choices = data.get("choices") or [{}]
        message = choices[0].get("message") or {}
        usage = data.get("usage") or {}
        return Completion(
            text=str(message.get("content") or ""),
            provider="openai",
            model=str(data.get("model") or self.info.model),
            input_tokens=int(usage.get("prompt_tokens") or 0),
            output_tokens=int(usage.get("completion_tokens") or 0),
            attempts=response.attempts,
            stop_reason=choices[0].get("finish_reason"),
        )
