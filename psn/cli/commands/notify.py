"""`psn notify add|list|remove|test|history|queue|secret`: where notifications go, and what went."""

from __future__ import annotations

from typing import Annotated, Any

import typer

ORDER = 75
GROUP = "Accounts and channels"

notify_app = typer.Typer(help="Notifications: add channels (Apprise URLs), test them, see what was sent.",
                         no_args_is_help=True)

SECRETS = {"webhook-url": "notify.webhook_url", "smtp-password": "notify.smtp_password"}
FAILED = {"failed", "not_configured"}


def register(app: typer.Typer) -> None:
    app.add_typer(notify_app, name="notify")


@notify_app.command("add", help="Add a channel: an Apprise URL (ntfy, Telegram, Signal, Matrix, email …), "
                                  "checked without sending; typed hidden or piped when not given.")
def add(
    url: Annotated[str | None, typer.Argument(help="Apprise URL, e.g. ntfys://ntfy.sh/TOPIC. Leave it out to type "
                                                   "it hidden (keeps tokens out of shell history).")] = None,
    name: Annotated[str | None, typer.Option(help="What to call it (default: the service, e.g. ntfy).")] = None,
    daily_cap: Annotated[int, typer.Option(min=0, max=10_000, help="Most per local day (0 = no cap).")] = 20,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.notify.channel_store import add_channel

    channel = add_channel(ctx(), url if url is not None else _ask_url(), name, daily_cap)
    emit(channel.as_dict(), lambda d: typer.echo(
        f"Added {d['name']} ({d['service']}): {d['url']} — the URL is in the keyring. "
        f"`psn notify test {d['name']}` sends a test."))


@notify_app.command("remove", help="Remove a channel added with `psn notify add`, and its URL from the keyring.")
def remove(name: Annotated[str, typer.Argument(help="The channel's name (`psn notify list`).")]) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.notify.channel_store import remove_channel

    channel = remove_channel(ctx(), name)
    emit({"name": channel.name, "removed": True}, lambda d: typer.echo(f"Removed {d['name']} and its URL."))


@notify_app.command("list", help="The channels notifications go to (URLs shown without their secrets).")
def list_() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.notify.channel_store import stored_channels

    app = ctx()
    built_in = [{"name": n, "kind": "built-in", "service": n, "url": None,
                 "daily_cap": app.settings.notify.cap_for(n)} for n in app.settings.notify.channels]
    emit(built_in + [c.as_dict() for c in stored_channels(app.db)], _render_channels)


def _render_channels(rows: list[dict[str, Any]]) -> None:
    if not rows:
        typer.echo("No notification channel. `psn notify add URL` adds one.")
    for row in rows:
        cap = f"{row['daily_cap']}/day" if row["daily_cap"] else "no cap"
        where = row["url"] or "built-in (notify.channels)"
        typer.echo(f"{row['name']:<12} {row['service']:<10} {cap:<8} {where}")


@notify_app.command("test", help="Send a test notification now through every channel, or the one named.")
def test(channel: Annotated[str | None, typer.Argument(help="Only this channel (`psn notify list`).")] = None) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.errors import BadInput, PartialSuccess
    from psn.notify.channels import build_channels
    from psn.notify.dispatch import send_test

    app = ctx()
    channels = build_channels(app, channel)
    if not channels:
        raise BadInput(f"There is no channel called {channel!r}." if channel else "No notification channel is set up.",
                       hint="`psn notify list` shows them; `psn notify add URL` adds one.")
    deliveries = [d.as_dict() for d in send_test(app, channels)]
    failed = [d for d in deliveries if d["outcome"] in FAILED]
    if failed:
        raise PartialSuccess(
            f"{len(failed)} of {len(deliveries)} channel(s) did not deliver: "
            + "; ".join(f"{d['channel']}: {d['error']}" for d in failed) + ".",
            hint="Fix the setting or URL named above, then run `psn notify test` again.",
            deliveries=deliveries)
    emit({"deliveries": deliveries}, _render_deliveries)


def _render_deliveries(data: dict[str, Any]) -> None:
    for d in data["deliveries"]:
        mark = "✓" if d["outcome"] == "sent" else "–"
        typer.echo(f"{mark} {d['channel']:<9} {d['outcome']}" + (f"  ({d['error']})" if d["error"] else ""))


@notify_app.command("history", help="Recent notifications and how each channel fared.")
def history(
    limit: Annotated[int, typer.Option(min=1, max=500, help="How many.")] = 20,
    status: Annotated[str | None, typer.Option(help="Only this status: queued, sent, failed, digested.")] = None,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.notify.queue import recent

    emit(recent(ctx().db, limit=limit, status=status), _render_history)


def _render_history(rows: list[dict[str, Any]]) -> None:
    if not rows:
        typer.echo("No notifications yet.")
    for row in rows:
        channels = ", ".join(f"{d['channel']}:{d['outcome']}" for d in row["deliveries"])
        typer.echo(f"{row['created_at'][:16]}  {row['status']:<9} {row['priority']:<6} {row['title']}"
                   + (f"  [{channels}]" if channels else ""))


@notify_app.command("queue", help="Queue a notification (for scripts; features queue their own).")
def queue(
    title: Annotated[str, typer.Argument(help="One line.")],
    body: Annotated[str, typer.Option(help="More detail.")] = "",
    kind: Annotated[str, typer.Option(help="What it is about, e.g. reminder.")] = "note",
    priority: Annotated[str, typer.Option(help="push (within a minute) or digest (daily).")] = "push",
    dedupe_key: Annotated[str | None, typer.Option(help="Never queue twice with the same key.")] = None,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.errors import BadInput
    from psn.notify.queue import MAX_BODY, MAX_TITLE, enqueue_notification

    for what, value, limit in (("title", title, MAX_TITLE), ("body", body, MAX_BODY)):
        if len(value.strip()) > limit:  # the queue would cut it short; say so instead
            raise BadInput(f"The {what} is {len(value.strip())} characters; a notification {what} takes {limit}.",
                           hint=f"Shorten it{' (put the detail in --body)' if what == 'title' else ''}.")
    note_id = enqueue_notification(ctx(), kind, title, body, priority, dedupe_key)
    emit({"id": note_id, "queued": note_id is not None}, lambda d: typer.echo(
        f"Queued notification {d['id']}." if d["queued"] else "Already queued once with that dedupe key."))


@notify_app.command("secret", help="Store a secret of the older webhook/email channels: webhook-url or smtp-password.")
def secret(
    name: Annotated[str, typer.Argument(help="webhook-url or smtp-password")],
    clear: Annotated[bool, typer.Option("--clear", help="Forget it instead.")] = False,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.errors import BadInput

    if name not in SECRETS:
        raise BadInput(f"Unknown notification secret {name!r}.", hint=f"Use one of: {', '.join(SECRETS)}.")
    store = ctx().secrets
    if clear:
        store.delete(SECRETS[name])
        emit({"name": name, "stored": False}, lambda d: typer.echo(f"Forgot {name}."))
        return
    value = _read_secret(name)
    store.set(SECRETS[name], value)
    emit({"name": name, "stored": True, "backend": store.backend_name},
         lambda d: typer.echo(f"Stored {name} in {d['backend']}. `psn notify test` tries it."))


def _ask_url() -> str:
    """Hidden on a terminal, asked again until Apprise can use it; from stdin in scripts."""
    from psn.cli import prompts

    if not prompts.is_interactive():
        return _read_secret("Apprise URL")
    return prompts.secret("Apprise URL (hidden):", validate=_url_problem).strip()


def _url_problem(answer: str) -> bool | str:
    from psn.core.errors import BadInput
    from psn.notify.apprise_url import check_url

    try:
        check_url(answer)
    except BadInput as problem:
        return problem.message
    return True


def _read_secret(name: str) -> str:
    """From the terminal (hidden) or, in scripts, from stdin; never from an argument (shell history)."""
    import sys

    from psn.cli import prompts
    from psn.core.errors import BadInput

    if prompts.is_interactive():
        value = prompts.secret(f"{name}: ")
    elif not sys.stdin.isatty():
        value = sys.stdin.readline()
    else:
        command = "psn notify add" if name == "Apprise URL" else f"psn notify secret {name}"
        raise BadInput(f"psn needs the {name} and there is no terminal to ask on.",
                       hint=f"Pipe it in: `printf %s \"$VALUE\" | {command}`.")
    value = value.strip()
    if not value:
        raise BadInput(f"The {name} is empty; nothing was stored.", hint="Pipe or type the value.")
    if name == "webhook-url" and not value.startswith(("https://", "http://")):
        raise BadInput("The webhook URL must start with https:// (or http:// for a local server).",
                       hint="Copy it from ntfy, Slack or Discord as it is.")
    return value
