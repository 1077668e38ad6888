"""SQLModel mirrors of migration m0040 (WhatsApp contacts and delivery records)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Integer, Text
from sqlmodel import Field, SQLModel

from psn.store.types import UTCDateTime


class WhatsAppContact(SQLModel, table=True):
    __tablename__ = "whatsapp_contacts"

    id: int | None = Field(default=None, primary_key=True)
    wa_id: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    name: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    opted_in_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    opt_in_source: str | None = None
    last_inbound_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class WhatsAppDelivery(SQLModel, table=True):
    __tablename__ = "whatsapp_deliveries"

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    wa_id: str = Field(sa_column=Column(Text, nullable=False, index=True))
    publish_key: str = Field(default="", sa_column=Column(Text, nullable=False, server_default="", index=True))
    kind: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    status: str
    status_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    error_code: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    error: str | None = None
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
