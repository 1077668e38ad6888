"""X API v2 emulator: OAuth 2.0 + PKCE with rotating single-use refresh tokens, posts with
`additionalProperties: false`, duplicate and unsummoned-reply 403s, optional 402 credits,
x-rate-limit-* headers, the v2 chunked media state machine, recent search and mentions.
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from psn.sandbox import x_shapes, x_text
from psn.sandbox.emulator import Emulator, EmuRequest, json_response

CREATOR = {"id": "2244994945", "username": "sandbox_creator", "name": "Sandbox Creator", "followers": 1234}
POST_FIELDS = {"text", "reply", "quote_tweet_id", "media", "poll", "reply_settings", "for_super_followers_only",
               "nullcast", "made_with_ai", "paid_partnership", "share_with_followers", "community_id", "card_uri",
               "direct_message_deep_link", "geo", "edit_options"}
POST_LIMIT = 100  # per user per 15 minutes
SEED_AUTHORS = [
    ("1111", "dana_dev", "Dana", 5120), ("2222", "lee_builds", "Lee", 880), ("3333", "ana_ships", "Ana", 21000),
]
SEED_TEXTS = [
    ("1111", "Anyone using a headless CMS with a static site generator? Looking for advice"),
    ("2222", "Shipping my first indie SaaS this week, terrified and excited #buildinpublic"),
    ("3333", "Hot take: most content calendars fail because they ignore energy, not time"),
    ("1111", "@sandbox_creator what's your take on posting frequency for creators?"),
    ("2222", "Writing every day for 100 days. Day 12: consistency beats intensity #writing"),
]


def _problem(status: int, title: str, detail: str, kind: str = "about:blank", **extra: Any) -> httpx.Response:
    return json_response(status, {"title": title, "detail": detail, "type": kind, "status": status, **extra})


class XEmulator(Emulator):
    platform = "x"
    hosts = ("api.x.com", "api.twitter.com", "x.com", "twitter.com")

    def routes(self) -> None:
        self.route("GET", r"/i/oauth2/authorize", self.authorize)
        self.route("POST", r"/2/oauth2/token", self.token)
        self.route("POST", r"/2/oauth2/revoke", self.revoke)
        self.route("GET", r"/2/users/me", self.me)
        self.route("POST", r"/2/tweets", self.create)
        self.route("DELETE", r"/2/tweets/(?P<id>\d+)", self.delete)
        self.route("GET", r"/2/tweets", self.lookup)
        self.route("GET", r"/2/tweets/search/recent", self.search)
        self.route("GET", r"/2/users/(?P<id>\d+)/tweets", self.user_tweets)
        self.route("GET", r"/2/users/(?P<id>\d+)/mentions", self.mentions)
        self.route("POST", r"/2/media/upload", self.upload_simple)
        self.route("POST", r"/2/media/upload/initialize", self.media_init)
        self.route("POST", r"/2/media/upload/(?P<id>\d+)/append", self.media_append)
        self.route("POST", r"/2/media/upload/(?P<id>\d+)/finalize", self.media_finalize)
        self.route("GET", r"/2/media/upload", self.media_status)

    # world -------------------------------------------------------------------------------------

    def _seeded(self, state: dict[str, Any]) -> dict[str, Any]:
        if state.get("seeded"):
            return state
        now = self.now()
        state.update(seeded=True, tweets={}, tokens={}, refresh={}, codes={}, media={}, posts_window=[],
                     credits=None, users={a[0]: {"id": a[0], "username": a[1], "name": a[2], "followers": a[3]}
                                          for a in SEED_AUTHORS})
        state["users"][CREATOR["id"]] = dict(CREATOR)
        for minutes, (author, text) in enumerate(SEED_TEXTS, start=1):
            self._store_tweet(state, author, text, now - timedelta(minutes=30 * minutes),
                              likes=5 * minutes, replies=minutes)
        return state

    def _store_tweet(self, state: dict[str, Any], author: str, text: str, at: datetime, reply_to: str | None = None,
                     media_ids: list[str] | None = None, likes: int = 0, replies: int = 0) -> dict[str, Any]:
        tweet_id = str(1960000000000000000 + self.next_id(state, "tweet"))
        parent = state["tweets"].get(reply_to or "")
        conversation = parent["conversation_id"] if parent else tweet_id  # as on X: the id of the thread's root
        tweet = {"id": tweet_id, "text": text, "author_id": author, "created_at": at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                 "conversation_id": conversation, "reply_to": reply_to, "media_ids": media_ids or [],
                 "public_metrics": {"retweet_count": 0, "reply_count": replies, "like_count": likes,
                                    "quote_count": 0, "bookmark_count": 0, "impression_count": 40 * (likes + 1)}}
        state["tweets"][tweet_id] = tweet
        return tweet

    def _user(self, state: dict[str, Any], req: EmuRequest) -> str | None:
        token = state["tokens"].get(req.bearer())
        if not token or datetime.fromisoformat(token["expires_at"]) <= self.now():
            return None
        return str(token["user"])

    def _headers(self, state: dict[str, Any], limit: int = 900, used: int = 0) -> dict[str, str]:
        reset = int((self.now() + timedelta(minutes=15)).timestamp())
        return {"x-rate-limit-limit": str(limit), "x-rate-limit-remaining": str(max(limit - used, 0)),
                "x-rate-limit-reset": str(reset)}

    # rate limits (contracts §1.8) ----------------------------------------------------------------

    def rate_limit_lifts(self, req: EmuRequest, rng: random.Random) -> datetime:
        if req.method == "POST" and req.path == "/2/tweets" and rng.random() < 0.25:
            return self.now() + timedelta(seconds=rng.randint(3600, 86400))  # the 24-hour posting cap
        return self.now() + timedelta(seconds=rng.randint(1, 900))  # a 15-minute window

    def rate_limited(self, req: EmuRequest, lifts: datetime | None = None) -> httpx.Response:
        """X's 429: problem JSON; `x-rate-limit-reset` in epoch seconds and no Retry-After. A limit
        that lasts past the 15-minute window is the 24-hour cap, told by `x-user-limit-24hour-*`."""
        now = self.now()
        lifts = lifts or now + timedelta(minutes=15)
        reset = str(math.ceil(lifts.timestamp()))
        headers = {"x-rate-limit-limit": str(POST_LIMIT), "x-rate-limit-remaining": "0", "x-rate-limit-reset": reset}
        if lifts - now > timedelta(minutes=15):
            window = str(math.ceil((now + timedelta(minutes=15)).timestamp()))
            headers = {"x-rate-limit-limit": str(POST_LIMIT), "x-rate-limit-remaining": str(POST_LIMIT // 2),
                       "x-rate-limit-reset": window, "x-user-limit-24hour-limit": "250",
                       "x-user-limit-24hour-remaining": "0", "x-user-limit-24hour-reset": reset}
        body = {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429}
        return json_response(429, body, headers)

    def error_answer(self, status: int, req: EmuRequest) -> httpx.Response:
        return x_shapes.documented_error(status)

    # oauth -------------------------------------------------------------------------------------

    def authorize(self, req: EmuRequest) -> httpx.Response:
        """Auto-approves: the sandbox's stand-in for the user clicking 'Authorize app'."""
        q = req.query
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return json_response(400, {"error": "invalid_request", "error_description": "PKCE S256 required"})
        code = self.mint("", secrets.token_urlsafe(16))
        with self.world.state("x") as state:
            self._seeded(state)["codes"][code] = {
                "challenge": q["code_challenge"], "redirect_uri": q.get("redirect_uri"),
                "client_id": q.get("client_id"),
                "expires_at": (self.now() + timedelta(seconds=30)).isoformat(), "scope": q.get("scope", "")}
        location = f"{q.get('redirect_uri')}?{urlencode({'state': q.get('state', ''), 'code': code})}"
        return httpx.Response(302, headers={"Location": location})

    def token(self, req: EmuRequest) -> httpx.Response:
        form = req.form()
        with self.world.state("x") as state:
            self._seeded(state)
            if form.get("grant_type") == "authorization_code":
                return self._exchange(state, form)
            if form.get("grant_type") == "refresh_token":
                return self._refresh(state, form)
        return json_response(400, {"error": "unsupported_grant_type"})

    def _exchange(self, state: dict[str, Any], form: dict[str, str]) -> httpx.Response:
        grant = state["codes"].pop(form.get("code", ""), None)
        bad = {"error": "invalid_request", "error_description": "Value passed for the authorization code was invalid."}
        if not grant or datetime.fromisoformat(grant["expires_at"]) < self.now():
            return json_response(400, bad)
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"] or form.get("redirect_uri") != grant["redirect_uri"]:
            return json_response(400, bad)
        return self._issue(state, CREATOR["id"], grant["scope"])

    def _refresh(self, state: dict[str, Any], form: dict[str, str]) -> httpx.Response:
        record = state["refresh"].get(form.get("refresh_token", ""))
        if not record or record["used"]:
            if record:  # replaying a used refresh token revokes the whole family (community reports)
                for token in [t for t, r in state["refresh"].items() if r["family"] == record["family"]]:
                    state["refresh"][token]["used"] = True
            return json_response(400, {"error": "invalid_request",
                                       "error_description": "Value passed for the token was invalid."})
        record["used"] = True
        return self._issue(state, record["user"], record["scope"], family=record["family"])

    def _issue(self, state: dict[str, Any], user: str, scope: str, family: str | None = None) -> httpx.Response:
        access, refresh = self.mint("", secrets.token_urlsafe(24)), self.mint("", secrets.token_urlsafe(24))
        state["tokens"][access] = {"user": user, "expires_at": (self.now() + timedelta(hours=2)).isoformat()}
        state["refresh"][refresh] = {"user": user, "scope": scope, "used": False, "family": family or refresh}
        return json_response(200, {"token_type": "bearer", "expires_in": 7200, "access_token": access,
                                   "scope": scope, "refresh_token": refresh})

    def revoke(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("x") as state:
            self._seeded(state)["tokens"].pop(req.form().get("token", ""), None)
        return json_response(200, {"revoked": True})

    # users and posts ---------------------------------------------------------------------------

    def me(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("x") as state:
            user = self._user(self._seeded(state), req)
            if not user:
                return _problem(401, "Unauthorized", "Unauthorized")
            u = state["users"][user]
            metrics: dict[str, Any] = {"followers_count": u["followers"]}
            if "null_counts" in self.world.shapes("x"):
                metrics.update(following_count=0, post_count=0, listed_count=0, like_count=None, media_count=None)
            return json_response(200, {"data": {"id": u["id"], "username": u["username"], "name": u["name"],
                                                "public_metrics": metrics}}, self._headers(state, 75))

    def create(self, req: EmuRequest) -> httpx.Response:
        body = req.json()
        with self.world.state("x") as state:
            user = self._user(self._seeded(state), req)
            if not user:
                return _problem(401, "Unauthorized", "Unauthorized")
            problem = self._refuse_post(state, user, body if isinstance(body, dict) else None)
            if problem is not None:
                return problem
            if state.get("credits") is not None:
                state["credits"] -= 1
            state["posts_window"].append(self.now().isoformat())
            reply_to = (body.get("reply") or {}).get("in_reply_to_tweet_id")
            tweet = self._store_tweet(state, user, body.get("text", ""), self.now(), reply_to,
                                      (body.get("media") or {}).get("media_ids"))
            used = len(state["posts_window"])
            headers = {**self._headers(state, POST_LIMIT, used),
                       "location": f"{req.external_base}/2/tweets/{tweet['id']}"}
            return json_response(201, {"data": {"id": tweet["id"], "text": tweet["text"],
                                                "edit_history_tweet_ids": [tweet["id"]]}}, headers)

    def _refuse_post(self, state: dict[str, Any], user: str, body: dict[str, Any] | None) -> httpx.Response | None:
        invalid = "https://api.x.com/2/problems/invalid-request"
        if body is None:
            return _problem(400, "Invalid Request", "Request body is not valid JSON.", invalid)
        unknown = set(body) - POST_FIELDS
        if unknown:
            return json_response(400, {"errors": [{"message": f"$.{sorted(unknown)[0]}: is not defined in the schema"}],
                                       "title": "Invalid Request", "type": invalid,
                                       "detail": "One or more parameters to your request was invalid."})
        if not body.get("text") and not body.get("media"):
            return _problem(400, "Invalid Request", "text or media is required.", invalid)
        if x_text.weighted_length(str(body.get("text") or "")) > x_text.LIMIT:
            return _problem(400, "Invalid Request", "Your Tweet text is too long.", invalid)
        window_start = self.now() - timedelta(minutes=15)
        state["posts_window"] = [t for t in state["posts_window"] if datetime.fromisoformat(t) > window_start]
        if len(state["posts_window"]) >= POST_LIMIT:
            body = {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429}
            return json_response(429, body, self._headers(state, POST_LIMIT, POST_LIMIT))
        if state.get("credits") is not None and state["credits"] <= 0:
            return json_response(402, {"title": "Payment Required", "detail": "Your enrolled account does not have "
                                       "any credits to fulfill this request.", "type": "about:blank", "status": 402})
        if "quote_tweet_id" in body:
            return _problem(403, "Forbidden", "Quote posts are not available for your access level.")
        return self._refuse_reply_or_duplicate(state, user, body)

    def _refuse_reply_or_duplicate(
        self, state: dict[str, Any], user: str, body: dict[str, Any]
    ) -> httpx.Response | None:
        reply_to = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        if reply_to:
            parent = state["tweets"].get(reply_to)
            if parent is None:
                return _problem(400, "Invalid Request", f"Could not find tweet with id: [{reply_to}].")
            me = state["users"][user]["username"].lower()
            summoned = parent["author_id"] == user or f"@{me}" in parent["text"].lower()
            if not summoned:
                return _problem(403, "Forbidden", "Reply to this conversation is not allowed because you have not "
                                "been mentioned or otherwise engaged by the author of the post you are replying to.")
        day_ago = self.now() - timedelta(hours=24)
        for tweet in state["tweets"].values():
            if (tweet["author_id"] == user and tweet["text"] == body.get("text")
                    and datetime.fromisoformat(tweet["created_at"].replace("Z", "+00:00")) > day_ago):
                return _problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
        return None

    def delete(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("x") as state:
            user = self._user(self._seeded(state), req)
            tweet = state["tweets"].get(req.params["id"])
            if not user or not tweet or tweet["author_id"] != user:
                return _problem(401 if not user else 403, "Forbidden", "You cannot delete this post.")
            del state["tweets"][req.params["id"]]
            return json_response(200, {"data": {"deleted": True}})

    def lookup(self, req: EmuRequest) -> httpx.Response:
        ids = [i for i in req.query.get("ids", "").split(",") if i]
        with self.world.state("x") as state:
            user = self._user(self._seeded(state), req)
            if not user:
                return _problem(401, "Unauthorized", "Unauthorized")
            found = [self._public(state["tweets"][i], req, user) for i in ids if i in state["tweets"]]
            missing = [{"resource_id": i, "resource_type": "tweet", "title": "Not Found Error", "parameter": "ids",
                        "detail": f"Could not find tweet with id: [{i}].", "value": i,
                        "type": "https://api.x.com/2/problems/resource-not-found"}
                       for i in ids if i not in state["tweets"]]
            body: dict[str, Any] = {"data": found} if found else {}
            if missing:
                body["errors"] = missing
            return json_response(200, body, self._headers(state, 5000))

    def _public(self, tweet: dict[str, Any], req: EmuRequest, user: str) -> dict[str, Any]:
        out = {k: tweet[k] for k in ("id", "text", "author_id", "created_at", "conversation_id", "public_metrics")}
        out["edit_history_tweet_ids"] = [tweet["id"]]
        if "missing_optional" in self.world.shapes("x"):
            for optional in ("created_at", "conversation_id", "public_metrics"):
                out.pop(optional)
        fields = req.query.get("tweet.fields", "") + req.query.get("post.fields", "")
        if "non_public_metrics" in fields and tweet["author_id"] == user:
            views = tweet["public_metrics"]["impression_count"]
            out["non_public_metrics"] = {"impression_count": views, "url_link_clicks": views // 50,
                                         "user_profile_clicks": views // 80, "engagements": views // 10}
        return out

    def _page(self, state: dict[str, Any], tweets: list[dict[str, Any]], req: EmuRequest, user: str) -> httpx.Response:
        limit = int(req.query.get("max_results", "10"))
        tweets = sorted(tweets, key=lambda t: t["id"], reverse=True)[:limit]
        if not tweets:
            return json_response(200, {"meta": {"result_count": 0}}, self._headers(state, 300))
        authors = {t["author_id"] for t in tweets}
        users = [{"id": u["id"], "username": u["username"], "name": u["name"],
                  "public_metrics": {"followers_count": u["followers"]}}
                 for u in state["users"].values() if u["id"] in authors]
        return json_response(200, {"data": [self._public(t, req, user) for t in tweets], "includes": {"users": users},
                                   "meta": {"result_count": len(tweets), "newest_id": tweets[0]["id"],
                                            "oldest_id": tweets[-1]["id"]}}, self._headers(state, 300))

    def search(self, req: EmuRequest) -> httpx.Response:
        query = req.query.get("query", "")
        if not query or len(query) > 512:
            return _problem(400, "Invalid Request", "query must be 1-512 characters.")
        terms = [t.strip('()"').lower() for t in query.replace(" OR ", " ").split() if not t.startswith("-")]
        conversations = {t.split(":", 1)[1] for t in terms if t.startswith("conversation_id:")}
        week_ago = self.now() - timedelta(days=7)
        with self.world.state("x") as state:
            user = self._user(self._seeded(state), req)
            if not user:
                return _problem(401, "Unauthorized", "Unauthorized")
            recent = [t for t in state["tweets"].values()
                      if datetime.fromisoformat(t["created_at"].replace("Z", "+00:00")) > week_ago]
            if conversations:  # `conversation_id:` (contracts §1.5): every post of those threads, the root too
                hits = [t for t in recent if t["conversation_id"] in conversations
                        and (t["reply_to"] or "is:reply" not in terms)]
            else:
                hits = [t for t in recent if t["author_id"] != user and not t["reply_to"]
                        and any(term and term in t["text"].lower() for term in terms)]
            return self._page(state, hits, req, user)

    def user_tweets(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("x") as state:
            user = self._user(self._seeded(state), req)
            if not user:
                return _problem(401, "Unauthorized", "Unauthorized")
            own = [t for t in state["tweets"].values() if t["author_id"] == req.params["id"]]
            return self._page(state, own, req, user)

    def mentions(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("x") as state:
            user = self._user(self._seeded(state), req)
            if not user:
                return _problem(401, "Unauthorized", "Unauthorized")
            handle = "@" + state["users"][req.params["id"]]["username"].lower()
            hits = [t for t in state["tweets"].values() if handle in t["text"].lower() and t["author_id"] != user]
            return self._page(state, hits, req, user)

    # media -------------------------------------------------------------------------------------

    def _new_media(self, state: dict[str, Any], total: int, kind: str, media_state: str) -> dict[str, Any]:
        media_id = str(1880000000000000000 + self.next_id(state, "media"))
        state["media"][media_id] = {"id": media_id, "total": total, "received": {}, "kind": kind, "state": media_state,
                                    "checks": 0}
        return state["media"][media_id]

    def upload_simple(self, req: EmuRequest) -> httpx.Response:
        if b"media_category" not in req.body:
            return _problem(400, "Invalid Request", "media_category is required.")
        with self.world.state("x") as state:
            if not self._user(self._seeded(state), req):
                return _problem(401, "Unauthorized", "Unauthorized")
            media = self._new_media(state, len(req.body), "image", "succeeded")
            data = {"id": media["id"], "media_key": f"3_{media['id']}", "size": len(req.body),
                    "expires_after_secs": 86400}
            return json_response(200, {"data": data})

    def media_init(self, req: EmuRequest) -> httpx.Response:
        body = req.json() or {}
        if not body.get("total_bytes") or not body.get("media_type") or not body.get("media_category"):
            return _problem(400, "Invalid Request", "media_type, total_bytes and media_category are required.")
        with self.world.state("x") as state:
            if not self._user(self._seeded(state), req):
                return _problem(401, "Unauthorized", "Unauthorized")
            media = self._new_media(state, int(body["total_bytes"]), body["media_category"], "uploading")
            return json_response(200, {"data": {"id": media["id"], "media_key": f"7_{media['id']}",
                                                "expires_after_secs": 86400}})

    def media_append(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("x") as state:
            media = self._seeded(state)["media"].get(req.params["id"])
            if not media:
                return _problem(400, "Invalid Request", "Unknown media id.")
            segment = _multipart_field(req, "segment_index")
            media["received"][segment or "0"] = len(req.body)  # counted, never stored
            return json_response(200, {"data": {"expires_at": int((self.now() + timedelta(days=1)).timestamp())}})

    def media_finalize(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("x") as state:
            media = self._seeded(state)["media"].get(req.params["id"])
            if not media:
                return _problem(400, "Invalid Request", "Unknown media id.")
            media["state"] = "pending"
            return json_response(200, {"data": {"id": media["id"], "media_key": f"7_{media['id']}",
                                                "size": media["total"], "expires_after_secs": 86400,
                                                "processing_info": {"state": "pending",
                                                                    "check_after_secs": self._wait_hint()}}})

    def media_status(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("x") as state:
            media = self._seeded(state)["media"].get(req.query.get("media_id", ""))
            if not media or req.query.get("command") != "STATUS":
                return _problem(400, "Invalid Request", "Unknown media id.")
            media["checks"] += 1
            slow = "slow_media" in self.world.shapes("x")
            media["state"] = "in_progress" if slow or media["checks"] < 2 else "succeeded"
            info = {"state": media["state"], "check_after_secs": self._wait_hint(),
                    "progress_percent": min(50 * media["checks"], 99 if slow else 100)}
            return json_response(200, {"data": {"id": media["id"], "processing_info": info}})

    def _wait_hint(self) -> int:
        return x_shapes.wait_hint(self.world.shapes("x"))

    # test hooks --------------------------------------------------------------------------------

    def set_credits(self, credits: int | None) -> None:
        with self.world.state("x") as state:
            self._seeded(state)["credits"] = credits

    def seed_reply(self, in_reply_to: str, author: str, text: str, mention_parent: bool = True) -> dict[str, Any]:
        """Someone replies under a post. X puts the parent author's @handle in front of a reply's
        text unless the replier removes it (`mention_parent=False`)."""
        with self.world.state("x") as state:
            parent = self._seeded(state)["tweets"][in_reply_to]
            handle = state["users"][parent["author_id"]]["username"]
            body = f"@{handle} {text}" if mention_parent else text
            return dict(self._store_tweet(state, author, body, self.now(), reply_to=in_reply_to))

    def posts_by_creator(self) -> list[dict[str, Any]]:
        state = self.world.read("x")
        return [t for t in state.get("tweets", {}).values() if t["author_id"] == CREATOR["id"]]


def _multipart_field(req: EmuRequest, name: str) -> str | None:
    marker = f'name="{name}"'.encode()
    at = req.body.find(marker)
    if at < 0:
        return None
    start = req.body.find(b"\r\n\r\n", at) + 4
    return req.body[start : req.body.find(b"\r\n", start)].decode()


EMULATORS = (XEmulator,)  # found by psn/sandbox/catalog.py
