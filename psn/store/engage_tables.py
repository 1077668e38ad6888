"""Tables of the engagement engine; they mirror migrations m0060-m0062 (scores are basis points, 0-10000)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from psn.store.types import UTCDateTime


def _ts(nullable: bool = False):  # type: ignore[no-untyped-def]
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable))


class Opportunity(SQLModel, table=True):
    __tablename__ = "engage_opportunities"
    __table_args__ = (UniqueConstraint("platform", "post_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str
    post_id: str
    url: str
    text: str
    author_id: str = ""
    author_handle: str = ""
    author_name: str = ""
    author_followers: int = 0
    posted_at: datetime | None = _ts(nullable=True)
    found_at: datetime = _ts()
    source: str = "search"
    summoned: bool = False
    on_own_post: bool = False
    matched_keyword: str | None = None
    relevance_bp: int = 0
    recency_bp: int = 0
    reach_bp: int = 0
    potential_bp: int = 0
    score_bp: int = 0
    engagement_type: str = "reply"
    status: str = "pending"
    decided_at: datetime | None = _ts(nullable=True)
    metrics: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    reply_target: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    """The candidate's `raw` (JSON, m0062): what the adapter's `reply()` needs to answer in place."""


class ReplyDraft(SQLModel, table=True):
    __tablename__ = "engage_reply_drafts"

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="engage_opportunities.id")
    variant: int = 0
    position: int
    style: str
    text: str
    offline: bool = False
    created_at: datetime = _ts()


class Approval(SQLModel, table=True):
    __tablename__ = "engage_approvals"

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="engage_opportunities.id")
    text: str
    text_hash: str
    approved_at: datetime = _ts()
    claimed_at: datetime | None = _ts(nullable=True)
    """Set in the same transaction that starts the send, so one approval sends at most once."""


class EngageLog(SQLModel, table=True):
    __tablename__ = "engage_log"

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="engage_opportunities.id")
    approval_id: int = Field(foreign_key="engage_approvals.id", unique=True)
    platform: str
    text: str
    delivery: str
    platform_reply_id: str | None = None
    url: str | None = None
    sent_at: datetime = _ts()


class Outcome(SQLModel, table=True):
    """What a reply sent through an API earned, measured once it had time to be seen (m0061)."""

    __tablename__ = "engage_outcomes"

    id: int | None = Field(default=None, primary_key=True)
    log_id: int = Field(foreign_key="engage_log.id", unique=True)
    measured_at: datetime = _ts()
    views: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    score: int = 0


class WeightChange(SQLModel, table=True):
    """A score weight psn changed by itself (engage.auto_tune), within the configured bounds (m0061)."""

    __tablename__ = "engage_weight_changes"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _ts()
    component: str
    old_weight: int
    new_weight: int
    reason: str
    samples: int
