"""Thin typed calls to the WhatsApp Cloud API: one method per endpoint, pydantic out.

Requests follow Meta's OpenAPI description (tests validate every one against it): JSON bodies
with exactly `Content-Type: application/json`, `Authorization: Bearer …`, and psn's
`User-Agent: psn/<version>`. `language.policy` is sent as "deterministic" because the spec
requires it (the live API accepts it and treats it as the only policy).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from psn.platforms.errors import Rejected, UncertainOutcome
from psn.platforms.http import HttpClient, json_or_empty
from psn.platforms.whatsapp.templates import Template

TEMPLATE_FIELDS = "name,language,status,category,parameter_format,components"


class PhoneNumber(BaseModel):
    id: str
    display_phone_number: str = ""
    verified_name: str = ""
    quality_rating: str | None = None


class SentMessage(BaseModel):
    id: str
    """The `wamid.…` that status webhooks refer to."""
    message_status: str | None = None
    wa_id: str | None = None


TEMPLATE_CACHE_SECONDS = 60.0


class WhatsAppClient:
    def __init__(self, http: HttpClient, version: str, phone_number_id: str, waba_id: str,
                 memo: dict[Any, Any] | None = None) -> None:
        self.http = http
        self.memo = memo if memo is not None else {}
        """Answers kept for one psn invocation (the feature layer hands the same dict to every adapter it builds)."""
        self.version = version
        self.phone_number_id = phone_number_id
        self.waba_id = waba_id

    def _p(self, *parts: str) -> str:
        return "/" + "/".join([self.version, *parts])

    def phone_number(self) -> PhoneNumber:
        response = self.http.request("GET", self._p(self.phone_number_id), operation="auth",
                                     params={"fields": "id,display_phone_number,verified_name,quality_rating"})
        return PhoneNumber(**_with_id(json_or_empty(response), "the phone number's id"))

    def templates(self, name: str = "") -> list[Template]:
        """The WABA's templates (all translations of `name`, or the first page of all). One send checks
        its template several times (before asking, before recording, when sending): the answer is
        kept for the invocation (at most a minute), so Meta is asked once."""
        key = ("whatsapp.templates", self.http.base_url, self.waba_id, name)
        kept = self.memo.get(key)
        if kept is not None and time.monotonic() - kept[0] < TEMPLATE_CACHE_SECONDS:
            return list(kept[1])
        params = {"fields": TEMPLATE_FIELDS, "limit": "100"}
        if name:
            params = {"name": name, **params}
        response = self.http.request("GET", self._p(self.waba_id, "message_templates"), operation="posting",
                                     params=params)
        found = [Template(**t) for t in response.json().get("data", []) if "name" in t and "language" in t]
        self.memo[key] = (time.monotonic(), found)
        return list(found)

    def send(self, message: dict[str, Any]) -> SentMessage:
        """POST /{phone-number-id}/messages. 200 means *accepted*; delivery comes by webhook."""
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", **message}
        response = self.http.request("POST", self._p(self.phone_number_id, "messages"), operation="posting",
                                     retry_safe=False, json=body)
        data = json_or_empty(response)
        first = _first(data.get("messages"))
        contact = _first(data.get("contacts"))
        if first.get("id") is None:  # accepted, but with nothing to follow: it may still be delivered
            raise UncertainOutcome("WhatsApp accepted the message without its id, so psn cannot follow it.",
                                   "Check the chat on your phone before sending it again.", platform="whatsapp",
                                   status=response.status_code)
        return SentMessage(id=str(first["id"]), message_status=first.get("message_status"), wa_id=contact.get("wa_id"))

    def upload_media(self, path: Path, mime_type: str) -> str:
        # An upload publishes nothing; repeating one after a failure only leaves an unused media id.
        with path.open("rb") as handle:
            response = self.http.request(
                "POST", self._p(self.phone_number_id, "media"), operation="posting", retry_safe=True,
                data={"messaging_product": "whatsapp", "type": mime_type},
                files={"file": (path.name, handle, mime_type)},
            )
        return str(_with_id(json_or_empty(response), "the uploaded media's id")["id"])


def _first(items: Any) -> dict[str, Any]:
    first = items[0] if isinstance(items, list) and items else {}
    return first if isinstance(first, dict) else {}


def _with_id(body: dict[str, Any], what: str) -> dict[str, Any]:
    """Meta's answers carry the id psn needs; one without it is a refusal in words, not a KeyError."""
    if body.get("id") is None:
        raise Rejected(f"WhatsApp answered without {what}.", "Try again; if it persists, check Meta's status page.",
                       platform="whatsapp")
    return body

def text_message(to: str, body: str, preview_url: bool = False) -> dict[str, Any]:
    return {"to": to, "type": "text", "text": {"body": body, "preview_url": preview_url}}


def media_message(to: str, kind: str, media: dict[str, str], caption: str = "") -> dict[str, Any]:
    content = dict(media)
    if caption and kind != "audio":
        content["caption"] = caption
    return {"to": to, "type": kind, kind: content}


def template_message(to: str, name: str, language: str, components: list[dict[str, Any]]) -> dict[str, Any]:
    template: dict[str, Any] = {"name": name, "language": {"policy": "deterministic", "code": language}}
    if components:
        template["components"] = components
    return {"to": to, "type": "template", "template": template}
