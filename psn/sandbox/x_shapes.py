"""The X emulator's odd but valid answers (issue 17): what the v2.167 spec and contracts §1 allow but
the happy path never shows, switched on per world with `world.set_shapes("x", …)`."""

from __future__ import annotations

import httpx

from psn.sandbox.emulator import json_response

SHAPES = {"null_counts": "users' like_count and media_count are null (nullable in the spec)",
          "missing_optional": "posts come without created_at, conversation_id and public_metrics",
          "negative_wait": "media processing says check_after_secs -1",
          "huge_wait": "media processing says check_after_secs 10^9",
          "slow_media": "media processing stays in_progress",
          "error_bodies": "an injected status without a body answers in X's problem JSON"}


def wait_hint(shapes: set[str]) -> int:
    """`processing_info.check_after_secs`: 1 normally; -1 or 10^9 under those shapes."""
    return -1 if "negative_wait" in shapes else 10**9 if "huge_wait" in shapes else 1


TITLES = {400: "Invalid Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found Error", 409: "Conflict",
          429: "Too Many Requests", 503: "Service Unavailable"}


def documented_error(status: int) -> httpx.Response:
    """X's problem JSON for `status` (contracts §1.3, §1.9); a 400 carries the `errors[]` list too."""
    title = TITLES.get(status, "Internal Server Error" if status >= 500 else "Error")
    if status == 400:
        return json_response(400, {"errors": [{"parameters": {"text": ["…"]}, "message": "invalid"}],
                                   "title": title, "type": "https://api.x.com/2/problems/invalid-request",
                                   "detail": "One or more parameters to your request was invalid."})
    return json_response(status, {"title": title, "detail": title, "type": "about:blank", "status": status})
