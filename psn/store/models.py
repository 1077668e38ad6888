"""SQLModel tables. Each mirrors a migration; tests check that the two agree column by column.

Features add their tables in their own `psn/store/<area>_tables.py`; `psn/store/tables.py`
finds every such module by its suffix.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from psn.store.types import UTCDateTime


class EventLog(SQLModel, table=True):
    __tablename__ = "event_log"

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    subject: str | None = None
    payload: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
