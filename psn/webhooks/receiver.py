"""One webhook delivery in, one answer out. Pure of HTTP plumbing so tests call it directly.

Order matters: size first (never read an oversized body), then the signature over the raw
bytes, then freshness, then replay (dedupe by delivery id), and only then is anything parsed or
stored. A replay of an already stored delivery gets 200 so the platform stops retrying, but
nothing is stored twice. The delivery id comes only from what the signature covers (the body):
an unsigned header could be changed at will to slip a captured delivery past the dedupe.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from psn.analytics.ingest import epoch, insert_events
from psn.analytics.normalise import webhook_kind
from psn.analytics.pull import analytics_now
from psn.context import AppContext
from psn.platforms.base import Candidate, WebhookEvent
from psn.store.db import record_event
from psn.webhooks import keys, parse, signatures
from psn.webhooks.keys import secret_name  # noqa: F401 — re-exported: tests and older callers name keys here

MAX_BODY = 1024 * 1024
# Someone talking to the creator, found in a delivery: the CLI hands in the engage feature's intake
# (psn.engage.monitor.ingest_conversations), which this layer may not import; returns the new ids.
Conversations = Callable[[str, list[Candidate]], list[int]]


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    text: str | None = None  # a plain-text answer (Meta's challenge echo)


class Receiver:
    def __init__(self, ctx: AppContext, adapter_for: Callable[[str], Any] | None = None,
                 conversations: Conversations | None = None) -> None:
        self.ctx = ctx
        self.adapter_for = adapter_for or (lambda platform: None)
        self.conversations = conversations

    def handle(self, method: str, path: str, headers: dict[str, str], query: dict[str, str],
               body: bytes | None, length: int = 0) -> Reply:
        headers = {k.lower(): v for k, v in headers.items()}
        platform = path.strip("/").removeprefix("webhooks/")
        scheme = signatures.SCHEMES.get(platform)
        if scheme is None or "/" in platform:
            return Reply(404, {"error": "unknown platform"})
        if method == "GET":
            return self._challenge(platform, scheme, query)
        if method != "POST":
            return Reply(405, {"error": "method not allowed"})
        if length > MAX_BODY or body is None or len(body) > MAX_BODY:
            return Reply(413, {"error": "too large"})
        verdict = self._verify(platform, scheme, headers, body)
        if verdict != "ok":
            return Reply(401, {"error": verdict})
        adapter = self.adapter_for(platform)
        try:
            events = parse.parse(platform, headers, body, adapter)
        except parse.MalformedDelivery:
            return Reply(400, {"error": "unreadable payload"})
        reply = self._store(platform, self._delivery_id(events, body), events)
        if reply.body.get("duplicate") is None:  # a replay brings nobody new
            reply.body.update(self._opportunities(platform, adapter, events))
        return reply

    def _opportunities(self, platform: str, adapter: Any, events: list[WebhookEvent]) -> dict[str, Any]:
        """Comments on the creator's posts and mentions of them become opportunities, deduplicated
        against the same comment `psn engage monitor` finds (one row per platform and comment id)."""
        convert = getattr(adapter, "candidate_from_webhook", None)
        if self.conversations is None or convert is None:
            return {}
        found = [c for c in (convert(e) for e in events) if c is not None]
        return {"opportunities": self.conversations(platform, found)} if found else {}

    def _challenge(self, platform: str, scheme: str, query: dict[str, str]) -> Reply:
        if scheme == "x":
            crc = signatures.x_crc(query, keys.read(self.ctx.secrets, platform))
            return Reply(200, crc) if crc is not None else Reply(403, {"error": "forged"})
        token = keys.read(self.ctx.secrets, platform, "verify_token")
        answer = signatures.meta_challenge(query, token) if scheme == "meta" else None
        return Reply(200, {}, text=answer) if answer is not None else Reply(403, {"error": "forged"})

    def _verify(self, platform: str, scheme: str, headers: dict[str, str], body: bytes) -> str:
        secret = keys.read(self.ctx.secrets, platform)
        if scheme == "tiktok":
            return signatures.verify_tiktok(headers, body, secret, analytics_now(self.ctx))
        check = signatures.verify_meta if scheme == "meta" else signatures.verify_x
        return "ok" if check(headers, body, secret) else "forged"

    @staticmethod
    def _delivery_id(events: list[WebhookEvent], body: bytes) -> str:
        ids = [e.delivery_id for e in events if e.delivery_id]
        # Without an id, identical bytes are the same delivery: a signed body replayed verbatim.
        return ids[0] if ids else "sha256:" + hashlib.sha256(body).hexdigest()

    def _store(self, platform: str, delivery_id: str, events: list[WebhookEvent]) -> Reply:
        now = analytics_now(self.ctx)
        rows = self._rows(platform, events, epoch(now))
        try:
            with self.ctx.db.write() as conn:
                conn.execute(text("INSERT INTO webhook_deliveries (platform, delivery_id, received_at, events) "
                                  "VALUES (:p, :d, :t, :n)"),
                             {"p": platform, "d": delivery_id, "t": epoch(now), "n": len(rows)})
                rows = self._attach_content(conn, platform, rows)
                insert_events(conn, rows)
                record_event(conn, "engagement.received", now, f"platform:{platform}", source="webhook",
                             delivery=delivery_id, events=len(rows))
        except IntegrityError:
            return Reply(200, {"duplicate": True, "stored": 0})
        self._update_audience(events, now)
        self._update_accounts(platform, events)
        return Reply(200, {"stored": len(rows)})

    def _update_audience(self, events: list[WebhookEvent], now) -> None:  # type: ignore[no-untyped-def]
        """Message statuses and inbound messages (WhatsApp) update per-contact delivery records and
        the 24-hour window; other events pass through untouched."""
        from psn.audience.deliveries import apply_events

        apply_events(self.ctx.db, events, now)

    def _update_accounts(self, platform: str, events: list[WebhookEvent]) -> None:
        """A grant removed on the platform's side (TikTok `authorization.removed`) disconnects the account."""
        from psn.accounts.connect import revoked_by_platform
        from psn.notify.queue import enqueue_notification
        from psn.platforms.registry import get_spec

        for event in events:
            if event.kind != "authorization_removed" or not event.object_id:
                continue
            why = str(event.data.get("why") or "no reason given")
            account = revoked_by_platform(self.ctx, platform, event.object_id, why)
            if account is not None:
                title = get_spec(platform).title
                enqueue_notification(self.ctx, "account.revoked", f"{title} removed psn's access to @{account.handle}",
                                     f"Reason: {why}. Reconnect with `psn setup {platform}`; scheduled {title} "
                                     "posts wait until then.", "push",
                                     dedupe_key=f"account.revoked:{account.id}:{self.ctx.clock.now():%Y-%m-%d}")

    @staticmethod
    def _rows(platform: str, events: list[WebhookEvent], at: int) -> list[dict]:
        rows = []
        for event in events:
            found = webhook_kind(event)
            if found:
                rows.append({"content_id": None, "platform": platform, "kind": found[0], "count": found[1],
                             "occurred_at": epoch(event.occurred_at) if event.occurred_at else at,
                             "source": "webhook", "_object": _content_object(event)})
        return rows

    @staticmethod
    def _attach_content(conn, platform: str, rows: list[dict]) -> list[dict]:  # type: ignore[no-untyped-def]
        """Link each event to the published content it is about, when psn published it."""
        objects = {r["_object"] for r in rows if r["_object"]}
        known: dict[str, int] = {}
        for object_id in objects:
            found = conn.execute(text("SELECT id FROM published_content WHERE platform = :p AND "
                                      "platform_post_id = :o"), {"p": platform, "o": object_id}).scalar()
            if found is not None:
                known[object_id] = found
        return [{**{k: v for k, v in r.items() if k != "_object"}, "content_id": known.get(r["_object"])}
                for r in rows]


def _content_object(event: WebhookEvent) -> str:
    """The post an event is about: a comment's own id is not the post's (Instagram names its media,
    a Facebook feed change its post)."""
    for key in ("media_id", "post_id"):
        value = event.data.get(key) if isinstance(event.data, dict) else None
        if isinstance(value, str | int) and str(value):
            return str(value)
    return event.object_id


def dumps(reply: Reply) -> bytes:
    return (reply.text if reply.text is not None else json.dumps(reply.body)).encode()
