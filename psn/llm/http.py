"""One POST with bounded retries, shared by the HTTP providers.

Completions are safe to repeat (nothing is created on the provider's side), so timeouts, 429
and 5xx are retried with exponential backoff that honours Retry-After. Keys never appear in an
error: messages are redacted, and the key value is registered with the redactor on read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from psn.core.errors import NotAuthorised, NotConfigured, RateLimited
from psn.core.redact import redact
from psn.llm.errors import OFFLINE_HINT, LLMRejected, LLMUnavailable

RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504, 529})
MAX_BACKOFF_SECONDS = 30.0
SETUP_HINT = "Check the key, model and base URL with `psn setup llm`."
MODEL_HINT = "Check the model name (--model for one run, `psn setup llm` to change it for good)."


@dataclass(frozen=True)
class JsonResponse:
    body: dict[str, Any]
    attempts: int


def post_json(
    client: httpx.Client,
    url: str,
    *,
    headers: dict[str, str],
    body: dict[str, Any],
    provider: str,
    max_retries: int,
    sleep: Callable[[float], None] = time.sleep,
) -> JsonResponse:
    attempt = 0
    while True:
        attempt += 1
        try:
            response = client.post(url, headers=headers, json=body)
        except httpx.ConnectError:
            raise NotConfigured(
                f"Cannot reach {provider} at {url}.",
                hint="Is the server running and the base URL right? " + SETUP_HINT,
            ) from None
        except httpx.TimeoutException:
            if attempt > max_retries:
                message = f"{provider} did not answer in time ({attempt} attempts)."
                raise LLMUnavailable(message, hint=OFFLINE_HINT) from None
            sleep(backoff_seconds(attempt, None))
            continue
        if response.status_code in RETRYABLE_STATUS and attempt <= max_retries:
            sleep(backoff_seconds(attempt, response.headers.get("retry-after")))
            continue
        return JsonResponse(body=_checked_body(response, provider, attempt), attempts=attempt)


def backoff_seconds(attempt: int, retry_after: str | None) -> float:
    """Retry-After when the server gives one (seconds or an HTTP date), else 1, 2, 4, … seconds."""
    if retry_after:
        parsed = _parse_retry_after(retry_after)
        if parsed is not None:
            return min(max(parsed, 0.0), MAX_BACKOFF_SECONDS)
    return min(float(2 ** (attempt - 1)), MAX_BACKOFF_SECONDS)


def _parse_retry_after(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return moment.timestamp() - time.time()


def _checked_body(response: httpx.Response, provider: str, attempts: int) -> dict[str, Any]:
    status = response.status_code
    if status < 400:
        try:
            data = response.json()
        except ValueError:
            raise LLMUnavailable(f"{provider} answered with something that is not JSON.", hint=OFFLINE_HINT) from None
        return data if isinstance(data, dict) else {}
    message = redact(error_message(response))
    if status in (401, 403):
        raise NotAuthorised(f"{provider} refused the API key ({status}): {message}", hint=SETUP_HINT)
    if status == 429:
        raise RateLimited(f"{provider} is rate limiting psn ({attempts} attempts): {message}", hint=OFFLINE_HINT)
    if status >= 500 or status in RETRYABLE_STATUS:
        raise LLMUnavailable(f"{provider} failed with {status} ({attempts} attempts): {message}", hint=OFFLINE_HINT)
    if "model" in message.lower():  # e.g. 404 "model: claude-foo" (Anthropic), "model 'x' not found" (Ollama)
        raise LLMRejected(f"{provider} does not accept the model ({status}): {message}", hint=MODEL_HINT)
    raise LLMRejected(f"{provider} rejected the request ({status}): {message}", hint=SETUP_HINT)


def error_message(response: httpx.Response) -> str:
    """Anthropic: {"error": {"message"}}; OpenAI-style: {"error": {"message"}} or {"error": "…"}."""
    try:
        data = response.json()
    except ValueError:
        return _clip(response.text) or response.reason_phrase
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and error.get("message"):
        return _clip(str(error["message"]))
    if isinstance(error, str):
        return _clip(error)
    return _clip(str(data))


def _clip(text: str) -> str:
    """Redacted before it is cut: a cut could leave half of a key that redaction no longer knows."""
    return redact(text)[:300]
