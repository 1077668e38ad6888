"""Emulator of a Facebook Page's content on the Graph API (contracts §3.3–§3.5, §3.9), mounted
on the shared Graph emulator in meta_graph.py.

Faithful where clients depend on it: `{"id":"<page>_<post>"}` on create; `published=false` +
`scheduled_publish_time` only within 10 min–30 days (scheduled posts go live when the world clock
passes them); `attached_media` takes only the Page's unpublished photos; the same text twice in
24 h → #506; photos over 4 MB or not JPG/PNG → subcode 1366046; deprecated insights metrics →
#100, as are the "views" metrics before v23 and post metrics on a Video; a Video node refuses fields it
does not have (`shares`) with #100; `from` on comments only with a Page token; videos `processing` →
`ready` after 20 s, or `error` when the uploaded file is not an MP4/MOV.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx

from psn.sandbox.emulator import EmuRequest, json_response
from psn.sandbox.meta_graph import (
    PAGE_ID,
    V,
    authorise,
    fb_time,
    graph_error,
    request_fields,
    seed_facebook,
    truthy,
)
from psn.sandbox.world import SandboxWorld

if TYPE_CHECKING:
    from psn.sandbox.meta_graph import MetaGraphEmulator

SCHEDULE_MIN = timedelta(minutes=10)
SCHEDULE_MAX = timedelta(days=30)
VIDEO_PROCESSING = timedelta(seconds=20)
PHOTO_MAX_BYTES = 4 * 1024 * 1024
POST_METRICS = {"post_total_media_view_unique", "post_media_view", "post_reactions_by_type_total", "post_clicks",
                "post_clicks_by_type"}
VIDEO_METRICS = {"total_video_views", "total_video_impressions", "total_video_avg_time_watched"}
VIDEO_FIELDS = {"id", "description", "title", "status", "permalink_url", "post_id", "created_time", "reactions",
                "comments", "length", "updated_time"}
VIEWS_SINCE = 23
VIDEO_UNREADABLE = "The video file you uploaded could not be processed: it is not a format Facebook reads."
PAGE_METRICS = {"page_total_media_view_unique", "page_media_view", "page_post_engagements", "page_daily_follows",
                "page_follows"}


class FacebookPages:
    def __init__(self, emu: MetaGraphEmulator) -> None:
        self.emu = emu

    def register(self) -> None:
        route = self.emu.route
        route("POST", V + r"/(?P<page>\d+)/feed", self.create_post)
        route("GET", V + r"/(?P<page>\d+)/feed", lambda r: self.list_posts(r, scheduled=False))
        route("GET", V + r"/(?P<page>\d+)/scheduled_posts", lambda r: self.list_posts(r, scheduled=True))
        route("POST", V + r"/(?P<page>\d+)/photos", self.upload_photo)
        route("POST", V + r"/(?P<page>\d+)/videos", self.upload_video)
        route("GET", V + r"/(?P<page>\d+)/videos", self.list_videos)
        route("POST", V + r"/(?P<page>\d+)/subscribed_apps", self.subscribe)
        route("GET", V + r"/(?P<obj>[\d_]+)/comments", self.list_comments)
        route("POST", V + r"/(?P<obj>[\d_]+)/comments", self.create_comment)
        route("GET", V + r"/(?P<obj>[\d_]+)/insights", self.insights)

    def now(self) -> datetime:
        return self.emu.now()

    def _open(self, req: EmuRequest, page: str | None = None):  # type: ignore[no-untyped-def]
        """(state, token owner, error) inside the caller's `with` block."""
        return _Opened(self.emu.world, req, self.now(), page)

    # -- publishing -------------------------------------------------------------------------------

    def create_post(self, req: EmuRequest) -> httpx.Response:
        page = req.params["page"]
        fields, _ = request_fields(req)
        with self._open(req, page) as (s, _who, error):
            if error:
                return error
            published, when, error = self._schedule(fields)
            if error:
                return error
            media = fields.get("attached_media") or []
            media = json.loads(media) if isinstance(media, str) else media
            if any(_not_attachable(s, page, str(m.get("media_fbid"))) for m in media):
                return graph_error(400, 100, "(#100) attached_media must be unpublished photos of this Page",
                                   subcode=1366051)
            message = str(fields.get("message", ""))
            if published and self._duplicate(s, page, message, fields.get("link")):
                return graph_error(400, 506, "Duplicate status message")
            post = self._new_post(s, page, message, published, when, link=fields.get("link"),
                                  attached_media=[str(m["media_fbid"]) for m in media])
            for fbid in post["attached_media"]:
                s["photos"][fbid]["post_id"] = post["id"]
            return json_response(200, {"id": post["id"], "permalink_url": post["permalink_url"]})

    def _schedule(self, fields: dict[str, Any]) -> tuple[bool, str | None, httpx.Response | None]:
        published = truthy(fields.get("published", "true"))
        raw = fields.get("scheduled_publish_time")
        if raw in (None, ""):
            return published, None, None
        if published:
            return True, None, graph_error(400, 100, "(#100) You cannot specify a scheduled publish time on a "
                                                     "published post")
        when = datetime.fromtimestamp(int(raw), self.now().tzinfo)
        if not self.now() + SCHEDULE_MIN <= when <= self.now() + SCHEDULE_MAX:
            return False, None, graph_error(400, 100, "(#100) The specified scheduled publish time is invalid.")
        return False, when.isoformat(), None

    def _duplicate(self, s: dict[str, Any], page: str, message: str, link: Any) -> bool:
        cutoff = self.now() - timedelta(hours=24)
        return bool(message) and any(
            p["page_id"] == page and p["message"] == message and p.get("link") == link and p["published"]
            and datetime.fromisoformat(p["created_time"]) > cutoff for p in s["posts"].values()
        )

    def _new_post(self, s: dict[str, Any], page: str, message: str, published: bool, when: str | None,
                  **extra: Any) -> dict[str, Any]:
        post_id = f"{page}_{122100000000000000 + self.emu.next_id(s, 'post')}"
        post = {"id": post_id, "page_id": page, "message": message, "published": published, "scheduled": when,
                "created_time": self.now().isoformat(), "permalink_url": f"https://www.facebook.com/{post_id}",
                "attached_media": [], "reactions": {}, "shares": 0, "views": 0, "clicks": 0, **extra}
        s["posts"][post_id] = post
        return post

    def upload_photo(self, req: EmuRequest) -> httpx.Response:
        page = req.params["page"]
        fields, files = request_fields(req)
        with self._open(req, page) as (s, _who, error):
            if error:
                return error
            source = files.get("source")
            if source is None and not fields.get("url"):
                return graph_error(400, 324, "(#324) Requires upload file")
            if source and (len(source[1]) > PHOTO_MAX_BYTES or source[2] not in ("image/jpeg", "image/png")):
                return graph_error(400, 100, "Invalid parameter", subcode=1366046)
            published, when, error = self._schedule(fields)
            if error:
                return error
            photo_id = str(900000000000 + self.emu.next_id(s, "photo"))
            photo: dict[str, Any] = {"id": photo_id, "page_id": page, "temporary": truthy(fields.get("temporary"))}
            s["photos"][photo_id] = photo
            if not published and when is None:  # an unpublished photo, to attach to a post later
                return json_response(200, {"id": photo_id})
            caption = str(fields.get("message") or fields.get("caption") or "")
            post = self._new_post(s, page, caption, published, when, photo=photo_id)
            photo["post_id"] = post["id"]
            return json_response(200, {"id": photo_id, "post_id": post["id"]})

    def upload_video(self, req: EmuRequest) -> httpx.Response:
        page = req.params["page"]
        fields, files = request_fields(req)
        with self._open(req, page) as (s, _who, error):
            if error:
                return error
            if "source" not in files and not fields.get("file_url"):
                return graph_error(400, 390, "(#390) There was a problem uploading your video file.")
            published, when, error = self._schedule(fields)
            if error:
                return error
            video_id = str(800000000000 + self.emu.next_id(s, "video"))
            post = self._new_post(s, page, str(fields.get("description", "")), published, when, video=video_id)
            source = files.get("source")
            s["videos"][video_id] = {"id": video_id, "page_id": page, "description": fields.get("description", ""),
                                     "title": fields.get("title"), "created_time": self.now().isoformat(),
                                     "post_id": post["id"], "playable": source is None or _is_mp4(source[1])}
            return json_response(200, {"id": video_id})

    def subscribe(self, req: EmuRequest) -> httpx.Response:
        with self._open(req, req.params["page"]) as (s, _who, error):
            if error:
                return error
            s["subscriptions"].append({"page": req.params["page"], "fields": req.query.get("subscribed_fields")})
        return json_response(200, {"success": True})

    # -- reading ----------------------------------------------------------------------------------

    def list_posts(self, req: EmuRequest, scheduled: bool) -> httpx.Response:
        page = req.params["page"]
        with self._open(req, page) as (s, _who, error):
            if error:
                return error
            posts = [p for p in s["posts"].values() if p["page_id"] == page and p["published"] != scheduled]
            posts.sort(key=lambda p: (p["created_time"], p["id"]), reverse=True)
            return json_response(200, {"data": [_post_view(p) for p in posts[: int(req.query.get("limit", 25))]]})

    def list_videos(self, req: EmuRequest) -> httpx.Response:
        page = req.params["page"]
        with self._open(req, page) as (s, _who, error):
            if error:
                return error
            videos = [self._video_view(v) for v in s["videos"].values() if v["page_id"] == page]
            return json_response(200, {"data": videos[::-1][: int(req.query.get("limit", 25))]})

    def _video_view(self, video: dict[str, Any]) -> dict[str, Any]:
        """`status.video_status` is processing, then ready — or error for a file that is no video
        (contracts §3.3), with the reason under `processing_phase.errors` as Graph gives it."""
        done = datetime.fromisoformat(video["created_time"]) + VIDEO_PROCESSING <= self.now()
        status: dict[str, Any] = {"video_status": "processing", "processing_progress": 40}
        if done and video.get("playable", True):
            status = {"video_status": "ready", "processing_progress": 100}
        elif done:
            status = {"video_status": "error", "processing_progress": 0,
                      "processing_phase": {"status": "error", "errors": [
                          {"code": 1363008, "message": VIDEO_UNREADABLE}]}}
        return {"id": video["id"], "description": video["description"], "post_id": video["post_id"],
                "permalink_url": f"/{video['page_id']}/videos/{video['id']}/", "status": status}

    def _video_fields(self, s: dict[str, Any], video: dict[str, Any], fields: str) -> httpx.Response:
        """A Video node answers only the fields it has: `shares` (a Post's) is #100, as on Graph."""
        asked = [f for f in _top_level(fields) if f]
        unknown = [f for f in asked if f not in VIDEO_FIELDS]
        if unknown:
            return graph_error(400, 100, f"(#100) Tried accessing nonexisting field ({unknown[0]}) on node type "
                                         "(Video)")
        view = self._video_view(video)
        post = s["posts"].get(video["post_id"])
        if post is not None:
            view.update({k: v for k, v in _post_fields(s, post, fields).items() if k in ("reactions", "comments")})
        view["created_time"] = fb_time(video["created_time"])
        return json_response(200, {k: v for k, v in view.items() if k == "id" or not asked or k in asked})

    def node(self, req: EmuRequest) -> httpx.Response:
        obj = req.params["obj"]
        with self._open(req) as (s, _who, error):
            if error:
                return error
            if obj in s["pages"]:
                page = s["pages"][obj]
                return json_response(200, {"id": obj, "name": page["name"], "followers_count": page["followers"],
                                           "link": f"https://www.facebook.com/{obj}"})
            if obj in s["videos"]:
                return self._video_fields(s, s["videos"][obj], req.query.get("fields", ""))
            if obj in s["posts"]:
                return json_response(200, _post_fields(s, s["posts"][obj], req.query.get("fields", "")))
        return self.emu.not_found(req)

    def insights(self, req: EmuRequest) -> httpx.Response:
        obj = req.params["obj"]
        metrics = [m for m in req.query.get("metric", "").split(",") if m]
        with self._open(req) as (s, _who, error):
            if error:
                return error
            valid = PAGE_METRICS if obj in s["pages"] else VIDEO_METRICS if obj in s["videos"] else POST_METRICS
            if int(req.params["v"][1:].split(".")[0]) < VIEWS_SINCE:  # "views" metrics need v23+ (§3.1)
                valid = {m for m in valid if "media_view" not in m}
            if not metrics or any(m not in valid for m in metrics):
                return graph_error(400, 100, "(#100) The value must be a valid insights metric")
            post = s["posts"].get(obj)
            data = [{"name": m, "period": "lifetime" if post else "day", "values": [{"value": self._metric(post, m)}],
                     "title": m, "description": m, "id": f"{obj}/insights/{m}/lifetime"} for m in metrics]
        return json_response(200, {"data": data})

    def _metric(self, post: dict[str, Any] | None, metric: str) -> Any:
        if post is None:
            return 0
        minutes = max(0, int((self.now() - datetime.fromisoformat(post["created_time"])).total_seconds() // 60))
        views = post["views"] or min(5000, minutes * 3)
        clicks = post["clicks"] or views // 20
        return {"post_media_view": views, "post_total_media_view_unique": views * 4 // 5, "post_clicks": clicks,
                "post_reactions_by_type_total": post["reactions"],
                "post_clicks_by_type": {"other clicks": clicks}}.get(metric, 0)

    # -- comments ---------------------------------------------------------------------------------

    def list_comments(self, req: EmuRequest) -> httpx.Response:
        obj = req.params["obj"]
        with self._open(req) as (s, who, error):
            if error:
                return error
            found = sorted((c for c in s["comments"].values() if c["parent"] == obj),
                           key=lambda c: (c["created_time"], c["id"]), reverse=True)
            data = []
            for comment in found[: int(req.query.get("limit", 25))]:
                view = {k: comment[k] for k in ("id", "message", "like_count", "permalink_url")}
                view["created_time"] = fb_time(comment["created_time"])
                view["comment_count"] = sum(1 for c in s["comments"].values() if c["parent"] == comment["id"])
                if who["kind"] == "page":  # `from` is only visible with a Page token
                    view["from"] = comment["from"]
                data.append(view)
        return json_response(200, {"data": data, "paging": {"cursors": {"before": "QVFI", "after": "QVFJ"}},
                                   "summary": {"order": "chronological", "total_count": len(found),
                                               "can_comment": True}})

    def create_comment(self, req: EmuRequest) -> httpx.Response:
        fields, _ = request_fields(req)
        with self._open(req) as (s, who, error):
            if error:
                return error
            if who["kind"] != "page":
                return graph_error(403, 200, "(#200) Permissions error: replying as the Page needs a Page token")
            author = {"id": who["id"], "name": s["pages"][who["id"]]["name"]}
            comment = add_comment(s, req.params["obj"], str(fields.get("message", "")), author, self.now())
            if comment is None:
                return self.emu.not_found(req)
            return json_response(200, {"id": comment["id"]})


class _Opened:
    """`with` helper: lock the Facebook state, seed it, publish due scheduled posts, authorise."""

    def __init__(self, world: SandboxWorld, req: EmuRequest, now: datetime, page: str | None) -> None:
        self._cm = world.state("facebook")
        self.req, self.now, self.page = req, now, page

    def __enter__(self) -> tuple[dict[str, Any], dict[str, Any] | None, httpx.Response | None]:
        s = self._cm.__enter__()
        seed_facebook(s)
        for post in s["posts"].values():
            if not post["published"] and post["scheduled"] and datetime.fromisoformat(post["scheduled"]) <= self.now:
                post["published"] = True
        who, error = authorise(s, self.req, self.now, self.page)
        return s, who, error

    def __exit__(self, *exc: object) -> None:
        self._cm.__exit__(*exc)


def _is_mp4(data: bytes) -> bool:
    """An MP4/MOV file starts with a box whose type is `ftyp` (bytes 4-8)."""
    return data[4:8] == b"ftyp"


def _top_level(fields: str) -> list[str]:
    """`a,b.summary(x,y).limit(0)` → [a, b]: the field names, outside any parentheses."""
    names, depth, current = [], 0, ""
    for char in fields + ",":
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            names.append(current.split(".")[0].split("{")[0].strip())
            current = ""
        else:
            current += char
    return names


def _not_attachable(s: dict[str, Any], page: str, fbid: str) -> bool:
    photo = s["photos"].get(fbid)
    return not photo or photo["page_id"] != page or bool(photo.get("post_id"))


def _post_view(post: dict[str, Any]) -> dict[str, Any]:
    view = {"id": post["id"], "message": post["message"], "created_time": fb_time(post["created_time"]),
            "permalink_url": post["permalink_url"], "is_published": post["published"]}
    if post["scheduled"]:
        view["scheduled_publish_time"] = int(datetime.fromisoformat(post["scheduled"]).timestamp())
    return view


def _post_fields(s: dict[str, Any], post: dict[str, Any], fields: str) -> dict[str, Any]:
    view = _post_view(post)
    if "shares" in fields:
        view["shares"] = {"count": post["shares"]}
    if "reactions" in fields:
        view["reactions"] = {"data": [], "summary": {"total_count": sum(post["reactions"].values())}}
    if "comments" in fields:
        count = sum(1 for c in s["comments"].values() if c["post_id"] == post["id"])
        view["comments"] = {"data": [], "summary": {"total_count": count, "order": "ranked", "can_comment": True}}
    return view


def add_comment(s: dict[str, Any], parent: str, message: str, author: dict[str, str], now: datetime
                ) -> dict[str, Any] | None:
    """A comment under a post or another comment (also how tests and the demo seed a fan's comment)."""
    if parent not in s["posts"] and parent not in s["comments"]:
        return None
    post_id = parent if parent in s["posts"] else s["comments"][parent]["post_id"]
    counters = s.setdefault("_counters", {})
    number = counters.get("comment", 1)
    counters["comment"] = number + 1
    comment_id = f"{post_id.split('_')[-1]}_{700000 + number}"
    comment = {"id": comment_id, "parent": parent, "post_id": post_id, "message": message, "from": author,
               "created_time": now.isoformat(), "like_count": 0,
               "permalink_url": f"https://www.facebook.com/{post_id}?comment_id={comment_id}"}
    s["comments"][comment_id] = comment
    return comment


def seed_fan_comment(world: SandboxWorld, post_id: str, message: str, name: str = "Jane Fan") -> str | None:
    with world.state("facebook") as s:
        seed_facebook(s)
        comment = add_comment(s, post_id, message, {"id": "555", "name": name}, world.now())
    return comment["id"] if comment else None


def add_page(world: SandboxWorld, page_id: str, name: str) -> None:
    """A second Page on the sandbox login (tests of choosing a Page)."""
    with world.state("facebook") as s:
        seed_facebook(s)
        tasks = list(s["pages"][PAGE_ID]["tasks"])
        s["pages"][page_id] = {"id": page_id, "name": name, "followers": 10, "tasks": tasks}
