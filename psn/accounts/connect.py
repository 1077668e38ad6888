"""Connect, check, refresh and disconnect accounts. The UI (browser, prompts) is handed in.

Nothing is stored until the platform has accepted the credentials: a failed connection leaves
no app fields, tokens or account rows behind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from psn.accounts.expiry import expiry_warning
from psn.accounts.ledger import spend
from psn.accounts.store import (
    KeyringTokenStore,
    active_account,
    expires_in_days,
    list_accounts,
    load_app,
    save_app,
    token_secret_name,
    update_account,
    upsert_account,
)
from psn.accounts.wiring import deps_for, sandbox_transport
from psn.context import AppContext
from psn.core.errors import BadInput
from psn.core.redact import redact
from psn.platforms.oauth import MemoryTokenStore, code_from_redirect, loopback_redirect_uri
from psn.platforms.registry import get_spec
from psn.store.db import record_event
from psn.store.publishing_tables import Account

RedirectGetter = Callable[[str, str], str]
"""(authorize URL, redirect URI) → the full URL the browser was redirected to."""



def missing_fields(platform: str, fields: dict[str, str]) -> list[str]:
    connect = get_spec(platform).connect
    return [f for f in connect.app_fields if not fields.get(f) and f not in connect.optional_fields]


def connect_account(ctx: AppContext, platform: str, fields: dict[str, str], get_redirect: RedirectGetter | None,
                    port: int | None = None, reuse_saved: bool = True) -> Account:
    """`reuse_saved=False` (`psn setup X --new-app`): only the fields given now, the saved app's are ignored."""
    spec = get_spec(platform)
    saved = load_app(ctx, spec.name) if reuse_saved else {}
    fields = {**saved, **{k: v for k, v in fields.items() if v}}
    unknown = set(fields) - set(spec.connect.app_fields)
    if unknown:
        raise BadInput(f"{spec.title} has no setting {sorted(unknown)[0]!r}.",
                       hint=f"Fields: {', '.join(spec.connect.app_fields)}.")
    missing = missing_fields(spec.name, fields)
    if missing:
        raise BadInput(f"{spec.title} needs {', '.join(missing)}.", hint="Pass them with --field NAME=VALUE.")
    deps = deps_for(ctx, spec.name)
    deps.app = fields
    assert spec.make_connector is not None, f"{spec.name} declares no connector"
    connector = spec.make_connector(deps)
    if spec.connect.kind.startswith("oauth"):
        if get_redirect is None:
            raise BadInput("Connecting needs a browser approval step.", hint="Run it in a terminal.")
        redirect_uri = loopback_redirect_uri(port or int(deps.settings.get("redirect_port", spec.connect.default_port)))
        request = connector.authorize(redirect_uri)
        code = code_from_redirect(get_redirect(request.url, redirect_uri), request.state)
        tokens = connector.exchange(request, code)
    else:
        tokens = connector.connect(fields)
    deps.tokens = MemoryTokenStore(tokens)
    adapter = spec.make_adapter(deps)
    info = adapter.account()
    tokens = deps.tokens.load()  # the lookup may have refreshed them
    save_app(ctx, spec.name, fields)
    account = upsert_account(ctx, spec.name, info, tokens)
    with ctx.db.write() as conn:
        record_event(conn, "account.connected", ctx.clock.now(), f"{spec.name}:{account.handle}", platform=spec.name)
    return account


def sandbox_redirect(ctx: AppContext) -> RedirectGetter:
    """In the sandbox the emulator auto-approves: fetch the authorize URL, read its redirect."""
    import httpx

    def approve(authorize_url: str, redirect_uri: str) -> str:
        with httpx.Client(transport=sandbox_transport(ctx), follow_redirects=False) as client:
            response = client.get(authorize_url)
        location = response.headers.get("location")
        if response.status_code not in (301, 302, 303, 307) or not location:
            raise BadInput(f"The sandbox refused the authorization ({response.status_code}): "
                           f"{redact(response.text)[:200]}")
        return location

    return approve


def _seconds_left(moment: datetime | None, now: datetime) -> int | None:
    """The exact countdown (days rounded to 0.01 hide a sandbox token's two hours)."""
    return None if moment is None else int((moment - now).total_seconds())


