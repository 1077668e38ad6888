"""One POST with bounded retries, shared by the HTTP providers.

Completions are safe to repeat (nothing is created on the provider's side), so timeouts, dropped
connections (a server killed mid-answer, a proxy that hangs up), a server that is not there, 429
and 5xx are retried with exponential backoff that honours Retry-After. A server that stopped is
not a setting to fix: after the retries it is reported as unavailable (exit 1, "is it running?"),
never as "not configured". Keys never appear in an
error: messages are redacted, and the key value is registered with the redactor on read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from psn.core.errors import NotAuthorised, RateLimited
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
        except httpx.TransportError as exc:
            if attempt > max_retries:
                raise _transport_failure(exc, provider, url, attempt) from None
            sleep(backoff_seconds(attempt, None))
            continue
        if response.status_code in RETRYABLE_STATUS and attempt <= max_retries:
            sleep(backoff_seconds(attempt, response.headers.get("retry-after")))
            continue
        return JsonResponse(body=_checked_body(response, provider, attempt), attempts=attempt)


def _transport_failure(exc: httpx.TransportError, provider: str, url: str, attempts: int) -> LLMUnavailable:
    tries = attempts_text(attempts)
    if isinstance(exc, httpx.ConnectError):
        return LLMUnavailable(f"Cannot reach {provider} at {url} ({tries}).",
                              hint="Is the server running and the base URL right? " + SETUP_HINT, attempts=attempts)
    if isinstance(exc, httpx.TimeoutException):
        return LLMUnavailable(f"{provider} did not answer in time ({tries}).", hint=OFFLINE_HINT, attempts=attempts)
    return LLMUnavailable(f"{provider} dropped the connection before answering ({tries}).",
                          hint="Was the server stopped or restarted? " + OFFLINE_HINT, attempts=attempts)


def attempts_text(n: int) -> str:
    return "1 attempt" if n == 1 else f"{n} attempts"


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
    tries = attempts_text(attempts)
    if status in (401, 403):
        raise NotAuthorised(f"{provider} refused the API key ({status}): {message}", hint=SETUP_HINT,
                            attempts=attempts)
    if status == 429:
        raise RateLimited(f"{provider} is rate limiting psn ({tries}): {message}", hint=OFFLINE_HINT,
                          attempts=attempts)
    if status >= 500 or status in RETRYABLE_STATUS:
        raise LLMUnavailable(f"{provider} failed with {status} ({tries}): {message}", hint=OFFLINE_HINT,
                             attempts=attempts)
    if "model" in message.lower():  # e.g. 404 "model: claude-foo" (Anthropic), "model 'x' not found" (Ollama)
        raise LLMRejected(f"{provider} does not accept the model ({status}): {message}", hint=MODEL_HINT,
                          attempts=attempts)
    raise LLMRejected(f"{provider} rejected the request ({status}): {message}", hint=SETUP_HINT, attempts=attempts)


def error_in_answer(data: dict[str, Any], provider: str, attempts: int) -> None:
    """Some servers (llama.cpp's among them) answer 200 with {"error": …} and no choices: that is
    a failure with the server's own message, never an empty draft recorded as a success."""
    error = data.get("error")
    if not error:
        return
    message = error.get("message") if isinstance(error, dict) else error
    raise LLMUnavailable(f"{provider} answered with an error: {_clip(str(message or error))}", hint=OFFLINE_HINT,
                         attempts=attempts)


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
