"""`psn setup <platform>` for every platform in the registry (connect one account), and
`psn setup platforms`: pick several from a list and connect each in turn (the wizard's step)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from psn.context import AppContext

ORDER = 60
NAME = "platforms"
TITLE = "Platforms"


def register(setup_app: typer.Typer) -> None:
    setup_app.command(NAME, help="Pick platforms from a list and connect each in turn.")(setup_platforms)
    # Found by folder name, not by importing the specs: `psn --help` must not load httpx.
    import pkgutil

    import psn.platforms as platforms_pkg

    for info in pkgutil.iter_modules(platforms_pkg.__path__):
        if info.ispkg:
            setup_app.command(info.name, help=CONNECT_HELP.get(info.name, f"Connect your {info.name} account."))(
                _command_for(info.name))


# What `psn setup <platform>` connects and how, in words (the package docstrings describe the API instead).
CONNECT_HELP = {
    "x": "Connect your X account: sign in with your browser (OAuth 2.0), with your X app's client id.",
    "linkedin": "Connect your LinkedIn profile: sign in with your browser, with your LinkedIn app's client id "
                "and secret.",
    "instagram": "Connect your Instagram professional account: sign in with your browser (Instagram or "
                 "Facebook Login).",
    "facebook": "Connect your Facebook Page: sign in with your browser and pick the Page to post to.",
    "tiktok": "Connect your TikTok account: sign in with your browser, with your TikTok app's client key.",
    "wordpress": "Connect your WordPress site: its address, your username and an application password.",
    "blog": "Connect your blog: the webhook address psn posts articles to, and its signing secret.",
    "whatsapp": "Connect your WhatsApp Business number: its phone number id, business account id and "
                "access token.",
}


def setup_platforms() -> None:
    """A checkbox list, then each platform connected the way `psn setup <platform>` does; one that
    fails is reported and the others still connect."""
    from psn.cli import prompts
    from psn.cli.state import ctx
    from psn.core.errors import PartialSuccess

    prompts.require_interactive("one platform at a time, e.g. `psn setup x`", "which platforms to connect")
    labels = _choice_labels(ctx())
    picked = [labels[label] for label in prompts.checkbox(
        "Connect which platforms? (space toggles, enter accepts; none is fine for now)", list(labels))]
    failed = [name for name in picked if not _connect_one(name)]
    if failed:
        raise PartialSuccess(f"Connected {len(picked) - len(failed)} of {len(picked)} platforms.",
                             hint="Try the others again with " + ", ".join(f"`psn setup {n}`" for n in failed) + ".")


def _choice_labels(context: AppContext) -> dict[str, str]:
    """"LinkedIn (connected as @ada)" → "linkedin", in the registry's order."""
    from psn.platforms.registry import all_specs

    handles = _connected(context)
    return {spec.title + (f" (connected as @{handles[name]})" if name in handles else ""): name
            for name, spec in all_specs().items()}


def _connect_one(platform: str) -> bool:
    from psn.cli.output import emit_error
    from psn.core.errors import PsnError
    from psn.platforms.registry import get_spec

    typer.echo(f"\n{get_spec(platform).title}:")
    try:
        connect(platform, {}, None, False)
    except PsnError as exc:
        emit_error(exc.kind, f"{get_spec(platform).title} is not connected: {exc.message}", int(exc.exit_code),
                   exc.hint)
        return False
    return True


def _connected(context: AppContext) -> dict[str, str]:
    from psn.accounts.store import list_accounts

    return {a.platform: a.handle for a in list_accounts(context) if a.status == "connected"}


def describe(context: AppContext) -> str | None:
    """What is connected, for the wizard; None before the first account."""
    from psn.platforms.registry import get_spec

    handles = _connected(context)
    if not handles:
        return None
    return "connected " + ", ".join(f"{get_spec(name).title} (@{handle})" for name, handle in handles.items())


def _command_for(platform: str):  # type: ignore[no-untyped-def]
    def setup_platform(
        field: Annotated[
            list[str] | None,
            typer.Option("--field", "-f", help="App setting NAME=VALUE (repeatable); NAME=- reads the value from "
                                               "stdin, so a secret stays out of your shell history."),
        ] = None,
        port: Annotated[int | None, typer.Option(min=1, max=65535, help="Loopback port for the OAuth callback.")]
        = None,
        paste: Annotated[bool, typer.Option(help="No browser here: paste the redirected URL instead.")] = False,
        new_app: Annotated[bool, typer.Option("--new-app", help="Enter the app's settings again instead of "
                                                                "reusing the saved ones.")] = False,
    ) -> None:
        connect(platform, _parse_fields(field or []), port, paste, new_app)

    setup_platform.__doc__ = f"Connect your {platform} account."
    return setup_platform


def _parse_fields(items: list[str]) -> dict[str, str]:
    from psn.core.errors import BadInput

    fields = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise BadInput(f"--field {item!r} is not NAME=VALUE.", hint="e.g. --field client_id=abc123")
        fields[name.strip()] = value
    from_stdin = [name for name, value in fields.items() if value == "-"]
    if len(from_stdin) > 1:
        raise BadInput(f"Only one --field can be read from stdin ({', '.join(from_stdin)} all say -).",
                       hint="Pass the others as NAME=VALUE, or run `psn setup` without them to be asked.")
    if from_stdin:
        fields[from_stdin[0]] = _stdin_value(from_stdin[0])
    return fields


