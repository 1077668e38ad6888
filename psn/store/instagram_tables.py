"""Instagram's tables (migrations m0020, m0021) and the SQLite side of its hashtag interfaces.

`SqliteHashtagBudget` implements psn.platforms.instagram.hashtags.HashtagBudget structurally
(the store never imports a platform): the feature layer hands it to the adapter. The pool holds
the creator's hashtags by source — `own_posts` (ranked from their best posts), `manual`, and
`search` (Facebook-Login hashtag search) — with a score in basis points, refreshed weekly. A tag
the creator removed keeps its row with `removed_at` set, so no refresh brings it back; only adding
it again (`restore=True`) does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Engine, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from psn.store.types import UTCDateTime

POOL_SOURCES = ("own_posts", "manual", "search")


class InstagramHashtagSearch(SQLModel, table=True):
    __tablename__ = "instagram_hashtag_searches"

    id: int | None = Field(default=None, primary_key=True)
    account_id: str
    hashtag: str
    hashtag_id: str
    first_searched_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class InstagramHashtagPool(SQLModel, table=True):
    __tablename__ = "instagram_hashtag_pool"
    __table_args__ = (UniqueConstraint("account_id", "hashtag"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: str
    hashtag: str
    source: str
    score_bp: int = 0
    hashtag_id: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    added_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    refreshed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    removed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


def _naive(moment: datetime) -> datetime:
    from datetime import UTC

    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _aware(value: object) -> datetime:
    from datetime import UTC

    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


class SqliteHashtagBudget:
    """The hashtag-search window in SQLite, so separate psn processes (and the daemon) agree."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def window(self, account_id: str, since: datetime) -> dict[str, datetime]:
        query = text("SELECT hashtag, MIN(first_searched_at) AS at FROM instagram_hashtag_searches "
                     "WHERE account_id = :a AND first_searched_at > :since GROUP BY hashtag")
        with self.engine.connect() as conn:
            rows = conn.execute(query, {"a": account_id, "since": _naive(since)}).all()
        return {row.hashtag: _aware(row.at) for row in rows}

    def record(self, account_id: str, hashtag: str, hashtag_id: str, searched_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(text("INSERT INTO instagram_hashtag_searches (account_id, hashtag, hashtag_id, "
                              "first_searched_at) VALUES (:a, :h, :i, :t)"),
                         {"a": account_id, "h": hashtag, "i": hashtag_id, "t": _naive(searched_at)})

    def known_id(self, hashtag: str) -> str | None:
        query = text("SELECT hashtag_id FROM instagram_hashtag_searches WHERE hashtag = :h "
                     "UNION ALL SELECT hashtag_id FROM instagram_hashtag_pool WHERE hashtag = :h AND hashtag_id "
                     "IS NOT NULL LIMIT 1")
        with self.engine.connect() as conn:
            row = conn.execute(query, {"h": hashtag}).first()
        return row[0] if row else None


def upsert_pool(engine: Engine, account_id: str, entries: list[tuple[str, str, int]], now: datetime,
                hashtag_ids: dict[str, str] | None = None, restore: bool = False) -> None:
    """Add or refresh (hashtag, source, score_bp) entries; a manual entry keeps its source.

    A removed entry gets its score refreshed but stays removed unless `restore` (the creator asked
    for the tag again: `add`, or a search they ran themselves).
    """
    ids = hashtag_ids or {}
    statement = text(
        "INSERT INTO instagram_hashtag_pool (account_id, hashtag, source, score_bp, hashtag_id, added_at, "
        "refreshed_at) VALUES (:a, :h, :s, :b, :i, :t, :t) ON CONFLICT (account_id, hashtag) DO UPDATE SET "
        "score_bp = excluded.score_bp, refreshed_at = excluded.refreshed_at, "
        "hashtag_id = COALESCE(excluded.hashtag_id, instagram_hashtag_pool.hashtag_id), "
        "source = CASE WHEN instagram_hashtag_pool.source = 'manual' THEN 'manual' ELSE excluded.source END, "
        "removed_at = CASE WHEN :restore THEN NULL ELSE instagram_hashtag_pool.removed_at END"
    )
    with engine.begin() as conn:
        for hashtag, source, score in entries:
            if source not in POOL_SOURCES:
                raise ValueError(f"unknown hashtag source {source!r}")
            conn.execute(statement, {"a": account_id, "h": hashtag.lstrip("#").lower(), "s": source, "b": score,
                                     "i": ids.get(hashtag), "t": _naive(now), "restore": restore})


def list_pool(engine: Engine, account_id: str) -> list[dict[str, object]]:
    query = text("SELECT hashtag, source, score_bp, hashtag_id, refreshed_at FROM instagram_hashtag_pool "
                 "WHERE account_id = :a AND removed_at IS NULL ORDER BY score_bp DESC, hashtag")
    with engine.connect() as conn:
        rows = conn.execute(query, {"a": account_id}).all()
    return [{"hashtag": r.hashtag, "source": r.source, "score_bp": r.score_bp, "hashtag_id": r.hashtag_id,
             "refreshed_at": _aware(r.refreshed_at)} for r in rows]


def remove_from_pool(engine: Engine, account_id: str, hashtag: str, now: datetime) -> bool:
    """Mark a tag removed (True if it was in the pool). The row stays so refreshes do not re-add it."""
    with engine.begin() as conn:
        result = conn.execute(text("UPDATE instagram_hashtag_pool SET removed_at = :t WHERE account_id = :a "
                                   "AND hashtag = :h AND removed_at IS NULL"),
                              {"a": account_id, "h": hashtag.lstrip("#").lower(),
                               "t": _naive(now)})
    return bool(result.rowcount)


def prune_pool(engine: Engine, account_id: str, source: str, keep: list[str]) -> int:
    """Forget `source` entries not in `keep` (tags that left the ranking); removed ones stay marked."""
    marks = ", ".join(f":k{i}" for i in range(len(keep)))
    kept = f" AND hashtag NOT IN ({marks})" if keep else ""  # `NOT IN (NULL)` would match nothing
    query = text("DELETE FROM instagram_hashtag_pool WHERE account_id = :a AND source = :s "  # noqa: S608 - marks only
                 "AND removed_at IS NULL" + kept)
    with engine.begin() as conn:
        result = conn.execute(query, {"a": account_id, "s": source, **{f"k{i}": k for i, k in enumerate(keep)}})
    return int(result.rowcount or 0)


def stale_pool(engine: Engine, account_id: str, older_than: datetime) -> bool:
    """True when the pool was not refreshed since `older_than` (the weekly refresh is due).

    Only the ranking of your own posts counts: a search or a tag added by hand in between must
    not postpone it."""
    query = text("SELECT MAX(refreshed_at) FROM instagram_hashtag_pool WHERE account_id = :a "
                 "AND source = 'own_posts'")
    with engine.connect() as conn:
        latest = conn.execute(query, {"a": account_id}).scalar()
    return latest is None or _aware(latest) < older_than
