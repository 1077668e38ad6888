"""What the creator approved for publishing (psn/publishing/approval.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from psn.store.types import UTCDateTime


class PublishApproval(SQLModel, table=True):
    __tablename__ = "publish_approvals"

    content_id: int = Field(primary_key=True, foreign_key="published_content.id")
    request_sha256: str
    approved_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
