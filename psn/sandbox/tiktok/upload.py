"""Upload PUTs in the emulator (contracts B2.7, E.5): sequential Content-Range chunks, 206 then
201, 416 with the progress on a gap, 403 once the URL's hour has passed, 404 for an unknown URL.

Bytes are counted, never stored: a 1 GiB upload costs the emulator a few integers. Over the
loopback server the body arrives as a stream of pieces (see server.py); in-process as one chunk.
The headers are judged before the body is read, the body is always read to its end (as an HTTP
server would), and the verdict is applied after.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from psn.sandbox.emulator import EmuRequest, empty_response
from psn.sandbox.tiktok.common import digest, epoch

RANGE_RE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
VIDEO_TYPES = ("video/mp4", "video/quicktime", "video/webm")
StreamHandler = Callable[[EmuRequest, Iterable[bytes]], httpx.Response]


def _progress(received: int, size: int) -> dict[str, str]:
    return {"Content-Range": f"bytes 0-{received - 1}/{size}" if received else f"bytes */{size}"}


class UploadRoutes:
    world: Any
    now: Any

    def stream_handler(self, method: str, path: str) -> StreamHandler | None:
        """The loopback server asks this before reading a body: uploads take theirs as a stream."""
        return self.put_stream if method == "PUT" and path in ("/video/", "/upload/") else None

    def put(self, req: EmuRequest) -> httpx.Response:
        return self.put_stream(req, [req.body] if req.body else [])

    def put_stream(self, req: EmuRequest, pieces: Iterable[bytes]) -> httpx.Response:
        now = epoch(self.now())
        with self.world.state("tiktok") as state:
            verdict = self._judge(state, req, now)
        received = sum(len(piece) for piece in pieces)  # count and drop: nothing is kept
        if isinstance(verdict, httpx.Response):
            return verdict
        upload_id, first, last = verdict
        if received != last - first + 1:
            return empty_response(400)
        with self.world.state("tiktok") as state:
            return self._commit(state, upload_id, first, received, now)

    def _judge(self, state: dict[str, Any], req: EmuRequest, now: float) -> httpx.Response | tuple[str, int, int]:
        upload_id = req.query.get("upload_id", "")
        session = state.get("uploads", {}).get(upload_id)
        if session is None or session["token"] != digest(req.query.get("upload_token", "")):
            return empty_response(404)
        if now > session["expires"]:
            return empty_response(403)
        size, chunk, count = session["size"], session["chunk"], session["count"]
        match = RANGE_RE.match(req.headers.get("content-range", ""))
        content_type = req.headers.get("content-type", "").split(";")[0].strip().lower()
        if match is None or content_type not in VIDEO_TYPES:
            return empty_response(400)
        first, last, total = (int(g) for g in match.groups())
        if total != size or last < first or req.headers.get("content-length") != str(last - first + 1):
            return empty_response(400)
        if first != session["received"] or session["received"] == size:
            return empty_response(416, _progress(session["received"], size))
        index = first // chunk
        expected_last = size - 1 if index == count - 1 else first + chunk - 1
        if last != expected_last:
            return empty_response(400)  # a chunk of the wrong size for the declared plan
        return upload_id, first, last

    def _commit(self, state: dict[str, Any], upload_id: str, first: int, received: int, now: float,
                ) -> httpx.Response:
        session = state["uploads"][upload_id]
        if session["received"] != first:  # another PUT landed while this body was being read
            return empty_response(416, _progress(session["received"], session["size"]))
        session["received"] += received
        pub = state["publishes"][session["publish_id"]]
        pub["received"] = session["received"]
        done = session["received"] == session["size"]
        if done:
            pub["ready_at"] = now  # processing starts with the last byte
        return empty_response(201 if done else 206, _progress(session["received"], session["size"]))
