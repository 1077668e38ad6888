"""Asking a platform to deliver webhooks for the connected account (Instagram, Facebook Pages: they
deliver nothing until the account or Page subscribes psn's app). Called when the account connects
and by `psn webhooks subscribe PLATFORM`."""

from __future__ import annotations

from dataclasses import dataclass

from psn.context import AppContext
from psn.core.errors import BadInput, PsnError
from psn.platforms.registry import get_spec
from psn.store.db import record_event


@dataclass(frozen=True)
class Subscribed:
    platform: str
    fields: list[str]
    error: str = ""
    hint: str = ""


def needs_subscription(platform: str) -> bool:
    return get_spec(platform).capabilities.webhook_subscription


def subscribe(ctx: AppContext, platform: str) -> list[str]:
    """The fields the platform now delivers; BadInput for a platform that needs no subscription."""
    from psn.accounts.wiring import adapter_for

    spec = get_spec(platform)
    if not needs_subscription(spec.name):
        raise BadInput(f"{spec.title} needs no webhook subscription from psn.",
                       hint="Register the callback URL in its developer console; `psn webhooks serve` receives it.")
    adapter, account = adapter_for(ctx, spec.name)
    fields = list(adapter.subscribe_webhooks())  # type: ignore[attr-defined]
    with ctx.db.write() as conn:
        record_event(conn, "webhooks.subscribed", ctx.clock.now(), f"{spec.name}:{account.handle}",
                     platform=spec.name, fields=fields)
    return fields


def subscribe_after_connect(ctx: AppContext, platform: str) -> Subscribed | None:
    """At connect: a failure is reported with its fix, never a failed connect (webhooks are optional)."""
    if not needs_subscription(platform):
        return None
    try:
        return Subscribed(platform, subscribe(ctx, platform))
    except PsnError as exc:
        return Subscribed(platform, [], exc.message, f"Fix it, then run `psn webhooks subscribe {platform}`.")
