"""When a cycle runs: a published post reaches `learn.event_threshold` engagement events, or
`learn.trigger_hours` pass after it was published, whichever comes first. Each post triggers
once; the posts due on one channel share one cycle. The daemon calls `check_triggers` hourly."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import select

from psn.context import AppContext
from psn.learn.content import Content, published_content
from psn.learn.cycle import CycleReport, run_cycle
from psn.store.learn_tables import LearnTrigger


def learn_now(ctx: AppContext) -> datetime:
    """The emulated world's clock in the sandbox (so `psn sandbox advance 1d` ages posts)."""
    from psn.analytics.pull import analytics_now

    return analytics_now(ctx)


def due(content: list[Content], done: set[int], now: datetime, threshold: int, hours: int) -> dict[str, list[tuple]]:
    """channel → [(content id, reason)] for posts that reached a trigger and have not triggered yet."""
    out: dict[str, list[tuple]] = {}
    for item in content:
        if item.id in done:
            continue
        if item.events >= threshold:
            reason = f"{item.events} engagement events (threshold {threshold})"
        elif item.published_at is not None and now - item.published_at >= timedelta(hours=hours):
            reason = f"{hours} h since publishing"
        else:
            continue
        out.setdefault(item.channel, []).append((item.id, reason))
    return out


def check_triggers(ctx: AppContext) -> list[CycleReport]:
    settings = ctx.settings.learn
    with ctx.db.session() as session:
        done = {row.content_id for row in session.exec(select(LearnTrigger))}
    found = due(published_content(ctx), done, learn_now(ctx), settings.event_threshold, settings.trigger_hours)
    reports = []
    for channel, items in sorted(found.items()):
        reason = "; ".join(f"post {cid}: {why}" for cid, why in items)
        report = run_cycle(ctx, channel, reason=reason, content_ids=[cid for cid, _ in items])
        _mark(ctx, channel, items, report.cycle_id)
        reports.append(report)
    return reports


def _mark(ctx: AppContext, channel: str, items: list[tuple], cycle_id: int | None) -> None:
    now = ctx.clock.now()
    with ctx.db.session() as session:
        for cid, why in items:
            session.add(LearnTrigger(content_id=cid, channel=channel, reason=why, triggered_at=now, cycle_id=cycle_id))
