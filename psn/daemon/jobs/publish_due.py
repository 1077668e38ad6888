"""Every minute: publish approved scheduled posts whose time has come, through the pipeline.

Four steps, in this order:
1. Watchdog: posts left in `publishing` by a process that died (or whose 10-minute lease ran
   out) are resumed by `pipeline.resume_stuck`; its checkpoints make that never post twice.
   (Posts the platform scheduled itself are the `followup` job's: psn/publishing/followup.py.)
2. Posts more than `daemon.publish_max_lateness_minutes` late (the daemon was down) are marked
   `missed` and the creator is notified, instead of going out at an odd hour.
3. The rest of the due posts are published one by one with `pipeline.run_publish`; a failure
   is recorded on the post and notified, and the next post still goes. A shutdown request is
   honoured between posts, never in the middle of one.
   A rate limit is not a failure: the post the platform refused stays scheduled (its saved
   steps make the later attempt resume, never repeat), and the platform's other due posts wait
   without a call until the limit lifts — a later tick publishes them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from psn.daemon.job import JobContext, JobOutcome

NAME = "publish_due"
SCHEDULE = "every 1m"
DESCRIPTION = "Publish scheduled posts that are due; resume stuck ones; mark very late ones missed"
ORDER = 10  # first: its failures and misses are notified by `notify` in the same tick


def run(ctx: JobContext) -> JobOutcome:
    from psn.publishing.pipeline import resume_stuck

    resumed = resume_stuck(ctx.app)
    ctx.check_stop()
    missed = mark_missed(ctx, ctx.now - timedelta(minutes=ctx.settings.daemon.publish_max_lateness_minutes))
    published, failed, waiting = publish_due_posts(ctx)
    counts = {"published": published, "failed": failed, "missed": len(missed), "resumed": len(resumed),
              "waiting for a rate limit": waiting}
    if not any(counts.values()):
        return JobOutcome.idle()
    summary = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
    if failed or missed:
        return JobOutcome.partial(summary, **counts)
    return JobOutcome.done(summary, **counts)


def _due_ids(ctx: JobContext, before: datetime | None = None, after: datetime | None = None) -> list[int]:
    from sqlmodel import select

    from psn.store.publishing_tables import PublishedContent as Post

    query = select(Post.id).where(Post.status == "scheduled", Post.scheduled_at <= (before or ctx.now),  # type: ignore[operator]
                                  Post.platform_post_id.is_(None))  # type: ignore[union-attr]  # natively scheduled: the platform's
    if after is not None:
        query = query.where(Post.scheduled_at < after)  # type: ignore[operator]
    with ctx.db.session() as session:
        return [i for i in session.exec(query.order_by(Post.scheduled_at)).all() if i is not None]  # type: ignore[arg-type]


def mark_missed(ctx: JobContext, cutoff: datetime) -> list[int]:
    """Scheduled posts due before `cutoff` become `missed` (a status the publishing records
    define for this), each with an event and a push notification, in one transaction per post."""
    from psn.notify.queue import add_notification
    from psn.publishing.records import get_content, load_request
    from psn.store.db import record_event
    from psn.store.publishing_tables import PublishedContent as Post

    missed = []
    for content_id in _due_ids(ctx, after=cutoff):
        with ctx.db.session() as session:
            row = session.get(Post, content_id)
            if row is None or row.status != "scheduled":
                continue  # published or cancelled meanwhile
            row.status, row.updated_at = "missed", ctx.now
            row.error, row.error_kind = "its time passed while psn's daemon was not running", "missed"
            session.add(row)
        row = get_content(ctx.app, content_id)
        late = _minutes(ctx.now - row.scheduled_at) if row.scheduled_at else 0
        with ctx.db.write() as conn:
            record_event(conn, "content.missed", ctx.now, f"content:{content_id}", platform=row.platform,
                         minutes_late=late)
            add_notification(conn, "post.missed", f"Scheduled {row.platform} post {content_id} was not published",
                             f"It was due {late} minutes ago, while the daemon was not running: "
                             f"“{_excerpt(load_request(row).text)}”. `psn post status {content_id}` shows it.",
                             "push", dedupe_key=f"post.missed:{content_id}", at=ctx.now)
        missed.append(content_id)
    return missed


def publish_due_posts(ctx: JobContext) -> tuple[int, int, int]:
    """(published, failed, left scheduled because their platform is rate limiting posts)."""
    from psn.core.errors import RateLimited
    from psn.platforms.errors import RateLimitedError
    from psn.publishing.pipeline import run_publish
    from psn.publishing.records import get_content

    published = failed = waiting = 0
    limited: set[str] = set()
    for content_id in _due_ids(ctx):
        ctx.check_stop()
        platform = get_content(ctx.app, content_id).platform
        if platform in limited or _posting_paused(ctx, platform):
            limited.add(platform)
            waiting += 1
            continue
        try:
            row = run_publish(ctx.app, content_id)
        except (RateLimited, RateLimitedError) as exc:
            _wait_for_the_limit(ctx, content_id, getattr(exc, "message", str(exc)))
            limited.add(platform)
            waiting += 1
            continue
        except Exception as exc:  # recorded on the post by the pipeline; the next post still goes
            ctx.log.warning("post %s failed: %s", content_id, getattr(exc, "message", exc))
            _notify_failure(ctx, content_id)
            failed += 1
            continue
        published += row.status == "published"
    return published, failed, waiting


def _posting_paused(ctx: JobContext, platform: str) -> bool:
    """Whether an earlier rate limit still pauses this platform's posting (no call is made)."""
    from psn.accounts.ledger import DbBudgetLedger
    from psn.platforms.errors import RateLimitedError

    try:
        DbBudgetLedger(ctx.app).check(platform, "posting")
    except RateLimitedError:
        return True
    return False


def _wait_for_the_limit(ctx: JobContext, content_id: int, why: str) -> None:
    """The platform refused this post for its rate limit (the pipeline recorded it as failed):
    put it back in the schedule, so a later tick publishes (or resumes) it once the limit lifts."""
    from psn.store.db import record_event
    from psn.store.publishing_tables import PublishedContent as Post

    with ctx.db.session() as session:
        row = session.get(Post, content_id)
        if row is None or row.status != "failed":
            return
        row.status, row.updated_at = "scheduled", ctx.now
        session.add(row)
    with ctx.db.write() as conn:
        record_event(conn, "content.deferred", ctx.now, f"content:{content_id}", platform=row.platform, reason=why)


def _notify_failure(ctx: JobContext, content_id: int) -> None:
    from psn.notify.queue import add_notification
    from psn.publishing.records import get_content

    row = get_content(ctx.app, content_id)
    with ctx.db.write() as conn:
        add_notification(conn, "publish.failed", f"Scheduled {row.platform} post {content_id} failed",
                         f"{row.error or 'unknown error'}. `psn post retry {content_id}` tries again "
                         "(it never posts twice).", "push",
                         dedupe_key=f"publish.failed:{content_id}:{row.attempts}", at=ctx.now)


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _excerpt(text: Any, width: int = 80) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
