"""`psn whatsapp contacts add|import|list|remove` and `psn whatsapp deliveries`: your opted-in
WhatsApp audience and what happened to each message psn sent them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

ORDER = 45
GROUP = "Accounts and channels"
WEBHOOK_MAX_BYTES = 1024 * 1024  # Meta's deliveries are a few KB; anything this big is not one

whatsapp_app = typer.Typer(help="Your WhatsApp audience (opted-in contacts) and delivery records.",
                           no_args_is_help=True)
contacts_app = typer.Typer(help="Add, import, list and remove contacts; psn only messages opted-in ones.",
                           no_args_is_help=True)
whatsapp_app.add_typer(contacts_app, name="contacts")


def register(app: typer.Typer) -> None:
    app.add_typer(whatsapp_app, name="whatsapp")


@contacts_app.command("add", help="Add (or update) a contact; --opt-in records where they agreed to hear from you.")
def add(
    number: Annotated[str, typer.Argument(help="International number, e.g. +44 7700 900123")],
    name: Annotated[str, typer.Option(help="How you call them.")] = "",
    opt_in: Annotated[str, typer.Option("--opt-in", help="Where they opted in, e.g. 'newsletter form'.")] = "",
    opted_in_at: Annotated[str, typer.Option(help="When they opted in (ISO 8601; default now).")] = "",
) -> None:
    from psn.audience.contacts import add_contact
    from psn.cli.output import emit
    from psn.cli.state import ctx

    context = ctx()
    contact = add_contact(context.db, context.clock, number, name=name, opt_in_source=opt_in, opted_in_at=opted_in_at)
    emit(contact, _render_added)


@contacts_app.command("import", help="Import a CSV (wa_id/phone/number, name, opt_in_source, opted_in_at).")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV file with a header row.")],
    opt_in: Annotated[str, typer.Option("--opt-in", help="Opt-in source for rows that have none.")] = "",
) -> None:
    from psn.audience.contacts import import_contacts
    from psn.cli.output import emit
    from psn.cli.state import ctx

    context = ctx()
    report = import_contacts(context.db, context.clock, file.expanduser(), default_source=opt_in)
    emit(report, lambda r: typer.echo(
        f"Imported {r.added} new and {r.updated} updated contacts; {r.opted_in} with an opt-in."
        + (f" {len(r.without_opt_in)} without one (psn will not message them)." if r.without_opt_in else "")))


@contacts_app.command("list", help="Your contacts, their opt-in and when they last wrote.")
def list_(opted_in: Annotated[bool, typer.Option("--opted-in", help="Only contacts psn may message.")] = False) -> None:
    from psn.audience.contacts import list_contacts
    from psn.cli.output import emit
    from psn.cli.state import ctx

    emit(list_contacts(ctx().db, opted_in_only=opted_in), _render_contacts)


@contacts_app.command("remove", help="Forget a contact and their opt-in (delivery history stays).")
def remove(number: Annotated[str, typer.Argument(help="The contact's number.")]) -> None:
    from psn.audience.contacts import remove_contact
    from psn.cli.output import emit
    from psn.cli.state import ctx

    contact = remove_contact(ctx().db, number)
    emit(contact, lambda c: typer.echo(f"Removed {c.name or c.wa_id} ({c.wa_id})."))


@whatsapp_app.command("deliveries", help="What happened to each message: sent, delivered, read or failed (why).")
def deliveries(
    key: Annotated[str, typer.Option("--key", help="Only one send (its idempotency key).")] = "",
    contact: Annotated[str, typer.Option("--contact", help="Only one contact.")] = "",
) -> None:
    from psn.audience.broadcast import sync_deliveries
    from psn.audience.deliveries import list_deliveries
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.platforms.whatsapp.rules import normalize_wa_id

    context = ctx()
    wa_id = normalize_wa_id(contact) if contact else ""
    sync_deliveries(context)  # sends finished by `psn post retry` too
    emit(list_deliveries(context.db, publish_key=key, wa_id=wa_id), _render_deliveries)


def _render_added(contact: Any) -> None:
    state = (f"opted in via {contact.opt_in_source} on {contact.opted_in_at:%Y-%m-%d}" if contact.opted_in
             else "no opt-in recorded: psn will not message them until you add one (--opt-in SOURCE)")
    typer.echo(f"{contact.name or contact.wa_id} ({contact.wa_id}): {state}.")


def _render_contacts(contacts: list[Any]) -> None:
    from rich.table import Table

    from psn.cli.output import console

    if not contacts:
        typer.echo("No contacts yet: `psn whatsapp contacts add NUMBER --opt-in SOURCE`.")
        return
    table = Table("number", "name", "opt-in", "source", "last wrote", show_edge=False)
    for c in contacts:
        table.add_row(c.wa_id, c.name, f"{c.opted_in_at:%Y-%m-%d}" if c.opted_in_at else "—", c.opt_in_source or "",
                      f"{c.last_inbound_at:%Y-%m-%d %H:%M}" if c.last_inbound_at else "")
    console().print(table)


def _render_deliveries(rows: list[Any]) -> None:
    from rich.table import Table

    from psn.cli.output import console

    if not rows:
        typer.echo("No delivery records yet.")
        return
    table = Table("contact", "kind", "status", "at", "why", show_edge=False)
    for r in rows:
        table.add_row(r.wa_id, r.kind, r.status, f"{r.status_at:%Y-%m-%d %H:%M:%S}", r.error or "")
    console().print(table)


@whatsapp_app.command("send", help="Send to your opted-in contacts: an approved template, or (inside the 24 h "
                                   "window) text or media.")
def send(
    text: Annotated[str, typer.Option("--text", "-t", help="Free-form text, or the caption of --media.")] = "",
    template: Annotated[str, typer.Option(help="Approved template name (works outside the 24 h window).")] = "",
    language: Annotated[str, typer.Option(help="The template's language code, exactly as approved.")] = "en_US",
    var: Annotated[list[str] | None, typer.Option("--var", help="Body variable {{1}}, {{2}}… (repeatable).")] = None,
    named: Annotated[list[str] | None, typer.Option("--named", help="Named body variable NAME=VALUE.")] = None,
    header_var: Annotated[list[str] | None, typer.Option("--header-var", help="Header text variable.")] = None,
    button: Annotated[list[str] | None, typer.Option("--button", help="URL button variable INDEX=VALUE.")] = None,
    media: Annotated[Path | None, typer.Option("--media", "-m", help="Image, video or document.")] = None,
    header_link: Annotated[str | None, typer.Option(help="Public https URL of the template's media header.")] = None,
    to: Annotated[list[str] | None, typer.Option("--to", help="Only these contacts (default: all opted in).")] = None,
    in_window_only: Annotated[bool, typer.Option(help="Skip contacts outside their 24 h window.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Send without asking (you approve this message).")] = False,
) -> None:
    from psn.audience.broadcast import Send, send_to_audience
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.files import check_input_file, check_web_url
    from psn.publishing.records import describe

    if media is not None:
        check_input_file(media.expanduser())
    if header_link:
        check_web_url(header_link, "--header-link")
    request = Send(text=text, template=template, language=language, variables=var or [],
                   named=_pairs(named or [], "--named"), header_variables=header_var or [],
                   buttons=_pairs(button or [], "--button"), header_link=header_link, media=media, to=to or [],
                   in_window_only=in_window_only)
    context = ctx()
    send_to_audience(context, request, validate_only=True)  # every check before asking or recording
    if not yes:
        prompts.require_interactive("--yes", "your approval of this message to your audience")
        if not prompts.confirm(f"Send {'template ' + template if template else 'this message'} to your "
                               f"{'chosen' if to else 'opted-in'} contacts?", default=False):
            emit({"sent": False}, lambda d: typer.echo("Nothing was sent."))
            return
    row = send_to_audience(context, request)
    emit(describe(row), lambda d: typer.echo(f"Sent to {_sent_count(d['steps'])} contact(s) (post #{d['id']}); "
                                             f"`psn whatsapp deliveries --key {d['idempotency_key']}` shows what "
                                             "happened."))


@whatsapp_app.command("webhook", help="Apply a Meta webhook delivery (status receipts, messages) you received.")
def webhook(
    body: Annotated[Path | None, typer.Argument(help="The raw body as received (- for stdin).")] = None,
    signature: Annotated[str, typer.Option(help="Its X-Hub-Signature-256 header (sha256=…).")] = "",
    from_sandbox: Annotated[bool, typer.Option(help="Sandbox: apply what the emulator would have sent.")] = False,
) -> None:
    import sys

    from psn.audience.broadcast import ingest, sandbox_deliveries
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.errors import BadInput
    from psn.core.files import read_file

    context = ctx()
    if from_sandbox:
        deliveries = sandbox_deliveries(context)
    elif body is not None:
        raw = sys.stdin.buffer.read(WEBHOOK_MAX_BYTES) if str(body) == "-" else read_file(body, "a webhook body",
                                                                                            WEBHOOK_MAX_BYTES)
        deliveries = [({"X-Hub-Signature-256": signature}, raw)]
    else:
        raise BadInput("Give the webhook body (a file, or - for stdin) and --signature.",
                       hint="Or run `psn webhooks serve` to receive them as they come.")
    applied = ingest(context, deliveries)
    emit(applied, lambda a: typer.echo(f"Applied {a.statuses} status update(s) ({a.ignored_as_stale} older than "
                                       f"what psn had) and {a.inbound} message(s) from contacts."))


@whatsapp_app.command("notify", help="Send yourself a notification (the channel the daemon uses).")
def notify(
    text: Annotated[str, typer.Argument(help="What to tell yourself.")],
    to: Annotated[str | None, typer.Option(help="Your number (default: whatsapp.notify_to).")] = None,
) -> None:
    from psn.audience.broadcast import notify_self
    from psn.cli.output import emit
    from psn.cli.state import ctx

    wamid = notify_self(ctx(), text, to=to)
    emit({"message_id": wamid}, lambda d: typer.echo("Sent to your WhatsApp."))


def _sent_count(steps: dict[str, dict[str, str]]) -> int:
    return sum(1 for step, entry in steps.items()
               if step.startswith("to:") and entry.get("state") == "done" and not entry["value"].startswith("failed:"))


def _pairs(items: list[str], flag: str) -> dict[str, str]:
    from psn.core.errors import BadInput

    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise BadInput(f"{flag} {item!r} is not NAME=VALUE.", hint=f"e.g. {flag} first_name=Ana")
        out[name.strip()] = value
    return out
