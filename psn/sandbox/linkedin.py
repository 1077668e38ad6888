"""LinkedIn emulator (contracts §2, §8): OAuth on www.linkedin.com (auto-approving authorize,
60-day tokens, refresh tokens only for apps marked as partners), /v2/userinfo, and the
versioned /rest APIs, which require `LinkedIn-Version` (400 when missing, 426
NONEXISTENT_VERSION below a configurable floor) and `X-Restli-Protocol-Version: 2.0.0`.

Posts answer 201 with an empty body and the URN in `x-restli-id`; identical posts get 422
DUPLICATE_POST; the daily member limit answers 429 with no headers at all; commentary is parsed
as little text (and truncated where LinkedIn would truncate it). Hooks for tests are the public
methods at the end.
"""

from __future__ import annotations

import base64
import json
import random
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from psn.sandbox.emulator import Emulator, EmuRequest, empty_response, json_response
from psn.sandbox.linkedin_media import LinkedInMediaMixin, error
from psn.sandbox.linkedin_posts import LinkedInPostsMixin

VERSION_FLOOR = "202511"
TOKEN_SECONDS = 60 * 86400
REFRESH_SECONDS = 365 * 86400
CODE_MS = 30 * 60 * 1000
OPEN_SCOPES = frozenset({"openid", "profile", "email", "w_member_social"})
MEMBER = {"sub": "Sbx0Creator", "name": "Sandbox Creator", "given_name": "Sandbox", "family_name": "Creator",
          "email": "creator@example.com", "email_verified": True, "locale": {"country": "US", "language": "en"}}
RestHandler = Callable[[EmuRequest, dict[str, Any], dict[str, Any]], httpx.Response]


