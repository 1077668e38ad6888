"""Content Posting in the emulator (contracts B2, E.3–E.6): creator info, the three inits with
TikTok's validation and audit rules, the status machine, cancel."""

from __future__ import annotations

from typing import Any

import httpx

from psn.sandbox.emulator import EmuRequest
from psn.sandbox.tiktok.common import (
    API_HOST,
    DAY,
    MAX_CHUNK,
    MAX_FINAL_CHUNK,
    MAX_VIDEO,
    MIN_CHUNK,
    UPLOAD_HOST,
    UPLOAD_TTL,
    authenticate,
    config,
    digest,
    emit_webhook,
    epoch,
    fail,
    new_secret,
    ok,
    over_limit,
    utf16_units,
)
from psn.sandbox.tiktok.status import public_status, settle

PUBLIC_OPTIONS = ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
PRIVATE_OPTIONS = ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
Reply = tuple[int, str, str]  # (HTTP status, error code, message)


def creator_data(cfg: dict[str, Any]) -> dict[str, Any]:
    private = cfg["private_account"]
    return {"creator_avatar_url": "https://p16.tiktokcdn.example/avatar.jpeg",
            "creator_username": cfg["username"], "creator_nickname": cfg["nickname"],
            "privacy_level_options": PRIVATE_OPTIONS if private else PUBLIC_OPTIONS,
            "comment_disabled": cfg["comment_disabled"], "duet_disabled": private or cfg["duet_disabled"],
            "stitch_disabled": private or cfg["stitch_disabled"],
            "max_video_post_duration_sec": cfg["max_video_post_duration_sec"]}


