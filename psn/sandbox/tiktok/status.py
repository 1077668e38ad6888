"""The emulator's publish status machine (contracts B2.9, E.6) and the posts it creates.

PROCESSING_UPLOAD (until the last byte, then `processing_seconds` of world time) or
PROCESSING_DOWNLOAD (`processing_seconds` after the init) → PUBLISH_COMPLETE for direct posts,
SEND_TO_USER_INBOX for drafts, or FAILED with a fail_reason. Public posts get a
`publicaly_available_post_id` (TikTok's spelling).

Like TikTok, processing goes on whether or not anyone polls: every request settles every publish
whose time has come, so a client that forgot a publish still sees the post it made.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from psn.sandbox.tiktok.common import config, emit_webhook, epoch

POST_ID_BASE = 7_602_997_517_160_000_000


def _publish_type(pub: dict[str, Any]) -> str:
    return "DIRECT_PUBLISH" if pub["mode"] == "direct" else "INBOX_SHARE"


def settle(state: dict[str, Any], now: datetime) -> None:
    """Finish every publish whose processing time has passed."""
    for publish_id, pub in state.get("publishes", {}).items():
        if pub["status"] in ("PROCESSING_UPLOAD", "PROCESSING_DOWNLOAD") and pub["ready_at"] is not None \
                and epoch(now) >= pub["ready_at"] + config(state)["processing_seconds"]:
            _finish(state, publish_id, now)


def _finish(state: dict[str, Any], publish_id: str, now: datetime) -> None:
    pub = state["publishes"][publish_id]
    failing = [u for u in pub["urls"] if u in config(state)["fail_pull_urls"]]
    if failing:
        reason = "photo_pull_failed" if pub["kind"] == "photo" else "video_pull_failed"
        pub.update(status="FAILED", fail_reason=reason)
        emit_webhook(state, now, "post.publish.failed", pub["open_id"],
                     {"publish_id": publish_id, "reason": reason, "publish_type": _publish_type(pub)})
    elif pub["mode"] == "direct":
        complete(state, publish_id, pub["privacy"], now)
    else:
        pub["status"] = "SEND_TO_USER_INBOX"
        emit_webhook(state, now, "post.publish.inbox_delivered", pub["open_id"],
                     {"publish_id": publish_id, "publish_type": "INBOX_SHARE"})


def complete(state: dict[str, Any], publish_id: str, privacy: str, now: datetime) -> str:
    """The post exists: directly published, or finished by the user from the inbox."""
    pub = state["publishes"][publish_id]
    counters = state.setdefault("_counters", {})
    number = counters.get("post", 1)
    counters["post"] = number + 1
    post_id = str(POST_ID_BASE + number)
    state.setdefault("posts", []).append({
        "id": post_id, "publish_id": publish_id, "kind": pub["kind"], "title": pub["title"], "privacy": privacy,
        "open_id": pub["open_id"], "create_time": int(epoch(now)), "likes": 0, "comments": 0, "shares": 0})
    pub.update(status="PUBLISH_COMPLETE", privacy=privacy)
    emit_webhook(state, now, "post.publish.complete", pub["open_id"],
                 {"publish_id": publish_id, "publish_type": _publish_type(pub)})
    if privacy == "PUBLIC_TO_EVERYONE":  # moderation passes at once in the sandbox
        pub["post_id"] = post_id
        emit_webhook(state, now, "post.publish.publicly_available", pub["open_id"],
                     {"publish_id": publish_id, "post_id": post_id, "publish_type": _publish_type(pub)})
    return post_id


def public_status(pub: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"status": pub["status"]}
    if pub["status"] == "FAILED":
        data["fail_reason"] = pub["fail_reason"]
    if pub["post_id"]:
        data["publicaly_available_post_id"] = [int(pub["post_id"])]
    if pub["pulled"]:
        data["downloaded_bytes"] = 0 if pub["status"] == "PROCESSING_DOWNLOAD" else 1_048_576
    else:
        data["uploaded_bytes"] = pub["received"]
    return data
