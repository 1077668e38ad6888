"""The start of a `psn engage` session, read without SQLAlchemy so the first triage card is on
screen in a fraction of the time the full engine takes to import (issue 8: ≤ 300 ms with 10,000
waiting). The session then opens the engine while the creator reads that card.

It must show exactly what the full path would: tests/engage/test_first_card.py checks it against
`psn.engage.session.triage_queue` / `overview` on the same database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psn.core.clock import local_day_start
from psn.engage.expiry import expiry_cutoff
from psn.store.peek import quick_read, read_time, stored_time

ACCEPTED_PLATFORMS = "SELECT DISTINCT platform FROM engage_opportunities WHERE status = 'yes'"


@dataclass(frozen=True)
class Card:
    """The fields a triage card shows (the same names as the Opportunity row's)."""

    id: int
    platform: str
    author_handle: str
    author_followers: int
    posted_at: datetime | None
    score_bp: int
    summoned: bool
    on_own_post: bool
    text: str


@dataclass(frozen=True)
class FirstLook:
    card: Card | None
    waiting: int
    caps: dict[str, int]


def first_look(ctx: Any, platforms: list[str]) -> FirstLook | None:
    """None when the quick read is not possible (no database yet, a schema to migrate, a
    non-SQLite database URL): the caller takes the full path."""
    with quick_read(ctx) as conn:
        if conn is None:
            return None
        pending = _Pending(conn, platforms, ctx.clock.now())
        row = pending.select("id, platform, author_handle, author_followers, posted_at, score_bp, summoned, "
                             "on_own_post, text", "ORDER BY score_bp DESC, id LIMIT 1").fetchone()
        waiting = pending.select("COUNT(*)").fetchone()[0]
        accepted = {r[0] for r in conn.execute(ACCEPTED_PLATFORMS)}  # a resumed session may have only these
        shown = platforms or [r[0] for r in pending.select("DISTINCT platform")] + sorted(accepted)
        caps = {p: max(0, ctx.settings.engage.cap_for(p) - _sent_today(conn, p, ctx)) for p in sorted(set(shown))}
    return FirstLook(card=_card(row) if row else None, waiting=int(waiting), caps=caps)


class _Pending:
    """Pending, unexpired opportunities, optionally on some platforms only."""

    def __init__(self, conn: Any, platforms: list[str], now: datetime) -> None:
        self.conn = conn
        self.where = "status = 'pending' AND found_at >= ?"
        self.params: list[object] = [stored_time(expiry_cutoff(now))]
        if platforms:
            self.where += f" AND platform IN ({', '.join('?' * len(platforms))})"
            self.params += platforms

    def select(self, columns: str, tail: str = "") -> Any:
        # Only fixed column lists and placeholders are interpolated; every value is bound.
        query = f"SELECT {columns} FROM engage_opportunities WHERE {self.where} {tail}"  # noqa: S608
        return self.conn.execute(query, self.params)


def _sent_today(conn: Any, platform: str, ctx: Any) -> int:
    start = local_day_start(ctx.clock.now(), ctx.settings.general.timezone)
    query = "SELECT COUNT(*) FROM engage_log WHERE platform = ? AND sent_at >= ?"
    return int(conn.execute(query, (platform, stored_time(start))).fetchone()[0])


def _card(row: Any) -> Card:
    return Card(id=row["id"], platform=row["platform"], author_handle=row["author_handle"],
                author_followers=row["author_followers"], posted_at=read_time(row["posted_at"]),
                score_bp=row["score_bp"], summoned=bool(row["summoned"]), on_own_post=bool(row["on_own_post"]),
                text=row["text"])