class PostingRoutes:
    world: Any
    now: Any

    def _posting_call(self, req: EmuRequest, endpoint: str, scopes: tuple[str, ...], work: Any) -> httpx.Response:
        """Authenticate, rate-limit, then run `work(state, grant, body)` under the world lock."""
        now = self.now()
        with self.world.state("tiktok") as state:
            grant, error = authenticate(state, now, req.bearer(), scopes)
            if error is not None:
                return error
            limited = over_limit(state, now, req.bearer(), endpoint)
            if limited is not None:
                return limited
            settle(state, now)
            body = req.json()
            return work(state, grant, body if isinstance(body, dict) else {})

    def creator_info(self, req: EmuRequest) -> httpx.Response:
        def work(state: dict[str, Any], grant: dict[str, Any], _: dict[str, Any]) -> httpx.Response:
            now = self.now()
            refused = _caps(state, grant, now, direct=True)
            if refused:  # TikTok answers these with HTTP 200 on purpose (contracts B2.2)
                return fail(state, now, 200, refused[1], refused[2])
            return ok(state, now, creator_data(config(state)))

        return self._posting_call(req, "creator_info", ("video.publish",), work)

    def init_direct_video(self, req: EmuRequest) -> httpx.Response:
        def work(state: dict[str, Any], grant: dict[str, Any], body: dict[str, Any]) -> httpx.Response:
            post = body.get("post_info") or {}
            problem = (_check_privacy(state, post) or _check_text(post.get("title"), 2200, "title")
                       or _caps(state, grant, self.now(), direct=True))
            return self._create(state, grant, body.get("source_info") or {}, "video", "direct", post, problem,
                                req.external_base)

        return self._posting_call(req, "video_init", ("video.publish",), work)

    def init_inbox_video(self, req: EmuRequest) -> httpx.Response:
        def work(state: dict[str, Any], grant: dict[str, Any], body: dict[str, Any]) -> httpx.Response:
            problem = _caps(state, grant, self.now(), direct=False)
            return self._create(state, grant, body.get("source_info") or {}, "video", "inbox", {}, problem,
                                req.external_base)

        return self._posting_call(req, "inbox_init", ("video.upload",), work)

    def init_content(self, req: EmuRequest) -> httpx.Response:
        body = req.json() if isinstance(req.json(), dict) else {}
        direct = body.get("post_mode") == "DIRECT_POST"

        def work(state: dict[str, Any], grant: dict[str, Any], body: dict[str, Any]) -> httpx.Response:
            post = body.get("post_info") or {}
            problem = _check_photo(body) or _check_text(post.get("title"), 90, "title") or _check_text(
                post.get("description"), 4000, "description")
            if direct:
                problem = problem or _check_privacy(state, post)
            problem = problem or _caps(state, grant, self.now(), direct=direct)
            return self._create(state, grant, body.get("source_info") or {}, "photo",
                                "direct" if direct else "inbox", post, problem, req.external_base)

        return self._posting_call(req, "content_init", ("video.publish",) if direct else ("video.upload",), work)

    def _create(self, state: dict[str, Any], grant: dict[str, Any], source: dict[str, Any], kind: str, mode: str,
                post: dict[str, Any], problem: Reply | None, base: str) -> httpx.Response:
        now = self.now()
        problem = problem or _check_source(state, source, kind)
        if problem:
            return fail(state, now, *problem)
        number = 7_600_000_000_000_000_000 + self._next(state, "publish")
        pulled = source["source"] == "PULL_FROM_URL"
        prefix = {"video": "v", "photo": "p"}[kind] + ("_pub" if mode == "direct" else "_inbox")
        publish_id = f"{prefix}_{'url' if pulled else 'file'}~{'v2-1' if mode == 'direct' else 'v2'}.{number}"
        state.setdefault("publishes", {})[publish_id] = {
            "kind": kind, "mode": mode, "pulled": pulled, "open_id": grant["open_id"], "created": epoch(now),
            "privacy": post.get("privacy_level", ""), "title": post.get("title") or post.get("description") or "",
            "description": post.get("description") or "",
            "status": "PROCESSING_DOWNLOAD" if pulled else "PROCESSING_UPLOAD",
            "ready_at": epoch(now) if pulled else None,
            "size": int(source.get("video_size") or 0), "received": 0, "fail_reason": "", "post_id": "",
            "urls": source.get("photo_images") or [source.get("video_url")] if pulled else []}
        data: dict[str, Any] = {"publish_id": publish_id}
        if not pulled:
            data["upload_url"] = self._upload_session(state, publish_id, source, base)
        return ok(state, now, data)

    def _upload_session(self, state: dict[str, Any], publish_id: str, source: dict[str, Any], base: str) -> str:
        upload_id, token = str(self._next(state, "upload", 67890)), new_secret("", self.world.token_marker())
        state.setdefault("uploads", {})[upload_id] = {
            "publish_id": publish_id, "token": digest(token), "expires": epoch(self.now()) + UPLOAD_TTL,
            "size": int(source["video_size"]), "chunk": int(source["chunk_size"]),
            "count": int(source["total_chunk_count"]), "received": 0}
        # In-process the base is https://open.tiktokapis.com; over loopback http://127.0.0.1:PORT/open.tiktokapis.com
        upload_base = base.replace(API_HOST, UPLOAD_HOST)
        return f"{upload_base}/video/?upload_id={upload_id}&upload_token={token}"

    def _next(self, state: dict[str, Any], counter: str, start: int = 1) -> int:
        value = state.setdefault("_counters", {}).get(counter, start)
        state["_counters"][counter] = value + 1
        return value

    def status(self, req: EmuRequest) -> httpx.Response:
        def work(state: dict[str, Any], grant: dict[str, Any], body: dict[str, Any]) -> httpx.Response:
            now = self.now()
            publish_id = str(body.get("publish_id") or "")
            pub = state.get("publishes", {}).get(publish_id)
            if pub is None:
                return fail(state, now, 400, "invalid_publish_id", "The publish_id does not exist.")
            if pub["open_id"] != grant["open_id"]:
                return fail(state, now, 400, "token_not_authorized_for_specified_publish_id",
                            "The token is not authorized to access this publish_id.")
            return ok(state, now, public_status(pub))

        return self._posting_call(req, "status", ("video.upload", "video.publish"), work)

    def cancel(self, req: EmuRequest) -> httpx.Response:
        def work(state: dict[str, Any], grant: dict[str, Any], body: dict[str, Any]) -> httpx.Response:
            now = self.now()
            publish_id = str(body.get("publish_id") or "")
            pub = state.get("publishes", {}).get(publish_id)
            if pub is None:
                return fail(state, now, 400, "invalid_publish_id", "The publish_id does not exist.")
            if not pub["pulled"] or pub["status"] != "PROCESSING_DOWNLOAD":
                return fail(state, now, 400, "publish_not_cancellable", "This publish can no longer be cancelled.")
            pub.update(status="FAILED", fail_reason="publish_cancelled")
            emit_webhook(state, now, "post.publish.failed", pub["open_id"], {
                "publish_id": publish_id, "reason": "publish_cancelled",
                "publish_type": "DIRECT_PUBLISH" if pub["mode"] == "direct" else "INBOX_SHARE"})
            return ok(state, now, {})

        return self._posting_call(req, "status", ("video.upload", "video.publish"), work)


