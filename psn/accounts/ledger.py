"""Rate budgets and API costs in SQLite, so separate psn processes share one view."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import select

from psn.context import AppContext
from psn.core.clock import Clock
from psn.core.crash import crash_point
from psn.platforms.base import Operation
from psn.platforms.errors import LocalPause
from psn.store.publishing_tables import ApiCost, RateBudget


class DbBudgetLedger:
    def __init__(self, ctx: AppContext, clock: Clock | None = None) -> None:
        """`clock`: the time rate limits are told in (the emulated world's in the sandbox)."""
        self.ctx = ctx
        self.clock = clock or ctx.clock

    def check(self, platform: str, operation: Operation) -> None:
        with self.ctx.db.session() as session:
            row = session.get(RateBudget, (platform, operation))
        now = self.clock.now()
        if row and row.blocked_until and row.blocked_until > now:
            wait = int((row.blocked_until - now).total_seconds())
            crash_point("local-pause")  # the kill -9 matrix stops psn right here
            raise LocalPause(
                f"{platform} {operation} calls are paused until {row.blocked_until:%Y-%m-%d %H:%M} UTC "
                f"({wait // 60} min) after a rate limit.",
                "Nothing was sent. Try again after that time; the daemon will retry on its own.",
                platform=platform, retry_at=row.blocked_until,
            )

    def record(self, platform: str, operation: Operation, *, remaining: int | None = None, limit: int | None = None,
               blocked_until: datetime | None = None, cost_usd: float = 0.0, endpoint: str = "") -> None:
        now = self.clock.now()
        with self.ctx.db.session() as session:
            if remaining is not None or limit is not None or blocked_until is not None:
                row = session.get(RateBudget, (platform, operation)) or RateBudget(
                    platform=platform, operation=operation, updated_at=now)
                row.remaining = remaining if remaining is not None else row.remaining
                row.limit_value = limit if limit is not None else row.limit_value
                row.blocked_until = blocked_until if blocked_until is not None else row.blocked_until
                row.updated_at = now
                session.add(row)
            if cost_usd:
                session.add(ApiCost(platform=platform, operation=operation, endpoint=endpoint, cost_usd=cost_usd,
                                    at=now))


def spend(ctx: AppContext, platform: str, since: datetime | None = None) -> float:
    with ctx.db.session() as session:
        query = select(func.coalesce(func.sum(ApiCost.cost_usd), 0.0)).where(ApiCost.platform == platform)
        if since is not None:
            query = query.where(ApiCost.at >= since)
        return float(session.exec(query).one())


def budgets(ctx: AppContext, platform: str) -> list[RateBudget]:
    with ctx.db.session() as session:
        return list(session.exec(select(RateBudget).where(RateBudget.platform == platform)).all())
