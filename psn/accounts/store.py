"""Accounts and developer apps in SQLite; their secrets in the secrets store, never in SQLite."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from sqlmodel import select

from psn.context import AppContext
from psn.core.errors import NotConfigured
from psn.core.filelock import locked
from psn.core.paths import make_private_dir
from psn.core.redact import redact
from psn.platforms.base import AccountInfo, TokenSet
from psn.platforms.registry import get_spec
from psn.store.publishing_tables import Account, PlatformApp


def app_secret_name(platform: str, field: str) -> str:
    return f"{platform}.app.{field}"


def token_secret_name(platform: str, account_id: int) -> str:
    return f"{platform}.account.{account_id}.tokens"


def save_app(ctx: AppContext, platform: str, fields: dict[str, str]) -> None:
    spec = get_spec(platform)
    public = {k: v for k, v in fields.items() if k not in spec.connect.secret_fields}
    for name in spec.connect.secret_fields:
        if fields.get(name):
            ctx.secrets.set(app_secret_name(platform, name), fields[name])
    with ctx.db.session() as session:
        row = session.get(PlatformApp, platform) or PlatformApp(platform=platform, updated_at=ctx.clock.now())
        merged = {**json.loads(row.fields or "{}"), **public}
        row.fields = json.dumps(merged, sort_keys=True)
        row.updated_at = ctx.clock.now()
        session.add(row)


def load_app(ctx: AppContext, platform: str) -> dict[str, str]:
    spec = get_spec(platform)
    with ctx.db.session() as session:
        row = session.get(PlatformApp, platform)
    fields: dict[str, str] = json.loads(row.fields) if row else {}
    for name in spec.connect.secret_fields:
        value = ctx.secrets.get(app_secret_name(platform, name))
        if value:
            fields[name] = value
    return fields


def upsert_account(ctx: AppContext, platform: str, info: AccountInfo, tokens: TokenSet) -> Account:
    now = ctx.clock.now()
    with ctx.db.session() as session:
        row = session.exec(
            select(Account).where(Account.platform == platform, Account.platform_user_id == info.platform_user_id)
        ).first()
        if row is None:
            row = Account(platform=platform, platform_user_id=info.platform_user_id, handle=info.handle,
                          connected_at=now, updated_at=now)
        row.handle, row.display_name = info.handle, info.display_name
        row.status, row.last_error, row.updated_at = "connected", None, now
        row.scopes = " ".join(tokens.scopes)
        row.token_expires_at, row.refresh_expires_at = tokens.expires_at, tokens.refresh_expires_at
        row.meta = json.dumps({**json.loads(row.meta or "{}"), **info.extra, "followers": info.followers},
                              default=str)
        session.add(row)
        session.flush()
        session.refresh(row)
    ctx.secrets.set(token_secret_name(platform, row.id or 0), tokens.model_dump_json())
    return row


def active_account(ctx: AppContext, platform: str) -> Account:
    """The connected account for a platform, or NotConfigured naming the setup command."""
    with ctx.db.session() as session:
        row = session.exec(
            select(Account).where(Account.platform == platform, Account.status != "disconnected")
            .order_by(Account.updated_at.desc())  # type: ignore[attr-defined]
        ).first()
    if row is None:
        title = get_spec(platform).title
        raise NotConfigured(f"No {title} account is connected.", hint=f"Run `psn setup {platform}` first.")
    return row


def list_accounts(ctx: AppContext) -> list[Account]:
    with ctx.db.session() as session:
        return list(session.exec(select(Account).order_by(Account.platform, Account.id)).all())


def update_account(ctx: AppContext, account_id: int, **changes: Any) -> None:
    if changes.get("last_error"):
        changes["last_error"] = redact(changes["last_error"])  # errors can quote the token that failed
    with ctx.db.session() as session:
        row = session.get(Account, account_id)
        if row is not None:
            for key, value in changes.items():
                setattr(row, key, value)
            row.updated_at = ctx.clock.now()
            session.add(row)


class KeyringTokenStore:
    """TokenStore over the secrets store; expiry and scopes mirrored on the account row."""

    def __init__(self, ctx: AppContext, account: Account) -> None:
        self.ctx = ctx
        self.account = account
        self.name = token_secret_name(account.platform, account.id or 0)

    def load(self) -> TokenSet:
        raw = self.ctx.secrets.get(self.name)
        if not raw:
            raise NotConfigured(f"The {self.account.platform} tokens are missing from the secrets store.",
                                hint=f"Reconnect with `psn setup {self.account.platform}`.")
        return TokenSet.model_validate_json(raw)

    def exclusive(self) -> AbstractContextManager[None]:
        """Held across load → refresh → save (RefreshingCredentials), so two psn processes never
        spend the same single-use refresh token."""
        make_private_dir(self.ctx.paths.run_dir)
        return locked(self.ctx.paths.run_dir / self.name)

    def save(self, tokens: TokenSet) -> None:
        self.ctx.secrets.set(self.name, tokens.model_dump_json())
        update_account(self.ctx, self.account.id or 0, token_expires_at=tokens.expires_at,
                       refresh_expires_at=tokens.refresh_expires_at, scopes=" ".join(tokens.scopes), status="connected")


def expires_in_days(moment: datetime | None, now: datetime) -> float | None:
    if moment is None:
        return None
    return round((moment - now).total_seconds() / 86400, 2)
