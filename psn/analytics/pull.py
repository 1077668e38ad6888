"""`psn analytics pull`: snapshot the metrics of due content and record the growth as events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pydantic import BaseModel
from sqlmodel import select

from psn.analytics.cadence import Candidate, select_due
from psn.analytics.ingest import epoch, from_epoch, insert_events, insert_snapshots, last_snapshots
from psn.analytics.normalise import deltas, totals
from psn.context import AppContext
from psn.core.errors import BadInput, ExitCode, PsnError
from psn.core.redact import redact
from psn.store.db import record_event
from psn.store.publishing_tables import PublishedContent


class PlatformPull(BaseModel):
    platform: str
    measured: int = 0
    events: int = 0
    error: str | None = None
    error_kind: str | None = None
    """The error's kind (`auth_expired`: reconnect; `rate_limited`: wait), for scripts."""
    hint: str | None = None
    """The error's fix, as the platform layer names it (e.g. the `psn config set` to run)."""
    exit_code: int | None = None
    """The error's own exit code: when it is the only failure, the pull exits with it."""
    notes: list[str] = []
    """What the platform could not read while the rest was stored (a refused metric), said once."""


class PullResult(BaseModel):
    at: datetime
    deferred: int = 0
    """Due content left for the next pull by the budget (max_posts_per_run)."""
    platforms: list[PlatformPull] = []

    @property
    def failed(self) -> bool:
        return any(p.error for p in self.platforms)

    def sole_failure(self) -> PlatformPull | None:
        """The failure that explains the whole pull and that only the person can fix (exit 3: a Graph
        version Meta stopped serving, a lost token): every platform failed so. Transient failures
        stay a partial pull (exit 6): the next pull may work on its own."""
        failed = [p for p in self.platforms if p.error]
        if not failed or len(failed) < len(self.platforms):
            return None
        return failed[0] if {p.exit_code for p in failed} == {int(ExitCode.NOT_CONFIGURED)} else None


def analytics_now(ctx: AppContext) -> datetime:
    """In the sandbox, time is the emulated world's (so `psn sandbox advance 2d` ages content)."""
    if ctx.sandbox:
        from psn.accounts.wiring import sandbox_world

        return sandbox_world(ctx).now()
    return ctx.clock.now()


def candidates(ctx: AppContext, platforms: list[str] | None = None,
               content_ids: list[int] | None = None) -> list[Candidate]:
    query = select(PublishedContent).where(PublishedContent.status == "published",
                                           PublishedContent.platform_post_id.is_not(None))  # type: ignore[union-attr]
    if platforms:
        query = query.where(PublishedContent.platform.in_(platforms))  # type: ignore[attr-defined]
    if content_ids:
        query = query.where(PublishedContent.id.in_(content_ids))  # type: ignore[union-attr]
    with ctx.db.session() as session:
        rows = [r for r in session.exec(query) if measurable(r)]
    with ctx.db.engine.connect() as conn:
        last = last_snapshots(conn, [r.id for r in rows if r.id is not None])
    return [Candidate(r.id or 0, r.platform, r.platform_post_id or "", r.published_at or r.created_at,
                      from_epoch(last[r.id]["taken_at"]) if r.id in last else None) for r in rows]


def measurable(row: PublishedContent) -> bool:
    """False for a post the platform said it will never share metrics of (recorded at publish)."""
    import json

    from psn.publishing.pipeline import UNMEASURABLE_STEP

    entry = json.loads(row.steps or "{}").get(UNMEASURABLE_STEP) or {}
    return entry.get("value") != "none"


def pull(ctx: AppContext, platforms: list[str] | None = None, everything: bool = False,
         content_ids: list[int] | None = None, progress: Callable[[str, int], None] | None = None) -> PullResult:
    from psn.platforms.registry import get_spec

    for name in platforms or []:
        get_spec(name)  # BadInput for an unknown platform, before anything is fetched
    now = analytics_now(ctx)
    found = candidates(ctx, platforms, content_ids)
    unknown = sorted(set(content_ids or []) - {c.content_id for c in found})
    if unknown:
        raise BadInput(f"No published post with id {', '.join(map(str, unknown))} to measure.",
                       hint="See `psn post list --status published` for ids.")
    due, deferred = select_due(found, now, ctx.settings.analytics, everything or bool(content_ids))
    result = PullResult(at=now, deferred=deferred)
    for platform in sorted({c.platform for c in due}):
        items = [c for c in due if c.platform == platform]
        outcome = _pull_platform(ctx, platform, items, now)
        result.platforms.append(outcome)
        if progress:
            progress(platform, outcome.measured)
    return result


def _pull_platform(ctx: AppContext, platform: str, items: list[Candidate], now: datetime) -> PlatformPull:
    from psn.accounts.wiring import adapter_for

    outcome = PlatformPull(platform=platform)
    try:
        adapter, _ = adapter_for(ctx, platform)
        if not adapter.capabilities.metrics:
            return outcome  # channels without metrics use `psn analytics record`
        metrics = adapter.fetch_metrics([c.platform_post_id for c in items])
    except PsnError as exc:
        outcome.error, outcome.error_kind = redact(exc.message), exc.kind
        outcome.hint, outcome.exit_code = exc.hint, int(exc.exit_code)
        return outcome
    except Exception as exc:  # a platform's own error types (rate limited, rejected) end only this platform
        outcome.error = redact(str(exc)) or type(exc).__name__
        return outcome
    outcome.notes = list(getattr(adapter, "metric_notes", None) or [])  # optional: adapters that read per metric
    outcome.measured, outcome.events = _store(ctx, platform, items, metrics, now)
    _store_followers(ctx, adapter, platform, now)
    return outcome


def _store_followers(ctx: AppContext, adapter, platform: str, now: datetime) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    try:
        followers = adapter.account().followers
    except Exception:  # followers are a nice-to-have; a failure here must not lose the metrics
        return
    if followers is None:
        return
    with ctx.db.write() as conn:
        conn.execute(text("INSERT OR REPLACE INTO follower_snapshots (platform, taken_at, followers) "
                          "VALUES (:p, :t, :f)"), {"p": platform, "t": epoch(now), "f": followers})


def _store(ctx: AppContext, platform: str, items: list[Candidate], metrics: dict, now: datetime) -> tuple[int, int]:
    taken = epoch(now)
    snapshots, events = [], []
    with ctx.db.write() as conn:
        previous = last_snapshots(conn, [c.content_id for c in items])
        for item in items:
            found = metrics.get(item.platform_post_id)
            if found is None:
                continue
            current = totals(found)
            snapshots.append({"content_id": item.content_id, "platform": platform, "taken_at": taken, **current})
            events += [{"content_id": item.content_id, "platform": platform, "kind": kind, "count": count,
                        "occurred_at": taken, "source": "pull"}
                       for kind, count in deltas(previous.get(item.content_id), current).items()]
        insert_snapshots(conn, snapshots)
        insert_events(conn, events)
        if events:
            record_event(conn, "engagement.received", now, f"platform:{platform}", source="pull",
                         events=len(events), count=sum(e["count"] for e in events))
    return len(snapshots), len(events)


def parse_ids(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise BadInput("Content ids are numbers.", hint="See `psn post list` for ids.") from None
