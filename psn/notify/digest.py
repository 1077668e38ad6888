"""The daily digest: queued `digest` items (opportunities 60–69 …) plus a summary of the day.

The digest becomes one `push` notification with a per-day dedupe key, so it goes out through
the usual path (quiet hours, caps) and is never sent twice on one day, whoever triggers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select

from psn.notify.policy import local_date
from psn.notify.queue import StoredNotification, add_notification, last_of_kind, mark, queued
from psn.store.daemon_tables import JobRun
from psn.store.models import EventLog

MAX_LISTED = 20
MAX_LINE = 160
FAILED_RUNS = ("error", "abandoned", "interrupted", "partial")


@dataclass
class DigestDraft:
    title: str
    body: str
    item_ids: list[int]


def _counts(db: Any, since: datetime) -> tuple[dict[str, int], dict[str, int]]:
    events, runs = EventLog.__table__, JobRun.__table__
    with db.engine.connect() as conn:
        activity = conn.execute(select(events.c.kind, func.count()).where(events.c.occurred_at >= since)
                                .group_by(events.c.kind).order_by(events.c.kind)).all()
        failures = conn.execute(select(runs.c.job, func.count())
                                .where(and_(runs.c.outcome.in_(FAILED_RUNS), runs.c.started_at >= since))
                                .group_by(runs.c.job).order_by(runs.c.job)).all()
    return {k: int(n) for k, n in activity}, {k: int(n) for k, n in failures}


def _item_line(item: StoredNotification) -> str:
    first = item.body.splitlines()[0] if item.body else ""
    line = f"• {item.title}" + (f": {first}" if first else "")
    return line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…"


def compose_digest(app: Any, now: datetime) -> DigestDraft | None:
    """None when there is nothing to say (no items, no activity, no failures)."""
    items = queued(app.db, "digest", limit=500)
    previous = last_of_kind(app.db, "digest")
    since = previous.created_at if previous else now - timedelta(days=1)
    activity, failures = _counts(app.db, since)
    if not items and not activity and not failures:
        return None
    lines = []
    if items:
        lines.append(f"{len(items)} worth a look:")
        lines += [_item_line(item) for item in items[:MAX_LISTED]]
        if len(items) > MAX_LISTED:
            lines.append(f"… and {len(items) - MAX_LISTED} more (`psn notify history`).")
    if activity:
        lines.append("Activity: " + ", ".join(f"{n} {kind}" for kind, n in activity.items()))
    if failures:
        lines.append("Background jobs with problems: " + ", ".join(f"{job} ({n})" for job, n in failures.items())
                     + " — see `psn daemon status`.")
    title = f"psn daily digest: {len(items)} to look at" if items else "psn daily digest"
    return DigestDraft(title=title, body="\n".join(lines), item_ids=[item.id for item in items])


def queue_digest(app: Any) -> dict[str, Any]:
    """Compose today's digest and queue it for delivery; items are marked digested with it."""
    now = app.clock.now()
    draft = compose_digest(app, now)
    if draft is None:
        return {"queued": False, "reason": "nothing to report", "items": 0}
    day = local_date(now, app.settings.general.timezone)
    with app.db.write() as conn:
        digest_id = add_notification(conn, "digest", draft.title, draft.body, "push",
                                     dedupe_key=f"digest:{day}", at=now)
        if digest_id is None:
            return {"queued": False, "reason": f"the digest for {day} was already sent", "items": 0}
        if draft.item_ids:
            mark(conn, draft.item_ids, "digested", now, digest_id=digest_id)
    return {"queued": True, "digest_id": digest_id, "items": len(draft.item_ids), "day": day}