def _check_privacy(state: dict[str, Any], post: dict[str, Any]) -> Reply | None:
    cfg = config(state)
    privacy = post.get("privacy_level")
    if not cfg["audited"] and (privacy != "SELF_ONLY" or not cfg["private_account"]):
        return 403, "unaudited_client_can_only_post_to_private_accounts", (
            "Please review our integration guidelines at https://developers.tiktok.com/doc/content-sharing-guidelines")
    if privacy not in creator_data(cfg)["privacy_level_options"]:
        return 403, "privacy_level_option_mismatch", "privacy_level is missing or not one of the creator's options."
    return None


def _check_text(value: Any, limit: int, name: str) -> Reply | None:
    if value is not None and utf16_units(str(value)) > limit:
        return 400, "invalid_param", f"The {name} exceeds {limit} characters."
    return None


def _check_photo(body: dict[str, Any]) -> Reply | None:
    source = body.get("source_info") or {}
    images = source.get("photo_images") or []
    if body.get("media_type") != "PHOTO" or body.get("post_mode") not in ("DIRECT_POST", "MEDIA_UPLOAD"):
        return 400, "invalid_param", "media_type must be PHOTO and post_mode DIRECT_POST or MEDIA_UPLOAD."
    if source.get("source") != "PULL_FROM_URL" or not 1 <= len(images) <= 35:
        return 400, "invalid_param", "Photos are pulled from 1 to 35 URLs (source PULL_FROM_URL)."
    if not 0 <= int(source.get("photo_cover_index", -1)) < len(images):
        return 400, "invalid_param", "photo_cover_index is out of range."
    return None


def _check_source(state: dict[str, Any], source: dict[str, Any], kind: str) -> Reply | None:
    if source.get("source") == "PULL_FROM_URL":
        urls = source.get("photo_images") if kind == "photo" else [source.get("video_url")]
        prefixes = config(state)["verified_prefixes"]
        for url in urls or [None]:
            if not isinstance(url, str) or not url.startswith("https://"):
                return 400, "invalid_param", "Media URLs must be https."
            if not any(url.startswith(p) for p in prefixes):
                return 403, "url_ownership_unverified", "The domain or URL prefix of the media is not verified."
        return None
    if source.get("source") != "FILE_UPLOAD" or kind != "video":
        return 400, "invalid_param", "source must be FILE_UPLOAD or PULL_FROM_URL."
    return _check_chunks(source)


def _check_chunks(source: dict[str, Any]) -> Reply | None:
    try:
        size, chunk, count = (int(source[k]) for k in ("video_size", "chunk_size", "total_chunk_count"))
    except (KeyError, TypeError, ValueError):
        return 400, "invalid_param", "video_size, chunk_size and total_chunk_count are required integers."
    if not 0 < size <= MAX_VIDEO or chunk <= 0:
        return 400, "invalid_param", "video_size must be between 1 byte and 4 GB."
    if count != size // chunk or not 1 <= count <= 1000:
        return 400, "invalid_param", "total_chunk_count must be floor(video_size / chunk_size), 1 to 1000."
    if count == 1:
        return None if size <= MAX_CHUNK else (400, "invalid_param", "Videos over 64 MB must be chunked.")
    final = size - (count - 1) * chunk
    if not MIN_CHUNK <= chunk <= MAX_CHUNK or final > MAX_FINAL_CHUNK:
        return 400, "invalid_param", "Chunks must be 5–64 MB, the last at most 128 MB."
    return None


def _caps(state: dict[str, Any], grant: dict[str, Any], now: Any, direct: bool) -> Reply | None:
    cfg, since = config(state), epoch(now) - DAY
    recent = [p for p in state.get("publishes", {}).values() if p["created"] > since and p["status"] != "FAILED"]
    mine = [p for p in recent if p["open_id"] == grant["open_id"]]
    if direct and sum(p["mode"] == "direct" for p in mine) >= cfg["daily_post_cap"]:
        return 403, "spam_risk_too_many_posts", "The daily post cap from the API is reached for the current user."
    pending = [p for p in mine if p["mode"] == "inbox" and p["status"] != "PUBLISH_COMPLETE"]
    if not direct and len(pending) >= cfg["pending_share_cap"]:
        return 403, "spam_risk_too_many_pending_share", "The user has too many pending shares in the inbox."
    posters = {p["open_id"] for p in recent}
    if not cfg["audited"] and grant["open_id"] not in posters and len(posters) >= cfg["unaudited_user_cap"]:
        return 403, "reached_active_user_cap", "The daily active publishing user cap of the client is reached."
    return None