def account_health(ctx: AppContext) -> list[dict[str, Any]]:
    now = ctx.clock.now()
    out = []
    for account in list_accounts(ctx):
        days = expires_in_days(account.token_expires_at, now)
        refreshable = _refreshable(ctx, account)
        expiring = expiry_warning(account, _has_refresh_token(ctx, account), now)
        warnings = [expiring.message] if expiring else []
        out.append({
            "id": account.id, "platform": account.platform, "handle": account.handle, "status": account.status,
            "scopes": account.scopes.split(), "token_expires_at": account.token_expires_at,
            "expires_in_days": days, "expires_in_seconds": _seconds_left(account.token_expires_at, now),
            "refreshable": refreshable, "last_error": account.last_error,
            "spend_usd": round(spend(ctx, account.platform), 4), "warnings": warnings,
            "renew_by": expiring.deadline if expiring else None,
        })
    return out


def _has_refresh_token(ctx: AppContext, account: Account) -> bool:
    if account.status == "disconnected":
        return False
    try:
        return bool(KeyringTokenStore(ctx, account).load().refresh_token)
    except Exception:  # tokens missing from the keyring: nothing renews them
        return False


def _refreshable(ctx: AppContext, account: Account) -> bool:
    """A refresh token, or a platform that refreshes the access token itself (Instagram)."""
    if account.status == "disconnected":
        return False
    return _has_refresh_token(ctx, account) or bool(get_spec(account.platform).connect.self_refreshing)


def refresh_account(ctx: AppContext, platform: str) -> Account:
    from psn.accounts.wiring import adapter_for

    adapter, account = adapter_for(ctx, platform)
    credentials = getattr(getattr(adapter, "http", None), "credentials", None)
    if credentials is None or not hasattr(credentials, "force_refresh"):
        raise BadInput(f"{get_spec(platform).title} tokens cannot be refreshed.",
                       hint=f"Reconnect with `psn setup {platform}`.")
    try:
        credentials.force_refresh()
    except Exception as exc:
        update_account(ctx, account.id or 0, last_error=getattr(exc, "message", str(exc)))
        raise
    return active_account(ctx, platform)


def disconnect_account(ctx: AppContext, platform: str) -> Account:
    account = active_account(ctx, platform)
    spec = get_spec(platform)
    store = KeyringTokenStore(ctx, account)
    if spec.make_connector is not None:
        deps = deps_for(ctx, spec.name, account)
        connector = spec.make_connector(deps)
        if hasattr(connector, "revoke"):
            try:
                connector.revoke(store.load())
            except Exception as exc:  # revoking is a courtesy; disconnecting must still work offline
                update_account(ctx, account.id or 0, last_error=f"revoke failed: {getattr(exc, 'message', exc)}")
    ctx.secrets.delete(token_secret_name(spec.name, account.id or 0))
    update_account(ctx, account.id or 0, status="disconnected", token_expires_at=None)
    with ctx.db.write() as conn:
        record_event(conn, "account.disconnected", ctx.clock.now(), f"{spec.name}:{account.handle}")
    return account



def revoked_by_platform(ctx: AppContext, platform: str, platform_user_id: str, why: str) -> Account | None:
    """The platform told psn (a webhook) that the creator's grant is gone: forget the dead token and
    mark the account disconnected with the reason. None when no connected account matches (an old
    or foreign delivery)."""
    from sqlmodel import select

    with ctx.db.session() as session:
        account = session.exec(select(Account).where(Account.platform == platform,
                                                     Account.platform_user_id == platform_user_id,
                                                     Account.status != "disconnected")).first()
    if account is None:
        return None
    title = get_spec(platform).title
    ctx.secrets.delete(token_secret_name(platform, account.id or 0))
    update_account(ctx, account.id or 0, status="disconnected", token_expires_at=None,
                   last_error=f"{title} removed psn's access: {why}")
    with ctx.db.write() as conn:
        record_event(conn, "account.revoked", ctx.clock.now(), f"{platform}:{account.handle}", why=why)
    return account
