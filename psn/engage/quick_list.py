"""`psn engage list` read with the stdlib sqlite3 (psn.store.peek), as the first triage card is: the
list shows before SQLAlchemy would have finished importing (issue 18). Rows become the same dicts
(psn.engage.views.summary) the full path gives; tests/engage/test_quick_list.py compares the two.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from psn.engage.views import summary
from psn.store.peek import quick_read, read_time

# psn.engage.opportunities.pending: every pending one (expired included), best score first, then oldest id
COLUMNS = ("id, platform, score_bp, author_handle, author_followers, posted_at, text, url, engagement_type, "
           "summoned, on_own_post, source, status")


def pending_summaries(ctx: Any, platforms: list[str] | None, limit: int) -> list[dict[str, object]] | None:
    """None when only the full path can read them (a database URL, no database, a schema to migrate)."""
    on = f" AND platform IN ({', '.join('?' * len(platforms))})" if platforms else ""
    # Only the fixed column list and placeholders are interpolated; every value is bound.
    query = (f"SELECT {COLUMNS} FROM engage_opportunities WHERE status = 'pending'{on} "  # noqa: S608
             "ORDER BY score_bp DESC, id LIMIT ?")
    now = ctx.clock.now()
    with quick_read(ctx) as conn:
        if conn is None:
            return None
        return [summary(_row(r), now) for r in conn.execute(query, [*(platforms or []), limit])]  # type: ignore[arg-type]


def _row(row: Any) -> SimpleNamespace:
    """The Opportunity fields summary() reads, typed as the ORM types them."""
    fields = dict(row)
    fields.update(posted_at=read_time(row["posted_at"]), summoned=bool(row["summoned"]),
                  on_own_post=bool(row["on_own_post"]))
    return SimpleNamespace(**fields)
