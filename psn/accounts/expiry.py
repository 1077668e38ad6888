"""When a connection stops working by itself, and what to say a week ahead.

One reading for `psn accounts health` and the daemon's `refresh_tokens` job, so the two never
disagree: a connection with a refresh token lasts as long as that refresh token (LinkedIn partner
apps: 365 days, TikTok: 365 days); one without lasts as long as its access token (LinkedIn's 60
days, Meta Page tokens).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from psn.store.publishing_tables import Account

WARN_WITHIN = timedelta(days=7)


@dataclass(frozen=True)
class ExpiryWarning:
    platform: str
    what: str
    """"token" (the access token, nothing renews it) or "refresh token" (it renews the access token until then)."""
    deadline: datetime
    days_left: int
    expired: bool

    @property
    def fix(self) -> str:
        return f"run `psn setup {self.platform}`"

    @property
    def title(self) -> str:
        if self.expired:
            return f"Your {self.platform} {self.what} has expired"
        return f"Your {self.platform} {self.what} expires in {_days(self.days_left)}"

    @property
    def message(self) -> str:
        """The line `psn accounts health` shows."""
        if self.expired:
            return f"{self.what} expired on {self.deadline.date().isoformat()}: {self.fix}"
        renew = " and psn cannot renew it" if self.what == "refresh token" else " and cannot be refreshed"
        return (f"{self.what} expires in {_days(self.days_left)} (on {self.deadline.date().isoformat()}){renew}: "
                f"{self.fix} before then")


def _days(days: int) -> str:
    return "less than a day" if days < 1 else f"{days} day" + ("" if days == 1 else "s")


def expiry_warning(account: Account, has_refresh_token: bool, now: datetime) -> ExpiryWarning | None:
    """The warning due for this account now, or None (more than a week left, or no known end)."""
    if account.status == "disconnected":
        return None
    if has_refresh_token:
        deadline, what = account.refresh_expires_at, "refresh token"
    else:
        deadline, what = account.token_expires_at, "token"
    if deadline is None or deadline - now > WARN_WITHIN:
        return None
    return ExpiryWarning(platform=account.platform, what=what, deadline=deadline,
                         days_left=max(0, (deadline - now).days), expired=deadline <= now)
