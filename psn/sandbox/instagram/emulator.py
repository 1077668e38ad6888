"""Routing, authentication and test hooks of the Instagram emulator.

Every Graph call needs a token the emulator issued for this login path (`IGAA…` on
graph.instagram.com, `EAA…` on graph.facebook.com); anything else is Meta's 190 "Cannot parse
access token". Tokens travel as `access_token` (query, form or JSON) or `Authorization: Bearer`;
rupload takes `Authorization: OAuth`. Paths accept `me`, the professional `user_id` and the
app-scoped `id` as the account node (contract A0).
"""

from __future__ import annotations

import json
import math
import random
from datetime import datetime, timedelta
from typing import Any

import httpx

from psn.sandbox.emulator import Emulator, EmuRequest, json_response
from psn.sandbox.instagram.common import (
    ACCOUNT,
    FACEBOOK_USER,
    STATE,
    check_token,
    config,
    fresh_state,
    graph_error,
    params,
    token_of,
    unsupported,
)
from psn.sandbox.instagram.oauth import OAuthRoutes
from psn.sandbox.instagram.publishing import PublishingRoutes
from psn.sandbox.instagram.reading import ReadingRoutes
from psn.sandbox.signing import META_HEADER, meta_signature

V = r"/v\d+\.\d+"


