"""Notification channels added with `psn notify add URL`; the table mirrors migration m0085.

Only a redacted form of each Apprise URL is stored here: the URL itself, which carries the
service's token or password, lives in the keyring under `secret_name`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from psn.store.types import UTCDateTime


class NotifyChannel(SQLModel, table=True):
    __tablename__ = "notify_channels"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    service: str
    redacted_url: str
    secret_name: str
    daily_cap: int = 20
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