class LinkedInEmulator(LinkedInPostsMixin, LinkedInMediaMixin, Emulator):
    platform = "linkedin"
    hosts = ("api.linkedin.com", "www.linkedin.com")

    def routes(self) -> None:
        self.route("GET", "/oauth/v2/authorization", self.authorize)
        self.route("POST", "/oauth/v2/accessToken", self.token)
        self.route("POST", "/oauth/v2/revoke", self.revoke)
        self.route("GET", "/v2/userinfo", self.userinfo)
        self.route("PUT", r"/dms-uploads/(?P<asset>[0-9a-f]+)(?:/part/(?P<part>\d+))?", self.upload)
        self.route("POST", "/rest/posts", self.rest(self.create_post))
        self.route("DELETE", "/rest/posts/(?P<urn>[^/]+)", self.rest(self.delete_post))
        self.route("POST", "/rest/(?P<kind>images|documents|videos)", self.rest(self.media_action))
        self.route("GET", "/rest/(?P<kind>images|documents|videos)/(?P<urn>[^/]+)", self.rest(self.media_get))
        self.route("POST", "/rest/socialActions/(?P<urn>[^/]+)/comments", self.rest(self.create_comment))
        self.route("GET", "/rest/memberCreatorPostAnalytics", self.rest(self.analytics))

    def now_ms(self) -> int:
        return int(self.now().timestamp() * 1000)

    # rate limits (contracts §2.9) -----------------------------------------------------------------

    def rate_limit_lifts(self, req: EmuRequest, rng: random.Random) -> datetime:
        """LinkedIn's limits are daily windows that reset at midnight UTC."""
        tomorrow = (self.now().astimezone(UTC) + timedelta(days=1)).date()
        return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=UTC)

    def rate_limited(self, req: EmuRequest, lifts: datetime | None = None) -> httpx.Response:
        """429 with no rate-limit headers and no Retry-After at all: the client must know the window."""
        return json_response(429, {"status": 429, "message": "Resource level throttle limit for calls to this "
                                                             "resource is reached."})

    # the /rest gate: version, protocol, token ----------------------------------------------------

    def rest(self, handler: RestHandler) -> Callable[[EmuRequest], httpx.Response]:
        def gated(req: EmuRequest) -> httpx.Response:
            version = req.headers.get("linkedin-version", "").strip()
            if not version:
                return error(400, "A version must be present. Please specify a version by adding the "
                                  "LinkedIn-Version header.", "VERSION_MISSING")
            with self.world.state("linkedin") as s:
                floor = s.get("settings", {}).get("version_floor", VERSION_FLOOR)
                if not (len(version) == 6 and version.isdigit() and version >= floor):
                    return error(426, f"Requested version {version} is not active", "NONEXISTENT_VERSION")
                if req.headers.get("x-restli-protocol-version") != "2.0.0":
                    return error(400, "X-Restli-Protocol-Version 2.0.0 is required for this resource",
                                 "ILLEGAL_ARGUMENT")
                who = self.member_for(req, s)
                if isinstance(who, httpx.Response):
                    return who
                return handler(req, s, who)

        return gated

    def member_for(self, req: EmuRequest, s: dict[str, Any]) -> dict[str, Any] | httpx.Response:
        """The token's member and scopes, or LinkedIn's 401."""
        info = s.get("tokens", {}).get(req.bearer())
        if info is None or info.get("revoked"):
            return error(401, "Invalid access token", "INVALID_ACCESS_TOKEN", 65600)
        if self.now_ms() >= info["expires_ms"]:
            return error(401, "The token used in the request has expired", "EXPIRED_ACCESS_TOKEN", 65601)
        return {"urn": f"urn:li:person:{info['sub']}", "sub": info["sub"], "scopes": info["scopes"],
                "client_id": info["client_id"]}

    def userinfo(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("linkedin") as s:
            who = self.member_for(req, s)
        if isinstance(who, httpx.Response):
            return who
        if not {"openid", "profile"} <= set(who["scopes"]):
            return error(403, "Not enough permissions to access: GET /userinfo", "ACCESS_DENIED", 100)
        body = {k: v for k, v in MEMBER.items() if k not in ("email", "email_verified") or "email" in who["scopes"]}
        return json_response(200, {**body, "sub": who["sub"]})

    # OAuth ---------------------------------------------------------------------------------------

    def authorize(self, req: EmuRequest) -> httpx.Response:
        q = req.query
        missing = [k for k in ("response_type", "client_id", "redirect_uri", "scope") if not q.get(k)]
        if missing or q.get("response_type") != "code":
            invalid = ", ".join(missing) or "response_type"
            return _oauth_error(400, "invalid_request", f"missing or invalid: {invalid}")
        requested = set(q["scope"].replace(",", " ").split())
        with self.world.state("linkedin") as s:
            approved = OPEN_SCOPES | set(s.get("apps", {}).get(q["client_id"], {}).get("approved", []))
            refused = sorted(requested - approved)
            if refused:
                params = {"error": "unauthorized_scope_error", "state": q.get("state", ""),
                          "error_description": f'Scope "{refused[0]}" is not authorized for your application'}
            else:
                code = self.mint("AQ", secrets.token_urlsafe(24))
                s.setdefault("codes", {})[code] = {"client_id": q["client_id"], "redirect_uri": q["redirect_uri"],
                                                   "scopes": sorted(requested), "expires_ms": self.now_ms() + CODE_MS}
                params = {"code": code, "state": q.get("state", "")}
        separator = "&" if "?" in q["redirect_uri"] else "?"
        return httpx.Response(302, headers={"Location": q["redirect_uri"] + separator + urlencode(params)})

    def token(self, req: EmuRequest) -> httpx.Response:
        form = req.form()
        with self.world.state("linkedin") as s:
            refused = self._client_auth(form, s)
            if refused:
                return refused
            if form.get("grant_type") == "authorization_code":
                return self._code_grant(form, s)
            if form.get("grant_type") == "refresh_token":
                return self._refresh_grant(form, s)
        return _oauth_error(400, "invalid_request", "grant_type must be authorization_code or refresh_token")

    def _client_auth(self, form: dict[str, str], s: dict[str, Any]) -> httpx.Response | None:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if not client_id or not secret:
            return _oauth_error(401, "invalid_client", "Client authentication failed")
        app = s.setdefault("apps", {}).setdefault(client_id, {})
        app.setdefault("secret", secret)  # the sandbox registers an app on its first use
        if not secrets.compare_digest(app["secret"], secret):
            return _oauth_error(401, "invalid_client", "Client authentication failed")
        return None

    def _code_grant(self, form: dict[str, str], s: dict[str, Any]) -> httpx.Response:
        grant = s.get("codes", {}).pop(form.get("code", ""), None)
        if (grant is None or grant["client_id"] != form["client_id"]
                or grant["redirect_uri"] != form.get("redirect_uri") or self.now_ms() > grant["expires_ms"]):
            return _oauth_error(400, "invalid_request", "Unable to retrieve access token: appid/redirect uri/code "
                                "verifier does not match authorization code. Or authorization code expired.")
        return json_response(200, self._issue(s, form["client_id"], MEMBER["sub"], grant["scopes"]))

    def _refresh_grant(self, form: dict[str, str], s: dict[str, Any]) -> httpx.Response:
        grant = s.get("refresh", {}).get(form.get("refresh_token", ""))
        if grant is None or grant["client_id"] != form["client_id"] or self.now_ms() >= grant["expires_ms"]:
            return _oauth_error(400, "invalid_request", "The provided refresh token is invalid or expired")
        body = self._issue(s, form["client_id"], grant["sub"], grant["scopes"], refresh=False)
        body.update(refresh_token=form["refresh_token"],
                    refresh_token_expires_in=(grant["expires_ms"] - self.now_ms()) // 1000)
        return json_response(200, body)

    def _issue(self, s: dict[str, Any], client_id: str, sub: str, scopes: list[str], refresh: bool = True
               ) -> dict[str, Any]:
        token = self.mint("AQ", secrets.token_urlsafe(48))
        s.setdefault("tokens", {})[token] = {"client_id": client_id, "sub": sub, "scopes": scopes,
                                             "expires_ms": self.now_ms() + TOKEN_SECONDS * 1000}
        body: dict[str, Any] = {"access_token": token, "expires_in": TOKEN_SECONDS, "token_type": "Bearer",
                                "scope": ",".join(sorted(scopes))}
        if "openid" in scopes:
            body["id_token"] = _fake_id_token(sub, client_id, self.now())
        if refresh and s.get("apps", {}).get(client_id, {}).get("partner"):
            refresh_token = self.mint("AQ", secrets.token_urlsafe(48))
            s.setdefault("refresh", {})[refresh_token] = {"client_id": client_id, "sub": sub, "scopes": scopes,
                                                          "expires_ms": self.now_ms() + REFRESH_SECONDS * 1000}
            body.update(refresh_token=refresh_token, refresh_token_expires_in=REFRESH_SECONDS)
        return body

    def revoke(self, req: EmuRequest) -> httpx.Response:
        form = req.form()
        with self.world.state("linkedin") as s:
            refused = self._client_auth(form, s)
            if refused:
                return refused
            info = s.get("tokens", {}).get(form.get("token", ""))
            if info is not None:
                info["revoked"] = True
        return empty_response(200)

    # hooks for tests and the demo ----------------------------------------------------------------

    def set_version_floor(self, version: str) -> None:
        with self.world.state("linkedin") as s:
            s.setdefault("settings", {})["version_floor"] = version

    def make_partner(self, client_id: str) -> None:
        """This app gets refresh tokens (LinkedIn's programmatic refresh, for approved partners)."""
        with self.world.state("linkedin") as s:
            s.setdefault("apps", {}).setdefault(client_id, {})["partner"] = True

    def approve_scope(self, client_id: str, scope: str) -> None:
        """Grant a restricted scope such as r_member_postAnalytics to this app."""
        with self.world.state("linkedin") as s:
            app = s.setdefault("apps", {}).setdefault(client_id, {})
            app["approved"] = sorted({*app.get("approved", []), scope})

    def issue_token(self, scopes: tuple[str, ...] = tuple(sorted(OPEN_SCOPES)), client_id: str = "sandbox-app"
                    ) -> dict[str, Any]:
        """A token as the OAuth flow would give it, for tests that start connected."""
        with self.world.state("linkedin") as s:
            s.setdefault("apps", {}).setdefault(client_id, {}).setdefault("secret", "sandbox-secret")
            return self._issue(s, client_id, MEMBER["sub"], list(scopes))

    def set_daily_post_limit(self, limit: int) -> None:
        with self.world.state("linkedin") as s:
            s.setdefault("settings", {})["daily_post_limit"] = limit

    def fail_next_video(self, reason: str = "Video could not be transcoded") -> None:
        with self.world.state("linkedin") as s:
            s.setdefault("settings", {})["fail_next_video"] = reason


def _oauth_error(status: int, code: str, description: str) -> httpx.Response:
    return json_response(status, {"error": code, "error_description": description})


def _fake_id_token(sub: str, client_id: str, now: datetime) -> str:
    """An unsigned JWT shape: psn never reads it, but LinkedIn sends one with `openid`."""
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    issued = int(now.astimezone(UTC).timestamp())
    claims = {"iss": "https://www.linkedin.com/oauth", "aud": client_id, "sub": sub, "iat": issued,
              "exp": issued + 3600}
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.sandbox"


EMULATORS = (LinkedInEmulator,)  # found by psn/sandbox/catalog.py
