"""Tables of the daemon and notifications; they mirror migrations m0080 and m0081."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from psn.store.types import UTCDateTime


class JobRun(SQLModel, table=True):
    __tablename__ = "job_runs"

    id: int | None = Field(default=None, primary_key=True)
    job: str
    started_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    outcome: str
    duration_ms: int | None = None
    summary: str | None = None
    error: str | None = None
    pid: int | None = None
    origin: str = Field(default="schedule", sa_column=Column(Text, nullable=False, server_default="schedule"))


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    title: str
    body: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    priority: str
    dedupe_key: str | None = Field(default=None, unique=True)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    status: str = Field(default="queued", sa_column=Column(Text, nullable=False, server_default="queued"))
    handled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    digest_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("notifications.id")))


class NotificationDelivery(SQLModel, table=True):
    __tablename__ = "notification_deliveries"

    id: int | None = Field(default=None, primary_key=True)
    notification_id: int = Field(
        sa_column=Column(Integer, ForeignKey("notifications.id", ondelete="CASCADE"), nullable=False)
    )
    channel: str
    attempted_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    outcome: str
    error: str | None = None
