"""Run publishes: claim → publish with checkpoints → record the outcome. Never posts twice.

Claiming takes a lease on the row inside a write transaction (BEGIN IMMEDIATE), so two
processes (the CLI and the daemon, say) can never publish the same row at once. A lease left
by a process that died is taken over; the checkpoints tell the adapter where to resume.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from pathlib import Path

from psn.accounts.store import update_account
from psn.accounts.wiring import adapter_for
from psn.context import AppContext
from psn.core.errors import BadInput, PsnError
from psn.core.redact import redact
from psn.platforms.base import PublishRequest, PublishResult
from psn.platforms.errors import AuthExpired, PlatformError, not_created
from psn.publishing import approval
from psn.publishing.checkpoint import DbCheckpoint
from psn.publishing.records import create_publish, find_unfinished, load_request
from psn.store.db import record_event
from psn.store.publishing_tables import PublishedContent

LEASE = timedelta(minutes=10)
RESUME_WINDOW = timedelta(days=1)
CLAIMABLE = ("approved", "scheduled", "failed", "publishing")
UNMEASURABLE_STEP = "metrics"


class AlreadyPublishing(BadInput):
    kind = "already_publishing"


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _owner_alive(owner: str | None) -> bool:
    if not owner:
        return False
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine: trust the lease expiry instead
    if int(pid) == os.getpid():
        return False  # our own stale lease (a previous attempt in this process)
    return _process_alive(int(pid))


def _process_alive(pid: int) -> bool:
    """`kill(pid, 0)` also succeeds for a zombie: a publisher killed with -9 whose parent has not
    reaped it yet. A zombie runs no code, so its lease is dead; /proc tells (Linux), else trust kill."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    state = stat.rpartition(")")[2].split()[:1]  # the name in parentheses may itself hold spaces
    return state not in (["Z"], ["X"])


def claim(ctx: AppContext, content_id: int) -> PublishedContent:
    now = ctx.clock.now()
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
        if row is None:
            raise BadInput(f"There is no post with id {content_id}.", hint="`psn post list` shows them.")
        if row.status == "published" or handed_over(row):
            return row
        if row.status not in CLAIMABLE:
            raise BadInput(f"Post {content_id} is {row.status} and cannot be published.")
        lease_live = row.lease_expires_at is not None and row.lease_expires_at > now
        if row.status == "publishing" and lease_live and _owner_alive(row.lease_owner):
            raise AlreadyPublishing(f"Post {content_id} is being published by {row.lease_owner}.",
                                    hint="Wait for it to finish; `psn post status ID` shows progress.")
        row.status, row.attempts = "publishing", row.attempts + 1
        row.lease_owner, row.lease_expires_at, row.updated_at = _owner(), now + LEASE, now
        session.add(row)
    return row


def run_publish(ctx: AppContext, content_id: int) -> PublishedContent:
    """Publish one recorded row (or resume it). Raises the platform's error after recording it."""
    row = claim(ctx, content_id)
    if row.status == "published" or handed_over(row):
        return row
    request = load_request(row)
    reporter = ctx.extras.get("publish_reporter")
    checkpoint = DbCheckpoint(ctx, content_id)
    try:
        approval.check(ctx, row)  # exactly what was approved, or nothing
        adapter, account = adapter_for(ctx, row.platform)
        if reporter is not None and hasattr(adapter, "on_progress"):
            adapter.on_progress = reporter.progress  # upload progress (bytes, rate, ETA) for the CLI to draw
        result = adapter.publish(request, checkpoint)
    except PlatformError as exc:
        if not_created(exc):
            checkpoint.forget_begun_here()
        _fail(ctx, content_id, _with_id(exc, content_id))
        raise
    except PsnError as exc:
        _fail(ctx, content_id, _with_id(exc, content_id))
        raise
    except Exception as exc:
        _fail(ctx, content_id, PsnError(f"{type(exc).__name__}: {exc}"))
        raise
    if reporter is not None:
        for note in result.raw.get("notes") or []:  # what the platform wants the creator to know
            reporter.note(content_id, note)
    if not result.measurable:
        checkpoint.save(UNMEASURABLE_STEP, "none")  # read by analytics: never poll this post for metrics
    return _succeed(ctx, content_id, result, account.id, request.schedule_time())


def _with_id(error: PsnError, content_id: int) -> PsnError:
    """Platform hints cannot know psn's post id and say `ID`; the person needs the real one."""
    if error.hint:
        error.hint = error.hint.replace("post retry ID", f"post retry {content_id}").replace(
            "post status ID", f"post status {content_id}")
    return error


def handed_over(row: PublishedContent) -> bool:
    """Scheduled on the platform itself (it has the post's id): the platform publishes it, not psn,
    so psn's scheduler never sends it again (psn/publishing/followup.py sees it go live)."""
    return row.status == "scheduled" and bool(row.platform_post_id)


