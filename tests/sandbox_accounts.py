"""A sandbox AppContext with a platform account connected through the real connect flow."""

from __future__ import annotations

from typing import Any


def connected(clock: Any, platform: str = "x") -> Any:
    from psn.accounts.connect import connect_account, sandbox_redirect
    from psn.context import AppContext
    from psn.platforms.registry import get_spec

    ctx = AppContext.create(sandbox=True, clock=clock)
    fields = {f: f"sandbox-{f}" for f in get_spec(platform).connect.app_fields}
    ctx.extras["account"] = connect_account(ctx, platform, fields, sandbox_redirect(ctx))
    return ctx
