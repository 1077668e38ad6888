"""When may psn call again? One normaliser per platform family (contracts §8b), each turning a
response into an absolute retry time, plus the generic Retry-After header."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx

RetryAt = Callable[[httpx.Response, datetime], datetime | None]


def retry_after_header(response: httpx.Response, now: datetime) -> datetime | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return now + timedelta(seconds=int(value.strip()))
    try:
        return parsedate_to_datetime(value).astimezone(UTC)
    except (TypeError, ValueError):
        return None


def _epoch(value: str | None) -> datetime | None:
    if value and value.strip().isdigit():
        return datetime.fromtimestamp(int(value.strip()), UTC)
    return None


def x_retry_at(response: httpx.Response, now: datetime) -> datetime | None:
    """X: `x-rate-limit-reset` (epoch s); daily caps in `x-user-limit-24hour-reset`/`x-app-…`."""
    header = retry_after_header(response, now)
    if header:
        return header
    daily = [
        _epoch(response.headers.get(f"x-{who}-limit-24hour-reset"))
        for who in ("user", "app")
        if response.headers.get(f"x-{who}-limit-24hour-remaining") == "0"
    ]
    candidates = [d for d in daily if d] or [_epoch(response.headers.get("x-rate-limit-reset"))]
    found = [c for c in candidates if c]
    return max(found) if found else None


def next_utc_midnight(now: datetime) -> datetime:
    tomorrow = (now.astimezone(UTC) + timedelta(days=1)).date()
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=UTC)


def linkedin_retry_at(response: httpx.Response, now: datetime) -> datetime | None:
    """LinkedIn sends no headers; its limits are daily windows that reset at midnight UTC."""
    return retry_after_header(response, now) or next_utc_midnight(now)


def meta_retry_at(response: httpx.Response, now: datetime) -> datetime | None:
    """Meta: `X-Business-Use-Case-Usage[..].estimated_time_to_regain_access` is in minutes."""
    header = retry_after_header(response, now)
    if header:
        return header
    raw = response.headers.get("x-business-use-case-usage")
    minutes = 0
    if raw:
        try:
            for entries in json.loads(raw).values():
                for entry in entries:
                    minutes = max(minutes, int(entry.get("estimated_time_to_regain_access") or 0))
        except (ValueError, AttributeError, TypeError):
            minutes = 0
    return now + timedelta(minutes=minutes) if minutes else None


def meta_usage_percent(response: httpx.Response) -> int | None:
    """The highest usage percentage Meta reports across X-App-Usage / X-Page-Usage / BUC headers."""
    best: int | None = None
    for name in ("x-app-usage", "x-page-usage", "x-ad-account-usage"):
        raw = response.headers.get(name)
        if raw:
            try:
                values = [int(v) for v in json.loads(raw).values() if isinstance(v, int | float)]
            except (ValueError, AttributeError):
                continue
            best = max([best or 0, *values])
    raw = response.headers.get("x-business-use-case-usage")
    if raw:
        try:
            for entries in json.loads(raw).values():
                for entry in entries:
                    for key in ("call_count", "total_cputime", "total_time"):
                        best = max(best or 0, int(entry.get(key) or 0))
        except (ValueError, AttributeError, TypeError):
            pass
    return best
