"""[whatsapp]: Cloud API host, pinned Graph version, pacing, and the notification channel."""

import re

from pydantic import field_validator

from psn.core.sections.base import Section


class WhatsAppSettings(Section):
    api_url: str = "https://graph.facebook.com"
    """Base URL of the Cloud API (the sandbox and tests point it elsewhere)."""
    graph_version: str = "v26.0"
    """Pinned Graph API version for WhatsApp calls."""
    messages_per_second: int = 20
    """psn's own pace when sending to your audience; Meta allows 80/s per number by default."""
    window_hours: int = 24
    """The customer-service window: free-form messages only this long after a contact's last message."""
    notify_to: str = ""
    """Your own WhatsApp number (digits, country code first) for notifications to yourself."""
    notify_template: str = ""
    """An approved template with one body variable, used for notifications outside the 24 h window."""
    notify_language: str = "en_US"
    """Language code of the notification template, exactly as approved (en_US is not en)."""

    @field_validator("graph_version")
    @classmethod
    def _version_shape(cls, value: str) -> str:
        if not re.fullmatch(r"v\d{1,3}\.0", value):
            raise ValueError(f"{value!r} is not a Graph API version; use the form v26.0")
        return value

    @field_validator("notify_to", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value  # `config set` reads +447700900009 as a number

    @field_validator("notify_to")
    @classmethod
    def _phone_number(cls, value: str) -> str:
        if value and not re.fullmatch(r"\+?\d[\d\s().-]{6,}", value.strip()):
            raise ValueError(f"{value!r} is not a phone number; give yours with its country code, e.g. +447700900123")
        return value

    @field_validator("messages_per_second")
    @classmethod
    def _positive(cls, value: int) -> int:
        if not 1 <= value <= 1000:
            raise ValueError("must be between 1 and 1000 (Meta's highest tier)")
        return value
