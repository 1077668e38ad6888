"""`psn whatsapp contacts add|import|list|remove` and `psn whatsapp deliveries`: your opted-in
WhatsApp audience and what happened to each message psn sent them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

ORDER = 45

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
    from psn.audience.deliveries import list_deliveries
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.platforms.whatsapp.rules import normalize_wa_id

    wa_id = normalize_wa_id(contact) if contact else ""
    emit(list_deliveries(ctx().db, publish_key=key, wa_id=wa_id), _render_deliveries)


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
