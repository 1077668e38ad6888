"""Delivery records and the webhook side of the audience.

`DatabaseRecipients` is the RecipientBook the WhatsApp adapter is handed: it reads contacts and
records each accepted message. Status webhooks then move a record forward only (they arrive out
of order); a status may even arrive before psn recorded the send, so both sides upsert. Inbound
messages move the contact's last-inbound time, which opens their 24 h window.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import select

from psn.platforms.base import WebhookEvent
from psn.platforms.whatsapp.events import INBOUND, STATUS
from psn.platforms.whatsapp.recipients import Recipient
from psn.platforms.whatsapp.rules import advance_status
from psn.store.whatsapp_tables import WhatsAppContact, WhatsAppDelivery


class Delivery(BaseModel):
    message_id: str
    wa_id: str
    publish_key: str = ""
    kind: str = ""
    status: str
    status_at: datetime
    error_code: int | None = None
    error: str | None = None


class Applied(BaseModel):
    statuses: int = 0
    ignored_as_stale: int = 0
    inbound: int = 0


class DatabaseRecipients:
    """The WhatsApp adapter's view of the audience, over the database."""

    def __init__(self, db) -> None:  # type: ignore[no-untyped-def]
        self.db = db

    def recipients(self, wa_ids: list[str] | None) -> list[Recipient]:
        with self.db.session() as session:
            query = select(WhatsAppContact)
            if wa_ids is not None:
                query = query.where(WhatsAppContact.wa_id.in_(wa_ids))  # type: ignore[attr-defined]
            rows = session.exec(query.order_by(WhatsAppContact.id)).all()
        return [Recipient(wa_id=r.wa_id, name=r.name, opted_in=r.opted_in_at is not None,
                          last_inbound_at=r.last_inbound_at) for r in rows]

    def record_sent(self, wa_id: str, message_id: str, kind: str, publish_key: str, at: datetime,
                    status: str = "accepted") -> None:
        with self.db.session() as session:
            row = _delivery(session, message_id)
            if row is None:
                row = WhatsAppDelivery(message_id=message_id, wa_id=wa_id, status=status, status_at=at,
                                       created_at=at)
            row.kind, row.publish_key = kind, publish_key
            session.add(row)


def apply_events(db, events: list[WebhookEvent], now: datetime) -> Applied:  # type: ignore[no-untyped-def]
    applied = Applied()
    with db.session() as session:
        for event in events:
            if event.kind == STATUS:
                moved = _apply_status(session, event, now)
                applied.statuses += moved
                applied.ignored_as_stale += not moved
            elif event.kind == INBOUND:
                applied.inbound += _apply_inbound(session, event)
    return applied


def _apply_status(session, event: WebhookEvent, now: datetime) -> bool:  # type: ignore[no-untyped-def]
    data = event.data
    at = event.occurred_at or now
    row = _delivery(session, event.object_id)
    if row is None:  # the webhook beat psn's own record of the send
        row = WhatsAppDelivery(message_id=event.object_id, wa_id=data.get("recipient_id", ""), status=data["status"],
                               status_at=at, created_at=now)
    elif advance_status(row.status, data["status"]) == row.status:
        return False
    else:
        row.status, row.status_at = data["status"], at
    if data["status"] == "failed":
        row.error_code, row.error = data.get("error_code"), data.get("error")
    session.add(row)
    return True


def _apply_inbound(session, event: WebhookEvent) -> bool:  # type: ignore[no-untyped-def]
    sender = event.data.get("from", "")
    row = session.exec(select(WhatsAppContact).where(WhatsAppContact.wa_id == sender)).first()
    if row is None or event.occurred_at is None:
        return False  # someone outside the audience: writing to you is not an opt-in to broadcasts
    if row.last_inbound_at is None or event.occurred_at > row.last_inbound_at:
        row.last_inbound_at = event.occurred_at
    if not row.name and event.data.get("name"):
        row.name = event.data["name"]
    session.add(row)
    return True


def _delivery(session, message_id: str) -> WhatsAppDelivery | None:  # type: ignore[no-untyped-def]
    return session.exec(select(WhatsAppDelivery).where(WhatsAppDelivery.message_id == message_id)).first()


def list_deliveries(db, publish_key: str = "", wa_id: str = "", limit: int = 200) -> list[Delivery]:  # type: ignore
    with db.session() as session:
        query = select(WhatsAppDelivery)
        if publish_key:
            query = query.where(WhatsAppDelivery.publish_key == publish_key)
        if wa_id:
            query = query.where(WhatsAppDelivery.wa_id == wa_id)
        rows = session.exec(query.order_by(WhatsAppDelivery.id.desc()).limit(limit)).all()  # type: ignore
    return [Delivery(**r.model_dump(exclude={"id", "created_at"})) for r in rows]


def ingest_webhook(db, adapter, headers: dict[str, str], body: bytes, now: datetime) -> Applied:  # type: ignore
    """Verify a Meta webhook delivery (X-Hub-Signature-256) and apply what it says."""
    from psn.core.errors import BadInput

    if not adapter.verify_webhook(headers, body, {}):
        raise BadInput("The webhook signature does not match your App Secret; nothing was applied.",
                       hint="Check the App Secret given at `psn setup whatsapp`.")
    return apply_events(db, adapter.parse_webhook(headers, body), now)
