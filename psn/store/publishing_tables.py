"""Tables of the platform layer: developer apps, accounts, published content, budgets, costs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from psn.store.types import UTCDateTime


def _ts(nullable: bool = False):  # type: ignore[no-untyped-def]
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable))


class PlatformApp(SQLModel, table=True):
    __tablename__ = "platform_apps"

    platform: str = Field(primary_key=True)
    fields: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    """Public app fields only (client_id, site URL…); secrets live in the keyring."""
    updated_at: datetime = _ts()


class Account(SQLModel, table=True):
    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str
    handle: str
    display_name: str = ""
    platform_user_id: str
    status: str = "connected"
    scopes: str = ""
    token_expires_at: datetime | None = _ts(nullable=True)
    refresh_expires_at: datetime | None = _ts(nullable=True)
    connected_at: datetime = _ts()
    updated_at: datetime = _ts()
    last_error: str | None = None
    meta: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class PublishedContent(SQLModel, table=True):
    __tablename__ = "published_content"

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(unique=True)
    account_id: int | None = Field(default=None, foreign_key="accounts.id")
    platform: str
    format: str = "text"
    status: str
    request: str = Field(sa_column=Column(Text, nullable=False))
    steps: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    platform_post_id: str | None = None
    url: str | None = None
    error: str | None = None
    error_kind: str | None = None
    attempts: int = 0
    lease_owner: str | None = None
    lease_expires_at: datetime | None = _ts(nullable=True)
    scheduled_at: datetime | None = _ts(nullable=True)
    published_at: datetime | None = _ts(nullable=True)
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    draft_id: int | None = None
    campaign: str | None = None
    prompt_version_id: int | None = None
    cost_usd: float = 0.0


class RateBudget(SQLModel, table=True):
    __tablename__ = "rate_budgets"

    platform: str = Field(primary_key=True)
    operation: str = Field(primary_key=True)
    remaining: int | None = None
    limit_value: int | None = None
    blocked_until: datetime | None = _ts(nullable=True)
    updated_at: datetime = _ts()


class ApiCost(SQLModel, table=True):
    __tablename__ = "api_costs"

    id: int | None = Field(default=None, primary_key=True)
    platform: str
    operation: str
    endpoint: str = ""
    cost_usd: float
    at: datetime = _ts()
