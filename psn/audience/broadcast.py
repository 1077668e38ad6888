"""Sending to the audience through the publishing pipeline (recorded before any call,
checkpointed per contact, resumable with `psn post retry`), and the delivery records that follow.

The request carries a snapshot of the recipients (number, opt-in, last inbound time) taken when
the send is recorded, so a retry goes to exactly the same people.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from pydantic import BaseModel
from sqlmodel import select

from psn.audience.deliveries import DatabaseRecipients
from psn.context import AppContext
from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.whatsapp.rules import MEDIA_LIMITS, normalize_wa_id
from psn.store.publishing_tables import PublishedContent

FAILED = "failed:"


class Send(BaseModel):
    """What the user asked to send (`psn whatsapp send`)."""

    text: str = ""
    template: str = ""
    language: str = "en_US"
    variables: list[str] = []
    named: dict[str, str] = {}
    header_variables: list[str] = []
    buttons: dict[str, str] = {}
    header_link: str | None = None
    media: Path | None = None
    to: list[str] = []
    in_window_only: bool = False


def build_request(ctx: AppContext, send: Send) -> PublishRequest:
    wanted = [normalize_wa_id(n) for n in send.to] or None
    people = DatabaseRecipients(ctx.db).recipients(wanted)
    options: dict[str, object] = {"recipients": [p.model_dump(mode="json") for p in people],
                                  "in_window_only": send.in_window_only}
    if wanted:
        options["to"] = wanted
    media = [_media_item(send.media)] if send.media else []
    if send.template:
        options["template"] = {"name": send.template, "language": send.language,
                               "body": send.named or send.variables, "header": send.header_variables,
                               "buttons": send.buttons, "header_media_link": send.header_link}
        fmt = "template"
    else:
        fmt = media[0].kind if media else "text"
    return PublishRequest(platform="whatsapp", format=fmt, text=send.text, media=media, options=options,
                          idempotency_key=uuid.uuid4().hex)


def _media_item(path: Path) -> MediaItem:
    suffix = path.suffix.lower()
    kind = next((k for k, (types, _) in MEDIA_LIMITS.items() if suffix in types), "document")
    return MediaItem(kind=kind, path=path.expanduser().resolve())  # type: ignore[arg-type]


def send_to_audience(ctx: AppContext, send: Send, validate_only: bool = False) -> PublishedContent | None:
    """Validate (opt-in, window, template variables…), record, send, and record deliveries."""
    from psn.publishing.pipeline import publish_now, validate

    request = build_request(ctx, send)
    if validate_only:
        validate(ctx, request)
        return None
    try:
        return publish_now(ctx, request)
    finally:
        sync_deliveries(ctx, request.idempotency_key)  # also after a partial failure


def sync_deliveries(ctx: AppContext, idempotency_key: str | None = None) -> int:
    """Delivery records for every message the checkpoints say went out (idempotent). Covers sends
    finished by `psn post retry` too."""
    query = select(PublishedContent).where(PublishedContent.platform == "whatsapp")
    if idempotency_key:
        query = query.where(PublishedContent.idempotency_key == idempotency_key)
    with ctx.db.session() as session:
        rows = session.exec(query).all()
    book = DatabaseRecipients(ctx.db)
    count = 0
    for row in rows:
        for wa_id, wamid, status in _sent_steps(row):
            book.record_sent(wa_id, wamid, row.format, row.idempotency_key, ctx.clock.now(), status)
            count += 1
    return count


def _sent_steps(row: PublishedContent) -> list[tuple[str, str, str]]:
    """(wa_id, wamid, Meta's status on accepting it) for each message that went out."""
    import json

    from psn.platforms.whatsapp.adapter import SENT_STATUS

    steps = json.loads(row.steps or "{}")
    return [(step[3:], entry["value"], (steps.get(SENT_STATUS + step[3:]) or {}).get("value") or "accepted")
            for step, entry in steps.items()
            if step.startswith("to:") and entry.get("state") == "done" and not entry["value"].startswith(FAILED)]


def notify_self(ctx: AppContext, text: str, to: str | None = None) -> str:
    """The WhatsApp notification channel, for the notify feature and `psn whatsapp notify`."""
    from psn.accounts.wiring import adapter_for

    adapter, _ = adapter_for(ctx, "whatsapp")
    return adapter.notify_self(text, to=to)  # type: ignore[attr-defined,no-any-return]


def ingest(ctx: AppContext, deliveries: list[tuple[dict[str, str], bytes]]):  # type: ignore[no-untyped-def]
    """Apply Meta webhook deliveries (status receipts, inbound messages) after checking each signature."""
    from psn.accounts.wiring import adapter_for
    from psn.audience.deliveries import Applied, ingest_webhook

    adapter, _ = adapter_for(ctx, "whatsapp")
    total = Applied()
    for headers, body in deliveries:
        applied = ingest_webhook(ctx.db, adapter, headers, body, ctx.clock.now())
        total.statuses += applied.statuses
        total.ignored_as_stale += applied.ignored_as_stale
        total.inbound += applied.inbound
    return total


def sandbox_deliveries(ctx: AppContext) -> list[tuple[dict[str, str], bytes]]:
    """In the sandbox, the webhooks the emulator queued (Meta would POST them to your endpoint)."""
    from psn.accounts.wiring import sandbox_world
    from psn.core.errors import BadInput
    from psn.sandbox.whatsapp import drain_outbox

    if not ctx.sandbox:
        raise BadInput("--from-sandbox only works with --sandbox.", hint="Give a webhook body file instead.")
    return drain_outbox(sandbox_world(ctx))
