"""Every 6 hours: refresh tokens that expire soon; warn ahead of those that cannot be refreshed.

Refreshing ahead keeps a rarely used account working (X rotates its refresh token on every
use) and surfaces a revoked grant hours before a scheduled post needs it. Tokens that cannot
be refreshed (LinkedIn's 60 days, Meta Page tokens) and refresh tokens that themselves expire
(TikTok) get one push notification per expiry date, a week ahead.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from psn.core.failures import in_words
from psn.daemon.job import JobContext, JobOutcome

NAME = "refresh_tokens"
SCHEDULE = "every 6h"
DESCRIPTION = "Refresh tokens that expire soon; warn about ones that cannot be refreshed"
ORDER = 5  # before anything that publishes in the same tick
REFRESH_WITHIN = timedelta(hours=12)  # two runs ahead: one failed run still leaves time


def run(ctx: JobContext) -> JobOutcome:
    from psn.accounts.store import list_accounts

    refreshed, failed, warned = 0, 0, 0
    for account in list_accounts(ctx.app):
        if account.status == "disconnected":
            continue
        ctx.check_stop()
        if _needs_refresh(ctx, account):
            ok = _refresh(ctx, account)
            refreshed, failed = refreshed + ok, failed + (not ok)
        warned += _warn_if_expiring(ctx, account)
    counts = {"refreshed": refreshed, "failed": failed, "warned": warned}
    if not any(counts.values()):
        return JobOutcome.idle()
    summary = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
    return JobOutcome.partial(summary, **counts) if failed else JobOutcome.done(summary, **counts)


def _can_refresh(ctx: JobContext, account: Any) -> bool:
    from psn.accounts.store import KeyringTokenStore

    try:
        return bool(KeyringTokenStore(ctx.app, account).load().refresh_token)
    except Exception:  # tokens missing from the keyring: nothing to refresh, health says why
        return False


def _needs_refresh(ctx: JobContext, account: Any) -> bool:
    expires = account.token_expires_at
    return expires is not None and expires - ctx.now < REFRESH_WITHIN and _can_refresh(ctx, account)


def _refresh(ctx: JobContext, account: Any) -> bool:
    from psn.accounts.connect import refresh_account
    from psn.notify.queue import add_notification

    try:
        refresh_account(ctx.app, account.platform)
        return True
    except Exception as exc:  # recorded on the account by refresh_account; tell the creator once a day
        message = getattr(exc, "message", None) or in_words(exc)
        ctx.log.warning("refreshing %s @%s failed: %s", account.platform, account.handle, message)
        with ctx.db.write() as conn:
            add_notification(conn, "token.refresh_failed", f"psn could not refresh your {account.platform} token",
                             f"@{account.handle}: {message}. Reconnect with `psn setup {account.platform}`.", "push",
                             dedupe_key=f"token.refresh_failed:{account.id}:{ctx.now.date().isoformat()}", at=ctx.now)
        return False


def _warn_if_expiring(ctx: JobContext, account: Any) -> bool:
    """One push per expiry date, a week ahead, for what no refresh can extend (the same reading as
    `psn accounts health`: psn.accounts.expiry)."""
    from psn.accounts.expiry import expiry_warning
    from psn.notify.queue import add_notification

    warning = expiry_warning(account, _can_refresh(ctx, account), ctx.now)
    if warning is None:
        return False
    day = warning.deadline.date().isoformat()
    with ctx.db.write() as conn:
        note = add_notification(conn, "token.expiring", warning.title,
                                f"@{account.handle}: reconnect with `psn setup {account.platform}` before "
                                f"{day} so scheduled posts keep going out.", "push",
                                dedupe_key=f"token.expiring:{account.id}:{warning.what}:{day}", at=ctx.now)
    return note is not None
