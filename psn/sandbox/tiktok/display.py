"""Display API in the emulator (contracts B3): user info by scope, the public video list with
millisecond cursors (at most 20 a page), and video query (at most 20 ids). Metrics grow with the
world's clock so analytics has something to chart."""

from __future__ import annotations

from typing import Any

import httpx

from psn.sandbox.emulator import EmuRequest
from psn.sandbox.tiktok.common import authenticate, config, epoch, fail, ok, over_limit
from psn.sandbox.tiktok.status import settle

FIELD_SCOPES = {
    "open_id": "user.info.basic", "union_id": "user.info.basic", "avatar_url": "user.info.basic",
    "avatar_url_100": "user.info.basic", "avatar_large_url": "user.info.basic", "display_name": "user.info.basic",
    "bio_description": "user.info.profile", "profile_deep_link": "user.info.profile",
    "is_verified": "user.info.profile", "username": "user.info.profile",
    "follower_count": "user.info.stats", "following_count": "user.info.stats", "likes_count": "user.info.stats",
    "video_count": "user.info.stats",
}


def _user(cfg: dict[str, Any], posts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"open_id": cfg["open_id"], "union_id": cfg["union_id"], "display_name": cfg["nickname"],
            "avatar_url": "https://p16.tiktokcdn.example/avatar.jpeg", "avatar_url_100": "", "avatar_large_url": "",
            "bio_description": "", "profile_deep_link": f"https://www.tiktok.com/@{cfg['username']}",
            "is_verified": False, "username": cfg["username"], "follower_count": cfg["followers"],
            "following_count": 210, "likes_count": sum(p["likes"] for p in posts), "video_count": len(posts)}


def _video(post: dict[str, Any], now: float, username: str) -> dict[str, Any]:
    hours = max(0.0, (now - post["create_time"]) / 3600)
    kind = "photo" if post["kind"] == "photo" else "video"
    return {"id": post["id"], "title": post["title"][:150], "video_description": post["title"][:150],
            "create_time": post["create_time"], "duration": 21, "height": 1920, "width": 1080,
            "cover_image_url": f"https://p16.tiktokcdn.example/cover/{post['id']}.jpeg",
            "share_url": f"https://www.tiktok.com/@{username}/{kind}/{post['id']}?utm_campaign=tt4d_open_api",
            "embed_link": f"https://www.tiktok.com/player/v1/{post['id']}",
            "view_count": 120 + int(hours * 45), "like_count": post["likes"] + int(hours * 6),
            "comment_count": post["comments"] + int(hours // 3), "share_count": post["shares"] + int(hours // 8)}


def _pick(record: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {f: record[f] for f in fields if f in record}


class DisplayRoutes:
    world: Any
    now: Any

    def _display_call(self, req: EmuRequest, endpoint: str, scope: str, work: Any) -> httpx.Response:
        now = self.now()
        with self.world.state("tiktok") as state:
            grant, error = authenticate(state, now, req.bearer(), (scope,))
            if error is not None:
                return error
            limited = over_limit(state, now, req.bearer(), endpoint)
            if limited is not None:
                return limited
            settle(state, now)
            fields = [f for f in req.query.get("fields", "").split(",") if f]
            body = req.json()
            return work(state, grant, fields, body if isinstance(body, dict) else {})

    def user_info(self, req: EmuRequest) -> httpx.Response:
        def work(state: dict[str, Any], grant: dict[str, Any], fields: list[str], _: Any) -> httpx.Response:
            now = self.now()
            missing = [f for f in fields if FIELD_SCOPES.get(f, "?") not in grant["scopes"]]
            if missing:
                return fail(state, now, 400, "scope_permission_missed",
                            f"The user did not grant the scope for the fields: {', '.join(missing)}.")
            return ok(state, now, {"user": _pick(_user(config(state), self._posts(state, grant)), fields)})

        return self._display_call(req, "user_info", "user.info.basic", work)

    def video_list(self, req: EmuRequest) -> httpx.Response:
        def work(state: dict[str, Any], grant: dict[str, Any], fields: list[str], body: dict[str, Any]) -> Any:
            now = self.now()
            count = body.get("max_count", 10)
            if not isinstance(count, int) or not 1 <= count <= 20:
                return fail(state, now, 400, "invalid_params", "max_count must be between 1 and 20.")
            cursor = body.get("cursor") or int(epoch(now) * 1000) + 1
            public = [p for p in self._posts(state, grant) if p["privacy"] == "PUBLIC_TO_EVERYONE"
                      and p["create_time"] * 1000 < cursor]
            public.sort(key=lambda p: (p["create_time"], p["id"]), reverse=True)
            page = public[:count]
            username = config(state)["username"]
            videos = [_pick(_video(p, epoch(now), username), fields) for p in page]
            next_cursor = page[-1]["create_time"] * 1000 if page else cursor
            return ok(state, now, {"videos": videos, "cursor": next_cursor, "has_more": len(public) > count})

        return self._display_call(req, "video_list", "video.list", work)

    def video_query(self, req: EmuRequest) -> httpx.Response:
        def work(state: dict[str, Any], grant: dict[str, Any], fields: list[str], body: dict[str, Any]) -> Any:
            now = self.now()
            ids = (body.get("filters") or {}).get("video_ids") or []
            if not isinstance(ids, list) or not 1 <= len(ids) <= 20:
                return fail(state, now, 400, "invalid_params", "filters.video_ids must hold 1 to 20 ids.")
            username = config(state)["username"]
            wanted = {str(i) for i in ids}
            videos = [_pick(_video(p, epoch(now), username), fields) for p in self._posts(state, grant)
                      if p["id"] in wanted]
            return ok(state, now, {"videos": videos, "cursor": 0, "has_more": False})

        return self._display_call(req, "video_query", "video.list", work)

    @staticmethod
    def _posts(state: dict[str, Any], grant: dict[str, Any]) -> list[dict[str, Any]]:
        return [p for p in state.get("posts", []) if p["open_id"] == grant["open_id"]]
