"""Containers and publishing in the Instagram emulator (contract A2, Part E.2–3).

Images finish on the first poll; videos answer IN_PROGRESS for `video_polls` polls (or until
`video_processing_seconds` of world time pass) and wait for their bytes when resumable;
containers expire after 24 h; publishing early gives 9007/2207027; carousels take 2–10 finished
children; containers (400) and publishes (`quota_total`, rolling 24 h) are counted.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import httpx

from psn.sandbox.emulator import EmuRequest, json_response
from psn.sandbox.instagram import limits
from psn.sandbox.instagram.common import bad_request, config, graph_time, next_id, params, reachable, sibling_base
from psn.sandbox.instagram.mp4 import read_video

EXPIRY = timedelta(hours=24)
MEDIA_TYPES = {None, "REELS", "STORIES", "VIDEO", "CAROUSEL", "IMAGE"}
IMAGE_EXTENSIONS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".gif": "gif", ".webp": "webp", ".heic": "heic"}


def _file_facts(state: dict[str, Any], url: str, kind: str) -> dict[str, Any]:
    """What Meta's fetcher would learn about a URL: registered facts, else guessed from the extension."""
    known = state["media_files"].get(url)
    if known:
        return known
    path = url.split("?", 1)[0].lower()
    if kind == "image":
        ext = "." + path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
        return {"format": IMAGE_EXTENSIONS.get(ext, "jpeg"), "width": 1080, "height": 1080, "bytes": 250_000}
    return {"format": "mp4", "duration": 30.0, "bytes": 8_000_000}


def _caption_error(caption: str) -> httpx.Response | None:
    check = limits.caption(caption)
    if check.too_much():
        return bad_request(36004, f"The submitted image's caption was {check.characters} characters long with "
                                  f"{check.hashtags} hashtags and {check.mentions} mentions.", 2207010,
                           "Captions can have at most 2200 characters, 30 hashtags and 20 @mentions.")
    return None


def _image_error(facts: dict[str, Any], feed: bool) -> httpx.Response | None:
    if facts.get("format") != "jpeg":
        return bad_request(36001, f"The image format {facts.get('format')} is not supported.", 2207005,
                           "Only JPEG images are supported.")
    if int(facts.get("bytes", 0)) > limits.IMAGE_BYTES:
        return bad_request(36000, "The image is too large to download. It should be less than 8 MiB.", 2207004)
    width, height = int(facts.get("width", 1)), int(facts.get("height", 1))
    if feed and not limits.feed_aspect_ok(width, height):
        return bad_request(36003, f"The submitted image with aspect ratio {width / height:.2f} cannot be published. "
                                  "Please submit an image with a valid aspect ratio.", 2207009)
    return None


