"""The discovery sources in the emulator: Creative Center's trend list (which the world can make
`blocked` or `broken`, as the real one often is) and a premium provider speaking psn's protocol."""

from __future__ import annotations

from typing import Any

import httpx

from psn.sandbox.emulator import EmuRequest, json_response
from psn.sandbox.tiktok.common import config, digest

TRENDS = [
    ("homebaking", 48_210, 91_400_000), ("sourdoughtok", 31_870, 64_200_000), ("mealprep", 120_400, 402_000_000),
    ("booktok", 302_100, 1_240_000_000), ("learnontiktok", 88_900, 310_500_000), ("smallbusiness", 150_300,
                                                                                   520_000_000),
]
PROVIDER_VIDEOS = [
    ("7600000000000000101", "my first sourdough loaf #homebaking", "crumbandcrust", 8_400),
    ("7600000000000000102", "meal prep for the whole week in 40 minutes #mealprep", "prepwithpia", 52_000),
    ("7600000000000000103", "three books that changed how I write #booktok", "pagesbyjo", 17_300),
]


class DiscoveryRoutes:
    world: Any
    now: Any

    def creative_center(self, req: EmuRequest) -> httpx.Response:
        mode = config(self.world.read("tiktok"))["creative_center"]
        if mode == "blocked":
            return httpx.Response(403, text="<html><body>Access denied</body></html>",
                                  headers={"Content-Type": "text/html"})
        if mode == "broken":
            return json_response(200, {"code": 40101, "msg": "no permission", "data": None})
        size = int(req.query.get("limit", "20"))
        trends = [{"hashtag_id": str(1600 + rank), "hashtag_name": name, "publish_cnt": posts, "video_views": views,
                   "rank": rank, "rank_diff_type": 1, "is_promoted": False,
                   "country_info": {"id": req.query.get("country_code", "US")},
                   "trend": [{"time": 1758412800 + day * 86_400, "value": 0.4 + day / 10} for day in range(7)]}
                  for rank, (name, posts, views) in enumerate(TRENDS, start=1)][:size]
        return json_response(200, {"code": 0, "msg": "OK", "data": {
            "list": trends, "pagination": {"page": 1, "size": size, "total": len(TRENDS), "has_more": False}}})

    def provider_search(self, req: EmuRequest) -> httpx.Response:
        expected = config(self.world.read("tiktok"))["provider_key_sha"]
        given = req.bearer()
        if not expected or digest(given) != expected:
            return json_response(401, {"error": "invalid api key"})
        terms = [t.strip().lower().lstrip("#") for t in req.query.get("q", "").split(" OR ") if t.strip()]
        limit = int(req.query.get("limit", "25"))
        videos = [{"id": vid, "url": f"https://www.tiktok.com/@{user}/video/{vid}", "description": text,
                   "create_time": 1758466800, "author": {"id": f"author-{user}", "username": user,
                                                         "nickname": user.title(), "follower_count": followers},
                   "stats": {"views": followers * 3, "likes": followers // 5, "comments": 40, "shares": 12}}
                  for vid, text, user, followers in PROVIDER_VIDEOS
                  if not terms or any(t in text.lower() for t in terms)]
        return json_response(200, {"videos": videos[:limit]})