class InstagramEmulator(OAuthRoutes, PublishingRoutes, ReadingRoutes, Emulator):
    platform = "instagram"
    hosts = ("graph.instagram.com", "api.instagram.com", "www.instagram.com", "rupload.facebook.com")

    def error_answer(self, status: int, request: EmuRequest) -> httpx.Response:
        from psn.sandbox.meta_graph import documented_graph_error  # Instagram speaks Graph's envelope (A3.1)

        return documented_graph_error(status)
    login = "instagram"

    def routes(self) -> None:
        self.route("GET", r"/oauth/authorize", self.authorize)
        self.route("POST", r"/oauth/access_token", self.code_exchange)
        self.route("GET", r"/access_token", self.ig_exchange)
        self.route("GET", r"/refresh_access_token", self.ig_refresh)
        self.route("POST", rf"/ig-api-upload{V}/(?P<container>\d+)", self.rupload_route)
        self.graph_routes()

    def graph_routes(self) -> None:
        for method in ("GET", "POST", "DELETE"):
            self.route(method, rf"{V}/(?P<node>[^/]+)(?:/(?P<edge>[^/]+))?", self.graph)

    # the Graph gateway -------------------------------------------------------------------------

    def graph(self, req: EmuRequest) -> httpx.Response:
        with self.world.state(STATE) as state:
            fresh_state(state)
            throttled = int(config(state, "throttled_minutes") or 0)
            if throttled:
                usage = self._usage_header(state, 100, throttled)
                return graph_error(400, 4, "Application request limit reached", headers=usage)
            _, error = check_token(state, token_of(req), self.login, self.now())
            response = error or self.dispatch(req, state, req.params["node"], req.params.get("edge"))
            percent = config(state, "buc_usage_percent")
            if percent is not None:
                response.headers.update(self._usage_header(state, int(percent), 0))
        return response

    # rate limits (contracts A3.2, A4) --------------------------------------------------------------

    def rate_limit_lifts(self, req: EmuRequest, rng: random.Random) -> datetime:
        return self.now() + timedelta(minutes=rng.randint(1, 10))

    def rate_limited(self, req: EmuRequest, lifts: datetime | None = None) -> httpx.Response:
        """HTTP 400 with code 80002 (the Instagram business-use-case throttle) and
        X-Business-Use-Case-Usage, whose estimated_time_to_regain_access is in minutes; the code
        exchange on api.instagram.com answers code 4 in its own flat error shape."""
        minutes = math.ceil(self.seconds_until(lifts, 600) / 60)
        if req.external_base.endswith("api.instagram.com"):  # the code exchange has its own flat shape (A1.2)
            return json_response(400, {"error_type": "OAuthException", "code": 4,
                                       "error_message": "Application request limit reached"})
        return graph_error(400, 80002, "(#80002) There have been too many calls to this Instagram account. "
                                       "Wait a bit and try again.",
                           headers=self._usage_header({"account": ACCOUNT}, 100, minutes))

    def _usage_header(self, state: dict[str, Any], percent: int, minutes: int) -> dict[str, str]:
        entry = {"type": "instagram", "call_count": percent, "total_cputime": max(percent - 10, 0),
                 "total_time": max(percent - 5, 0), "estimated_time_to_regain_access": minutes}
        return {"X-Business-Use-Case-Usage": json.dumps({state["account"]["user_id"]: [entry]})}

    def node_kind(self, state: dict[str, Any], node: str) -> str | None:
        account = state["account"]
        if node in ("me", account["user_id"], account["id"]):
            return "user"
        for kind, table in (("container", "containers"), ("media", "media"), ("comment", "comments")):
            if node in state[table]:
                return kind
        return "hashtag" if self.login == "facebook" and node.startswith("1784") else None

    def dispatch(self, req: EmuRequest, state: dict[str, Any], node: str, edge: str | None) -> httpx.Response:
        kind = self.node_kind(state, node)
        handler = getattr(self, f"on_{kind}", None) if kind else None
        if handler is None:
            return unsupported(node, req.method.lower())
        return handler(req, state, node, edge)

    def on_user(self, req: EmuRequest, state: dict[str, Any], node: str, edge: str | None) -> httpx.Response:
        user_id, method = state["account"]["user_id"], req.method
        routes = {
            (None, "GET"): lambda: self.account_fields(state, req, via_me=node == "me"),
            ("media", "GET"): lambda: self.list_media(state, req, user_id, stories=False),
            ("stories", "GET"): lambda: self.list_media(state, req, user_id, stories=True),
            ("media", "POST"): lambda: self.create_container(req, state, user_id),
            ("media_publish", "POST"): lambda: self.publish(req, state, user_id),
            ("content_publishing_limit", "GET"): lambda: self.publishing_limit(req, state),
            ("insights", "GET"): lambda: self.account_insights(state, req),
            ("mentions", "POST"): lambda: self.reply_to_mention(state, req),
            ("subscribed_apps", "GET"): lambda: self.subscriptions(state, node, req),
            ("subscribed_apps", "POST"): lambda: self.subscriptions(state, node, req),
        }
        action = routes.get((edge, method))
        return action() if action else unsupported(f"{node}/{edge}" if edge else node, method.lower())

    def on_container(self, req: EmuRequest, state: dict[str, Any], node: str, edge: str | None) -> httpx.Response:
        if edge or req.method != "GET":
            return unsupported(node, req.method.lower())
        return self.container_status(state, node)

    def on_media(self, req: EmuRequest, state: dict[str, Any], node: str, edge: str | None) -> httpx.Response:
        routes = {
            (None, "GET"): lambda: self.media_object(state, req, node),
            ("insights", "GET"): lambda: self.media_insights(state, req, node),
            ("comments", "GET"): lambda: self.list_comments(state, req, node),
            ("comments", "POST"): lambda: self.comment_as_owner(state, req, node),
        }
        action = routes.get((edge, req.method))
        return action() if action else unsupported(node, req.method.lower())

    def on_comment(self, req: EmuRequest, state: dict[str, Any], node: str, edge: str | None) -> httpx.Response:
        comment = state["comments"][node]
        routes = {
            (None, "GET"): lambda: json_response(200, comment),
            ("replies", "GET"): lambda: self.list_replies(state, req, node),
            ("replies", "POST"): lambda: self.reply(state, req, node),
            (None, "DELETE"): lambda: self._delete_comment(state, node),
        }
        action = routes.get((edge, req.method))
        return action() if action else unsupported(node, req.method.lower())

    def _delete_comment(self, state: dict[str, Any], node: str) -> httpx.Response:
        comment = state["comments"].pop(node)
        state["media"][comment["media_id"]]["comments_count"] -= 1
        return json_response(200, {"success": True})

    def subscriptions(self, state: dict[str, Any], node: str, req: EmuRequest) -> httpx.Response:
        if req.method == "POST":
            if node == "me":  # observed: POST /me/subscribed_apps is refused; the numeric id works (A8)
                return graph_error(400, 100, "Unsupported request - method type: post", kind="IGApiException")
            fields = [f for f in params(req).get("subscribed_fields", "").split(",") if f]
            state["subscriptions"][state["account"]["user_id"]] = fields
            return json_response(200, {"success": True})
        fields = state["subscriptions"].get(state["account"]["user_id"])
        return json_response(200, {"data": [{"id": "990602627938098", "subscribed_fields": fields}] if fields else []})

    def rupload_route(self, req: EmuRequest) -> httpx.Response:
        with self.world.state(STATE) as state:
            fresh_state(state)
            token = token_of(req, scheme="oauth")
            login = "facebook" if token.startswith("EAA") else "instagram"  # rupload serves both paths (C-5)
            record, _ = check_token(state, token, login, self.now())
            return self.rupload(req, state, req.params["container"], record is not None)

    # hooks for tests and the demo --------------------------------------------------------------

    def configure(self, **options: Any) -> None:
        """Flip a behaviour switch (see common.DEFAULTS), e.g. quota_total=0 or code_response_shape="data"."""
        with self.world.state(STATE) as state:
            fresh_state(state)["config"].update(options)

    def register_media_file(self, url: str, **facts: Any) -> None:
        """What Meta's fetcher finds at `url`: format, width, height, bytes (images); duration (videos)."""
        with self.world.state(STATE) as state:
            fresh_state(state)["media_files"][url] = facts

    def seed_metrics(self, media_id: str, **values: Any) -> None:
        with self.world.state(STATE) as state:
            fresh_state(state)["metrics"][media_id] = values

    def published(self) -> list[dict[str, Any]]:
        """Every post on the emulated profile (stories included), oldest first."""
        with self.world.state(STATE) as state:
            return sorted(fresh_state(state)["media"].values(), key=lambda m: (m["timestamp"], m["id"]))

    def containers(self) -> dict[str, dict[str, Any]]:
        with self.world.state(STATE) as state:
            return dict(fresh_state(state)["containers"])

    def fan_comment(self, media_id: str, text: str, username: str = "fan1", parent_id: str | None = None) -> str:
        """A follower comments; the delivery Meta would POST is queued when subscribed (see `deliveries`)."""
        with self.world.state(STATE) as state:
            fresh_state(state)
            comment = self.add_comment(state, media_id, text, username, "2105722729836161", parent_id)
            value = {"id": comment["id"], "text": text, "parent_id": parent_id,
                     "from": {"id": "2105722729836161", "username": username, "self_ig_scoped_id": "2105722729836161"},
                     "media": {"id": media_id, "media_product_type": state["media"][media_id]["media_product_type"]}}
            self._queue(state, "comments", {k: v for k, v in value.items() if v is not None})
            return comment["id"]

    def mention(self, media_id: str, comment_id: str | None = None) -> None:
        """Someone @mentions the creator in a caption (or a comment) on their own media."""
        with self.world.state(STATE) as state:
            fresh_state(state)["mentions"][comment_id or media_id] = {"media_id": media_id, "comment_id": comment_id}
            self._queue(state, "mentions", {"media_id": media_id, **({"comment_id": comment_id} if comment_id else {})})

    def _queue(self, state: dict[str, Any], field: str, value: dict[str, Any]) -> None:
        """Meta delivers a field only once the account subscribed psn's app to it (contract A8, step 2)."""
        if field not in (state["subscriptions"].get(state["account"]["user_id"]) or []):
            return
        entry = {"id": state["account"]["user_id"], "time": int(self.now().timestamp()),
                 "changes": [{"field": field, "value": value}]}
        state["deliveries"].append({"object": "instagram", "entry": [entry]})

    def deliveries(self, app_secret: str) -> list[tuple[dict[str, str], bytes]]:
        """The queued webhook POSTs as Meta sends them: (headers, raw body), signed with `app_secret`."""
        with self.world.state(STATE) as state:
            queued, state["deliveries"] = list(fresh_state(state)["deliveries"]), []
        out = []
        for payload in queued:
            body = json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode()
            out.append(({"Content-Type": "application/json", META_HEADER: meta_signature(app_secret, body)}, body))
        return out

    @staticmethod
    def verification_query(verify_token: str, challenge: str = "1158201444") -> dict[str, str]:
        """The GET Meta sends when a callback URL is saved."""
        return {"hub.mode": "subscribe", "hub.challenge": challenge, "hub.verify_token": verify_token}


