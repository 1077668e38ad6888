"""SQLModel mirrors of the analytics tables (m0070). Hot paths use Core inserts on these tables."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class MetricSnapshot(SQLModel, table=True):
    __tablename__ = "metric_snapshots"

    id: int | None = Field(default=None, primary_key=True)
    content_id: int = Field(foreign_key="published_content.id")
    platform: str
    taken_at: int
    """Epoch seconds (UTC)."""
    views: int = 0
    likes: int = 0
    shares: int = 0
    comments: int = 0
    clicks: int = 0
    saves: int = 0
    conversions: int = 0


class EngagementEvent(SQLModel, table=True):
    __tablename__ = "engagement_events"

    id: int | None = Field(default=None, primary_key=True)
    content_id: int | None = None
    platform: str
    kind: str
    count: int
    occurred_at: int
    """Epoch seconds (UTC)."""
    day: int
    """occurred_at // 86400: the UTC day, for the summary's index-ordered GROUP BY."""
    source: str


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_deliveries"

    platform: str = Field(primary_key=True)
    delivery_id: str = Field(primary_key=True)
    received_at: int
    events: int = 0


class FollowerSnapshot(SQLModel, table=True):
    __tablename__ = "follower_snapshots"

    platform: str = Field(primary_key=True)
    taken_at: int = Field(primary_key=True)
    followers: int
