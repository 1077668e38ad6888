"""WhatsApp Cloud API limits, error meanings and delivery-status order as data (contracts §4).

Statuses arrive out of order (`read` may come before `delivered`, which may never come), so a
delivery record only ever moves *forward*. A `delivered`/`read` receipt is proof the message
arrived, so it outranks a `failed` that reached psn late.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from psn.core.errors import BadInput

TEXT_MAX_CHARS = 4096
CAPTION_MAX_CHARS = 1024
TEMPLATE_PARAM_MAX_CHARS = 1024
MEDIA_LIMITS: dict[str, tuple[dict[str, str], int]] = {
    "image": ({".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}, 5 * 1024 * 1024),
    "video": ({".mp4": "video/mp4", ".3gp": "video/3gpp"}, 16 * 1024 * 1024),
    "document": ({".pdf": "application/pdf", ".txt": "text/plain", ".docx":
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}, 100 * 1024 * 1024),
}

STATUS_RANK = {"accepted": 0, "sent": 1, "failed": 2, "delivered": 3, "read": 4, "played": 5}

# code → (what it means, what to do). Branch on codes, never on titles (Meta deprecates titles).
ERRORS: dict[int, tuple[str, str]] = {
    131047: ("more than 24 hours since the contact last wrote", "Send an approved template instead."),
    132000: ("the number of template variables does not match the template",
             "The template changed since psn checked it; run the send again."),
    130429: ("throughput limit hit (80 messages/s per number by default)", "psn slows down; try again shortly."),
    131056: ("too many messages to the same contact in a short time", "Wait a few seconds per contact."),
    131026: ("undeliverable: not a WhatsApp number, an old app, or the contact blocked you",
             "Check the number with the contact."),
    131030: ("the number is not in the test allow-list", "Add it in App Dashboard → WhatsApp → API Setup."),
    131031: ("the business account is locked", "See WhatsApp Manager for the reason."),
    131042: ("a business eligibility or payment problem", "Add or fix the payment method in WhatsApp Manager."),
    131048: ("spam rate limit: quality is low", "Send less, and only to people who asked for it."),
    131049: ("Meta chose not to deliver (marketing frequency cap)", "Do not resend right away."),
    131051: ("unsupported message type", "Send text, a template, or image/video/document."),
    131052: ("media download failed", "Check the media URL is public and the type is allowed."),
    131053: ("media upload failed", "Check the file's type and size."),
    132001: ("the template does not exist in that language", "Check the name and the exact language code."),
    132005: ("the template text is too long once filled in", "Shorten the variables."),
    132007: ("the template's content breaks policy", "Edit the template in WhatsApp Manager."),
    132012: ("a template variable has the wrong format", "Match the variable types of the template."),
    133010: ("the phone number is not registered", "Register it in WhatsApp Manager."),
    130472: ("the contact's number is part of a Meta experiment", "Not billed; do not retry."),
    368: ("temporarily blocked for policy violations", "Wait, and review WhatsApp's policies."),
}

_DIGITS = re.compile(r"[0-9]+")


def error_meaning(code: int | None) -> str:
    if code is None or code not in ERRORS:
        return f"error {code}" if code is not None else "unknown error"
    return f"{ERRORS[code][0]} (code {code})"


def advance_status(current: str | None, new: str) -> str:
    """The status to keep: never move backwards whatever order the webhooks arrive in."""
    if current is None or STATUS_RANK.get(new, -1) > STATUS_RANK.get(current, -1):
        return new
    return current


def normalize_wa_id(raw: str) -> str:
    """A phone number as WhatsApp wants it: country code and digits, no '+', spaces or leading 00."""
    text = raw.strip()
    if not re.fullmatch(r"\+?[\d\s().-]+", text, re.ASCII):
        raise BadInput(f"{raw!r} is not a phone number.", hint="Use the international form, e.g. +44 7700 900123.")
    digits = "".join(_DIGITS.findall(text))
    if not text.startswith("+") and digits.startswith("00"):
        digits = digits[2:]
    if not 8 <= len(digits) <= 15 or digits.startswith("0"):
        raise BadInput(f"{raw!r} is not an international phone number.",
                       hint="Start with the country code (e.g. +1 for the US, +44 for the UK).")
    return digits


def in_window(last_inbound_at: datetime | None, now: datetime, hours: int = 24) -> bool:
    return last_inbound_at is not None and now - last_inbound_at < timedelta(hours=hours)


@dataclass
class Pacer:
    """Keeps sends at most `per_second` apart in real time (the logical clock may be pinned)."""

    per_second: int
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic
    _next_at: float | None = field(default=None, init=False)

    def wait(self) -> None:
        now = self.monotonic()
        if self._next_at is not None and self._next_at > now:
            self.sleep(self._next_at - now)
            now = self._next_at
        self._next_at = now + 1.0 / self.per_second
