"""Tables of the learning loop; they mirror migration m0071."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from psn.store.types import UTCDateTime


def _ts(nullable: bool = False):  # type: ignore[no-untyped-def]
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable))


class LearnChannel(SQLModel, table=True):
    __tablename__ = "learn_channels"

    channel: str = Field(primary_key=True)
    mode: str = "open"
    updated_at: datetime = _ts()


class LearnCycle(SQLModel, table=True):
    __tablename__ = "learn_cycles"

    id: int | None = Field(default=None, primary_key=True)
    channel: str
    reason: str
    started_at: datetime = _ts()
    completed_at: datetime | None = _ts(nullable=True)
    summary: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))


class LearnVersion(SQLModel, table=True):
    __tablename__ = "learn_versions"

    version_id: int = Field(primary_key=True, foreign_key="prompt_versions.id")
    channel: str
    state: str
    operator: str
    diff: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    samples: int = 0
    cycle_id: int | None = Field(default=None, foreign_key="learn_cycles.id")
    created_at: datetime = _ts()


class LearnTrigger(SQLModel, table=True):
    __tablename__ = "learn_triggers"

    content_id: int = Field(primary_key=True, foreign_key="published_content.id")
    channel: str
    reason: str
    triggered_at: datetime = _ts()
    cycle_id: int | None = Field(default=None, foreign_key="learn_cycles.id")