class PublishingRoutes:
    def create_container(self, req: EmuRequest, state: dict[str, Any], user_id: str) -> httpx.Response:
        given = params(req)
        now: datetime = self.now()  # type: ignore[attr-defined]
        recent = [t for t in state["container_log"] if datetime.fromisoformat(t) > now - timedelta(hours=24)]
        if len(recent) >= int(config(state, "container_cap")):
            # The real code for the container cap is not documented: code 9 is our choice.
            return bad_request(9, "You reached the maximum number of containers (400) allowed in 24 hours.")
        media_type = given.get("media_type") or None
        if media_type not in MEDIA_TYPES:
            return bad_request(100, f"The media type {media_type} is unknown.", 2207023)
        child = given.get("is_carousel_item", "").lower() == "true"
        if media_type == "VIDEO" and not child:
            return bad_request(100, "The media type VIDEO is only for carousel items; publish videos as REELS.",
                               2207023)
        container: dict[str, Any] = {"owner": user_id, "created_at": now.isoformat(), "polls": 0, "child": child,
                                     "caption": given.get("caption", ""), "status": "IN_PROGRESS", "error": None,
                                     "media_id": None, "share_to_feed": given.get("share_to_feed") == "true",
                                     "thumb_offset": given.get("thumb_offset"), "children": []}
        problem = self._fill(state, container, given, media_type)
        if problem is not None:
            return problem
        container_id = next_id(state, "1790")
        state["containers"][container_id] = container
        state["container_log"] = [*recent, now.isoformat()]
        answer = {"id": container_id}
        if container.get("awaiting_upload"):
            version = req.path.split("/")[1] if req.path.startswith("/v") else "v26.0"
            answer["uri"] = f"{sibling_base(req, 'rupload.facebook.com')}/ig-api-upload/{version}/{container_id}"
        return json_response(200, answer)

    def _fill(self, state: dict[str, Any], container: dict[str, Any], given: dict[str, str],
              media_type: str | None) -> httpx.Response | None:
        if media_type != "STORIES" and not container["child"]:
            error = _caption_error(container["caption"])
            if error is not None:
                return error
        tags = json.loads(given.get("user_tags") or "[]")
        if len(tags) > limits.USER_TAGS:
            return bad_request(100, f"Cannot use more than {limits.USER_TAGS} tags per created media.", 2207040)
        if media_type == "CAROUSEL":
            return self._fill_carousel(state, container, given)
        container["product"] = {"REELS": "REELS", "STORIES": "STORY"}.get(media_type or "", "FEED")
        if given.get("image_url"):
            if not reachable(given["image_url"]):
                return _unfetchable(given["image_url"])
            error = _image_error(_file_facts(state, given["image_url"], "image"), feed=media_type != "STORIES")
            container.update(kind="image", status="FINISHED")
            return error
        if given.get("upload_type") == "resumable":
            container.update(kind="video", awaiting_upload=True)
            return None
        if given.get("video_url"):
            if not reachable(given["video_url"]):
                return _unfetchable(given["video_url"])
            container.update(kind="video", video=_file_facts(state, given["video_url"], "video"))
            return None
        return bad_request(100, "The parameter image_url or video_url is required.")

    def _fill_carousel(self, state: dict[str, Any], container: dict[str, Any], given: dict[str, str]
                       ) -> httpx.Response | None:
        raw = given.get("children", "")
        children = json.loads(raw) if raw.startswith("[") else [c for c in raw.split(",") if c]
        if not limits.carousel_size_ok(len(children)):
            return bad_request(100, "Your post won't work as a carousel. Carousels need at least 2 photos/videos and "
                                    "no more than 10 photos/videos.", 2207028)
        for child_id in children:
            child = state["containers"].get(str(child_id))
            if child is None or not child["child"] or child["owner"] != container["owner"]:
                return bad_request(24, f"The media with {child_id} cannot be found.", 2207006)
        container.update(kind="carousel", product="FEED", children=[str(c) for c in children])
        return None

    # status ------------------------------------------------------------------------------------

    def advance(self, state: dict[str, Any], container_id: str, poll: bool) -> dict[str, Any]:
        """Move a container along its lifecycle (a poll is what makes processing progress)."""
        container = state["containers"][container_id]
        now: datetime = self.now()  # type: ignore[attr-defined]
        if container["status"] in ("PUBLISHED", "ERROR", "EXPIRED"):
            return container
        if datetime.fromisoformat(container["created_at"]) + EXPIRY <= now:
            container["status"] = "EXPIRED"
            return container
        if poll:
            container["polls"] += 1
        if container["kind"] == "video":
            self._advance_video(state, container, now)
        elif container["kind"] == "carousel":
            self._advance_carousel(state, container, poll)
        return container

    def _advance_video(self, state: dict[str, Any], container: dict[str, Any], now: datetime) -> None:
        if container.get("awaiting_upload"):
            return
        started = datetime.fromisoformat(container.get("uploaded_at") or container["created_at"])
        done = container["polls"] > int(config(state, "video_polls")) or \
            now - started >= timedelta(seconds=int(config(state, "video_processing_seconds")))
        if not done:
            return
        container["status"], container["error"] = _video_verdict(container)

    def _advance_carousel(self, state: dict[str, Any], container: dict[str, Any], poll: bool) -> None:
        children = [self.advance(state, c, poll) for c in container["children"]]
        failed = [c for c in children if c["status"] in ("ERROR", "EXPIRED")]
        if failed:
            container["status"], container["error"] = "ERROR", failed[0].get("error") or 2207001
        elif all(c["status"] == "FINISHED" for c in children):
            container["status"] = "FINISHED"

    def container_status(self, state: dict[str, Any], container_id: str) -> httpx.Response:
        container = self.advance(state, container_id, poll=True)
        text = {
            "FINISHED": "Finished: Media has been uploaded and it is complete.",
            "IN_PROGRESS": "In Progress: Media is still being processed.",
            "PUBLISHED": "Published: Media has been published.",
            "EXPIRED": "Expired: Media was not published within 24 hours.",
            "ERROR": f"Error: Media upload has failed with error code {container['error']}",
        }[container["status"]]
        return json_response(200, {"status_code": container["status"], "status": text, "id": container_id})

    # publish -----------------------------------------------------------------------------------

    def publish(self, req: EmuRequest, state: dict[str, Any], user_id: str) -> httpx.Response:
        creation_id = params(req).get("creation_id", "")
        container = state["containers"].get(creation_id)
        if container is None or container["owner"] != user_id:
            return bad_request(24, f"The media builder with creation id = {creation_id} does not exist or has been "
                                   "expired.", 2207008)
        if container["child"]:
            # Not documented: code 100 is our choice for publishing a carousel item on its own.
            return bad_request(100, "Carousel items cannot be published on their own; publish the carousel container.")
        container = self.advance(state, creation_id, poll=False)
        now: datetime = self.now()  # type: ignore[attr-defined]
        status = container["status"]
        if status == "EXPIRED":
            return bad_request(-2, "The media you are trying to access has expired.", 2207020)
        if status == "PUBLISHED":
            return bad_request(100, "This media has already been published.")
        if status == "ERROR":
            return bad_request(-1, "Create media fail, please try to re-create media", 2207032)
        ready_after = timedelta(seconds=int(config(state, "image_ready_seconds")))
        early_image = container["kind"] == "image" and container["polls"] == 0 and \
            now - datetime.fromisoformat(container["created_at"]) < ready_after
        if status != "FINISHED" or early_image:
            return bad_request(9007, "Media ID is not available", 2207027,
                               "The media is not ready for publishing, please wait for a moment")
        window = [t for t in state["publishes"] if datetime.fromisoformat(t) > now - timedelta(hours=24)]
        if len(window) >= int(config(state, "quota_total")):
            return bad_request(9, "Application request limit reached", 2207042,
                               "You reached maximum number of posts that is allowed to be published by "
                               "Content Publishing API.")
        media_id = self._make_media(state, container, now)
        container.update(status="PUBLISHED", media_id=media_id)
        state["publishes"] = [*window, now.isoformat()]
        return json_response(200, {"id": media_id})

    def _make_media(self, state: dict[str, Any], container: dict[str, Any], now: datetime) -> str:
        media_id = next_id(state, "1792")
        shortcode = "C" + media_id[-10:]
        product = container["product"]
        media_type = {"image": "IMAGE", "video": "VIDEO", "carousel": "CAROUSEL_ALBUM"}[container["kind"]]
        username = state["account"]["username"]
        permalink = {"REELS": f"https://www.instagram.com/reel/{shortcode}/",
                     "STORY": f"https://www.instagram.com/stories/{username}/{media_id}/"}.get(
            product, f"https://www.instagram.com/p/{shortcode}/")
        state["media"][media_id] = {
            "id": media_id, "owner": container["owner"], "media_type": media_type, "media_product_type": product,
            "caption": container["caption"], "permalink": permalink, "shortcode": shortcode,
            "timestamp": graph_time(now), "like_count": 0, "comments_count": 0, "username": username,
            "children": container["children"], "shared_to_facebook": False,
        }
        if product != "STORY":
            state["account"]["media_count"] = state["account"].get("media_count", 0) + 1
        return media_id

    def publishing_limit(self, req: EmuRequest, state: dict[str, Any]) -> httpx.Response:
        given = params(req)
        now: datetime = self.now()  # type: ignore[attr-defined]
        start = now - timedelta(hours=24)
        if given.get("since", "").isdigit():
            start = max(start, datetime.fromtimestamp(int(given["since"]), now.tzinfo))
        usage = len([t for t in state["publishes"] if datetime.fromisoformat(t) > start])
        entry: dict[str, Any] = {"quota_usage": usage}
        if "config" in given.get("fields", ""):
            entry["config"] = {"quota_total": int(config(state, "quota_total")), "quota_duration": 86400}
        return json_response(200, {"data": [entry]})

    # rupload -----------------------------------------------------------------------------------

    def rupload(self, req: EmuRequest, state: dict[str, Any], container_id: str, token_ok: bool) -> httpx.Response:
        container = state["containers"].get(container_id)
        if not token_ok or container is None:
            return _rupload_error("unauthorized user request")
        if container.get("uploaded_at"):  # as the live rupload host answers a second upload
            return _rupload_error("upload already completed for this container")
        if not container.get("awaiting_upload") and container.get("status") != "IN_PROGRESS":
            return _rupload_error("the container does not accept an upload")
        file_url = req.headers.get("file_url")
        if file_url:
            if not reachable(file_url):
                return _rupload_error(f"The media could not be fetched from this uri: {file_url}")
            container["video"] = _file_facts(state, file_url, "video")
        else:
            offset, size = int(req.headers.get("offset") or 0), int(req.headers.get("file_size") or -1)
            if offset != 0 or size != len(req.body):
                return _rupload_error(f"offset {offset} + body {len(req.body)} bytes does not match file_size {size}")
            video = read_video(req.body)
            container["video"] = {"format": video.format, "duration": video.duration, "bytes": size}
        container.update(awaiting_upload=False, uploaded_at=self.now().isoformat())  # type: ignore[attr-defined]
        return json_response(200, {"success": True, "message": "Upload successful."})


def _video_verdict(container: dict[str, Any]) -> tuple[str, int | None]:
    video = container.get("video") or {}
    low, high, max_bytes = limits.video_limits(str(container.get("product")))
    duration = video.get("duration")
    if video.get("format") not in ("mp4", "mov") or int(video.get("bytes") or 0) > max_bytes:
        return "ERROR", 2207026
    if duration is not None and not low <= float(duration) <= high:
        return "ERROR", 2207026
    offset = container.get("thumb_offset")
    if offset and duration is not None and int(offset) >= float(duration) * 1000:
        return "ERROR", 2207057
    return "FINISHED", None


def _unfetchable(url: str) -> httpx.Response:
    return bad_request(9004, f"The media could not be fetched from this uri: {url}", 2207052,
                       "The media could not be fetched: check that the URL is public and serves the media directly.")


def _rupload_error(message: str) -> httpx.Response:
    inner = json.dumps({"success": False, "error": {"message": message}})
    return json_response(400, {"debug_info": {"retriable": False, "type": "ProcessingFailedError", "message": inner}})
