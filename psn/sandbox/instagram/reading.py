"""Reading and engaging in the Instagram emulator: account, media, insights, comments, hashtags.

Insights (Part E.5): an empty `data` list for media younger than `insights_delay_seconds`;
removed metrics (impressions, plays, …) fail; a metric the product type lacks fails with Meta's
"An unknown error has occurred."; stories under 5 viewers give (#10); figures are seeded from
the media id and grow with age unless a test sets them.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta
from typing import Any

import httpx

from psn.sandbox.emulator import EmuRequest, json_response
from psn.sandbox.instagram.common import DEPRECATED_METRICS, bad_request, graph_time, next_id, params

MEDIA_METRICS = {
    "FEED": {"views", "reach", "likes", "comments", "saved", "shares", "total_interactions", "reposts", "follows",
             "profile_visits", "profile_activity"},
    "REELS": {"views", "reach", "likes", "comments", "saved", "shares", "total_interactions", "reposts",
              "ig_reels_avg_watch_time", "ig_reels_video_view_total_time", "reels_skip_rate"},
    "STORY": {"views", "reach", "shares", "total_interactions", "reposts", "follows", "profile_visits",
              "profile_activity", "replies", "navigation"},
}
ACCOUNT_METRICS = {"accounts_engaged", "comments", "follows_and_unfollows", "likes", "profile_links_taps", "reach",
                   "replies", "reposts", "saves", "shares", "total_interactions", "views", "follower_count",
                   "online_followers", "engaged_audience_demographics", "follower_demographics"}


def _seed(*parts: str) -> int:
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:8], 16)


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"QVFI:{index}".encode()).decode().rstrip("=")


def _index(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split(":")[1])
    except (ValueError, IndexError):
        return 0


def page(items: list[dict[str, Any]], given: dict[str, str], url: str) -> dict[str, Any]:
    """Cursor paging as Graph does it: `limit`, `after`, `paging.cursors`, `paging.next`."""
    limit = min(max(int(given.get("limit") or 25), 1), 100)
    start = _index(given.get("after"))
    chunk = items[start:start + limit]
    body: dict[str, Any] = {"data": chunk}
    if chunk:
        body["paging"] = {"cursors": {"before": _cursor(start), "after": _cursor(start + len(chunk))}}
        if start + len(chunk) < len(items):
            body["paging"]["next"] = f"{url}?limit={limit}&after={_cursor(start + len(chunk))}"
    return body


def pick(record: dict[str, Any], fields: str) -> dict[str, Any]:
    wanted = [f.split("{")[0] for f in fields.split(",") if f] or ["id"]
    return {k: record[k] for k in ["id", *wanted] if k in record and record[k] is not None}


class ReadingRoutes:
    def account_fields(self, state: dict[str, Any], req: EmuRequest, via_me: bool) -> httpx.Response:
        fields = params(req).get("fields", "id,username")
        account = dict(state["account"])
        if not via_me:  # by professional id (Facebook-Login path): `id` is that id
            account["id"] = account["user_id"]
        return json_response(200, pick(account, fields))

    def media_object(self, state: dict[str, Any], req: EmuRequest, media_id: str) -> httpx.Response:
        record = {k: v for k, v in state["media"][media_id].items() if k not in ("owner", "children")}
        return json_response(200, pick(record, params(req).get("fields", "id")))

    def list_media(self, state: dict[str, Any], req: EmuRequest, user_id: str, stories: bool) -> httpx.Response:
        given = params(req)
        now: datetime = self.now()  # type: ignore[attr-defined]
        items = [m for m in state["media"].values() if m["owner"] == user_id]
        if stories:  # stories live 24 h and only on this edge
            items = [m for m in items if m["media_product_type"] == "STORY" and _age(m, now) < timedelta(hours=24)]
        else:
            items = [m for m in items if m["media_product_type"] != "STORY"]
        if given.get("since", "").isdigit():
            items = [m for m in items if _when(m) >= datetime.fromtimestamp(int(given["since"]), now.tzinfo)]
        items.sort(key=lambda m: (m["timestamp"], m["id"]), reverse=True)
        fields = given.get("fields", "id")
        shaped = [pick({k: v for k, v in m.items() if k != "owner"}, fields) for m in items]
        return json_response(200, page(shaped, given, f"https://graph.instagram.com{req.path}"))

    # insights ----------------------------------------------------------------------------------

    def media_insights(self, state: dict[str, Any], req: EmuRequest, media_id: str) -> httpx.Response:
        media = state["media"][media_id]
        metrics = [m for m in params(req).get("metric", "").split(",") if m]
        if not metrics:
            return bad_request(100, "(#100) The parameter metric is required.")
        for metric in metrics:
            if metric in DEPRECATED_METRICS:
                return bad_request(100, f"(#100) Starting from version v22.0 and for all versions as of April 21, "
                                        f"2025, the {metric} metric is no longer supported.")
            if metric not in MEDIA_METRICS[media["media_product_type"]]:
                return bad_request(100, "An unknown error has occurred.")
        now: datetime = self.now()  # type: ignore[attr-defined]
        delay = int(state["config"].get("insights_delay_seconds", 3600))
        if _age(media, now) < timedelta(seconds=delay) and media_id not in state["metrics"]:
            return json_response(200, {"data": []})
        values = self.metric_values(state, media, now)
        if media["media_product_type"] == "STORY" and values["views"] < 5:
            return bad_request(10, "(#10) Not enough viewers for the media to show insights")
        return json_response(200, {"data": [_insight(media_id, m, values.get(m, 0), "lifetime") for m in metrics]})

    def metric_values(self, state: dict[str, Any], media: dict[str, Any], now: datetime) -> dict[str, Any]:
        seeded = state["metrics"].get(media["id"])
        hours = max(_age(media, now).total_seconds() / 3600, 1.0)
        base = _seed(media["id"]) % 400 + 100
        growth = min(hours / 48, 3.0)
        views = int(base * 10 * growth)
        values: dict[str, Any] = {
            "views": views, "reach": int(views * 0.7), "likes": media["like_count"] + int(base * growth / 4),
            "comments": media["comments_count"], "saved": int(base * growth / 20), "shares": int(base * growth / 25),
            "reposts": int(base * growth / 50), "follows": int(base * growth / 60),
            "profile_visits": int(base * growth / 15), "replies": int(base * growth / 40),
            "ig_reels_avg_watch_time": 4200 + base * 3, "ig_reels_video_view_total_time": views * 4200,
            "reels_skip_rate": round(0.2 + (base % 50) / 100, 3),
        }
        values["total_interactions"] = sum(values[k] for k in ("likes", "comments", "saved", "shares"))
        return {**values, **(seeded or {})}

    def account_insights(self, state: dict[str, Any], req: EmuRequest) -> httpx.Response:
        given = params(req)
        metrics = [m for m in given.get("metric", "").split(",") if m]
        for metric in metrics:
            if metric in DEPRECATED_METRICS or metric not in ACCOUNT_METRICS:
                return bad_request(100, f"(#100) metric[0] must be one of the following values: "
                                        f"{', '.join(sorted(ACCOUNT_METRICS))}")
        if not given.get("period"):
            return bad_request(100, "(#100) The parameter period is required.")
        now: datetime = self.now()  # type: ignore[attr-defined]
        since = _unix(given.get("since"), now - timedelta(days=1), now)
        until = _unix(given.get("until"), now, now)
        if until - since > timedelta(days=30):
            return bad_request(100, "(#100) The time range between since and until cannot exceed 30 days.")
        user_id = state["account"]["user_id"]
        data = []
        for metric in metrics:
            if metric == "follower_count" or given.get("metric_type") == "time_series":
                days = max(int((until - since) / timedelta(days=1)), 1)
                series = [{"value": _seed(metric, str(d)) % 40, "end_time": graph_time(since + timedelta(days=d + 1))}
                          for d in range(days)]
                data.append({"name": metric, "period": "day", "values": series, "title": metric,
                             "id": f"{user_id}/insights/{metric}/day"})
            else:
                total = sum(self.metric_values(state, m, now).get(metric, 0) for m in state["media"].values()
                            if since <= _when(m) <= until or metric in ("reach", "views"))
                data.append({"name": metric, "period": "day", "title": metric, "total_value": {"value": total},
                             "id": f"{user_id}/insights/{metric}/day"})
        return json_response(200, {"data": data})

    # comments and mentions ---------------------------------------------------------------------

    def list_comments(self, state: dict[str, Any], req: EmuRequest, media_id: str) -> httpx.Response:
        top = [c for c in state["comments"].values() if c["media_id"] == media_id and not c.get("parent_id")]
        top.sort(key=lambda c: c["timestamp"])
        fields = params(req).get("fields", "id,text,timestamp")
        return json_response(200, page([pick(c, fields) for c in top], params(req), req.path))

    def list_replies(self, state: dict[str, Any], req: EmuRequest, comment_id: str) -> httpx.Response:
        replies = [c for c in state["comments"].values() if c.get("parent_id") == comment_id]
        fields = params(req).get("fields", "id,text,timestamp")
        return json_response(200, {"data": [pick(c, fields) for c in replies]})

    def add_comment(self, state: dict[str, Any], media_id: str, text: str, username: str, from_id: str,
                    parent_id: str | None = None) -> dict[str, Any]:
        comment_id = next_id(state, "1787")
        comment = {"id": comment_id, "text": text, "username": username, "from": {"id": from_id, "username": username},
                   "timestamp": graph_time(self.now()), "like_count": 0, "hidden": False,  # type: ignore[attr-defined]
                   "media_id": media_id, "parent_id": parent_id}
        state["comments"][comment_id] = comment
        state["media"][media_id]["comments_count"] += 1
        return comment

    def comment_as_owner(self, state: dict[str, Any], req: EmuRequest, media_id: str,
                         parent_id: str | None = None) -> httpx.Response:
        message = params(req).get("message", "")
        if not message.strip():
            return bad_request(100, "(#100) The parameter message is required.")
        owner = state["account"]
        duplicate = any(c["media_id"] == media_id and c["username"] == owner["username"] and c["text"] == message
                        for c in state["comments"].values())
        if duplicate:  # Instagram refuses repeated identical text as spam; code 368 is our choice
            return bad_request(368, "It looks like you already posted this comment. Try writing something different.")
        comment = self.add_comment(state, media_id, message, owner["username"], owner["user_id"], parent_id)
        return json_response(200, {"id": comment["id"]})

    def reply(self, state: dict[str, Any], req: EmuRequest, comment_id: str) -> httpx.Response:
        target = state["comments"][comment_id]
        if target.get("hidden"):
            return bad_request(100, "Cannot reply to a hidden comment.")
        top = target.get("parent_id") or comment_id  # a reply to a reply joins the top-level thread
        return self.comment_as_owner(state, req, target["media_id"], parent_id=top)

    def reply_to_mention(self, state: dict[str, Any], req: EmuRequest) -> httpx.Response:
        given = params(req)
        key = given.get("comment_id") or given.get("media_id", "")
        if key not in state["mentions"]:
            return bad_request(100, "(#100) The media or comment does not mention this account.")
        if not given.get("message", "").strip():
            return bad_request(100, "(#100) The parameter message is required.")
        comment_id = next_id(state, "1787")
        state["mentions"][key].setdefault("replies", []).append({"id": comment_id, "text": given["message"]})
        return json_response(200, {"id": comment_id})

    # Facebook Login: hashtags ------------------------------------------------------------------

    def hashtag_search(self, state: dict[str, Any], req: EmuRequest, user_id: str) -> httpx.Response:
        name = params(req).get("q", "").lower()
        if not name or not name.replace("_", "").isalnum():
            return bad_request(100, "(#100) Invalid hashtag name.")
        now: datetime = self.now()  # type: ignore[attr-defined]
        searches = state["hashtag_searches"].setdefault(user_id, {})
        live = {k: v for k, v in searches.items() if datetime.fromisoformat(v) > now - timedelta(days=7)}
        if name not in live and len(live) >= int(state["config"].get("hashtag_limit", 30)):
            # The real code is not in the contract; (#18) is our choice.
            return bad_request(18, "(#18) This API call could not be completed due to Hashtag Query Limit.")
        live.setdefault(name, now.isoformat())
        state["hashtag_searches"][user_id] = live
        return json_response(200, {"data": [{"id": f"1784{_seed(name) % 10**13:013d}"}]})

    def hashtag_media(self, req: EmuRequest, hashtag_id: str, edge: str) -> httpx.Response:
        given = params(req)
        count = min(int(given.get("limit") or 25), 50)
        items = []
        for n in range(min(count, 5)):
            media_id = f"1795{_seed(hashtag_id, edge, str(n)) % 10**13:013d}"
            items.append({"id": media_id, "caption": f"Someone else's post #{n} for {hashtag_id}",
                          "media_type": "IMAGE", "media_product_type": "FEED", "timestamp": "2026-09-20T14:03:11+0000",
                          "permalink": f"https://www.instagram.com/p/X{media_id[-9:]}/",
                          "like_count": _seed(media_id) % 900, "comments_count": _seed(media_id) % 40})
        return json_response(200, {"data": [pick(i, given.get("fields", "id")) for i in items]})


def _when(media: dict[str, Any]) -> datetime:
    stamp = media["timestamp"]
    return datetime.fromisoformat(stamp[:-2] + ":" + stamp[-2:])


def _age(media: dict[str, Any], now: datetime) -> timedelta:
    return now - _when(media)


def _unix(value: str | None, default: datetime, now: datetime) -> datetime:
    return datetime.fromtimestamp(int(value), now.tzinfo) if value and value.isdigit() else default


def _insight(media_id: str, metric: str, value: Any, period: str) -> dict[str, Any]:
    return {"name": metric, "period": period, "values": [{"value": value}], "title": metric.replace("_", " ").title(),
            "description": "", "id": f"{media_id}/insights/{metric}/{period}"}
