"""Emulator of a blog/CMS that receives Standard Webhooks (contracts §6.2), at blog.example.com.

It behaves like a careful receiver: all three headers required, timestamp within ±5 minutes of
the world clock, any matching `v1,` entry accepted (several may be sent during key rotation),
and deduplication on `webhook-id` (a repeat gets the first answer again and creates nothing).
`POST /hooks/psn` answers 201 {"id","url"}; `/hooks/gone` answers 410; `/hooks/moved` a 302.
The signature check is written here independently of psn's signer, so the two check each other.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Any

import httpx

from psn.sandbox.emulator import Emulator, EmuRequest, empty_response, json_response
from psn.sandbox.world import SandboxWorld

SECRET = "whsec_c2FuZGJveC1ibG9nLXNlY3JldC1mb3ItcHNuLXRlc3Rz"
TOLERANCE = 300


def signature_ok(secret: str, headers: httpx.Headers, body: bytes, now: float) -> str | None:
    """None when valid, else the reason a receiver would give."""
    message_id, stamp, given = (headers.get(h, "") for h in ("webhook-id", "webhook-timestamp", "webhook-signature"))
    if not (message_id and stamp and given):
        return "missing webhook headers"
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12) or abs(now - int(stamp)) > TOLERANCE:
        return "timestamp too old or too new"
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = hmac.new(key, f"{message_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    for entry in given.split(" "):
        version, _, value = entry.partition(",")
        if version == "v1" and hmac.compare_digest(expected, _b64(value)):
            return None
    return "no matching signature"


def _b64(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:  # binascii.Error: not base64, so it matches nothing
        return b""


class BlogEmulator(Emulator):
    platform = "blog"
    hosts = ("blog.example.com",)

    def routes(self) -> None:
        self.route("POST", r"/hooks/psn", self.receive)
        self.route("POST", r"/hooks/gone", lambda r: json_response(410, {"error": "endpoint disabled"}))
        self.route("POST", r"/hooks/moved", lambda r: empty_response(302, {"Location": f"{r.external_base}/hooks/psn"}))

    def receive(self, req: EmuRequest) -> httpx.Response:
        problem = signature_ok(SECRET, req.headers, req.body, self.now().timestamp())
        if problem:
            return json_response(401, {"error": problem})
        payload = req.json()
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
            return json_response(422, {"type": "https://errors.example/validation", "title": "Invalid request",
                                       "status": 422, "detail": "data is required"})
        message_id = req.headers["webhook-id"]
        with self.world.state("blog") as s:
            s.setdefault("posts", {})
            s.setdefault("seen", {})
            if message_id in s["seen"]:  # a retry: same answer, nothing new
                return json_response(200, s["seen"][message_id])
            answer = self._store(s, payload["data"], req.external_base)
            s["seen"][message_id] = answer
            s.setdefault("deliveries", []).append({"webhook_id": message_id, "type": payload.get("type")})
        return json_response(201, answer)

    def _store(self, s: dict[str, Any], data: dict[str, Any], base: str) -> dict[str, Any]:
        post_id = str(100 + len(s["posts"]) + 1)
        slug = re.sub(r"[^a-z0-9]+", "-", str(data.get("title", "")).lower()).strip("-") or post_id
        s["posts"][post_id] = {"id": post_id, "title": data.get("title"), "content": data.get("content"),
                               "status": data.get("status"), "scheduled_at": data.get("scheduled_at"),
                               "tags": data.get("tags"), "canonical_url": data.get("canonical_url"),
                               "psn": data.get("psn")}
        return {"id": post_id, "url": f"{base}/posts/{slug}"}


def received_posts(world: SandboxWorld) -> list[dict[str, Any]]:
    return list(world.read("blog").get("posts", {}).values())


def deliveries(world: SandboxWorld) -> list[dict[str, Any]]:
    return list(world.read("blog").get("deliveries", []))


EMULATORS = (BlogEmulator,)  # found by psn/sandbox/catalog.py
