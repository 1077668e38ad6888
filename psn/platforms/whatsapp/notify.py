"""WhatsApp as a notification channel: a message to the creator's own number.

Free text only reaches you inside the 24 h window (after you last wrote to your business
number); outside it WhatsApp drops it with 131047. With an approved one-variable template
configured (`whatsapp.notify_template`) psn uses that instead, which always gets through.
"""

from __future__ import annotations

from psn.core.errors import BadInput
from psn.platforms.whatsapp import rules
from psn.platforms.whatsapp.client import WhatsAppClient, template_message, text_message


def send_to_self(client: WhatsAppClient, to: str, text: str, template: str = "", language: str = "en_US") -> str:
    """Send `text` to your own number; returns the wamid. Opt-in does not apply to yourself."""
    if not to:
        raise BadInput("psn does not know your own WhatsApp number.",
                       hint="Run `psn config set whatsapp.notify_to +<country code><number>`.")
    number = rules.normalize_wa_id(to)
    text = text.strip()
    if not text:
        raise BadInput("The notification is empty.", hint="Give it some text.")
    if template:
        value = text[: rules.TEMPLATE_PARAM_MAX_CHARS - 1] + "…" if len(text) > rules.TEMPLATE_PARAM_MAX_CHARS else text
        body = [{"type": "body", "parameters": [{"type": "text", "text": value}]}]
        return client.send(template_message(number, template, language, body)).id
    return client.send(text_message(number, text[: rules.TEXT_MAX_CHARS])).id
