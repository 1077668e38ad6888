"""The notification queue (`notifications`) and its delivery log (`notification_deliveries`).

Statuses: queued → sent | failed (push), queued → digested (digest items folded into a digest).
Titles and bodies are redacted before they are stored: a token must never reach SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update

from psn.core.errors import BadInput
from psn.core.redact import redact
from psn.notify.message import PRIORITIES, Message
from psn.store.daemon_tables import Notification, NotificationDelivery

NOTES = Notification.__table__
DELIVERIES = NotificationDelivery.__table__
MAX_TITLE = 200
MAX_BODY = 4000
STATUSES = ("queued", "sending", "sent", "failed", "digested", "withdrawn")


@dataclass
class StoredNotification:
    id: int
    kind: str
    title: str
    body: str
    priority: str
    dedupe_key: str | None
    created_at: datetime
    status: str

    @property
    def message(self) -> Message:
        return Message(kind=self.kind, title=self.title, body=self.body, priority=self.priority,
                       created_at=self.created_at)

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "created_at": self.created_at.isoformat()}


def _stored(row: Any) -> StoredNotification:
    return StoredNotification(**{k: getattr(row, k) for k in StoredNotification.__dataclass_fields__})


def _checked(kind: str, title: str, priority: str) -> None:
    if priority not in PRIORITIES:
        raise BadInput(f"Unknown notification priority {priority!r}.", hint=f"Use one of: {', '.join(PRIORITIES)}.")
    if not kind.strip() or not title.strip():
        raise BadInput("A notification needs a kind and a title.", hint="Pass both, e.g. kind='publish.failed'.")


def add_notification(conn: Any, kind: str, title: str, body: str = "", priority: str = "push",
                     dedupe_key: str | None = None, at: datetime | None = None,
                     status: str = "queued") -> int | None:
    """Queue a notification inside the caller's write transaction. Returns its id, or None when
    one with the same dedupe key was queued before (ever: put a date in the key to repeat)."""
    _checked(kind, title, priority)
    if at is None:
        raise ValueError("add_notification needs `at` (the injected clock's now)")
    if dedupe_key and conn.execute(select(NOTES.c.id).where(NOTES.c.dedupe_key == dedupe_key)).first():
        return None
    result = conn.execute(insert(NOTES).values(
        kind=kind, title=redact(title.strip())[:MAX_TITLE], body=redact(body.strip())[:MAX_BODY],
        priority=priority, dedupe_key=dedupe_key, created_at=at, status=status,
    ))
    return int(result.inserted_primary_key[0])


def enqueue_notification(app: Any, kind: str, title: str, body: str = "", priority: str = "push",
                         dedupe_key: str | None = None) -> int | None:
    """Queue a notification for the creator: `push` goes out within a minute (outside quiet
    hours), `digest` waits for the daily digest. Safe to call from any process."""
    with app.db.write() as conn:
        return add_notification(conn, kind, title, body, priority, dedupe_key, at=app.clock.now())


def queued(db: Any, priority: str, limit: int = 100) -> list[StoredNotification]:
    query = (select(NOTES).where(and_(NOTES.c.status == "queued", NOTES.c.priority == priority))
             .order_by(NOTES.c.id).limit(limit))
    with db.engine.connect() as conn:
        return [_stored(r) for r in conn.execute(query)]


def set_status(db: Any, note_ids: list[int], status: str, at: datetime) -> None:
    if note_ids:
        with db.write() as conn:
            mark(conn, note_ids, status, at)


def withdraw(conn: Any, dedupe_key: str, at: datetime) -> None:
    """The feature that queued it says it no longer holds (e.g. the creator already answered that
    conversation): it is neither pushed nor put in the digest."""
    conn.execute(update(NOTES).where(and_(NOTES.c.dedupe_key == dedupe_key, NOTES.c.status == "queued"))
                 .values(status="withdrawn", handled_at=at))


def mark(conn: Any, note_ids: list[int], status: str, at: datetime, digest_id: int | None = None) -> None:
    conn.execute(update(NOTES).where(NOTES.c.id.in_(note_ids)).values(status=status, handled_at=at,
                                                                       digest_id=digest_id))


def record_delivery(db: Any, note_id: int, channel: str, outcome: str, at: datetime, error: str | None) -> None:
    with db.write() as conn:
        conn.execute(insert(DELIVERIES).values(
            notification_id=note_id, channel=channel, attempted_at=at, outcome=outcome,
            error=redact(error)[:1000] if error else None,
        ))


def sent_since(db: Any, channel: str, since: datetime) -> int:
    query = select(func.count()).select_from(DELIVERIES).where(and_(
        DELIVERIES.c.channel == channel, DELIVERIES.c.outcome == "sent", DELIVERIES.c.attempted_at >= since))
    with db.engine.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


def recent(db: Any, limit: int = 20, status: str | None = None) -> list[dict[str, Any]]:
    """Latest notifications with how each channel fared (for `psn notify history`)."""
    if status and status not in STATUSES:
        raise BadInput(f"Unknown notification status {status!r}.", hint=f"Use one of: {', '.join(STATUSES)}.")
    query = select(NOTES).order_by(NOTES.c.id.desc()).limit(limit)
    if status:
        query = query.where(NOTES.c.status == status)
    with db.engine.connect() as conn:
        notes = [_stored(r) for r in conn.execute(query)]
        ids = [n.id for n in notes]
        rows = conn.execute(select(DELIVERIES).where(DELIVERIES.c.notification_id.in_(ids))
                            .order_by(DELIVERIES.c.id)).all() if ids else []
    by_note: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_note.setdefault(row.notification_id, []).append(
            {"channel": row.channel, "outcome": row.outcome, "error": row.error,
             "attempted_at": row.attempted_at.isoformat()})
    return [{**n.as_dict(), "deliveries": by_note.get(n.id, [])} for n in notes]


def last_of_kind(db: Any, kind: str) -> StoredNotification | None:
    with db.engine.connect() as conn:
        row = conn.execute(select(NOTES).where(NOTES.c.kind == kind).order_by(NOTES.c.id.desc()).limit(1)).first()
    return _stored(row) if row else None


def prune_notifications(db: Any, before: datetime) -> int:
    """Handled notifications older than `before` go, with their deliveries; queued ones stay."""
    with db.write() as conn:
        old = select(NOTES.c.id).where(and_(NOTES.c.status != "queued", NOTES.c.created_at < before))
        # digests point at their items' digest: clear the links first so foreign keys hold
        conn.execute(update(NOTES).where(NOTES.c.digest_id.in_(old)).values(digest_id=None))
        conn.execute(delete(DELIVERIES).where(DELIVERIES.c.notification_id.in_(old)))
        result = conn.execute(delete(NOTES).where(NOTES.c.id.in_(old)))
    return int(result.rowcount or 0)
