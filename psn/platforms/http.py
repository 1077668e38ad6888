"""The one HTTP client every platform uses.

It owns: base URLs (overridable, so the sandbox and tests can point anywhere), timeouts,
bounded retries with jittered backoff *only where a retry cannot double-post*, one token
refresh + retry on 401, rate-limit budgets per operation type, and redaction of secrets in
every error and log line. Platform specifics come in as two functions: `classify` (response
→ typed error) and `retry_at` (response → when we may call again).

Retry rules (why): a connection that was never established is always safe to retry. A 429
was not processed, so it is safe to retry after the platform's reset time. A timeout, a
dropped connection or a 5xx on a *create* call may have gone through, so it is retried only
when the caller says the call is safe to repeat (reads, PUT of an upload chunk).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import httpx

from psn import __version__
from psn.core.clock import Clock, SystemClock
from psn.core.failures import in_words
from psn.core.redact import redact
from psn.platforms.base import BudgetLedger, Operation
from psn.platforms.errors import (
    AuthExpired,
    PlatformError,
    QuotaExhausted,
    RateLimitedError,
    Rejected,
    Unavailable,
)
from psn.platforms.ratelimit import RetryAt, retry_after_header

log = logging.getLogger("psn.http")

USER_AGENT = f"psn/{__version__}"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class Credentials(Protocol):
    def headers(self) -> dict[str, str]:
        """Authorization headers for the next request (refreshing first if known expired)."""

    def refresh(self) -> bool:
        """Called once after a 401. True if new credentials are available to retry with."""


Classify = Callable[[httpx.Response], PlatformError]


@dataclass
class RetryPolicy:
    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_wait: float = 60.0
    """A 429 whose reset is further away than this is raised, not slept through."""


@dataclass
class HttpClient:
    platform: str
    base_url: str
    classify: Classify
    retry_at: RetryAt = retry_after_header
    credentials: Credentials | None = None
    ledger: BudgetLedger | None = None
    transport: httpx.BaseTransport | None = None
    clock: Clock = field(default_factory=SystemClock)
    sleep: Callable[[float], None] = time.sleep
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 30.0
    rng: random.Random = field(default_factory=random.Random)
    default_headers: Mapping[str, str] = field(default_factory=dict)
    observe: Callable[[httpx.Response, Operation], None] | None = None
    """Per-platform hook to read budget headers (x-rate-limit-remaining, X-App-Usage…)."""
    _client: httpx.Client | None = None

    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                transport=self.transport,
                timeout=httpx.Timeout(self.timeout, connect=10.0),
                headers={"User-Agent": USER_AGENT, **self.default_headers},
                follow_redirects=False,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def preflight(self, operation: Operation) -> None:
        """psn's own budget check, alone: an adapter calls it before it marks a create step begun,
        so a local pause (nothing sent) never leaves a step that looks as if it may have gone out."""
        if self.ledger:
            self.ledger.check(self.platform, operation)

    def request(
        self,
        method: str,
        path: str,
        *,
        operation: Operation,
        retry_safe: bool | None = None,
        authenticated: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one logical request; returns a 2xx/3xx response or raises a typed PlatformError."""
        method = method.upper()
        safe = method in SAFE_METHODS if retry_safe is None else retry_safe
        if self.ledger:
            self.ledger.check(self.platform, operation)
        refreshed = False
        attempt = 0
        caller_headers = dict(kwargs.pop("headers", None) or {})  # kept intact for every attempt
        while True:
            attempt += 1
            response = self._send(method, path, operation, authenticated, safe, attempt, kwargs, caller_headers)
            if response is None:
                continue  # a retryable transport failure; _send already waited
            if response.status_code == 401 and authenticated and self.credentials and not refreshed:
                refreshed = True
                if self.credentials.refresh():
                    continue
            if response.status_code == 429:
                self._wait_or_raise(response, operation, attempt)
                continue
            if response.status_code >= 500 and safe and attempt < self.policy.attempts:
                self._backoff(attempt)
                continue
            if response.status_code >= 400:
                raise self._error(response)
            return response

    # -- internals ---------------------------------------------------------------------------

    def _send(
        self, method: str, path: str, operation: Operation, authenticated: bool, safe: bool, attempt: int,
        kwargs: dict[str, Any], caller_headers: dict[str, str],
    ) -> httpx.Response | None:
        headers = dict(caller_headers)
        if authenticated and self.credentials:
            headers.update(self.credentials.headers())
        url = self.url(path)
        try:
            response = self.client().request(method, url, headers=headers, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            # Nothing reached the platform: always safe to try again.
            return self._transport_failure(exc, attempt, method, url, retryable=True)
        except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            return self._transport_failure(exc, attempt, method, url, retryable=safe)
        log.debug("%s %s %s → %s", self.platform, method, redact(url), response.status_code)
        if self.observe:
            self.observe(response, operation)
        return response

    def _transport_failure(
        self, exc: Exception, attempt: int, method: str, url: str, retryable: bool
    ) -> None:
        log.info("%s %s %s failed: %s", self.platform, method, redact(url), type(exc).__name__)
        if retryable and attempt < self.policy.attempts:
            self._backoff(attempt)
            return None
        if not retryable:
            from psn.platforms.errors import UncertainOutcome

            raise UncertainOutcome(
                f"{self.platform}: the connection failed during {method} and it may or may not have gone through.",
                "psn will not send it again blindly; check the platform, then run `psn post retry` if it is missing.",
                platform=self.platform,
            ) from None
        error = Unavailable(
            f"{self.platform} is not reachable ({in_words(exc)}).",
            "Check your connection and try again; nothing was sent.",
            platform=self.platform,
        )
        error.nothing_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
        raise error from None

    def _wait_or_raise(self, response: httpx.Response, operation: Operation, attempt: int) -> None:
        now = self.clock.now()
        retry_at = self.retry_at(response, now)
        error = self.classify(response)
        if not isinstance(error, RateLimitedError):
            error = RateLimitedError(error.message, error.hint, platform=self.platform, status=429, retry_at=retry_at)
        error.retry_at = error.retry_at or retry_at
        if error.retry_at:  # details were built before the retry time was known
            error.details["retry_at"] = error.retry_at.isoformat()
        if self.ledger and error.retry_at:
            self.ledger.record(self.platform, operation, remaining=0, blocked_until=error.retry_at)
        wait = (error.retry_at - now).total_seconds() if error.retry_at else None
        if isinstance(error, QuotaExhausted) or attempt >= self.policy.attempts:
            raise error
        if wait is None:
            self._backoff(attempt)
        elif wait <= self.policy.max_wait:
            self.sleep(max(wait, 0.0))
        else:
            raise error

    def _backoff(self, attempt: int) -> None:
        delay = min(self.policy.max_delay, self.policy.base_delay * 2 ** (attempt - 1))
        self.sleep(delay * self.rng.uniform(0.5, 1.5))

    def _error(self, response: httpx.Response) -> PlatformError:
        error = self.classify(response)
        if response.status_code == 401 and not isinstance(error, AuthExpired):
            error = AuthExpired(error.message, error.hint, platform=self.platform, status=401, code=error.code)
        if response.status_code >= 500 and not isinstance(error, Unavailable):
            error = Unavailable(error.message, error.hint, platform=self.platform, status=response.status_code)
        error.message = redact(error.message)
        return error


def generic_classify(platform: str) -> Classify:
    """A fallback classifier: status code → error type, body text redacted and shortened."""

    def classify(response: httpx.Response) -> PlatformError:
        text = redact(response.text)[:300]  # redacted first: a cut could leave half a token unmasked
        status = response.status_code
        message = f"{platform} answered HTTP {status}: {text}"
        if status == 401:
            return AuthExpired(message, f"Reconnect with `psn setup {platform}`.", platform=platform, status=status)
        if status == 429:
            return RateLimitedError(message, "Wait and try again.", platform=platform, status=status)
        if status >= 500:
            return Unavailable(message, "The platform is having trouble; try again later.", platform=platform,
                               status=status)
        return Rejected(message, platform=platform, status=status)

    return classify


def json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {"data": data}


def parse_time(value: str | None) -> datetime | None:
    from psn.core.clock import parse_iso

    return parse_iso(value) if value else None
