"""[notify]: the built-in channels, how many per day, and when to stay quiet.

Channels on other services are Apprise URLs added with `psn notify add` (kept in the keyring,
not here). `webhook` and `email` are the older way, still delivered (through Apprise); their
secrets are not settings: `psn notify secret webhook-url|smtp-password` keeps them in the keyring.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from psn.core.sections.base import Section

CHANNEL_NAMES = ("log", "desktop", "webhook", "email", "whatsapp")
_QUIET = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)$")


def parse_quiet_hours(text: str) -> tuple[int, int] | None:
    """`22:00-07:00` → (start, end) in minutes after midnight; empty → None. Raises ValueError."""
    if not text.strip():
        return None
    match = _QUIET.match(text.strip())
    if not match:
        raise ValueError(f"quiet hours {text!r} must look like 22:00-07:00 (local time), or be empty")
    start = int(match[1]) * 60 + int(match[2])
    end = int(match[3]) * 60 + int(match[4])
    if start == end:
        raise ValueError(f"quiet hours {text!r} start and end at the same time")
    return start, end


class NotifySettings(Section):
    channels: list[str] = Field(default_factory=lambda: ["log", "desktop"])
    """Built-in channels: log, desktop, whatsapp, webhook, email; `psn notify add URL` adds any other service."""
    quiet_hours: str = ""
    """Local time range with no push notifications, e.g. 22:00-07:00; they are delivered when it ends."""
    desktop_daily_cap: int = Field(default=20, ge=0)
    """Most desktop notifications per local day (0 = no cap). The log channel is never capped."""
    webhook_daily_cap: int = Field(default=20, ge=0)
    """Most webhook notifications per local day (0 = no cap)."""
    email_daily_cap: int = Field(default=10, ge=0)
    """Most notification emails per local day (0 = no cap)."""
    whatsapp_daily_cap: int = Field(default=10, ge=0)
    """Most WhatsApp messages to yourself per local day (0 = no cap)."""
    webhook_template: str = "universal"
    """Older webhook channel: ntfy (an ntfy root URL plus webhook_topic), or anything else for Apprise's JSON."""
    webhook_topic: str = ""
    """ntfy topic, when the webhook URL is an ntfy server's root URL (https://ntfy.sh)."""
    email_host: str = ""
    """SMTP server host name; email is not sent until it is set."""
    email_port: int = Field(default=587, ge=1, le=65535)
    """SMTP port (587 for STARTTLS, 465 for SSL)."""
    email_security: Literal["starttls", "ssl", "none"] = "starttls"
    """How the SMTP connection is protected; `none` only for a server on this machine."""
    email_user: str = ""
    """SMTP login (the password goes to the keyring: `psn notify secret smtp-password`)."""
    email_from: str = ""
    """Sender address (defaults to email_to)."""
    email_to: str = ""
    """Where notification emails go (usually yourself)."""

    @field_validator("channels")
    @classmethod
    def _known_channels(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in CHANNEL_NAMES]
        if unknown:
            raise ValueError(f"unknown channel(s) {', '.join(unknown)}; choose from {', '.join(CHANNEL_NAMES)}")
        return list(dict.fromkeys(value))

    @field_validator("quiet_hours")
    @classmethod
    def _valid_quiet_hours(cls, value: str) -> str:
        parse_quiet_hours(value)
        return value.strip()

    def cap_for(self, channel: str) -> int:
        """0 means uncapped. The log channel is the one that always works, so it is never capped."""
        return int(getattr(self, f"{channel}_daily_cap", 0))
