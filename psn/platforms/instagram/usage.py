"""Meta's usage headers → the shared budget ledger (contract A4).

Every figure Meta reports is a percentage of the allowance (throttling at 100), so psn records
`remaining = 100 - highest percentage` out of `limit = 100` per operation (posting, analytics,
engagement), and `blocked_until` when Meta says how long a block lasts or a call was throttled.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from psn.core.clock import Clock
from psn.platforms.base import BudgetLedger, Operation
from psn.platforms.instagram.errors import PLATFORM, throttle_until
from psn.platforms.ratelimit import meta_retry_at, meta_usage_percent


def budget_observer(ledger: BudgetLedger | None, clock: Clock) -> Callable[[httpx.Response, Operation], None]:
    def observe(response: httpx.Response, operation: Operation) -> None:
        if ledger is None:
            return
        now = clock.now()
        percent = meta_usage_percent(response)
        blocked = throttle_until(response, now) if response.status_code >= 400 else meta_retry_at(response, now)
        if percent is None and blocked is None:
            return
        remaining = max(100 - percent, 0) if percent is not None else (0 if blocked else None)
        ledger.record(PLATFORM, operation, remaining=remaining, limit=100, blocked_until=blocked,
                      endpoint=response.request.url.path)

    return observe