def _stdin_value(name: str) -> str:
    """One line from stdin (`printf %s "$SECRET" | psn setup x --field client_secret=-`)."""
    import sys

    from psn.core.errors import BadInput

    value = sys.stdin.readline(65536).rstrip("\r\n")
    if not value.strip():
        raise BadInput(f"--field {name}=- read nothing from stdin.",
                       hint=f"Pipe the value in, e.g. `printf %s \"$VALUE\" | psn setup … --field {name}=-`.")
    return value


def connect(platform: str, fields: dict[str, str], port: int | None, paste: bool, new_app: bool = False) -> None:
    from psn.accounts.connect import connect_account, missing_fields, sandbox_redirect
    from psn.accounts.webhook_subscription import subscribe_after_connect
    from psn.cli.output import emit, info
    from psn.cli.state import ctx
    from psn.platforms.oauth import loopback_redirect_uri
    from psn.platforms.registry import get_spec

    spec = get_spec(platform)
    context = ctx()
    if not new_app:
        fields = _reuse_saved_app(context, platform, fields)
    if context.sandbox:
        fields = {f: fields.get(f) or f"sandbox-{f}" for f in spec.connect.app_fields} | fields
        get_redirect = sandbox_redirect(context)
    else:
        chosen_port = port or int(getattr(getattr(context.settings, platform, None), "redirect_port",
                                          spec.connect.default_port))
        info(spec.connect.instructions.format(redirect_uri=loopback_redirect_uri(chosen_port)))
        fields = _ask_missing(platform, fields, missing_fields(platform, fields), spec)
        get_redirect = _paste_redirect if paste else _browser_redirect
    account = connect_account(context, platform, fields, get_redirect, port, reuse_saved=not new_app)
    webhooks = subscribe_after_connect(context, spec.name)
    emit({"platform": platform, "handle": account.handle, "account_id": account.id, "scopes": account.scopes.split(),
          "token_expires_at": account.token_expires_at,
          **({"webhooks": {"fields": webhooks.fields, "error": webhooks.error or None}} if webhooks else {})},
         lambda d: _say_connected(spec.title, d["handle"], webhooks))


def _say_connected(title: str, handle: str, webhooks) -> None:  # type: ignore[no-untyped-def]
    typer.echo(f"Connected {title} as @{handle}.")
    if webhooks is None:
        return
    if webhooks.error:
        typer.echo(f"Warning: webhooks not subscribed: {webhooks.error} {webhooks.hint}", err=True)
    else:
        typer.echo(f"Webhooks subscribed: {', '.join(webhooks.fields)} (receive them with `psn webhooks serve`).")


def _reuse_saved_app(context: AppContext, platform: str, fields: dict[str, str]) -> dict[str, str]:
    """Reconnecting keeps the developer app saved by the last connection (a token runs out, the app
    does not): say which one, and how to enter another. Flags given now still win."""
    from psn.accounts.store import load_app
    from psn.cli.output import info
    from psn.platforms.registry import get_spec

    spec = get_spec(platform)
    saved = {k: v for k, v in load_app(context, platform).items() if k in spec.connect.app_fields}
    reused = [name for name in spec.connect.app_fields if saved.get(name) and not fields.get(name)]
    if not reused:
        return fields
    shown = ", ".join(name if name in spec.connect.secret_fields else f"{name} {saved[name]}" for name in reused)
    info(f"Using your saved {spec.title} app ({shown}). To enter other app settings: "
         f"`psn setup {platform} --new-app`.")
    return {**saved, **{k: v for k, v in fields.items() if v}}


def _ask_missing(platform: str, fields: dict[str, str], missing: list[str], spec) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from psn.cli import prompts

    if not missing:
        return fields
    prompts.require_interactive(" ".join(f"--field {m}=..." for m in missing), f"your {spec.title} app settings")
    for name in missing:
        label = spec.connect.field_help.get(name, name)
        ask = prompts.secret if name in spec.connect.secret_fields else prompts.text
        fields[name] = ask(f"{label}:")
    for name in spec.connect.optional_fields:
        if name not in fields:
            ask = prompts.secret if name in spec.connect.secret_fields else prompts.text
            fields[name] = ask(f"{spec.connect.field_help.get(name, name)}:")
    return fields


def _browser_redirect(authorize_url: str, redirect_uri: str) -> str:
    import webbrowser

    from psn.cli.output import info
    from psn.core.errors import BadInput
    from psn.core.secrets import secrets_hidden_from_children
    from psn.platforms.oauth import LoopbackCallback

    port = int(redirect_uri.rsplit(":", 1)[1].split("/", 1)[0])
    with LoopbackCallback(port=port, timeout=300) as callback:
        info(f"Opening your browser to approve psn. If it does not open, visit:\n{authorize_url}")
        with secrets_hidden_from_children():
            webbrowser.open(authorize_url)
        redirected = callback.wait()
    if not redirected:
        raise BadInput("No approval arrived within 5 minutes.", hint="Run the setup again, or use --paste.")
    return redirected


def _paste_redirect(authorize_url: str, redirect_uri: str) -> str:
    from psn.cli import prompts
    from psn.cli.output import info
    from psn.core.errors import BadInput

    prompts.require_interactive("a terminal", "the redirected URL")
    info(f"Open this URL in any browser, approve, then copy the address it lands on ({redirect_uri}…):\n"
         f"{authorize_url}")
    pasted = prompts.text("Paste the full redirected URL:").strip()
    if not pasted.startswith(redirect_uri):
        raise BadInput("That is not the address your browser landed on after approving psn.",
                       hint=f"Paste the whole address, starting with {redirect_uri}?code=… (nothing was saved).")
    return pasted