def _succeed(ctx: AppContext, content_id: int, result: PublishResult, account_id: int | None,
             scheduled_for: datetime | None = None) -> PublishedContent:
    """Record the platform's answer. A post the platform holds for later (native scheduling) is
    `scheduled` at its time, not yet published; a video it still processes is `processing`:
    psn/publishing/followup.py finds out when either goes live."""
    now = ctx.clock.now()
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
        assert row is not None
        # `processing`: sent, but the platform may still fail it (a video): followup.py polls it.
        row.status = result.status.value
        row.platform_post_id, row.url = result.platform_post_id, result.url
        row.format = result.format or row.format  # what went out (two images make a carousel), not what was asked
        row.error = row.error_kind = None
        row.lease_owner = row.lease_expires_at = None
        held = result.status.value == "scheduled"
        row.published_at, row.updated_at = (None if held else now), now
        if held:  # natively scheduled: the time the platform publishes it
            row.scheduled_at = scheduled_for or load_request(row).schedule_time() or row.scheduled_at
        row.account_id = row.account_id or account_id
        row.cost_usd += result.cost_usd
        session.add(row)
    with ctx.db.write() as conn:
        record_event(conn, "content.published", now, f"content:{content_id}", platform=row.platform,
                     platform_post_id=result.platform_post_id, url=result.url, parts=result.part_ids)
    return row


def _fail(ctx: AppContext, content_id: int, error: PsnError) -> None:
    now = ctx.clock.now()
    message = redact(error.message)  # it is stored, and later shown by processes that never saw the token
    with ctx.db.session() as session:
        row = session.get(PublishedContent, content_id)
        if row is None:
            return
        row.status, row.error, row.error_kind = "failed", message, error.kind
        row.lease_owner = row.lease_expires_at = None
        row.updated_at = now
        session.add(row)
    if isinstance(error, AuthExpired) and row.account_id:
        update_account(ctx, row.account_id, last_error=message, status="expired")
    with ctx.db.write() as conn:
        record_event(conn, "content.failed", now, f"content:{content_id}", platform=row.platform,
                     error=message, error_kind=error.kind)


def validate(ctx: AppContext, request: PublishRequest) -> None:
    """All local checks, before anything is recorded or sent (limits, account connected)."""
    adapter, _ = adapter_for(ctx, request.platform)
    adapter.validate(request)


def publish_now(ctx: AppContext, request: PublishRequest, campaign: str | None = None) -> PublishedContent:
    """Validate, record, run. The same command run again after a crash (or a failure) resumes that
    unfinished publish instead of starting a second one, which would post twice."""
    adapter, account = adapter_for(ctx, request.platform)
    adapter.validate(request)
    unfinished = find_unfinished(ctx, request, since=ctx.clock.now() - RESUME_WINDOW)
    if unfinished is not None:
        return run_publish(ctx, unfinished)
    row = create_publish(ctx, request, account_id=account.id, status="approved", campaign=campaign)
    return run_publish(ctx, row.id or 0)


def retry(ctx: AppContext, content_id: int, force: bool = False) -> PublishedContent:
    """Retry a failed (or crashed) publish. `force` drops in-flight steps the user confirmed never went out."""
    if force:
        DbCheckpoint(ctx, content_id).forget_in_flight()
    return run_publish(ctx, content_id)


def publish_due(ctx: AppContext, now: datetime | None = None) -> list[dict[str, object]]:
    """Publish every approved scheduled row whose time has come. One failure never stops the rest."""
    from sqlmodel import select

    moment = now or ctx.clock.now()
    with ctx.db.session() as session:
        due = session.exec(select(PublishedContent.id).where(
            PublishedContent.status == "scheduled", PublishedContent.scheduled_at <= moment,  # type: ignore[operator]
            PublishedContent.platform_post_id.is_(None))).all()  # type: ignore[union-attr]  # not handed to the platform
    outcomes: list[dict[str, object]] = []
    for content_id in due:
        try:
            row = run_publish(ctx, content_id or 0)
            outcomes.append({"id": content_id, "status": row.status, "url": row.url})
        except PsnError as exc:
            outcomes.append({"id": content_id, "status": "failed", "error": exc.message})
    return outcomes


def resume_stuck(ctx: AppContext) -> list[int]:
    """Rows left in `publishing` whose lease ran out (a crashed process): resume them."""
    from sqlmodel import select

    cutoff = ctx.clock.now()
    with ctx.db.session() as session:
        stuck = session.exec(select(PublishedContent).where(PublishedContent.status == "publishing")).all()
    resumed = []
    for row in stuck:
        expired = row.lease_expires_at is None or row.lease_expires_at <= cutoff
        if expired or not _owner_alive(row.lease_owner):
            try:
                run_publish(ctx, row.id or 0)
            except PsnError:
                pass  # recorded as failed with its reason
            resumed.append(row.id or 0)
    return resumed

