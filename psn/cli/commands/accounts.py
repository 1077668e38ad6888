"""`psn accounts list|health|refresh|disconnect`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

ORDER = 20
GROUP = "Accounts and channels"
accounts_app = typer.Typer(help="Connected accounts: expiry, scopes, health, spend.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(accounts_app, name="accounts")


@accounts_app.command("list", help="Connected accounts with token expiry, scopes and spend.")
def list_() -> None:
    from psn.accounts.connect import account_health
    from psn.cli.output import emit
    from psn.cli.state import ctx

    emit(account_health(ctx()), _render)


@accounts_app.command("health", help="Like list, and exits 3 if any account needs attention.")
def health() -> None:
    from psn.accounts.connect import account_health
    from psn.cli.output import emit
    from psn.cli.state import ctx

    rows = account_health(ctx())
    emit(rows, _render)
    if any(r["warnings"] or r["status"] in ("expired", "error") for r in rows):
        raise typer.Exit(3)


@accounts_app.command("refresh", help="Refresh a platform's tokens now.")
def refresh(platform: Annotated[str, typer.Argument(help="e.g. x")]) -> None:
    from psn.accounts.connect import refresh_account
    from psn.cli.output import emit
    from psn.cli.state import ctx

    account = refresh_account(ctx(), platform)
    emit({"platform": account.platform, "handle": account.handle, "token_expires_at": account.token_expires_at},
         lambda d: typer.echo(f"Refreshed {d['platform']} (@{d['handle']}); expires {d['token_expires_at']}."))


@accounts_app.command("disconnect", help="Revoke and forget a platform's tokens.")
def disconnect(platform: Annotated[str, typer.Argument(help="e.g. linkedin")]) -> None:
    from psn.accounts.connect import disconnect_account
    from psn.cli.output import emit
    from psn.cli.state import ctx

    account = disconnect_account(ctx(), platform)
    emit({"platform": account.platform, "handle": account.handle, "status": "disconnected"},
         lambda d: typer.echo(f"Disconnected {d['platform']} (@{d['handle']}); its tokens are deleted."))


def _countdown(seconds: int | None, refreshable: bool) -> str:
    """`in 1 h 54 min`, `in 12.3 d`, or `expired`; refreshable tokens say they renew themselves."""
    if seconds is None:
        return "never"
    if seconds <= 0:
        return "expired (refreshes on next use)" if refreshable else "expired"
    if seconds < 86400:
        hours, minutes = divmod(max(1, seconds // 60), 60)
        left = f"in {hours} h {minutes} min" if hours else f"in {minutes} min"
    else:
        left = f"in {seconds / 86400:.1f} d"
    return left + (" (auto-refresh)" if refreshable else "")


def _render(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from psn.cli.output import console

    if not rows:
        console().print("No accounts yet. Connect one with `psn setup x` (or linkedin, instagram, …).")
        return
    table = Table("platform", "account", "status", "token expires", "scopes", "spend", show_edge=False)
    for row in rows:
        expiry = _countdown(row["expires_in_seconds"], row["refreshable"])
        table.add_row(row["platform"], f"@{row['handle']}", row["status"], expiry, " ".join(row["scopes"]),
                      f"${row['spend_usd']:.3f}" if row["spend_usd"] else "-")
    console().print(table)
    for row in rows:
        for warning in row["warnings"]:
            console().print(f"[yellow]⚠ {row['platform']}: {warning}[/]")
        if row["last_error"]:
            console().print(f"[red]{row['platform']} last error:[/] {row['last_error']}")
