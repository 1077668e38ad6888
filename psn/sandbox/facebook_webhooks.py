"""What the Facebook emulator's Page would send to a webhook (contracts §3.9): a fan's comment queues
the `feed` change Meta POSTs, but only once the Page subscribed the app to `feed` (step 3)."""

from __future__ import annotations

import json
from typing import Any

from psn.sandbox.facebook import add_comment
from psn.sandbox.meta_graph import seed_facebook
from psn.sandbox.signing import META_HEADER, meta_signature
from psn.sandbox.world import SandboxWorld

FAN = {"id": "555", "name": "Jane Fan"}


def fan_comment(world: SandboxWorld, parent: str, message: str, name: str = FAN["name"]) -> str | None:
    """Someone comments under a Page post (or a comment); None when there is no such object."""
    now = world.now()
    with world.state("facebook") as s:
        seed_facebook(s)
        author = {**FAN, "name": name}
        comment = add_comment(s, parent, message, author, now)
        if comment is None:
            return None
        page = comment["post_id"].split("_")[0]
        if _subscribed(s, page, "feed"):
            value = {"item": "comment", "verb": "add", "post_id": comment["post_id"], "comment_id": comment["id"],
                     "parent_id": parent, "message": message, "from": author,
                     "created_time": int(now.timestamp())}
            entry = {"id": page, "time": int(now.timestamp()), "changes": [{"field": "feed", "value": value}]}
            s.setdefault("deliveries", []).append({"object": "page", "entry": [entry]})
    return comment["id"]


def _subscribed(s: dict[str, Any], page: str, field: str) -> bool:
    return any(sub["page"] == page and field in str(sub.get("fields") or "").split(",")
               for sub in s.get("subscriptions", []))


def deliveries(world: SandboxWorld, app_secret: str) -> list[tuple[dict[str, str], bytes]]:
    """The queued webhook POSTs, taken off the queue: (headers, raw body) signed with `app_secret`."""
    with world.state("facebook") as s:
        queued, s["deliveries"] = list(s.get("deliveries", [])), []
    out = []
    for payload in queued:
        body = json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode()
        out.append(({"Content-Type": "application/json", META_HEADER: meta_signature(app_secret, body)}, body))
    return out
