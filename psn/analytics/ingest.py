"""Write snapshots and engagement events with Core executemany inserts (never ORM add_all:
the research measured it 10x slower), and find the last snapshot of each content item."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select

from psn.store.analytics_tables import EngagementEvent, MetricSnapshot

EVENTS = EngagementEvent.__table__  # type: ignore[attr-defined]
SNAPSHOTS = MetricSnapshot.__table__  # type: ignore[attr-defined]


def epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def insert_events(conn: Connection, rows: Iterable[dict]) -> int:
    """rows: content_id, platform, kind, count, occurred_at (epoch), source. `day` is derived here."""
    batch = [{**row, "day": row["occurred_at"] // 86400} for row in rows]
    if batch:
        conn.execute(insert(EVENTS), batch)
    return len(batch)


def insert_snapshots(conn: Connection, rows: list[dict]) -> None:
    if rows:
        conn.execute(insert(SNAPSHOTS), rows)


def last_snapshots(conn: Connection, content_ids: list[int]) -> dict[int, dict]:
    """The newest snapshot of each content item, as {content_id: row mapping}."""
    if not content_ids:
        return {}
    # Snapshots are appended in time order, so the highest id is the newest one.
    newest = (select(func.max(SNAPSHOTS.c.id)).where(SNAPSHOTS.c.content_id.in_(content_ids))
              .group_by(SNAPSHOTS.c.content_id))
    rows = conn.execute(select(SNAPSHOTS).where(SNAPSHOTS.c.id.in_(newest))).mappings()
    return {row["content_id"]: dict(row) for row in rows}
