"""`psn webhooks serve|secret|subscribe`: receive platform webhooks (optional — pulls work without them)."""

from __future__ import annotations

from typing import Annotated

import typer

ORDER = 56
GROUP = "Accounts and channels"
webhooks_app = typer.Typer(help="Receive platform webhooks (optional; `psn analytics pull` works without).",
                           no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(webhooks_app, name="webhooks")


@webhooks_app.command("serve", help="Listen for webhooks at /webhooks/<platform>; expose it through a tunnel.")
def serve(port: Annotated[int, typer.Option(min=0, max=65535)] = 8790,
          host: Annotated[str, typer.Option(help="Keep 127.0.0.1 and use a tunnel.")] = "127.0.0.1") -> None:
    from psn.cli.output import info
    from psn.cli.state import ctx
    from psn.webhooks.receiver import Receiver
    from psn.webhooks.server import make_server

    server = make_server(Receiver(ctx(), _adapters(ctx()), _conversations(ctx())), host, port)
    info(f"Receiving webhooks on http://{host}:{server.server_address[1]}/webhooks/<platform> (Ctrl-C stops).")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _adapters(context):  # type: ignore[no-untyped-def]
    def adapter(platform: str):  # type: ignore[no-untyped-def]
        from psn.accounts.wiring import adapter_for

        try:
            return adapter_for(context, platform)[0]
        except Exception:  # not connected: the generic parser reads the documented payload shapes
            return None

    return adapter


def _conversations(context):  # type: ignore[no-untyped-def]
    """Comments and mentions in a delivery become opportunities, as `psn engage monitor` stores them."""
    def ingest(platform: str, found):  # type: ignore[no-untyped-def]
        from psn.engage.monitor import ingest_conversations

        return ingest_conversations(context, platform, found)

    return ingest


@webhooks_app.command("subscribe", help="Ask Instagram or Facebook to start delivering webhooks to psn's app.")
def subscribe(platform: Annotated[str, typer.Argument(help="instagram or facebook.")]) -> None:
    from psn.accounts.webhook_subscription import subscribe as subscribe_account
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.platforms.registry import get_spec

    name = get_spec(platform).name
    fields = subscribe_account(ctx(), name)
    emit({"platform": name, "fields": fields},
         lambda d: typer.echo(f"{get_spec(name).title} delivers webhooks for: {', '.join(fields) or 'nothing yet'}. "
                              f"Receive them with `psn webhooks serve`."))


@webhooks_app.command("secret", help="Store a platform's webhook secret (read from stdin, never from argv).")
def secret(platform: Annotated[str, typer.Argument()],
           verify_token: Annotated[bool, typer.Option(help="Store Meta's verify token instead.")] = False) -> None:
    import sys

    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.errors import BadInput
    from psn.webhooks.keys import store_name
    from psn.webhooks.signatures import SCHEMES

    if platform not in SCHEMES:
        raise BadInput(f"psn has no webhook scheme for {platform!r}.", hint=f"Use one of: {', '.join(SCHEMES)}.")
    kind, words = ("verify_token", "verify token") if verify_token else ("secret", "webhook secret")
    value = sys.stdin.readline().strip()
    if not value:
        flag = " --verify-token" if verify_token else ""
        raise BadInput(f"No {words} on stdin.", hint=f"echo \"$VALUE\" | psn webhooks secret {platform}{flag}")
    # One key per value: the verify token `psn setup` stores with the app is the one the receiver reads.
    ctx().secrets.set(store_name(platform, kind), value)
    emit({"platform": platform, "stored": kind}, lambda d: typer.echo(f"Stored the {platform} {words}."))
