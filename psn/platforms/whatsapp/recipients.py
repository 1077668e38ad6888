"""Who a WhatsApp send goes to. The audience lives in the database (psn/audience); the platform
only sees this small interface, handed in by the feature layer, or a list in the request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel


class Recipient(BaseModel):
    wa_id: str
    name: str = ""
    opted_in: bool = False
    last_inbound_at: datetime | None = None
    """When the contact last wrote to you: the 24 h customer-service window starts there."""


class RecipientBook(Protocol):
    def recipients(self, wa_ids: list[str] | None) -> list[Recipient]:
        """The contacts asked for (None: everyone in the audience). Unknown ids are left out."""

    def record_sent(self, wa_id: str, message_id: str, kind: str, publish_key: str, at: datetime,
                    status: str = "accepted") -> None:
        """Remember a message Meta accepted, so status webhooks can update its delivery record.
        `status` is Meta's own word when it gave one (a template send may be `held_for_quality_assessment`
        or `paused`)."""


class ListedRecipients:
    """A RecipientBook over `request.options["recipients"]` (tests, one-off sends)."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = [Recipient(**row) for row in rows]
        self.sent: list[tuple[str, str, str]] = []

    def recipients(self, wa_ids: list[str] | None) -> list[Recipient]:
        if wa_ids is None:
            return list(self.rows)
        return [r for r in self.rows if r.wa_id in wa_ids]

    def record_sent(self, wa_id: str, message_id: str, kind: str, publish_key: str, at: datetime,
                    status: str = "accepted") -> None:
        self.sent.append((wa_id, message_id, kind))