class InstagramFacebookEmulator(InstagramEmulator):
    """The Facebook-Login path: graph.facebook.com and the www.facebook.com dialog, same world.

    Not registered by default (graph.facebook.com belongs to the Facebook emulator); tests mount it
    with `SandboxTransport(world, {"graph.facebook.com": …, "www.facebook.com": …})`.
    """

    hosts = ("graph.facebook.com", "www.facebook.com")
    login = "facebook"

    def routes(self) -> None:
        self.route("GET", rf"{V}/dialog/oauth", self.authorize)
        self.route("GET", rf"{V}/oauth/access_token", self.facebook_token)
        self.route("GET", rf"{V}/me/accounts", self.graph_fixed("pages"))
        self.route("DELETE", rf"{V}/me/permissions", self.graph_fixed("revoke"))
        self.route("GET", rf"{V}/ig_hashtag_search", self.graph_fixed("hashtag_search"))
        self.graph_routes()

    def graph_fixed(self, what: str):  # type: ignore[no-untyped-def]
        def handler(req: EmuRequest) -> httpx.Response:
            req.params = {"node": f"@{what}", "edge": None}
            return self.graph(req)

        return handler

    def dispatch(self, req: EmuRequest, state: dict[str, Any], node: str, edge: str | None) -> httpx.Response:
        if node == "@pages":
            return self.facebook_pages(state)
        if node == "@revoke":
            return json_response(200, {"success": True})
        if node == "@hashtag_search":
            return self.hashtag_search(state, req, state["account"]["user_id"])
        if node == "me" and edge is None:
            return json_response(200, FACEBOOK_USER)
        return super().dispatch(req, state, node, edge)

    def on_hashtag(self, req: EmuRequest, state: dict[str, Any], node: str, edge: str | None) -> httpx.Response:
        if edge in ("top_media", "recent_media"):
            return self.hashtag_media(req, node, edge)
        return json_response(200, {"id": node, "name": f"tag{node[-4:]}"})

    def on_user(self, req: EmuRequest, state: dict[str, Any], node: str, edge: str | None) -> httpx.Response:
        if edge == "recently_searched_hashtags":
            searched = state["hashtag_searches"].get(state["account"]["user_id"], {})
            return json_response(200, {"data": [{"name": name} for name in searched]})
        return super().on_user(req, state, node, edge)
