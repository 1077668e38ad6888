"""Emulator of the WhatsApp Cloud API (contracts §4), mounted on the Graph emulator (meta_graph.py).

What clients depend on, reproduced: `messages[0].id` (`wamid.…`) with `message_status:"accepted"`
for every valid send; delivery by *asynchronous* status webhooks in non-guaranteed order (read
may precede delivered); free-form messages to a contact outside their 24 h window fail later
with 131047; 132000 on a template variable-count mismatch and 132001 for an unknown template or
translation; 131056 past 45 messages to one contact in 6 s; 130429 past 80 messages a second;
401 / #190 for an unknown token. Webhooks queue in an outbox that tests (and `--sandbox` ingest)
drain, signed with the sandbox App Secret like Meta signs them.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx

from psn.sandbox.emulator import EmuRequest, json_response
from psn.sandbox.meta_graph import V, graph_error, request_fields
from psn.sandbox.signing import META_HEADER, meta_signature
from psn.sandbox.world import SandboxWorld

if TYPE_CHECKING:
    from psn.sandbox.meta_graph import MetaGraphEmulator

PHONE_NUMBER_ID = "106540352242922"
WABA_ID = "102290129340398"
DISPLAY_NUMBER = "15550783881"
TOKEN = "EAAGsandboxWhatsAppSystemUserToken"
APP_SECRET = "sandbox-app_secret"
# `psn --sandbox setup whatsapp` without --field fills every field with "sandbox-<name>": the
# sandbox number answers to those placeholders too, so that setup needs no flags.
PLACEHOLDER_TOKEN, PLACEHOLDER_PHONE, PLACEHOLDER_WABA = "sandbox-access_token", "sandbox-phone_number_id", \
    "sandbox-waba_id"
NOT_ON_WHATSAPP_PREFIX = "1555000"  # numbers the sandbox treats as not on WhatsApp (→ 131026)
WINDOW = timedelta(hours=24)
PAIR_BURST, PAIR_SPAN = 45, timedelta(seconds=6)
THROUGHPUT = 80
MEDIA_TYPES = {"image/jpeg": 5, "image/png": 5, "video/mp4": 16, "video/3gpp": 16, "application/pdf": 100,
               "text/plain": 100}

TEMPLATES = [
    {"name": "hello_world", "language": "en_US", "category": "UTILITY",
     "components": [{"type": "BODY", "text": "Hello from psn's sandbox!"}]},
    {"name": "psn_new_post", "language": "en_US", "category": "MARKETING",
     "components": [{"type": "BODY", "text": "New from {{1}}: {{2}}"},
                    {"type": "FOOTER", "text": "Reply STOP to opt out"}]},
    {"name": "psn_new_post", "language": "fr", "category": "MARKETING",
     "components": [{"type": "BODY", "text": "Nouveau chez {{1}} : {{2}}"}]},
    {"name": "psn_notify", "language": "en_US", "category": "UTILITY",
     "components": [{"type": "BODY", "text": "psn: {{1}}"}]},
    {"name": "psn_photo_drop", "language": "en_US", "category": "MARKETING",
     "components": [{"type": "HEADER", "format": "IMAGE"}, {"type": "BODY", "text": "{{1}}"}]},
    {"name": "psn_read_more", "language": "en_US", "category": "MARKETING",
     "components": [{"type": "BODY", "text": "{{1}}"},
                    {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Read", "url": "https://example.com/{{1}}"}]}]},
    {"name": "psn_named", "language": "en_US", "category": "UTILITY", "parameter_format": "NAMED",
     "components": [{"type": "BODY", "text": "Hi {{first_name}}, {{news}}"}]},
    {"name": "psn_welcome", "language": "en_US", "category": "UTILITY", "parameter_format": "NAMED",
     "components": [{"type": "HEADER", "format": "TEXT", "text": "Welcome, {{first_name}}"},
                    {"type": "BODY", "text": "Your {{plan}} plan starts {{day}}."}]},
    {"name": "psn_paused", "language": "en_US", "category": "MARKETING", "status": "PAUSED",
     "components": [{"type": "BODY", "text": "Paused"}]},
]


def seed_whatsapp(s: dict[str, Any]) -> None:
    if "phones" in s:
        return
    s["tokens"] = {TOKEN: {"waba": WABA_ID, "phone": PHONE_NUMBER_ID},
                   PLACEHOLDER_TOKEN: {"waba": PLACEHOLDER_WABA, "phone": PLACEHOLDER_PHONE}}
    s["phones"] = {phone: {"id": phone, "display_phone_number": DISPLAY_NUMBER, "verified_name": "Sandbox Creator",
                           "quality_rating": "GREEN"} for phone in (PHONE_NUMBER_ID, PLACEHOLDER_PHONE)}
    s["templates"] = [{"status": "APPROVED", "parameter_format": "POSITIONAL", "id": str(7000 + i), **t}
                      for i, t in enumerate(TEMPLATES)]
    s.update(users={}, messages={}, media={}, outbox=[], sends=[])


class WhatsAppCloud:
    def __init__(self, emu: MetaGraphEmulator) -> None:
        self.emu = emu

    def register(self) -> None:
        self.emu.route("POST", V + r"/(?P<phone>[\w-]+)/messages", self.send)
        self.emu.route("POST", V + r"/(?P<phone>[\w-]+)/media", self.upload)
        self.emu.route("GET", V + r"/(?P<waba>[\w-]+)/message_templates", self.templates)

    def now(self) -> datetime:
        return self.emu.now()

    def _token(self, s: dict[str, Any], req: EmuRequest) -> dict[str, Any] | None:
        return s["tokens"].get(req.bearer())

    # -- reading ----------------------------------------------------------------------------------

    def node(self, req: EmuRequest) -> httpx.Response | None:
        obj = req.params["obj"]
        with self.emu.world.state("whatsapp") as s:
            seed_whatsapp(s)
            if obj not in s["phones"] and obj not in s["media"]:
                return None
            if self._token(s, req) is None:
                return _unauthorised()
            if obj in s["phones"]:
                phone = s["phones"][obj]
                return json_response(200, {k: phone[k] for k in ("id", "display_phone_number", "verified_name",
                                                                 "quality_rating")})
            media = s["media"][obj]
            return json_response(200, {"messaging_product": "whatsapp", "id": obj, "mime_type": media["mime_type"],
                                       "sha256": media["sha256"], "file_size": media["file_size"],
                                       "url": f"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid={obj}"})

    def templates(self, req: EmuRequest) -> httpx.Response:
        with self.emu.world.state("whatsapp") as s:
            seed_whatsapp(s)
            token = self._token(s, req)
            if token is None:
                return _unauthorised()
            if token["waba"] != req.params["waba"]:
                return graph_error(400, 100, f"Unsupported get request. Object with ID '{req.params['waba']}' does "
                                             "not exist", subcode=33, kind="GraphMethodException")
            name = req.query.get("name")
            found = [t for t in s["templates"] if not name or t["name"] == name]
            return json_response(200, {"data": found[: int(req.query.get("limit", 25))],
                                       "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}}})

    # -- media ------------------------------------------------------------------------------------

    def upload(self, req: EmuRequest) -> httpx.Response:
        fields, files = request_fields(req)
        with self.emu.world.state("whatsapp") as s:
            seed_whatsapp(s)
            error = self._authorise_phone(s, req)
            if error:
                return error
            if fields.get("messaging_product") != "whatsapp" or "file" not in files:
                return graph_error(400, 100, "(#100) The parameter messaging_product is required.")
            _, data, mime = files["file"]
            limit = MEDIA_TYPES.get(mime)
            if limit is None or len(data) > limit * 1024 * 1024:
                return graph_error(400, 131053, "(#131053) Media upload error",
                                   details=f"Unsupported or too large media: {mime}, {len(data)} bytes")
            media_id = str(4490709327384033 + self.emu.next_id(s, "media"))
            s["media"][media_id] = {"mime_type": mime, "file_size": len(data),
                                    "sha256": base64.b64encode(data[:32]).decode(), "created": self.now().isoformat()}
        return json_response(200, {"id": media_id})

    def _authorise_phone(self, s: dict[str, Any], req: EmuRequest) -> httpx.Response | None:
        token = self._token(s, req)
        if token is None:
            return _unauthorised()
        if token["phone"] != req.params["phone"]:
            return graph_error(400, 100, f"Unsupported post request. Object with ID '{req.params['phone']}' does "
                                         "not exist", subcode=33, kind="GraphMethodException")
        return None

    # -- sending ----------------------------------------------------------------------------------

    def send(self, req: EmuRequest) -> httpx.Response:
        body = req.json()
        with self.emu.world.state("whatsapp") as s:
            seed_whatsapp(s)
            error = self._authorise_phone(s, req)
            if error:
                return error
            if not req.headers.get("content-type", "").startswith("application/json") or not isinstance(body, dict):
                return graph_error(400, 100, "(#100) Invalid parameter", details="The request body must be JSON.")
            error = _check_message(s, body) or self._check_pace(s, str(body.get("to", "")))
            if error:
                return error
            wamid = "wamid." + base64.b64encode(b"\x15\x02" + secrets.token_bytes(18)).decode()
            to = str(body["to"]).lstrip("+")
            s["messages"][wamid] = {"to": to, "type": body["type"], "body": body, "at": self.now().isoformat()}
            s["sends"].append({"to": to, "at": self.now().isoformat()})
            self._queue_statuses(s, wamid, to, body["type"] == "template")
        return json_response(200, _accepted(self.emu.world.shapes("whatsapp"), body, wamid, to))

    def _check_pace(self, s: dict[str, Any], to: str) -> httpx.Response | None:
        now = self.now()
        recent = [x for x in s["sends"] if datetime.fromisoformat(x["at"]) > now - timedelta(seconds=1)]
        if len(recent) >= THROUGHPUT:
            return graph_error(429, 130429, "(#130429) Rate limit hit",
                               details="Cloud API message throughput has been reached.")
        to = to.lstrip("+")
        pair = [x for x in s["sends"] if x["to"] == to and datetime.fromisoformat(x["at"]) > now - PAIR_SPAN]
        if len(pair) >= PAIR_BURST:
            return graph_error(429, 131056, "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                               details="Message failed to send because there were too many messages sent from this "
                                       "phone number to the same phone number in a short period of time.")
        s["sends"] = [x for x in s["sends"] if datetime.fromisoformat(x["at"]) > now - PAIR_SPAN]
        return None

    def _queue_statuses(self, s: dict[str, Any], wamid: str, to: str, template: bool) -> None:
        user = s["users"].get(to, {})
        last = user.get("last_inbound")
        if to.startswith(NOT_ON_WHATSAPP_PREFIX):
            fate = [("failed", 131026, "Message undeliverable")]
        elif not template and (not last or self.now() - datetime.fromisoformat(last) >= WINDOW):
            fate = [("failed", 131047, "Re-engagement message")]
        else:
            fate = [("sent", None, None), ("delivered", None, None)]
            if user.get("read_receipts", True):
                fate.append(("read", None, None))
            if self.emu.next_id(s, "shuffle") % 2 == 0:  # delivery order is not guaranteed
                fate.reverse()
        for offset, (status, code, title) in enumerate(fate, start=1):
            s["outbox"].append(_status_payload(wamid, to, status, self.now() + timedelta(seconds=offset), code, title,
                                               template))


def _check_message(s: dict[str, Any], body: dict[str, Any]) -> httpx.Response | None:
    if body.get("messaging_product") != "whatsapp":
        return graph_error(400, 100, "(#100) The parameter messaging_product is required.")
    if not str(body.get("to", "")).lstrip("+").isdigit():
        return graph_error(400, 100, "(#100) Invalid parameter", details="'to' must be a phone number")
    kind = body.get("type", "text")
    if kind == "text":
        if not (body.get("text") or {}).get("body"):
            return graph_error(400, 100, "(#100) The parameter text['body'] is required.")
        return None
    if kind == "template":
        return _check_template(s, body.get("template") or {})
    if kind in ("image", "video", "document"):
        media = body.get(kind) or {}
        if ("id" in media) == ("link" in media):
            return graph_error(400, 100, "(#100) Invalid parameter", details=f"{kind} needs exactly one of id, link")
        if "id" in media and media["id"] not in s["media"]:
            return graph_error(400, 131053, "(#131053) Media upload error", details="Unknown media id")
        return None
    return graph_error(400, 131051, "(#131051) Message type unknown", details=f"Unsupported type {kind}")


def _check_template(s: dict[str, Any], template: dict[str, Any]) -> httpx.Response | None:
    code = (template.get("language") or {}).get("code")
    found = [t for t in s["templates"] if t["name"] == template.get("name") and t["language"] == code]
    if not found:
        return graph_error(404, 132001, "(#132001) Template name does not exist in the translation",
                           details=f"template name ({template.get('name')}) does not exist in {code}")
    spec = found[0]
    if spec["status"] != "APPROVED":
        return graph_error(400, 132015, "(#132015) Template is paused", details="Template is paused")
    expected, given = _expected_counts(spec), _given_counts(template.get("components"))
    if expected != given:
        return graph_error(400, 132000, "(#132000) Number of parameters does not match the expected number of params",
                           details=f"expected {expected}, got {given}")
    return None


def _expected_counts(template: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for component in template["components"]:
        kind = component["type"]
        if kind == "HEADER":
            media = component.get("format", "TEXT") != "TEXT"
            counts["header"] = 1 if media else len(_placeholders(component.get("text", "")))
        elif kind == "BODY":
            counts["body"] = len(_placeholders(component.get("text", "")))
        elif kind == "BUTTONS":
            for index, button in enumerate(component["buttons"]):
                if button["type"] == "URL" and _placeholders(button.get("url", "")):
                    counts[f"button:{index}"] = 1
    return {k: v for k, v in counts.items() if v}


def _given_counts(components: list[dict[str, Any]] | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for component in components or []:
        kind = component.get("type", "")
        key = f"button:{component.get('index')}" if kind == "button" else kind
        counts[key] = len(component.get("parameters") or [])
    return {k: v for k, v in counts.items() if v}


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{\{\s*(\w+)\s*\}\}", text))


def _status_payload(wamid: str, to: str, status: str, at: datetime, code: int | None, title: str | None,
                    template: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": wamid, "status": status, "timestamp": str(int(at.timestamp())),
                             "recipient_id": to}
    if status != "failed":
        entry["pricing"] = {"billable": template, "pricing_model": "PMP",
                            "category": "marketing" if template else "service",
                            "type": "regular" if template else "free_customer_service"}
    if code is not None:
        entry["errors"] = [{"code": code, "title": title, "message": title,
                            "error_data": {"details": f"{title} (sandbox)"},
                            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]
    return _envelope({"statuses": [entry]})


def _envelope(value: dict[str, Any]) -> dict[str, Any]:
    metadata = {"display_phone_number": DISPLAY_NUMBER, "phone_number_id": PHONE_NUMBER_ID}
    change = {"field": "messages", "value": {"messaging_product": "whatsapp", "metadata": metadata, **value}}
    return {"object": "whatsapp_business_account", "entry": [{"id": WABA_ID, "changes": [change]}]}


def _unauthorised() -> httpx.Response:
    return graph_error(401, 190, "Error validating access token: The session is invalid.", subcode=460)


# -- hooks for tests, the demo and `--sandbox` webhook ingest ------------------------------------------


def user_writes(world: SandboxWorld, wa_id: str, text: str, name: str = "", read_receipts: bool = True) -> str:
    """A contact messages the business number: opens their 24 h window and queues the webhook."""
    with world.state("whatsapp") as s:
        seed_whatsapp(s)
        now = world.now()
        s["users"][wa_id] = {"last_inbound": now.isoformat(), "read_receipts": read_receipts}
        wamid = "wamid." + base64.b64encode(b"\x15\x03" + secrets.token_bytes(18)).decode()
        message = {"from": wa_id, "id": wamid, "timestamp": str(int(now.timestamp())), "type": "text",
                   "text": {"body": text}}
        s["outbox"].append(_envelope({"contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
                                      "messages": [message]}))
    return wamid


# Odd answers the contract allows (§4.2), switched on with `world.set_shapes("whatsapp", …)` (issue 17).
SHAPES = {"held_templates": "template sends answer message_status held_for_quality_assessment",
          "paused_templates": "template sends answer message_status paused (the template is paused)",
          "no_contacts": "the send answer has no contacts list"}


def _accepted(shapes: set[str], body: dict[str, Any], wamid: str, to: str) -> dict[str, Any]:
    """The 200 to a send: `message_status` only for templates (accepted, or a held or paused one)."""
    result: dict[str, Any] = {"id": wamid}
    if body["type"] == "template":
        result["message_status"] = ("paused" if "paused_templates" in shapes else
                                    "held_for_quality_assessment" if "held_templates" in shapes else "accepted")
    answer: dict[str, Any] = {"messaging_product": "whatsapp", "messages": [result]}
    if "no_contacts" not in shapes:
        answer["contacts"] = [{"input": body["to"], "wa_id": to}]
    return answer


def drain_outbox(world: SandboxWorld, app_secret: str = APP_SECRET) -> list[tuple[dict[str, str], bytes]]:
    """The webhook deliveries Meta would have POSTed since the last drain, signed like Meta signs them."""
    with world.state("whatsapp") as s:
        seed_whatsapp(s)
        payloads, s["outbox"] = s["outbox"], []
    out = []
    for payload in payloads:
        body = json.dumps(payload, separators=(",", ":")).encode()
        out.append(({"Content-Type": "application/json", META_HEADER: meta_signature(app_secret, body)}, body))
    return out


def sent_messages(world: SandboxWorld) -> list[dict[str, Any]]:
    return list(world.read("whatsapp").get("messages", {}).values())
