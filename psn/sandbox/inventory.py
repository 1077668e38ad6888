"""What the creator made on each emulated platform: posts, replies, messages, articles.

The fault-storm soak counts these against psn's own records (0 duplicates, nothing lost), and the
demo's careful user looks here the way a person looks at their profile when psn says "check the
platform" (an uncertain publish). Each item carries a `key`: two items with the same key on one
platform are the same content published twice.
"""

from __future__ import annotations

import json
import re
from typing import Any

from psn.sandbox.world import SandboxWorld

CREATOR_X = "2244994945"  # psn/sandbox/x.py CREATOR
LINKEDIN_MEMBER = "urn:li:person:Sbx0Creator"


def creations(world: SandboxWorld) -> dict[str, list[dict[str, Any]]]:
    """platform → the items the creator's account made there, each {"key", "text"}."""
    def read(name: str) -> dict[str, Any]:  # without the lock: each file is only ever replaced whole
        path = world.root / f"{name}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    found = {"x": _x(read("x")), "linkedin": _linkedin(read("linkedin")), "instagram": _instagram(read("instagram")),
             "tiktok": _tiktok(read("tiktok")), "facebook": _facebook(read("facebook")),
             "whatsapp": _whatsapp(read("whatsapp")), "blog": _blog(read("blog")), "wordpress": []}
    for path in sorted(world.root.glob("wordpress-*.json")):
        found["wordpress"] += _wordpress(read(path.stem), path.stem.removeprefix("wordpress-"))
    return found


def duplicates(world: SandboxWorld) -> dict[str, list[str]]:
    """platform → keys that appear more than once (the same content published twice)."""
    out: dict[str, list[str]] = {}
    for platform, items in creations(world).items():
        keys = [item["key"] for item in items]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            out[platform] = twice
    return out


def on_platform(world: SandboxWorld, platform: str, text: str) -> bool:
    """Is content with this text there (a person reading their profile: whitespace does not matter)?"""
    wanted = " ".join(text.split())
    return any(wanted and wanted in " ".join(item["text"].split()) for item in creations(world).get(platform, []))


def _item(key: Any, text: str) -> dict[str, Any]:
    return {"key": json.dumps(key, ensure_ascii=False), "text": text or ""}


def _x(state: dict[str, Any]) -> list[dict[str, Any]]:
    return [_item([t["text"], t.get("reply_to")], t["text"]) for t in state.get("tweets", {}).values()
            if t.get("author_id") == CREATOR_X]


def _linkedin(state: dict[str, Any]) -> list[dict[str, Any]]:
    return [_item(p.get("text"), p.get("text", "")) for p in state.get("posts", {}).values()
            if p.get("author") == LINKEDIN_MEMBER]


def _instagram(state: dict[str, Any]) -> list[dict[str, Any]]:
    media = [_item([m.get("media_product_type"), m.get("caption")], m.get("caption", ""))
             for m in state.get("media", {}).values()]
    owner = (state.get("account") or {}).get("user_id")
    replies = [_item(["reply", c.get("parent_id"), c.get("text")], c.get("text", ""))
               for c in state.get("comments", {}).values() if (c.get("from") or {}).get("id") == owner]
    return media + replies


def _tiktok(state: dict[str, Any]) -> list[dict[str, Any]]:
    """Publishes that will show: pulled from a URL (TikTok fetches it), or whose upload arrived whole.
    An init whose file never came expires unseen."""
    return [_item([p.get("kind"), p.get("mode"), p.get("title"), p.get("privacy"), p.get("size"), p.get("urls")],
                  f"{p.get('title', '')} {p.get('description', '')}") for p in state.get("publishes", {}).values()
            if p.get("status") != "FAILED" and (p.get("pulled") or p.get("received", 0) >= p.get("size", 0) > 0)]


def _facebook(state: dict[str, Any]) -> list[dict[str, Any]]:
    return [_item(p.get("message"), p.get("message", "")) for p in state.get("posts", {}).values()]


def _whatsapp(state: dict[str, Any]) -> list[dict[str, Any]]:
    messages = state.get("messages", {})
    items = messages.values() if isinstance(messages, dict) else messages
    return [_item([m.get("to"), m.get("body")], json.dumps(m.get("body"), ensure_ascii=False)) for m in items]


def _blog(state: dict[str, Any]) -> list[dict[str, Any]]:
    return [_item(p.get("title"), p.get("title", "")) for p in state.get("posts", {}).values()]


def _wordpress(state: dict[str, Any], host: str) -> list[dict[str, Any]]:
    posts = state.get("posts", {})
    items = posts.values() if isinstance(posts, dict) else posts
    return [_item([host, p.get("type"), p.get("title")], f"{p.get('title', '')} {_plain(p.get('content', ''))}")
            for p in items if p.get("type") in ("post", "page")]


def _plain(html: str) -> str:
    """Block markup and tags dropped: the words a reader sees."""
    return re.sub(r"<!--.*?-->|<[^>]+>", " ", str(html or ""))
