"""WhatsApp: a message to your own number through your connected WhatsApp Business number.

Text reaches you only within 24 h of your last message to the business number; set an approved
one-variable template (`whatsapp.notify_template`) and psn uses it instead, which always arrives.
"""

from __future__ import annotations

from typing import Any

from psn.notify.whatsapp import SelfMessageChannel

NAME = "whatsapp"


class AccountMessenger:
    """SelfMessenger over the connected WhatsApp account (psn/accounts builds the adapter)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def ready(self) -> str | None:
        from psn.accounts.store import active_account
        from psn.core.errors import NotConfigured

        if not self.app.settings.whatsapp.notify_to:
            return "set whatsapp.notify_to to your own number (e.g. +447700900123)"
        try:
            active_account(self.app, "whatsapp")
        except NotConfigured:
            return "no WhatsApp account connected: run `psn setup whatsapp`"
        return None

    def send_to_self(self, text: str) -> None:
        from psn.accounts.wiring import adapter_for

        adapter, _ = adapter_for(self.app, "whatsapp")
        adapter.notify_self(text)  # type: ignore[attr-defined]


def build(app: Any) -> SelfMessageChannel:
    return SelfMessageChannel(AccountMessenger(app))
