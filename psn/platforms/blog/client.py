"""Delivering one signed webhook to the user's endpoint (Standard Webhooks delivery rules, §6.2).

Each attempt is signed afresh (the timestamp is that of the attempt) with the *same* webhook-id,
so a receiver that saw an earlier attempt deduplicates. 2xx is success; a redirect is a failure
(never followed); 410 means the endpoint is disabled; 429/502/503/504, 5xx and timeouts are
retried after the receiver's Retry-After or the next step of the schedule.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import BaseModel

from psn.core.clock import Clock
from psn.platforms.blog import signing
from psn.platforms.errors import PlatformError, RateLimitedError, Rejected, Unavailable, UncertainOutcome
from psn.platforms.http import HttpClient, generic_classify, json_or_empty

RETRY_SCHEDULE = (0.0, 5.0, 30.0)
"""Seconds before each attempt in one run (the spec's schedule starts: immediately, 5 s, 5 min…).
Later attempts happen on `psn post retry`, still with the same webhook-id."""
RETRYABLE = (Unavailable, RateLimitedError, UncertainOutcome)


class Delivery(BaseModel):
    status: int
    body: dict[str, Any] = {}
    attempts: int = 1


def classify(response: httpx.Response) -> PlatformError:
    if response.status_code == 410:
        return Rejected("The blog endpoint answered 410 Gone: it no longer accepts psn's webhooks.",
                        "Check the endpoint, then run `psn setup blog` again.", platform="blog", status=410)
    return generic_classify("blog")(response)


class BlogClient:
    def __init__(self, http: HttpClient, endpoint: str, secret: str, clock: Clock,
                 sleep: Callable[[float], None] = time.sleep, attempts: int = len(RETRY_SCHEDULE)) -> None:
        self.http = http
        self.endpoint = endpoint
        self.secret = secret
        self.clock = clock
        self.sleep = sleep
        self.attempts = max(1, attempts)

    def deliver(self, message_id: str, body: bytes) -> Delivery:
        last: PlatformError | None = None
        for attempt in range(self.attempts):
            wait = _wait_before(attempt, last, self.clock)
            if last is not None and wait > self.http.policy.max_wait:
                raise last  # a receiver asking for minutes or hours: stop; `psn post retry` re-delivers later
            if wait:
                self.sleep(wait)
            try:
                return self._attempt(message_id, body, attempt + 1)
            except RETRYABLE as exc:
                last = exc
        assert last is not None
        raise last

    def _attempt(self, message_id: str, body: bytes, number: int) -> Delivery:
        stamp = int(self.clock.now().timestamp())
        headers = {"Content-Type": "application/json", **signing.headers(self.secret, message_id, stamp, body)}
        response = self.http.request("POST", self.endpoint, operation="posting", retry_safe=True, content=body,
                                     headers=headers, authenticated=False)
        if response.is_redirect:
            raise Rejected(f"The blog endpoint redirected (HTTP {response.status_code}); webhooks do not follow "
                           "redirects.", f"Use the final address: {response.headers.get('location', '?')}",
                           platform="blog", status=response.status_code)
        return Delivery(status=response.status_code, body=json_or_empty(response), attempts=number)


def _wait_before(attempt: int, last: PlatformError | None, clock: Clock) -> float:
    scheduled = RETRY_SCHEDULE[min(attempt, len(RETRY_SCHEDULE) - 1)] if attempt else 0.0
    if last is not None and last.retry_at is not None:
        return max(scheduled, (last.retry_at - clock.now()).total_seconds())
    return scheduled
