"""WhatsApp message-to-self: the interface `channels/whatsapp.py` implements over the connected
WhatsApp account (kept apart so tests can hand in a fake messenger)."""

from __future__ import annotations

from typing import Protocol

from psn.notify.channels import ChannelProblem, DeliveryFailed
from psn.notify.message import Message


class SelfMessenger(Protocol):
    """Sends a text to the creator's own WhatsApp number through their connected account."""

    def ready(self) -> str | None:
        """None when it can send; otherwise why not (e.g. "no WhatsApp account connected")."""
        ...

    def send_to_self(self, text: str) -> None:
        """Send, or raise; the exception text must not contain tokens."""
        ...


class SelfMessageChannel:
    name = "whatsapp"

    def __init__(self, messenger: SelfMessenger) -> None:
        self.messenger = messenger

    def problem(self) -> ChannelProblem | None:
        reason = self.messenger.ready()
        return ChannelProblem("not_configured", reason) if reason else None

    def send(self, message: Message) -> None:
        try:
            self.messenger.send_to_self(message.text)
        except Exception as exc:
            raise DeliveryFailed(f"WhatsApp message not sent: {type(exc).__name__}: {exc}") from None
